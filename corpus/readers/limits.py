"""Limits checked while an input is read: the zip of an Office file, and counters for what streams out.

A file past a limit raises `LimitError` (a `ReaderError`) whose message names the limit, so a zip bomb
or a sheet with a cell at XFD1048576 ends in a second with a sentence, not in gigabytes of memory.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from corpus.readers import ReaderError

if TYPE_CHECKING:
    from assistant.settings import IngestLimits

_RATIO_FLOOR = 10 * 1024 * 1024  # small parts may compress well (a styled empty sheet); big ones may not


class LimitError(ReaderError):
    """The input is larger than a configured limit (settings `limits`)."""


def get_limits(limits: IngestLimits | None) -> IngestLimits:
    if limits is not None:
        return limits
    from assistant.settings import IngestLimits

    return IngestLimits()


def over(zh: str, en: str, limit: int, unit_zh: str = "", setting: str = "") -> LimitError:
    """`zh`/`en` say what was too many; the message names the limit and the setting that holds it."""
    where = f"（设置 ZHIBIAO_LIMITS__{setting.upper()}）" if setting else ""
    return LimitError(f"{zh}超过上限 {limit:,}{unit_zh}{where} / {en} over the limit of {limit:,}")


def open_zip(data: bytes, limits: IngestLimits, what_zh: str, what_en: str) -> zipfile.ZipFile:
    """The archive, after its declared sizes passed the limits (no part has been inflated yet).

    zipfile stops inflating a part at its declared size, so the central directory's numbers bound
    what reading can allocate even when they lie.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise ReaderError(f"无法打开{what_zh}文件（文件损坏或格式不符）/ not a readable {what_en} file") from exc
    if len(infos) > 10_000:
        raise over(f"{what_zh}文件的组成部分", f"{what_en} parts", 10_000, "个")
    total = sum(i.file_size for i in infos)
    cap = limits.max_uncompressed_mb * 1024 * 1024
    if total > cap:
        raise over(f"{what_zh}文件解压后的大小（{total / 1048576:,.0f} MB）", f"{what_en} uncompressed size",
                   limits.max_uncompressed_mb, " MB", "max_uncompressed_mb")
    for i in infos:
        if i.file_size > _RATIO_FLOOR and i.file_size > limits.max_compression_ratio * max(i.compress_size, 1):
            raise over(f"{what_zh}文件的压缩比（{i.file_size // max(i.compress_size, 1):,} 倍，疑似压缩炸弹）",
                       f"{what_en} compression ratio (a zip bomb?)", limits.max_compression_ratio, " 倍",
                       "max_compression_ratio")
    return zf


class Counter:
    """Counts what a reader has read so far; `add` raises as soon as a count passes its limit."""

    def __init__(self, limits: IngestLimits) -> None:
        self.limits = limits
        self.rows = 0
        self.cells = 0

    def row(self, cells: int = 0) -> None:
        self.rows += 1
        if self.rows > self.limits.max_rows_read:
            raise over("表格行数", "table rows read", self.limits.max_rows_read, " 行", "max_rows_read")
        self.add_cells(cells)

    def add_cells(self, n: int) -> None:
        self.cells += n
        if self.cells > self.limits.max_cells:
            raise over("单元格数", "cells read", self.limits.max_cells, " 个", "max_cells")

    def column(self, col: int) -> None:
        if col > self.limits.max_columns:
            raise over(f"列数（{col:,} 列）", "columns", self.limits.max_columns, " 列", "max_columns")
