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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.settings import IngestLimits


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


# `reader(data, limits)`: limits (settings `limits`) may be None for the defaults.
Reader = Callable[..., list[RawRow]]

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
    """Which text reader fits content: structured goal tables (jsonl), csv, a rectangular tab block
    (Excel/Word clipboard, `clipboard`), or the mixed text reader."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{") and b'"indicators"' in data[:200_000]:
        return "jsonl"
    if b"\t" in data[:200_000] or b"\t\x00" in data[:200_000]:
        from corpus.readers.clipboard import tab_grid

        try:
            text = decode_text(data)
        except ReaderError:
            return "text"  # the text reader reports the encoding problem
        # The first 200,000 characters decide (whole lines), so sniffing a large file stays cheap.
        head_text = text if len(text) <= 200_000 else text[: text.rfind("\n", 0, 200_000) + 1 or 200_000]
        if tab_grid(head_text) is not None:
            return "clipboard"
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


def read(name: str, data: bytes, limits: IngestLimits | None = None) -> tuple[str, list[RawRow]]:
    _load_all()
    reader = choose_reader(name, data)
    return reader, READERS[reader](data, limits)


def _utf16_without_bom(sample: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when zero bytes sit on one side of most byte pairs (ASCII and CJK text
    saved as UTF-16 without a byte-order mark), else None."""
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sample[0: pairs * 2: 2].count(0)
    odd = sample[1: pairs * 2: 2].count(0)
    if odd > pairs * 0.3 and even < pairs * 0.05:
        return "utf-16-le"
    if even > pairs * 0.3 and odd < pairs * 0.05:
        return "utf-16-be"
    return None


def detect_encoding(data: bytes) -> str:
    """The encoding `decode_text` reads `data` in: utf-8, utf-16 (BOM), utf-16-le/-be (no BOM), gb18030.

    Raises ReaderError naming what was found when it is none of them (binary, a mix of UTF-8 and GBK).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:65536]
    if b"\x00" in sample:
        enc = _utf16_without_bom(sample)
        if enc is not None:
            return enc
        raise ReaderError("文件不是文本（含有二进制内容，也不是无BOM的UTF-16）/ not a text file (binary content, not UTF-16)")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    if bad_at > 0 and any(b >= 0x80 for b in data[:bad_at]):
        # Valid UTF-8 Chinese up to a point, then bytes that are not: two encodings in one file.
        try:
            data[bad_at:].decode("gb18030")
            other = "GBK"
        except UnicodeDecodeError:
            other = "其他"
        raise ReaderError(f"文件混用了UTF-8和{other}编码（第 {bad_at:,} 个字节起不是UTF-8），请统一另存为UTF-8后再上传"
                          f" / mixed encodings: UTF-8, then {'GBK' if other == 'GBK' else 'something else'}")
    try:
        data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ReaderError("无法识别文件编码（既不是UTF-8，也不是GBK/GB18030）/ unknown text encoding (not UTF-8, GBK or GB18030)") from exc
    return "gb18030"


def decode_text(data: bytes) -> str:
    """Decode text bytes (UTF-8, UTF-16 with or without BOM, GBK/GB18030); junk raises ReaderError."""
    enc = detect_encoding(data)
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        label = {"utf-16": "UTF-16", "utf-16-le": "UTF-16LE（无BOM）", "utf-16-be": "UTF-16BE（无BOM）"}.get(enc, enc)
        raise ReaderError(f"文件看起来是{label}编码，但其中有无法解码的字节 / looks like {enc} but does not decode") from exc
    # Control characters other than tab/newline/form feed mean this is not a document.
    ctrl = len(re.findall(r"[\x00-\x08\x0e-\x1f\x7f]", text[:65536]))
    if ctrl > max(8, len(text[:65536]) // 50):
        raise ReaderError("文件不是文本（含有大量控制字符）/ not a text file (control characters)")
    return text


def _load_all() -> None:
    # Importing the modules fills the registry; they are light (docx/openpyxl load inside the reader).
    from corpus.readers import clipboard, docx, jsonl, tabular, text, xlsx  # noqa: F401
