"""Readers: pure functions from bytes to raw rows, chosen from a registry by extension and by sniffing.

A reader never interprets cells: it only says which cells sit on which row and on which source lines.
`RawRow.kind` tells the mapping step how the row was written: `text` (a line of prose), `md` (a markdown
pipe row), `cells` (a Word export with one cell per line), `tabs` (tab-separated cells on one line),
`grid` (a real .docx/.xlsx/.csv table row) and `break` (the end of a real table).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath


@dataclass
class RawRow:
    cells: list[str]
    line_start: int
    line_end: int
    kind: str = "text"
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c.strip())


class ReaderError(ValueError):
    """The bytes cannot be read by the chosen reader; the message is for users (Chinese + English)."""


Reader = Callable[[bytes], list[RawRow]]

READERS: dict[str, Reader] = {}
_BY_EXT: dict[str, str] = {}


def register(name: str, *exts: str) -> Callable[[Reader], Reader]:
    def deco(fn: Reader) -> Reader:
        READERS[name] = fn
        for e in exts:
            _BY_EXT[e] = name
        return fn

    return deco


_TEXT_EXTS = {"", ".txt", ".md", ".markdown", ".text"}


def sniff_text(data: bytes) -> str:
    """Which text reader fits content: structured goal tables (jsonl), csv, or the mixed text reader."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{") and b'"indicators"' in data[:200_000]:
        return "jsonl"
    first = head.split(b"\n", 1)[0]
    if b"\t" not in head and first.count(b",") >= 3 and b"\xe4\xb8\x80\xe7\xba\xa7\xe6\x8c\x87\xe6\xa0\x87" in data[:200_000]:
        # 一级指标 in a comma-separated header: a csv export saved as .txt
        return "csv"
    return "text"


def choose_reader(name: str, data: bytes) -> str:
    ext = PurePath(name).suffix.lower()
    if ext in _TEXT_EXTS:
        return sniff_text(data)
    if ext in _BY_EXT:
        return _BY_EXT[ext]
    # Unknown extension: content decides (zip -> docx/xlsx by its members, else text).
    if data[:2] == b"PK":
        return "xlsx" if b"xl/" in data[:100_000] else "docx"
    return sniff_text(data)


def read(name: str, data: bytes) -> tuple[str, list[RawRow]]:
    _load_all()
    reader = choose_reader(name, data)
    return reader, READERS[reader](data)


def decode_text(data: bytes) -> str:
    """Decode text bytes (UTF-8, UTF-16 with BOM, GB18030); binary junk raises ReaderError."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    sample = data[:65536]
    if b"\x00" in sample:
        raise ReaderError("文件不是文本（含有二进制内容）/ not a text file (binary content)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise ReaderError("无法识别文件编码（不是UTF-8或GBK文本）/ unknown text encoding") from exc
    # Control characters other than tab/newline/form feed mean this is not a document.
    ctrl = len(re.findall(r"[\x00-\x08\x0e-\x1f\x7f]", text[:65536]))
    if ctrl > max(8, len(text[:65536]) // 50):
        raise ReaderError("文件不是文本（含有大量控制字符）/ not a text file (control characters)")
    return text


def _load_all() -> None:
    # Importing the modules fills the registry; they are light (docx/openpyxl load inside the reader).
    from corpus.readers import docx, jsonl, tabular, text, xlsx  # noqa: F401
