"""The official layout as an .xlsx workbook: one sheet per table, an optional appendix sheet."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from assistant.export.layout import (
    AppendixRow,
    Layout,
    SheetName,
    appendix_cells,
    appendix_header,
    appendix_widths,
    table_layout,
)
from assistant.models import GoalTable

FONT = "宋体"
_SIZE = 10.5
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_LEFT = Alignment(wrap_text=True, vertical="center", horizontal="left")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
_HEAD_FILL = PatternFill("solid", fgColor="F2F2F2")
# Excel column width units are roughly one Latin character; a CJK character takes about two.
_CJK = 2.0
_CENTERED_GRID_COLUMNS = (0, 1, 4)  # 一级, 二级, 指标值


def xlsx_bytes(
    tables: list[GoalTable], appendix: list[AppendixRow] | None = None, appendix_title: str = "说明与引用",
    *, number_goals: bool = False,
) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    names = SheetName()
    for t in tables:
        _write_table(wb.create_sheet(names.make(t.project_name or t.id)), table_layout(t, number_goals=number_goals))
    if appendix is not None:
        _write_appendix(wb.create_sheet(names.make(appendix_title)), appendix)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _put(ws: Worksheet, row: int, col: int, value: str, *, bold: bool = False, align: Alignment = _LEFT,
         border: bool = True, size: float = _SIZE) -> None:
    c = ws.cell(row=row, column=col, value=value if value != "" else None)
    if value.startswith("="):
        # "=100%" is a published 指标值, not a formula; keep it text in Excel and LibreOffice alike.
        c.data_type = "s"
        c.quotePrefix = True
    c.font = Font(name=FONT, size=size, bold=bold)
    c.alignment = align
    if border:
        c.border = _BORDER


def _lines(text: str, width_chars: float) -> int:
    """Wrapped line count of `text` in a column `width_chars` Excel units wide (CJK counted double)."""
    per_line = max(int(width_chars / _CJK), 1)
    return sum(max(1, -(-len(part) // per_line)) for part in (text or "").split("\n"))


def _height(n_lines: int) -> float:
    # LibreOffice and Excel do not grow rows for wrapped text in merged cells, so heights are set here.
    return max(20.0, 14.5 * n_lines + 5)


def _write_table(ws: Worksheet, lay: Layout) -> None:
    ncol = len(lay.columns)
    widths = [w * _CJK for w in lay.widths]
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    for r, row in enumerate(lay.rows, 1):
        if row.kind == "title":
            _put(ws, r, 1, row.cells[0], bold=True, size=16, border=False,
                 align=Alignment(horizontal="center", vertical="center"))
            ws.row_dimensions[r].height = 32
        elif row.kind == "year":
            _put(ws, r, 1, row.cells[0], border=False, align=Alignment(horizontal="center", vertical="center"))
        elif row.kind == "unit":
            _put(ws, r, 1, row.cells[0], border=False, align=Alignment(horizontal="right", vertical="center"))
        else:
            for c, text in enumerate(row.cells):
                label = row.kind == "grid_header" or (row.kind in ("field", "plan_labels") and c == 0) or (
                    row.kind == "budget" and c in (0, 2, 4))
                centered = label or row.kind in ("budget", "plan_labels", "plan_values") or (
                    row.kind == "indicator" and c in _CENTERED_GRID_COLUMNS)
                _put(ws, r, c + 1, text, bold=label, align=_CENTER if centered else _LEFT)
                if row.kind == "grid_header" or (row.kind != "indicator" and row.kind != "budget" and c == 0):
                    ws.cell(row=r, column=c + 1).fill = _HEAD_FILL
            if row.kind in ("plan_labels", "plan_values"):
                # The label reads as one cell over both plan rows without being merged (see layout).
                open_side = {"bottom": Side()} if row.kind == "plan_labels" else {"top": Side()}
                ws.cell(row=r, column=1).border = Border(**{"left": _THIN, "right": _THIN, "top": _THIN,
                                                            "bottom": _THIN, **open_side})
            if row.kind == "field":
                ws.row_dimensions[r].height = _height(_lines(row.cells[1], sum(widths[1:])))
            elif row.kind == "indicator":
                ws.row_dimensions[r].height = _height(max(_lines(t, widths[c]) for c, t in enumerate(row.cells)))
            if row.kind == "grid_header":
                ws.print_title_rows = f"{r}:{r}"  # the grid header repeats on every printed page
        if row.merge_across and row.merge_across[1] > row.merge_across[0]:
            a, b = row.merge_across
            ws.merge_cells(start_row=r, start_column=a + 1, end_row=r, end_column=b + 1)
    for col, a, b in lay.vertical:
        ws.merge_cells(start_row=a + 1, start_column=col + 1, end_row=b + 1, end_column=col + 1)
        # A merged cell as tall as its text needs: spread missing height over the rows it covers.
        need = _height(_lines(lay.rows[a].cells[col], widths[col]))
        have = sum(ws.row_dimensions[r].height or 20.0 for r in range(a + 1, b + 2))
        if need > have:
            extra = (need - have) / (b - a + 1)
            for r in range(a + 1, b + 2):
                ws.row_dimensions[r].height = (ws.row_dimensions[r].height or 20.0) + extra
    _a4(ws, portrait=ncol <= 6)  # any extra column turns the page, as in the docx


def _a4(ws: Worksheet, *, portrait: bool) -> None:
    ps = ws.page_setup
    ps.paperSize = ws.PAPERSIZE_A4
    ps.orientation = "portrait" if portrait else "landscape"
    ps.fitToWidth, ps.fitToHeight = 1, 0  # one page wide, as many pages tall as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True


def _write_appendix(ws: Worksheet, rows: list[AppendixRow]) -> None:
    header = appendix_header(rows)
    widths = appendix_widths(rows)
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w * _CJK
    for c, h in enumerate(header, 1):
        _put(ws, 1, c, h, bold=True, align=_CENTER)
        ws.cell(row=1, column=c).fill = _HEAD_FILL
    ws.print_title_rows = "1:1"
    for r, cells in enumerate(appendix_cells(rows), 2):
        for c, text in enumerate(cells, 1):
            _put(ws, r, c, text)
        ws.row_dimensions[r].height = _height(max(_lines(t, widths[c] * _CJK) for c, t in enumerate(cells)))
    _a4(ws, portrait=False)
