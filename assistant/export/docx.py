"""The official layout as a .docx document: one Word table per goal table, A4, an optional appendix."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from assistant.export.layout import (
    APPENDIX_HEADER, COLUMN_WIDTHS, GRID_HEADER, TITLE, UNIT_NOTE, AppendixRow, budget_cells, header_rows,
    level2_spans, merge_spans,
)
from assistant.models import GoalTable

_FONT = "宋体"


def docx_bytes(tables: list[GoalTable], appendix: list[AppendixRow] | None = None, appendix_title: str = "说明与引用") -> bytes:
    doc = Document()
    _page_setup(doc)
    _base_font(doc)
    for n, t in enumerate(tables):
        if n:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _write_table(doc, t)
    if appendix is not None:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _write_appendix(doc, appendix, appendix_title)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _page_setup(doc: Document) -> None:
    s = doc.sections[0]
    s.orientation = WD_ORIENT.PORTRAIT
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.left_margin = s.right_margin = Mm(18)
    s.top_margin = s.bottom_margin = Mm(20)


def _base_font(doc: Document) -> None:
    style = doc.styles["Normal"]
    style.font.name = _FONT
    style.font.size = Pt(10.5)
    # Word picks the East Asian font from w:eastAsia; without it CJK text falls back to a default.
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _FONT)


def _para(doc: Document, text: str, *, size: float = 10.5, bold: bool = False, align: int = WD_ALIGN_PARAGRAPH.LEFT) -> None:
    p = doc.add_paragraph()
    p.alignment = align
    run = p.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def _set(cell, text: str, *, bold: bool = False, center: bool = False) -> None:  # type: ignore[no-untyped-def]
    cell.text = ""
    lines = (text or "").split("\n")
    p = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            p = cell.add_paragraph()
        run = p.add_run(line)
        run.bold = bold
        run.font.size = Pt(10)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _write_table(doc: Document, t: GoalTable) -> None:
    _para(doc, TITLE, size=16, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if t.year:
        _para(doc, f"（{t.year}年度）", align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, UNIT_NOTE, align=WD_ALIGN_PARAGRAPH.RIGHT)
    top, bottom = header_rows(t)
    ncol = len(GRID_HEADER)
    nrows = len(top) + 1 + len(bottom) + 1 + len(t.indicators)
    table = doc.add_table(rows=nrows, cols=ncol)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(COLUMN_WIDTHS)
    for i, w in enumerate(COLUMN_WIDTHS):
        for cell in table.columns[i].cells:
            cell.width = Mm(174 * w / total)

    r = 0
    for label, value in top:
        _label_value(table, r, label, value)
        r += 1
    for c, v in enumerate(budget_cells(t)):
        _set(table.cell(r, c), v, bold=c == 0, center=True)
    r += 1
    for label, value in bottom:
        _label_value(table, r, label, value)
        r += 1
    for c, h in enumerate(GRID_HEADER):
        _set(table.cell(r, c), h, bold=True, center=True)
    first = r + 1
    for i, ind in enumerate(t.indicators):
        vals = [ind.level1, ind.level2, ind.level3, ind.description, ind.value, ind.basis]
        for c, v in enumerate(vals):
            # Merged 一级/二级 cells carry their text once, in the top cell.
            if c < 2:
                continue
            _set(table.cell(first + i, c), v or "", center=c == 4)
    for col, spans in ((0, merge_spans([ind.level1 for ind in t.indicators])), (1, level2_spans(t))):
        for a, b in spans:
            text = (t.indicators[a].level1 if col == 0 else t.indicators[a].level2) or ""
            top_cell = table.cell(first + a, col)
            if b > a:
                top_cell = top_cell.merge(table.cell(first + b, col))
            _set(top_cell, text, center=True)


def _label_value(table, r: int, label: str, value: str) -> None:  # type: ignore[no-untyped-def]
    _set(table.cell(r, 0), label, bold=True, center=True)
    merged = table.cell(r, 1).merge(table.cell(r, len(GRID_HEADER) - 1))
    _set(merged, value)


def _write_appendix(doc: Document, rows: list[AppendixRow], title: str) -> None:
    _para(doc, title, size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    table = doc.add_table(rows=len(rows) + 1, cols=len(APPENDIX_HEADER))
    table.style = "Table Grid"
    for c, h in enumerate(APPENDIX_HEADER):
        _set(table.cell(0, c), h, bold=True, center=True)
    for n, a in enumerate(rows, 1):
        vals = ["" if a.row < 0 else str(a.row + 1), a.level3, a.rationale, a.citations, a.problems, a.fixes]
        for c, v in enumerate(vals):
            _set(table.cell(n, c), v)
