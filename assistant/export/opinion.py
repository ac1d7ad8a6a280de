"""The review opinion (审核意见) as a department reads it: .docx and .xlsx.

Plain Chinese first: what the table is, the overall conclusion, then one line per problem with the row,
the indicator, what is wrong and what to write instead. Rule codes (ZB101 ...) are for the people who
maintain the checker, so they sit in the last column only, never inside a sentence.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date

from assistant.export.layout import money, printable
from assistant.models import GoalTable, LintFinding, Severity

TITLE = "绩效目标审核意见"
HEADER = ("序号", "行", "三级指标", "原指标值", "问题类型", "存在的问题", "修改建议", "处理要求", "规则代码")
WIDTHS = (3, 3, 9, 7, 7, 16, 16, 5, 5)  # CJK characters
_NEED = {Severity.ERROR: "必须修改", Severity.WARNING: "建议修改", Severity.INFO: "供参考"}
_CODE = re.compile(r"\s*[\[［(（]?(?<![A-Za-z0-9])ZB\d{3}(?!\d)[\]］)）]?\s*")


@dataclass
class Opinion:
    """Everything the opinion documents print, built once for both formats."""

    project: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    conclusion: str = ""
    rows: list[list[str]] = field(default_factory=list)
    issued: str = ""


def _plain(text: str | None) -> str:
    """A sentence without rule codes (a message may mention another rule by its code)."""
    return printable(_CODE.sub("", text or "")).strip()


def build_opinion(table: GoalTable, findings: list[LintFinding], *, problem_name: dict[str, str] | None = None,
                  score: float | None = None, score_after: float | None = None, today: date | None = None) -> Opinion:
    """The opinion for `table` and its findings; `problem_name` maps a finding's flag to its Chinese name."""
    names = problem_name or {}
    facts = [("项目名称", table.project_name or "未命名项目")]
    if table.department:
        facts.append(("主管部门", table.department))
    if table.year:
        facts.append(("年度", str(table.year)))
    if table.budget_wan is not None:
        facts.append(("预算数（万元）", money(table.budget_wan)))
    errors = sum(f.severity == Severity.ERROR for f in findings)
    warnings = sum(f.severity == Severity.WARNING for f in findings)
    rows_with = len({f.row for f in findings if f.row is not None and f.severity != Severity.INFO})
    if not errors and not warnings:
        conclusion = f"本表共 {len(table.indicators)} 行指标，未发现需要修改的问题，可按此申报。"
    else:
        conclusion = (f"本表共 {len(table.indicators)} 行指标，其中 {rows_with} 行需要修改；"
                      f"必须修改的问题 {errors} 个，建议修改的问题 {warnings} 个。请按下表逐条修改后重新报送。")
    if score is not None:
        conclusion += f"质量得分 {score:.0f} 分（满分100分）" + (
            f"，按建议修改后为 {score_after:.0f} 分。" if score_after is not None else "。")
    ordered = sorted(findings, key=lambda f: (f.row is None, f.row or 0, f.severity != Severity.ERROR))
    rows = []
    for n, f in enumerate(ordered, 1):
        ind = table.indicators[f.row] if f.row is not None and 0 <= f.row < len(table.indicators) else None
        fix = _plain(f.fix)
        if f.replacement:
            fix = f"改为“{f.replacement}”。" + (fix if f.replacement not in fix else "")
        rows.append([
            str(n), "整表" if ind is None else str((f.row or 0) + 1), (ind.level3 or "") if ind else "",
            (ind.value or "") if ind else "", names.get(f.flag, ""), _plain(f.message), fix.strip(),
            _NEED[f.severity], f.code,
        ])
    return Opinion(project=table.project_name or "未命名项目", facts=facts, conclusion=conclusion, rows=rows,
                   issued=(today or date.today()).strftime("%Y年%m月%d日").replace("年0", "年").replace("月0", "月"))


def opinion_docx(op: Opinion) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    sec = doc.sections[0]
    # Landscape A4: nine columns of Chinese text need the width.
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin"):
        setattr(sec, side, Mm(15))
    sec.top_margin = sec.bottom_margin = Mm(15)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(TITLE)
    r.bold = True
    r.font.size = Pt(16)
    for label, value in op.facts:
        doc.add_paragraph(f"{label}：{value}")
    h = doc.add_paragraph()
    h.add_run("总体意见").bold = True
    doc.add_paragraph(op.conclusion)
    h = doc.add_paragraph()
    h.add_run("逐条意见").bold = True
    if op.rows:
        # The official table's helpers: widths LibreOffice and Word both read, shaded repeated header.
        from assistant.export.docx import _grid, _repeat_as_header, _set, _shade

        table = doc.add_table(rows=len(op.rows) + 1, cols=len(HEADER))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        total = sum(WIDTHS)
        _grid(table, [267 * w / total for w in WIDTHS])
        for c, text in enumerate(HEADER):
            _set(table.rows[0].cells[c], text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
            _shade(table.rows[0].cells[c])
        _repeat_as_header(table.rows[0])
        for i, row in enumerate(op.rows, 1):
            for c, text in enumerate(row):
                _set(table.rows[i].cells[c], text, size=9)
    else:
        doc.add_paragraph("无。")
    doc.add_paragraph()
    end = doc.add_paragraph(f"审核日期：{op.issued}")
    end.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def opinion_xlsx(op: Opinion) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "审核意见"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    ws.cell(1, 1, TITLE).font = Font(name="宋体", size=16, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    r = 2
    for label, value in op.facts:
        ws.cell(r, 1, f"{label}：{value}").font = Font(name="宋体", size=10.5)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(HEADER))
        r += 1
    ws.cell(r, 1, "总体意见：" + op.conclusion).alignment = wrap
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(HEADER))
    ws.row_dimensions[r].height = 36
    r += 2
    for c, text in enumerate(HEADER, 1):
        cell = ws.cell(r, c, text)
        cell.font = Font(name="宋体", size=10.5, bold=True)
        cell.border = border
        cell.alignment = wrap
    for row in op.rows:
        r += 1
        for c, text in enumerate(row, 1):
            cell = ws.cell(r, c, text or None)
            if text.startswith("="):
                cell.data_type = "s"
                cell.quotePrefix = True
            cell.font = Font(name="宋体", size=10)
            cell.border = border
            cell.alignment = wrap
    ws.cell(r + 2, 1, f"审核日期：{op.issued}")
    for c, w in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(c)].width = w * 2.0 + 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def opinion_bytes(op: Opinion, fmt: str) -> bytes:
    if fmt == "docx":
        return opinion_docx(op)
    if fmt == "xlsx":
        return opinion_xlsx(op)
    raise ValueError(f"审核意见只能导出为 docx 或 xlsx，不支持“{fmt}” / opinion exports as docx or xlsx")


__all__ = ["HEADER", "TITLE", "Opinion", "build_opinion", "opinion_bytes", "opinion_docx", "opinion_xlsx"]
