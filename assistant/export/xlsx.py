"""The official layout as an .xlsx workbook: one sheet per table, an optional appendix sheet."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from assistant.export.layout import (
    APPENDIX_HEADER, COLUMN_WIDTHS, GRID_HEADER, TITLE, UNIT_NOTE, AppendixRow, SheetName, budget_cells,
    header_rows, level2_spans, merge_spans,
)
from assistant.models import GoalTable

_FONT = "宋体"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
_HEAD_FILL = PatternFill("solid", fgColor="F2F2F2")


def xlsx_bytes(tables: list[GoalTable], appendix: list[AppendixRow] | None = None, appendix_title: str = "说明与引用") -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    names = SheetName(set())
    for t in tables:
        _write_table(wb.create_sheet(names.make(t.project_name or t.id)), t)
    if appendix is not None:
        _write_appendix(wb.create_sheet(names.make(appendix_title)), appendix)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _cell(ws: Worksheet, row: int, col: int, value: str, *, bold: bool = False, align: Alignment = _WRAP) -> None:
    c = ws.cell(row=row, column=col, value=value)
    c.font = Font(name=_FONT, size=10.5, bold=bold)
    c.alignment = align
    c.border = _BORDER


def _line_height(text: str, width_chars: float) -> float:
    lines = sum(max(1, -(-len(part) // max(int(width_chars), 1))) for part in (text or "").split("\n"))
    return max(20.0, 15.0 * lines)


def _write_table(ws: Worksheet, t: GoalTable) -> None:
    ncol = len(GRID_HEADER)
    for i, w in enumerate(COLUMN_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = w * 1.6
    wide = sum(COLUMN_WIDTHS[1:]) * 1.6 / 1.9

    ws.cell(row=1, column=1, value=TITLE).font = Font(name=_FONT, size=16, bold=True)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
    ws.row_dimensions[1].height = 30
    r = 2
    if t.year:
        ws.cell(row=r, column=1, value=f"（{t.year}年度）").alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncol)
        r += 1
    ws.cell(row=r, column=1, value=UNIT_NOTE).alignment = Alignment(horizontal="right")
    ws.cell(row=r, column=1).font = Font(name=_FONT, size=10.5)
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncol)
    r += 1

    top, bottom = header_rows(t)
    for label, value in top:
        _label_value(ws, r, label, value, ncol, wide)
        r += 1
    for col, v in enumerate(budget_cells(t), 1):
        _cell(ws, r, col, v, bold=col in (1,), align=_CENTER)
    r += 1
    for label, value in bottom:
        _label_value(ws, r, label, value, ncol, wide)
        r += 1

    for col, h in enumerate(GRID_HEADER, 1):
        _cell(ws, r, col, h, bold=True, align=_CENTER)
        ws.cell(row=r, column=col).fill = _HEAD_FILL
    ws.print_title_rows = f"{r}:{r}"
    first = r + 1
    for i, ind in enumerate(t.indicators):
        vals = [ind.level1, ind.level2, ind.level3, ind.description, ind.value, ind.basis]
        for col, v in enumerate(vals, 1):
            _cell(ws, first + i, col, v or "", align=_CENTER if col in (1, 2, 5) else _WRAP)
        ws.row_dimensions[first + i].height = max(
            _line_height(ind.level3 or "", COLUMN_WIDTHS[2] * 1.6 / 1.9),
            _line_height(ind.description or "", COLUMN_WIDTHS[3] * 1.6 / 1.9),
            _line_height(ind.basis or "", COLUMN_WIDTHS[5] * 1.6 / 1.9),
        )
    for a, b in merge_spans([ind.level1 for ind in t.indicators]):
        if b > a:
            ws.merge_cells(start_row=first + a, start_column=1, end_row=first + b, end_column=1)
    for a, b in level2_spans(t):
        if b > a:
            ws.merge_cells(start_row=first + a, start_column=2, end_row=first + b, end_column=2)

    ps = ws.page_setup
    ps.paperSize = ws.PAPERSIZE_A4
    ps.orientation = "portrait"
    ps.fitToWidth, ps.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True


def _label_value(ws: Worksheet, r: int, label: str, value: str, ncol: int, wide: float) -> None:
    _cell(ws, r, 1, label, bold=True, align=_CENTER)
    _cell(ws, r, 2, value)
    for col in range(3, ncol + 1):
        _cell(ws, r, col, "")
    ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=ncol)
    ws.row_dimensions[r].height = _line_height(value, wide)


def _write_appendix(ws: Worksheet, rows: list[AppendixRow]) -> None:
    widths = (6, 22, 40, 40, 36, 30)
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    for col, h in enumerate(APPENDIX_HEADER, 1):
        _cell(ws, 1, col, h, bold=True, align=_CENTER)
        ws.cell(row=1, column=col).fill = _HEAD_FILL
    for n, a in enumerate(rows, 2):
        vals = ["" if a.row < 0 else str(a.row + 1), a.level3, a.rationale, a.citations, a.problems, a.fixes]
        for col, v in enumerate(vals, 1):
            _cell(ws, n, col, v)
        ws.row_dimensions[n].height = max(_line_height(v, 36) for v in vals)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
