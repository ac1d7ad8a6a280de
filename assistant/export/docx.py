"""The official layout as a .docx document: one Word table per goal table on A4, an optional appendix.

Title, year and 单位：万元 are the first rows of each Word table (borderless, so they print like a
heading) so that a reader of the table alone gets every fact back, as from an .xlsx sheet.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION_START
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from assistant.export.layout import (
    AppendixRow,
    Layout,
    appendix_cells,
    appendix_header,
    appendix_widths,
    table_layout,
)
from assistant.models import GoalTable

FONT = "宋体"
LATIN_FONT = "Times New Roman"
_PAGE_W, _PAGE_H, _MARGIN_LR, _MARGIN_TB = 210, 297, 18, 20
_PORTRAIT_COLUMNS = 6  # the official grid; any extra column turns the page
_CENTERED_GRID_COLUMNS = (0, 1, 4)
_BORDER_ORDER = ("top", "left", "bottom", "right", "insideH", "insideV")
_AFTER_BORDERS = ("w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
                  "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange")


def docx_bytes(
    tables: list[GoalTable], appendix: list[AppendixRow] | None = None, appendix_title: str = "说明与引用",
    *, number_goals: bool = False,
) -> bytes:
    doc = Document()
    _fonts(doc)
    started = False
    for t in tables:
        lay = table_layout(t, number_goals=number_goals)
        # Each table starts a new A4 section: portrait for the six official columns, landscape when
        # extra columns (前年/上年, 优/良/中/差 ...) would squeeze the grid.
        width = _new_page(doc, landscape=len(lay.columns) > _PORTRAIT_COLUMNS, first=not started)
        _write_table(doc, lay, width)
        started = True
    if appendix is not None:
        width = _new_page(doc, landscape=False, first=not started)
        _write_appendix(doc, appendix, appendix_title, width)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _new_page(doc: Any, *, landscape: bool, first: bool) -> float:
    """Start an A4 section (the first one exists already); returns the text width in mm."""
    s = doc.sections[0] if first else doc.add_section(WD_SECTION_START.NEW_PAGE)
    s.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    w, h = (_PAGE_H, _PAGE_W) if landscape else (_PAGE_W, _PAGE_H)
    s.page_width, s.page_height = Mm(w), Mm(h)
    s.left_margin = s.right_margin = Mm(_MARGIN_LR)
    s.top_margin = s.bottom_margin = Mm(_MARGIN_TB)
    return w - 2 * _MARGIN_LR


def _fonts(doc: Any) -> None:
    """宋体 for Chinese, Times New Roman for Latin and digits, set where Word and LibreOffice both look."""
    style = doc.styles["Normal"]
    style.font.name = LATIN_FONT
    style.font.size = Pt(10)
    style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    # Without w:eastAsia Chinese text falls back to the theme's East Asian font, which may be missing.
    rfonts.set(qn("w:eastAsia"), FONT)
    rfonts.set(qn("w:hint"), "eastAsia")
    # Theme font attributes outrank explicit names, so the template's defaults would win otherwise.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for rf in defaults.iter(qn("w:rFonts")):
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                rf.attrib.pop(qn(attr), None)
            rf.set(qn("w:ascii"), LATIN_FONT)
            rf.set(qn("w:hAnsi"), LATIN_FONT)
            rf.set(qn("w:eastAsia"), FONT)


def _set(cell: Any, text: str, *, bold: bool = False, align: Any = WD_ALIGN_PARAGRAPH.LEFT,
         size: float | None = None) -> None:
    """Cell text with one paragraph per line, so a reader's cell.text gives the same lines back.

    Spacing and the 10 pt size come from the Normal style; python-docx is slow per XML element, and a
    seed document has hundreds of cells.
    """
    paragraphs = cell.paragraphs
    p = paragraphs[0]
    for extra in paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    for r in p.runs:
        r._element.getparent().remove(r._element)
    for i, line in enumerate((text or "").split("\n")):
        if i:
            p = cell.add_paragraph()
        if align != WD_ALIGN_PARAGRAPH.LEFT:
            p.alignment = align
        if line:
            run = p.add_run(line)
            if bold:
                run.bold = True
            if size is not None:
                run.font.size = Pt(size)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _no_borders(cell: Any, sides: tuple[str, ...]) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = tc_pr.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        # Word rejects a file whose tcPr children are out of schema order.
        tc_pr.insert_element_before(borders, *_AFTER_BORDERS)
    for side in _BORDER_ORDER:
        if side in sides:
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:val"), "nil")
            borders.append(el)


def _shade(cell: Any, fill: str = "F2F2F2") -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().insert_element_before(shd, *_AFTER_BORDERS[1:])


def _repeat_as_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _grid(table: Any, widths_mm: list[float]) -> None:
    """Column widths in both tblGrid and every cell: LibreOffice reads the grid, Word the cells."""
    table.autofit = False
    for col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), str(int(Mm(w).twips)))
    for row in table.rows:
        for idx, cell in enumerate(row.cells):
            cell.width = Mm(widths_mm[idx])


def _write_table(doc: Any, lay: Layout, text_width: float) -> None:
    ncol = len(lay.columns)
    total = sum(lay.widths)
    widths = [text_width * w / total for w in lay.widths]
    table = doc.add_table(rows=len(lay.rows), cols=ncol)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _grid(table, widths)

    # table.rows[r] builds every row's proxy on each call (quadratic at thousands of rows): index a list.
    trs = list(table.rows)
    grid = [row.cells for row in trs]
    for r, row in enumerate(lay.rows):
        cells = grid[r]
        if row.kind in ("title", "year", "unit"):
            size, bold = (16.0, True) if row.kind == "title" else (10.5, False)
            align = WD_ALIGN_PARAGRAPH.RIGHT if row.kind == "unit" else WD_ALIGN_PARAGRAPH.CENTER
            for c in cells:
                _no_borders(c, ("top", "left", "right", "insideV") if row.kind == "unit" else
                            ("top", "left", "right", "bottom", "insideV"))
            _set(cells[0], row.cells[0], bold=bold, size=size, align=align)
        else:
            for c, text in enumerate(row.cells):
                label = row.kind == "grid_header" or (row.kind in ("field", "plan_labels") and c == 0) or (
                    row.kind == "budget" and c in (0, 2, 4))
                centered = label or row.kind in ("budget", "plan_labels", "plan_values") or (
                    row.kind == "indicator" and c in _CENTERED_GRID_COLUMNS)
                _set(cells[c], text, bold=label, align=WD_ALIGN_PARAGRAPH.CENTER if centered else WD_ALIGN_PARAGRAPH.LEFT)
                if row.kind == "grid_header" or (row.kind != "indicator" and row.kind != "budget" and c == 0):
                    _shade(cells[c])
            if row.kind in ("plan_labels", "plan_values"):
                # The label reads as one cell over both plan rows without being merged (see layout).
                _no_borders(cells[0], ("bottom",) if row.kind == "plan_labels" else ("top",))
            if row.kind == "grid_header":
                _repeat_as_header(trs[r])
            # Published forms breathe: a minimum row height, growing with the text.
            trs[r].height = Mm(7)
            trs[r].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    # Merge after filling: python-docx concatenates the merged cells' text, and the covered ones are empty.
    # Cells are taken from `grid` (read once) because table.cell() rescans the whole table on every call;
    # merges never overlap (across: header rows, down: indicator rows), so these cells stay valid.
    for r, row in enumerate(lay.rows):
        if row.merge_across and row.merge_across[1] > row.merge_across[0]:
            a, b = row.merge_across
            grid[r][a].merge(grid[r][b])
    for col, a, b in lay.vertical:
        _merge_down(grid, col, a, b)
        _set(grid[a][col], lay.rows[a].cells[col], align=WD_ALIGN_PARAGRAPH.CENTER)


def _merge_down(grid: list[Any], col: int, a: int, b: int) -> None:
    """Merge rows a..b of one column by marking vMerge, as Word writes it.

    python-docx's `_Cell.merge` recurses once per row covered (RecursionError near 1,000 rows under one
    一级), and its result is the same markup: restart on the top cell, continue below, covered cells
    left with one empty paragraph (they are empty here, filled only after merging).
    """
    for r in range(a, b + 1):
        tc = grid[r][col]._tc
        tc.vMerge = "restart" if r == a else "continue"


def _write_appendix(doc: Any, rows: list[AppendixRow], title: str, text_width: float) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(title)
    run.bold = True
    run.font.size = Pt(14)
    header_table(doc, appendix_header(rows), appendix_cells(rows), appendix_widths(rows), text_width)


def header_table(doc: Any, header: list[str], rows: Any, widths: list[float], text_width: float, *,
                 header_size: float | None = None) -> None:
    """A centred grid with a shaded header row repeated on every page; column widths in proportion to
    `widths` across `text_width`; body text 9 pt (the appendix and the review report use it)."""
    body = [list(r) for r in rows]
    table = doc.add_table(rows=len(body) + 1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(widths)
    _grid(table, [text_width * w / total for w in widths])
    grid = [row.cells for row in table.rows]
    for c, h in enumerate(header):
        _set(grid[0][c], h, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=header_size)
        _shade(grid[0][c])
    _repeat_as_header(table.rows[0])
    for n, cells in enumerate(body, 1):
        for c, text in enumerate(cells):
            _set(grid[n][c], text, size=9)
