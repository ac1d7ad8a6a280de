"""A document review written out: .docx in the official style (title, 目录, one section per table,
page numbers), .xlsx (summary, findings, revised tables), and a self-contained .html page."""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any

from assistant.review.document import (
    FINDING_HEADERS,
    REVISED_HEADERS,
    DocumentReview,
    TableReview,
    finding_rows,
    revised_rows,
)

REPORT_TITLE = "预算绩效目标表审核报告"
SUMMARY_HEADING = "一、审核概况"
TABLES_HEADING = "二、各表审核意见（按得分从低到高）"
FORMATS = ("docx", "xlsx", "html")
_FW_CN = {"2021": "2021年项目支出框架", "2015": "产出/效益/满意度框架", "department": "部门整体框架"}


def report_bytes(review: DocumentReview, fmt: str, charts: dict[str, bytes] | None = None) -> bytes:
    """The report in one format; charts are drawn once by the caller when it writes several formats."""
    if fmt not in FORMATS:
        raise ValueError(f"不支持的报告格式 {fmt}，可选 .docx / .xlsx / .html / unsupported report format")
    if fmt == "xlsx":
        return xlsx_bytes(review)
    if charts is None:
        from assistant.review.charts import chart_pngs

        charts = chart_pngs(review)
    return docx_bytes(review, charts) if fmt == "docx" else html_text(review, charts).encode("utf-8")


def write_report(review: DocumentReview, path: str | Path, charts: dict[str, bytes] | None = None) -> Path:
    from assistant.fileio import atomic_write_bytes

    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    atomic_write_bytes(path, report_bytes(review, fmt, charts))
    return path


def table_heading(i: int, tr: TableReview) -> str:
    return f"{i}. {tr.name}（{tr.score:g}分）"


def table_facts(tr: TableReview) -> list[str]:
    t = tr.table
    facts = [
        f"来源：{tr.source}，文档中第{tr.position}张表；部门：{t.department or '未注明'}；"
        f"预算：{t.budget_wan:g}万元" if t.budget_wan is not None else
        f"来源：{tr.source}，文档中第{tr.position}张表；部门：{t.department or '未注明'}",
        f"质量得分{tr.score:g}分（{_FW_CN.get(tr.framework or '', '框架未识别')}）："
        f"错误{tr.errors}个，警告{tr.warnings}个，提示{tr.infos}个。",
    ]
    facts.append("缺少的一级/二级指标：" + ("、".join(tr.missing) if tr.missing else "无") + "。")
    if tr.goal_gaps:
        facts.append("没有指标体现的年度目标：" + "；".join(f"“{g.clause}”（{g.target}）" for g in tr.goal_gaps) + "。")
    else:
        facts.append("年度目标中写明的数量和比例均有指标行体现（或目标未写明数量）。")
    if tr.improvement.unresolved_rows:
        facts.append("自动修改后仍需人工处理：" + "；".join(
            f"第{n.row + 1}行“{n.level3 or ''}”：{n.reason}" for n in tr.improvement.unresolved_rows))
    return facts


# ----------------------------------------------------------------------------- docx
def docx_bytes(review: DocumentReview, charts: dict[str, bytes]) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION_START
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Mm, Pt

    from assistant.export.docx import _fonts, _new_page, _write_table, header_table
    from assistant.export.layout import table_layout

    doc = Document()
    _fonts(doc)
    width = _new_page(doc, landscape=False, first=True)
    _page_numbers(doc.sections[0])

    def heading(text: str, size: float, *, center: bool = False, toc: str | None = None) -> None:
        p = doc.add_paragraph()
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(6)
        p.paragraph_format.space_after = Pt(6)
        r = p.add_run(text)
        r.bold = True
        r.font.size = Pt(size)
        if toc is not None:  # a 目录 entry: outline level for Word's TOC field, bookmark for its link
            level, name = anchors[toc]
            _outline_level(p, level)
            _bookmark(p, name, len(marked))
            marked.append(name)

    def para(text: str) -> None:
        p = doc.add_paragraph(text)
        p.paragraph_format.space_after = Pt(3)
        p.paragraph_format.first_line_indent = Pt(20)

    def grid(headers: list[str], rows: list[list[str]], widths: list[float]) -> None:
        header_table(doc, headers, rows, widths, width, header_size=9)

    heading(REPORT_TITLE, 18, center=True)
    p = doc.add_paragraph("审核文件：" + "、".join(review.sources))
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading("目录", 14)
    toc = [(0, SUMMARY_HEADING), (0, TABLES_HEADING)]
    toc += [(1, table_heading(i, tr)) for i, tr in enumerate(review.tables, 1)]
    anchors = {text: (level, f"_Toc{n + 1:06d}") for n, (level, text) in enumerate(toc)}
    marked: list[str] = []
    _toc_field(doc, [(level, text, anchors[text][1]) for level, text in toc], width)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    heading(SUMMARY_HEADING, 14, toc=SUMMARY_HEADING)
    for line in review.summary_lines():
        para(line)
    doc.add_picture(io.BytesIO(charts["summary"]), width=Mm(width))
    grid(["问题类型", "错误", "警告", "提示"], [[n, str(e), str(w), str(i)] for n, e, w, i in review.by_problem()],
         [50, 15, 15, 15])
    heading("各部门情况（示教）", 12)
    doc.add_picture(io.BytesIO(charts["trainer"]), width=Mm(width))
    grid(["部门", "指标行", "有问题的行", "比例"],
         [[d, str(n), str(b), f"{s:.0%}"] for d, n, b, s in review.by_department()], [50, 15, 15, 15])
    heading("表的得分（从低到高）", 12)
    grid(["序号", "项目", "部门", "得分", "错误", "警告"],
         [[str(i), tr.name, tr.table.department or "", f"{tr.score:g}", str(tr.errors), str(tr.warnings)]
          for i, tr in enumerate(review.tables, 1)], [8, 45, 30, 10, 8, 8])

    for i, tr in enumerate(review.tables, 1):
        section = doc.add_section(WD_SECTION_START.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        width = 297 - 2 * 18
        if i == 1:
            heading(TABLES_HEADING, 14, toc=TABLES_HEADING)
        heading(table_heading(i, tr), 13, toc=table_heading(i, tr))
        for line in table_facts(tr):
            para(line)
        rows = finding_rows(tr)
        if rows:
            grid(FINDING_HEADERS, rows, [11, 18, 16, 8, 20, 38, 38, 22, 12])
        else:
            para("未发现问题。")
        heading("修改后的目标表", 12)
        _write_table(doc, table_layout(tr.revised), width)
        width = 210 - 2 * 18
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _field(instr: str, result: str = "") -> list[Any]:
    """A complex field as runs: begin, instruction, separate, the cached result (if any), end."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run(child: Any) -> Any:
        r = OxmlElement("w:r")
        r.append(child)
        return r

    def char(kind: str) -> Any:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    instr_el = OxmlElement("w:instrText")
    instr_el.set(qn("xml:space"), "preserve")
    instr_el.text = f" {instr} "
    out = [run(char("begin")), run(instr_el), run(char("separate"))]
    if result:
        t = OxmlElement("w:t")
        t.text = result
        out.append(run(t))
    return [*out, run(char("end"))]


def _toc_field(doc: Any, entries: list[tuple[int, str, str]], width_mm: float) -> None:
    """Word's own 目录: a TOC field over the headings' outline levels (\\o 1-2, \\u) whose entries are
    links (\\h) to the headings' bookmarks, written out already so the list reads without a field update.
    The page numbers are PAGEREF fields Word fills in when it opens the file (settings: updateFields);
    no number is guessed before the pages are laid out."""
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    for n, (level, text, anchor) in enumerate(entries):
        p = doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.tab_stops.add_tab_stop(Mm(width_mm), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        fmt.space_after = Pt(1)
        if level:
            fmt.left_indent = Pt(20 * level)
        if n == 0:
            for r in _field('TOC \\o "1-2" \\h \\z \\u')[:3]:  # begin, instruction, separate
                p._p.append(r)
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), anchor)
        link.set(qn("w:history"), "1")
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        r.append(t)
        link.append(r)
        tab = OxmlElement("w:r")
        tab.append(OxmlElement("w:tab"))
        link.append(tab)
        for el in _field(f"PAGEREF {anchor} \\h"):
            link.append(el)
        p._p.append(link)
    doc.add_paragraph()._p.append(_field("")[-1])  # the TOC field's end
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _outline_level(p: Any, level: int) -> None:
    """The paragraph's outline level (0 = 1级), which Word's TOC \\u switch collects."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement("w:outlineLvl")
    el.set(qn("w:val"), str(level))
    p._p.get_or_add_pPr().append(el)  # after w:spacing and w:jc, where the schema puts it


def _bookmark(p: Any, name: str, ident: int) -> None:
    """A bookmark around the paragraph's text: the target of its 目录 link and PAGEREF."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(ident))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(ident))
    p._p.get_or_add_pPr().addnext(start)
    p._p.append(end)


def _page_numbers(section: Any) -> None:
    """'第 N 页' centred in the footer; later sections inherit the footer (linked to previous)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("第 ")
    run = p.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText" if text == " PAGE " else "w:t")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    p.add_run(" 页")


# ----------------------------------------------------------------------------- xlsx
def xlsx_bytes(review: DocumentReview) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    head_font = Font(name="宋体", bold=True)
    fill = PatternFill("solid", fgColor="F2F2F2")
    wrap = Alignment(wrap_text=True, vertical="top")

    def sheet(ws: Any, headers: list[str], rows: list[list[Any]], widths: list[float]) -> None:
        ws.append(headers)
        for c in ws[1]:
            c.font, c.fill = head_font, fill
        for row in rows:
            ws.append(row)
        for col, w in enumerate(widths, 1):
            ws.column_dimensions[ws.cell(1, col).column_letter].width = w
        for row in ws.iter_rows(min_row=2):
            for c in row:
                c.alignment = wrap
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions

    ws = wb.active
    ws.title = "汇总"
    sheet(ws, ["序号", "项目", "部门", "来源", "文档中序号", "得分", "错误", "警告", "提示", "缺少的一级/二级", "没有指标的目标"],
          [[i, tr.name, tr.table.department or "", tr.source, tr.position, tr.score, tr.errors, tr.warnings, tr.infos,
            "、".join(tr.missing), "；".join(f"{g.clause}（{g.target}）" for g in tr.goal_gaps)]
           for i, tr in enumerate(review.tables, 1)], [6, 30, 24, 24, 8, 8, 6, 6, 6, 30, 40])
    sheet(wb.create_sheet("问题清单"), ["序号", "项目", *FINDING_HEADERS],
          [[i, tr.name, *cells] for i, tr in enumerate(review.tables, 1) for cells in finding_rows(tr)],
          [6, 24, 8, 18, 16, 6, 20, 40, 40, 24, 8])
    sheet(wb.create_sheet("修改后的表"), ["序号", "项目", *REVISED_HEADERS],
          [[i, tr.name, *cells] for i, tr in enumerate(review.tables, 1) for cells in revised_rows(tr)],
          [6, 24, 12, 16, 24, 30, 14, 24, 8])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ----------------------------------------------------------------------------- html
_CSS = """body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1em;font-size:.9em}td,th{border:1px solid #999;padding:3px 6px;
vertical-align:top}th{background:#f2f2f2}img{max-width:100%}section{page-break-before:always}
.error{color:#a00}.warning{color:#a60}"""


def _cells(headers: list[str], rows: list[list[Any]]) -> str:
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def html_text(review: DocumentReview, charts: dict[str, bytes]) -> str:
    e = html.escape

    def img(key: str, alt: str) -> str:
        return f'<img alt="{e(alt)}" src="data:image/png;base64,{base64.b64encode(charts[key]).decode()}">'

    parts = [f"<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>{REPORT_TITLE}</title>"
             f"<style>{_CSS}</style></head><body><h1>{REPORT_TITLE}</h1>",
             f"<p>审核文件：{e('、'.join(review.sources))}</p><h2>目录</h2><ol>"]
    parts += [f"<li><a href='#t{i}'>{e(tr.name)}（{tr.score:g}分）</a></li>" for i, tr in enumerate(review.tables, 1)]
    parts.append("</ol><h2>一、审核概况</h2>")
    parts += [f"<p>{e(line)}</p>" for line in review.summary_lines()]
    parts.append(img("summary", "得分分布和问题类型"))
    parts.append(_cells(["问题类型", "错误", "警告", "提示"], [list(r) for r in review.by_problem()]))
    parts.append("<h3>各部门情况（示教）</h3>" + img("trainer", "各部门问题"))
    parts.append(_cells(["部门", "指标行", "有问题的行", "比例"],
                        [[d, n, b, f"{s:.0%}"] for d, n, b, s in review.by_department()]))
    parts.append("<h2>二、各表审核意见（按得分从低到高）</h2>")
    for i, tr in enumerate(review.tables, 1):
        parts.append(f"<section id='t{i}'><h3>{e(table_heading(i, tr))}</h3>")
        parts += [f"<p>{e(line)}</p>" for line in table_facts(tr)]
        rows = finding_rows(tr)
        parts.append(_cells(FINDING_HEADERS, rows) if rows else "<p>未发现问题。</p>")
        parts.append("<h4>修改后的目标表</h4>" + _cells(REVISED_HEADERS, revised_rows(tr)) + "</section>")
    parts.append("</body></html>")
    return "".join(parts)
