"""The .docx writer, read back with python-docx: one Word table per goal table, merges, fonts, A4."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn

from assistant.export.docx import docx_bytes
from assistant.export.layout import GRID_HEADER, AppendixRow


def _doc(tables, **kw):
    return Document(io.BytesIO(docx_bytes(tables, **kw)))


def _texts(tbl):
    return [[c.text for c in row.cells] for row in tbl.rows]


def test_title_header_block_and_grid_in_one_table(table):
    tbl = _doc([table]).tables[0]
    texts = _texts(tbl)
    assert texts[0] == ["项目支出绩效目标表"] * 6  # merged across: every grid column sees the title
    assert texts[1][0] == "（2024年度）" and texts[2][0] == "单位：万元"
    fields = {r[0]: r[1] for r in texts if r[0] in ("项目名称", "项目编码", "主管部门", "实施单位", "资金用途",
                                                    "资金支出计划", "年度绩效目标")}
    assert fields["项目名称"] == "职业技能培训项目" and fields["实施单位"] == "某区人力资源和社会保障局"
    assert fields["年度绩效目标"] == "完成培训3000人次\n培训合格率不低于90%"
    assert next(r for r in texts if r[0] == "预算数") == ["预算数", "78.71", "财政资金", "70.00", "其他资金", "8.71"]
    head = texts.index(list(GRID_HEADER))
    assert [r[4] for r in texts[head + 1:]] == ["≥3000人次", "≥10期", "≥90%", "≤78.71万元", "=100%"]


def test_level1_and_level2_merge_vertically(table):
    tbl = _doc([table]).tables[0]
    head = _texts(tbl).index(list(GRID_HEADER))
    cell = tbl.cell
    assert cell(head + 1, 0)._tc is cell(head + 3, 0)._tc and cell(head + 1, 0).text == "产出指标"
    assert cell(head + 1, 1)._tc is cell(head + 2, 1)._tc
    assert cell(head + 3, 1)._tc is not cell(head + 2, 1)._tc
    assert cell(head + 4, 0)._tc is not cell(head + 3, 0)._tc
    # The merged cell carries its text once, not "产出指标" three times.
    assert cell(head + 1, 0).text.count("产出指标") == 1


def test_page_fonts_and_heading_rows(table):
    doc = _doc([table])
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert round(sec.left_margin.mm) == 18 and round(sec.top_margin.mm) == 20
    rfonts = doc.styles["Normal"].element.rPr.rFonts
    assert rfonts.get(qn("w:eastAsia")) == "宋体"
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert not any(rf.get(qn("w:eastAsiaTheme")) for rf in defaults.iter(qn("w:rFonts")))
    tbl = doc.tables[0]
    title_borders = tbl.cell(0, 0)._tc.tcPr.find(qn("w:tcBorders"))
    assert title_borders is not None and title_borders.find(qn("w:left")).get(qn("w:val")) == "nil"
    head = _texts(tbl).index(list(GRID_HEADER))
    assert tbl.rows[head]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on every page
    assert all(r.bold for r in tbl.cell(head, 0).paragraphs[0].runs)
    widths = [int(g.get(qn("w:w"))) for g in tbl._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert abs(sum(widths) - 174 * 56.7) < 60  # the grid fills the A4 text width (174 mm)


def test_several_tables_each_on_its_own_a4_section_and_appendix(table):
    wide = table.model_copy(update={"id": "t2", "project_name": "第二个项目", "year": None, "indicators": [
        i.model_copy(update={"extra": {"前年": "1", "上年": "2"}}) for i in table.indicators]})
    doc = _doc([table, wide], appendix=[AppendixRow(row=1, level3="培训期数", rationale="按上年完成数",
                                                    citations="再就业业务经费 第1行")], appendix_title="说明与引用")
    assert len(doc.tables) == 3
    sections = doc.sections
    assert len(sections) == 3 and all(str(s.start_type) .startswith("NEW_PAGE") for s in list(sections)[1:])
    # The table with two extra columns turns the page; the others stay portrait.
    assert [(round(s.page_width.mm), round(s.page_height.mm)) for s in sections] == [(210, 297), (297, 210), (210, 297)]
    grid = [int(g.get(qn("w:w"))) for g in doc.tables[1]._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(grid) == 8 and abs(sum(grid) - 261 * 56.7) < 60
    assert _texts(doc.tables[1])[1][0] == "单位：万元"  # no year row when the year is unknown
    assert any(p.text == "说明与引用" for p in doc.paragraphs)
    assert _texts(doc.tables[2])[1] == ["2", "培训期数", "按上年完成数", "再就业业务经费 第1行"]


def test_spending_plan_as_milestones(table):
    tbl = _doc([table.model_copy(update={"spending_plan": "3月底 20；6月底 50"})]).tables[0]
    texts = _texts(tbl)
    r = next(i for i, row in enumerate(texts) if row[0] == "资金支出计划")
    assert texts[r][:3] == ["资金支出计划", "3月底", "6月底"] and texts[r + 1][:3] == ["", "20", "50"]
    borders = tbl.cell(r, 0)._tc.tcPr.find(qn("w:tcBorders"))
    assert borders.find(qn("w:bottom")).get(qn("w:val")) == "nil"
