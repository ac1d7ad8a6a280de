"""Ingestion entry points: a file, bytes (web uploads) or many paths -> goal tables plus a report.

`ingest_file`, `ingest_bytes` and `ingest_paths` return an `IngestResult` (tables, per-file reports).
Unreadable input raises `IngestError` with a Chinese + English message; a readable file without a goal
table yields no tables and says so in its report (`ingest_bytes` raises, because an upload with nothing
in it is a user error). Table ids are `<file stem>-tNN`, stable across re-ingesting the same file;
structured .jsonl tables keep their own ids and fields.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.models import GoalTable

if TYPE_CHECKING:
    from assistant.settings import IngestLimits

MAX_BYTES = 50 * 1024 * 1024  # beyond this we refuse rather than risk memory and time


class IngestError(ValueError):
    """Input that cannot be read; the message is one line, Chinese then English."""


@dataclass
class FileReport:
    file: str
    tables: int = 0
    rows: int = 0
    marked: list[tuple[str, int, str, str]] = field(default_factory=list)  # (table_id, row, raw, reason)
    messages: list[str] = field(default_factory=list)
    reader: str = ""


@dataclass
class IngestResult:
    tables: list[GoalTable] = field(default_factory=list)
    reports: list[FileReport] = field(default_factory=list)

    def extend(self, other: IngestResult) -> None:
        self.tables.extend(other.tables)
        self.reports.extend(other.reports)


def _stem(name: str) -> str:
    return Path(name).stem or "upload"


def ingest_bytes(name: str, data: bytes, limits: IngestLimits | None = None) -> IngestResult:
    """Read one document given as bytes; raises IngestError when it is unreadable, holds no table or
    is over a limit (`limits`, default: the settings' defaults)."""
    res = _ingest(name, data, limits)
    if not res.tables:
        msgs = [m for m in (res.reports[0].messages if res.reports else []) if not m.startswith("没有找到绩效目标表")]
        why = f"（{'；'.join(msgs)[:200]}）" if msgs else "（需要含“一级指标/二级指标/三级指标”的表头）"
        raise IngestError(f"“{Path(name).name}”中没有找到绩效目标表{why} / no goal table found")
    return res


PASTE_NAME = "粘贴内容.txt"  # pasted text is read as a .txt file: the content decides the reader


def ingest_paste(text: str | bytes, limits: IngestLimits | None = None) -> IngestResult:
    """Read pasted text (the UI's paste box, `zhibiao lint -`) exactly as an uploaded .txt file."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return ingest_bytes(PASTE_NAME, data, limits)


def ingest_file(path: str | Path, limits: IngestLimits | None = None) -> IngestResult:
    p = Path(path)
    if not p.exists():
        raise IngestError(f"找不到文件 {p} / no such file")
    if p.is_dir():
        return ingest_paths([p], limits=limits)
    if p.stat().st_size > MAX_BYTES:
        raise IngestError(f"文件过大（{p.stat().st_size / 1048576:.1f} MB，上限 {MAX_BYTES // 1048576} MB）/ file too large")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise IngestError(f"无法读取文件 {p}：{exc.strerror} / cannot read file") from exc
    return _ingest(p.name, data, limits)


def _ingest(name: str, data: bytes, limits: IngestLimits | None = None) -> IngestResult:
    from corpus.mapping import map_rows
    from corpus.readers import ReaderError, read
    from corpus.readers.limits import get_limits, over

    lim = get_limits(limits)

    fname = Path(name).name
    if not data or not data.strip():
        raise IngestError(f"“{fname}”是空文件 / empty file")
    if len(data) > MAX_BYTES:
        raise IngestError(f"“{fname}”过大，上限 {MAX_BYTES // 1048576} MB / file too large")
    # Parsing allocates many small objects and frees none; the cyclic collector only costs time here.
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        try:
            reader, rows = read(fname, data, lim)
        except ReaderError as exc:
            raise IngestError(f"“{fname}”无法读取：{exc}") from exc
        except MemoryError as exc:
            raise IngestError(f"“{fname}”读取时内存不足，文件过大或结构异常 / out of memory reading the file") from exc
        except RecursionError as exc:
            raise IngestError(f"“{fname}”结构嵌套过深，无法读取 / nested too deeply to read") from exc
        except Exception as exc:  # a reader bug must not reach the user as a traceback
            raise IngestError(f"“{fname}”无法读取（{type(exc).__name__}）/ unreadable input") from exc
        report = FileReport(file=fname, reader=reader)
        if reader == "jsonl":
            tables = _records(rows, fname, report)
        else:
            mapped = map_rows(rows, fname, _stem(fname))
            tables = mapped.tables
            report.marked = [(m.table_id, m.row, m.raw, m.reason) for m in mapped.marked]
            report.messages.extend(mapped.messages)
    finally:
        if gc_was_on:
            gc.enable()
    if len(tables) > lim.max_tables:
        raise IngestError(f"“{fname}”：{over('目标表数', 'goal tables', lim.max_tables, ' 张', 'max_tables')}")
    n_rows = sum(len(t.indicators) for t in tables)
    if n_rows > lim.max_indicator_rows:
        raise IngestError(f"“{fname}”：{over(f'指标行数（{n_rows:,} 行）', 'indicator rows', lim.max_indicator_rows, ' 行', 'max_indicator_rows')}")
    if not tables:
        report.messages.append("没有找到绩效目标表（需要含“一级指标/二级指标/三级指标”的表头）/ no goal table found")
    report.tables = len(tables)
    report.rows = sum(len(t.indicators) for t in tables)
    return IngestResult(tables=tables, reports=[report])


def _records(rows: list[Any], fname: str, report: FileReport) -> list[GoalTable]:
    out: list[GoalTable] = []
    for r in rows:
        rec = r.extra.get("record", {})
        try:
            t = GoalTable.model_validate(rec)
        except ValueError as exc:
            report.messages.append(f"第{r.line_start}行不是有效的目标表记录，已跳过 / line {r.line_start} skipped: {str(exc)[:120]}")
            continue
        if t.provenance is None:
            from assistant.models import Provenance

            t.provenance = Provenance(source_file=fname, table_index=len(out) + 1, line_start=r.line_start, line_end=r.line_end)
        for j, ind in enumerate(t.indicators):
            if ind.uncertain:
                report.marked.append((t.id, j, ind.raw or "", "来源记录已标注 / marked in source"))
        out.append(t)
    return out


def _walk(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files.extend(
                f for f in sorted(p.rglob("*"))
                if f.is_file() and not f.name.startswith(".") and f.name.lower() not in ("readme.md", "readme.txt")
            )
        else:
            files.append(p)
    return files


def ingest_paths(paths: Iterable[Path], progress: bool = False, limits: IngestLimits | None = None) -> IngestResult:
    """Ingest files and folders (walked); a bad file is reported and skipped, the rest still load."""
    files = _walk(paths)
    result = IngestResult()
    it: Iterable[Path] = files
    if progress and len(files) > 1:
        from tqdm import tqdm

        it = tqdm(files, desc="导入", unit="个文件", file=sys.stderr)
    seen: set[str] = set()
    for f in it:
        try:
            r = ingest_file(f, limits)
        except IngestError as exc:
            result.reports.append(FileReport(file=f.name, messages=[str(exc)]))
            continue
        for t in r.tables:
            make_unique(t, seen)
        result.extend(r)
    return result


def make_unique(t: GoalTable, seen: set[str]) -> None:
    """Two files with the same stem (in two folders, or a shipped one and an upload): keep both tables,
    give the later one a unique id (`x~2`), and remember the id."""
    if t.id in seen:
        base, k = t.id, 2
        while f"{base}~{k}" in seen:
            k += 1
        t.id = f"{base}~{k}"
    seen.add(t.id)
