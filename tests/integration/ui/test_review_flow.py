"""The 审核 flow over real services: paste as Excel gives it, click a finding, apply several rows,
edit the revised table, export it with the submission's budget, and the review opinion as .docx/.xlsx."""

from __future__ import annotations

import re

import pytest
from docx import Document
from openpyxl import load_workbook

from assistant.models import GoalTable
from assistant.services import Services
from assistant.settings import load_settings
from assistant.ui import handlers as h
from assistant.ui import review as rv
from tests.clipboard_tables import BAD, CLEAN, HEADER, excel_clipboard


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    data = tmp_path_factory.mktemp("svc")
    s = Services(load_settings(data_dir=data, embedding={"name": "hash"}))
    s.prepare()
    return s


@pytest.fixture()
def submitted_docx(tmp_path):
    doc = Document()
    cells = [["项目名称", "乡村道路养护项目", "", "", "", ""], ["项目资金（万元）", "120.00", "", "", "", ""],
             ["年度绩效目标", "完成乡村道路养护50公里", "", "", "", ""], HEADER, *BAD]
    t = doc.add_table(rows=len(cells), cols=6)
    for r, row in enumerate(cells):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    path = tmp_path / "提交.docx"
    doc.save(str(path))
    return path


@pytest.mark.parametrize("with_header", [True, False])
def test_an_excel_paste_with_blank_merged_cells_has_no_false_findings(services, with_header):
    rows, _, state = h.review_run(services, excel_clipboard([HEADER, *CLEAN] if with_header else CLEAN), None)
    assert rows == [], rows
    grid = rv.review_table(services, state)
    assert [(r[0], r[1], r[2], r[4]) for r in grid][1] == ("产出指标", "质量指标", "设备验收合格率", "100%")
    assert all(r[6] == "✔ 通过" for r in grid)


def test_click_a_finding_apply_several_rows_edit_and_export_with_the_budget(services, submitted_docx):
    rows, _, state = h.review_run(services, "", str(submitted_docx))
    flagged = sorted({int(r[0]) for r in rows if r[0].isdigit()})
    assert {2, 4, 5} <= set(flagged)
    number, detail = rv.finding_detail(services, state, "2")
    assert number == "2" and "养护验收合格率" in detail and "≥95%" in detail
    grid, message, state = h.review_apply(services, state, "2，5")
    assert "第 2 行" in message and "第 5 行" in message
    by_name = {r[2]: r for r in grid}
    assert by_name["养护验收合格率"][4] == "≥95%" and by_name["群众满意度"][4] == "≥90%"
    # The clerk writes row 4 by hand; the live check shows the new score and the row passes.
    grid[3][4] = "≥80%"
    grid[3][2] = "群众出行满意度提升率"
    edited, summary, state = rv.review_edit(services, state, grid)
    assert re.search(r"得分 \*\*\d+/100\*\*", summary)
    assert edited[3][4] == "≥80%"
    # 全部采纳 afterwards keeps the hand-written row.
    _, message, state = h.review_apply(services, state, "全部")
    assert GoalTable.model_validate(state["current"]).indicators[3].value == "≥80%"
    xlsx = h.review_export(services, state, "xlsx")
    ws = load_workbook(xlsx).worksheets[0]
    cells = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert "120.00" in [str(c) for c in cells] and "≥80%" in cells and "≥95%" in cells
    docx = Document(h.review_export(services, state, "docx"))
    texts = [c.text for t in docx.tables for r in t.rows for c in r.cells]
    assert "120.00" in texts and "群众出行满意度提升率" in texts


@pytest.mark.parametrize("what", ["comments_docx", "comments_xlsx"])
def test_the_review_opinion_is_plain_chinese_with_rule_codes_in_the_last_column(services, submitted_docx, what):
    _, _, state = h.review_run(services, "", str(submitted_docx))
    path = h.review_export(services, state, what)
    if what == "comments_docx":
        assert path.endswith(".docx")
        doc = Document(path)
        text = "\n".join(p.text for p in doc.paragraphs)
        table = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    else:
        assert path.endswith(".xlsx")
        ws = load_workbook(path)["审核意见"]
        rows = [[("" if c.value is None else str(c.value)) for c in r] for r in ws.iter_rows()]
        start = next(i for i, r in enumerate(rows) if r[0] == "序号")
        text = "\n".join(r[0] for r in rows[:start])
        table = rows[start:start + 1] + [r for r in rows[start + 1:] if r[0].isdigit()]
    assert "乡村道路养护项目" in text and "120.00" in text and "总体意见" in text
    assert table[0][-1] == "规则代码" and table[0][0] == "序号"
    body = table[1:]
    assert body and all(re.fullmatch(r"ZB\d{3}", r[-1]) for r in body)
    assert not any(re.search(r"ZB\d{3}", c) for r in body for c in r[:-1])  # codes only in the last column
    assert any(r[2] == "群众满意度" and "≥90%" in r[6] for r in body)
    assert "ZB" not in text


def test_row_number_mistakes_are_chinese_messages(services, submitted_docx):
    _, _, state = h.review_run(services, "", str(submitted_docx))
    with pytest.raises(h.UserError, match="3-5"):
        h.review_apply(services, state, "78.71")
    with pytest.raises(h.UserError, match="第 45 行不存在"):
        h.review_apply(services, state, "45")


def test_the_revised_export_keeps_columns_beyond_the_six(services, tmp_path):
    doc = Document()
    cells = [["项目名称", "乡村道路养护项目", "", "", "", "", ""], [*HEADER, "备注"],
             *[[*r, "按季度统计" if k == 0 else ""] for k, r in enumerate(BAD)]]
    t = doc.add_table(rows=len(cells), cols=7)
    for r, row in enumerate(cells):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    path = tmp_path / "七列.docx"
    doc.save(str(path))
    _, _, state = h.review_run(services, "", str(path))
    _, _, state = h.review_apply(services, state, "")
    ws = load_workbook(h.review_export(services, state, "xlsx")).worksheets[0]
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert "备注" in values and "按季度统计" in values
