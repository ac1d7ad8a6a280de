"""Export goal tables in the official layout (.xlsx, .docx) and as CSV / JSON Lines.

`to_bytes(tables, fmt)` feeds the app's download buttons; `export(tables, fmt, path)` writes a file
atomically (temp file, then rename), so an interrupted export never replaces a good file with half of one.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Literal

from assistant.export.layout import AppendixRow, appendix_from_findings, appendix_from_suggestion
from assistant.fileio import atomic_write_bytes
from assistant.models import GoalTable

Format = Literal["xlsx", "docx", "csv", "jsonl"]
FORMATS: tuple[str, ...] = ("xlsx", "docx", "csv", "jsonl")
CSV_HEADER = ("表编号", "项目名称", "一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A cell a spreadsheet will show as text: one starting with = + - @ (or tab, CR) gets a leading
    quote, as OWASP advises against CSV injection (=HYPERLINK(...), =cmd|' /C calc'!A0)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_bytes(tables: list[GoalTable]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_HEADER)
    for t in tables:
        for i in t.indicators:
            w.writerow([csv_cell(c) for c in (t.id, t.project_name or "", i.level1 or "", i.level2 or "", i.level3 or "",
                                              i.description or "", i.value or "", i.basis or "")])
    # A BOM so that Excel on Windows opens the Chinese text correctly.
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def jsonl_bytes(tables: list[GoalTable]) -> bytes:
    return "".join(t.to_json() + "\n" for t in tables).encode("utf-8")


def to_bytes(
    tables: list[GoalTable], fmt: Format, *, appendix: list[AppendixRow] | None = None, appendix_title: str = "说明与引用",
    number_goals: bool = False,
) -> bytes:
    """The file's bytes, for the app's download buttons; CSV and JSON Lines carry no appendix.

    `number_goals` prints goals as 1、2、... in .xlsx/.docx (for goals typed without numbers); off by
    default so that published goals keep their own numbering and read back unchanged.
    """
    if not tables and fmt in ("xlsx", "docx"):
        raise ValueError("没有可导出的目标表 / nothing to export")
    if fmt == "xlsx":
        from assistant.export.xlsx import xlsx_bytes

        return xlsx_bytes(tables, appendix, appendix_title, number_goals=number_goals)
    if fmt == "docx":
        from assistant.export.docx import docx_bytes

        return docx_bytes(tables, appendix, appendix_title, number_goals=number_goals)
    if fmt == "csv":
        return csv_bytes(tables)
    if fmt == "jsonl":
        return jsonl_bytes(tables)
    raise ValueError(f"不支持的导出格式“{fmt}”，可选：{'、'.join(FORMATS)} / unsupported format {fmt!r}")


def export(
    tables: list[GoalTable], fmt: Format, path: str | Path, *, appendix: list[AppendixRow] | None = None,
    appendix_title: str = "说明与引用", number_goals: bool = False,
) -> Path:
    """Write `tables` to `path` in `fmt`; the whole file is built in memory first, then renamed into place."""
    data = to_bytes(tables, fmt, appendix=appendix, appendix_title=appendix_title, number_goals=number_goals)
    atomic_write_bytes(path, data)
    return Path(path)


def write_xlsx(tables: list[GoalTable], path: str | Path, *, appendix: list[AppendixRow] | None = None,
               appendix_title: str = "说明与引用", number_goals: bool = False) -> Path:
    return export(tables, "xlsx", path, appendix=appendix, appendix_title=appendix_title, number_goals=number_goals)


def write_docx(tables: list[GoalTable], path: str | Path, *, appendix: list[AppendixRow] | None = None,
               appendix_title: str = "说明与引用", number_goals: bool = False) -> Path:
    return export(tables, "docx", path, appendix=appendix, appendix_title=appendix_title, number_goals=number_goals)


def write_csv(tables: list[GoalTable], path: str | Path, **_: object) -> Path:
    return export(tables, "csv", path)


def write_jsonl(tables: list[GoalTable], path: str | Path, **_: object) -> Path:
    return export(tables, "jsonl", path)


def format_for(path: str | Path) -> Format | None:
    """The export format a file name asks for (`.xlsx` -> "xlsx"), or None."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None  # type: ignore[return-value]


__all__ = [
    "FORMATS", "AppendixRow", "Format", "appendix_from_findings", "appendix_from_suggestion", "csv_bytes", "export",
    "format_for", "jsonl_bytes", "to_bytes", "write_csv", "write_docx", "write_jsonl", "write_xlsx",
]
