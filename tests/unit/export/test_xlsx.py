"""The .xlsx writer, read back with openpyxl: merges, labels, values as text, styles and A4 page set-up."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from assistant.export.layout import GRID_HEADER, AppendixRow
from assistant.export.xlsx import xlsx_bytes
from assistant.models import GoalTable


def _sheet(tables, **kw):
    return load_workbook(io.BytesIO(xlsx_bytes(tables, **kw)))


def _find(ws, text):
    return next(c for row in ws.iter_rows() for c in row if c.value == text)


def test_header_block_and_grid(table):
    ws = _sheet([table]).active
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert ws["A1"].value == "项目支出绩效目标表" and "A1:F1" in merged and ws["A1"].font.b
    assert ws["A2"].value == "（2024年度）" and ws["A3"].value == "单位：万元"
    assert ws["A3"].alignment.horizontal == "right"
    name = _find(ws, "项目名称")
    assert name.offset(column=1).value == "职业技能培训项目" and f"B{name.row}:F{name.row}" in merged
    budget = _find(ws, "预算数").row
    assert [ws.cell(row=budget, column=c).value for c in range(1, 7)] == [
        "预算数", "78.71", "财政资金", "70.00", "其他资金", "8.71"]
    assert _find(ws, "年度绩效目标").offset(column=1).value == "完成培训3000人次\n培训合格率不低于90%"
    head = _find(ws, "一级指标").row
    assert [ws.cell(row=head, column=c).value for c in range(1, 7)] == list(GRID_HEADER)
    assert all(ws.cell(row=head, column=c).font.b for c in range(1, 7))
    # 产出指标 spans three rows, 数量指标 two; the single 成本 and 满意度 rows are not merged.
    assert f"A{head + 1}:A{head + 3}" in merged and f"B{head + 1}:B{head + 2}" in merged
    assert not any(r.startswith((f"A{head + 4}:", f"B{head + 3}:")) for r in merged)
    assert ws.cell(row=head + 4, column=5).value == "≤78.71万元"
    assert ws.max_row == head + 5


def test_equals_sign_values_stay_text_not_formulas(table):
    ws = _sheet([table]).active
    cell = _find(ws, "=100%")
    assert cell.data_type == "s"


def test_style_and_page_setup(table):
    ws = _sheet([table]).active
    head = _find(ws, "一级指标").row
    c = ws.cell(row=head + 1, column=3)
    assert c.alignment.wrap_text and c.border.left.style == "thin" and c.font.name == "宋体"
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "portrait"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${head}:${head}"
    assert 80 <= sum(ws.column_dimensions[k].width for k in "ABCDEF") <= 110  # one A4 width at 100 %
    # Rows grow with wrapped text: a long description gets a taller row.
    long = table.model_copy(update={"indicators": [table.indicators[0].model_copy(update={"description": "很长" * 40})]})
    ws2 = _sheet([long]).active
    assert ws2.row_dimensions[_find(ws2, "一级指标").row + 1].height > 60


def test_one_sheet_per_table_with_unique_names_and_an_appendix(table):
    same = table.model_copy(update={"id": "t2"})
    odd = table.model_copy(update={"id": "t3", "project_name": "项目[一]/二:三*?" + "长" * 40})
    wb = _sheet([table, same, odd], appendix=[AppendixRow(row=0, level3="培训人次", problems="[ZB101] 不可衡量",
                                                          fixes="改为：≥3000人次")], appendix_title="审核意见")
    assert wb.sheetnames[:2] == ["职业技能培训项目", "职业技能培训项目_2"]
    assert len(wb.sheetnames) == 4 and all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in wb.sheetnames)
    ap = wb["审核意见"]
    assert [c.value for c in ap[1]] == ["序号", "三级指标", "问题", "修改建议"]
    assert [c.value for c in ap[2]] == ["1", "培训人次", "[ZB101] 不可衡量", "改为：≥3000人次"]


def test_extras_and_empty_table():
    from assistant.models import Indicator

    t = GoalTable(id="e", indicators=[Indicator(level1="产出指标", level3="a", extra={"分值": 10})])
    ws = _sheet([t]).active
    head = _find(ws, "一级指标").row
    assert ws.cell(row=head, column=7).value == "分值" and ws.cell(row=head + 1, column=7).value == "10"
    assert "A1:G1" in {str(r) for r in ws.merged_cells.ranges}
    empty = _sheet([GoalTable(id="empty")]).active
    assert _find(empty, "一级指标").row == empty.max_row


def test_spending_plan_as_milestones_under_an_open_label(table):
    ws = _sheet([table.model_copy(update={"spending_plan": "3月底 20；6月底 50；10月底 80"})]).active
    label = _find(ws, "资金支出计划")
    r = label.row
    assert [ws.cell(row=r, column=c).value for c in range(1, 5)] == ["资金支出计划", "3月底", "6月底", "10月底"]
    assert [ws.cell(row=r + 1, column=c).value for c in range(1, 5)] == [None, "20", "50", "80"]
    assert label.border.bottom.style is None and ws.cell(row=r + 1, column=1).border.top.style is None
    assert ws.cell(row=r + 1, column=1).border.bottom.style == "thin"
    assert not any(rng.min_row <= r + 1 <= rng.max_row and rng.min_col == 1 for rng in ws.merged_cells.ranges)
