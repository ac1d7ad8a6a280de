"""The 审核意见 documents: plain Chinese, rule codes only in the last column, both formats read back."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from openpyxl import load_workbook

from assistant.export.opinion import HEADER, build_opinion, opinion_docx, opinion_xlsx
from assistant.models import GoalTable, Indicator, LintFinding, Severity

TABLE = GoalTable(id="t", project_name="乡村道路养护项目", budget_wan=120, indicators=[
    Indicator(level1="产出指标", level2="数量指标", level3="道路养护里程", value="50公里"),
    Indicator(level1="满意度指标", level2="服务对象满意度指标", level3="群众满意度", value="≤100%"),
])
FINDINGS = [
    LintFinding(code="ZB104", flag="wrong_direction", severity=Severity.ERROR, row=1, field="value",
                message="“群众满意度”是正向指标（同 ZB104 的说明），指标值却写成“≤100%”。", evidence="≤100%",
                fix="改为不低于的写法。", replacement="≥90%"),
    LintFinding(code="ZB201", flag="missing_category", severity=Severity.WARNING, row=None, field="table",
                message="本表缺少：时效指标。", evidence="时效指标", fix="补齐缺少的类别。"),
]


def test_codes_only_in_the_last_column_and_plain_sentences():
    op = build_opinion(TABLE, FINDINGS, problem_name={"wrong_direction": "方向错误"}, score=70, score_after=90,
                       today=date(2025, 3, 1))
    assert [r[-1] for r in op.rows] == ["ZB104", "ZB201"]
    assert not any("ZB" in c for r in op.rows for c in r[:-1])
    assert op.rows[0][1:5] == ["2", "群众满意度", "≤100%", "方向错误"] and op.rows[0][6].startswith("改为“≥90%”")
    assert op.rows[0][7] == "必须修改" and op.rows[1][1] == "整表"
    assert "1 行需要修改" in op.conclusion and "70 分" in op.conclusion and "90 分" in op.conclusion
    assert ("预算数（万元）", "120.00") in op.facts and op.issued == "2025年3月1日"


def test_both_formats_read_back():
    op = build_opinion(TABLE, FINDINGS)
    doc = Document(io.BytesIO(opinion_docx(op)))
    assert [c.text for c in doc.tables[0].rows[0].cells] == list(HEADER)
    assert [c.text for c in doc.tables[0].rows[1].cells][-1] == "ZB104"
    ws = load_workbook(io.BytesIO(opinion_xlsx(op)))["审核意见"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    head = next(i for i, r in enumerate(rows) if r[0] == "序号")
    assert rows[head] == list(HEADER) and rows[head + 1][-1] == "ZB104" and rows[head + 2][1] == "整表"


def test_a_clean_table_says_so():
    op = build_opinion(TABLE, [])
    assert op.rows == [] and "未发现需要修改的问题" in op.conclusion
    assert "无。" in [p.text for p in Document(io.BytesIO(opinion_docx(op))).paragraphs]
