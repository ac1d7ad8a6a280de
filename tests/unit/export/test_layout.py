"""The shared layout: amounts, goals, the 预算数 row, merges, extra columns, sheet names, appendix builders."""

from __future__ import annotations

from assistant.export.layout import (
    GRID_HEADER,
    SheetName,
    appendix_cells,
    appendix_from_findings,
    appendix_from_suggestion,
    appendix_header,
    budget_cells,
    goals_text,
    level2_spans,
    merge_spans,
    money,
    plan_milestones,
    table_layout,
)
from assistant.models import (
    Citation,
    GoalTable,
    Indicator,
    LintFinding,
    ProjectBrief,
    Severity,
    SuggestedRow,
    Suggestion,
)
from assistant.values import TargetValue


def test_money_prints_two_decimals_and_keeps_finer_amounts():
    assert money(1.2) == "1.20"
    assert money(70) == "70.00"
    assert money(438.768) == "438.768"
    assert money(None) == ""


def test_goals_one_per_line_numbered_only_on_request_and_never_twice():
    assert goals_text(["完成培训", "合格率达标"]) == "完成培训\n合格率达标"
    assert goals_text(["完成培训", "合格率达标"], number=True) == "1、完成培训\n2、合格率达标"
    assert goals_text(["1、完成培训", "2、合格率达标"], number=True) == "1、完成培训\n2、合格率达标"
    assert goals_text(["完成培训"], number=True) == "完成培训"
    assert goals_text(["", "  "]) == ""


def test_spending_plan_milestones_or_free_text():
    assert plan_milestones("3月底 20；6月底 50；10月底 80") == [("3月底", "20"), ("6月底", "50"), ("10月底", "80")]
    assert plan_milestones("3 月底 25；12 月底 100") == [("3 月底", "25"), ("12 月底", "100")]
    assert plan_milestones("一季度：25%；全年 100%") == [("一季度", "25%"), ("全年", "100%")]
    assert plan_milestones("按季度均衡支出") is None
    assert plan_milestones("；".join(f"{m}月底 {m * 8}" for m in range(1, 7))) is None  # six do not fit
    assert plan_milestones(None) is None


def test_plan_rows_sit_under_one_unmerged_label(table):
    lay = table_layout(table.model_copy(update={"spending_plan": "3月底 20；6月底 50；10月底 80"}))
    labels, values = (next(r for r in lay.rows if r.kind == k) for k in ("plan_labels", "plan_values"))
    assert labels.cells == ["资金支出计划", "3月底", "6月底", "10月底", "", ""]
    assert values.cells == ["", "20", "50", "80", "", ""]
    assert labels.merge_across is None and not any(col == 0 and a < lay.first_indicator for col, a, _ in lay.vertical)


def test_budget_row_is_shaped_like_the_published_tables(table):
    assert budget_cells(table) == ["预算数", "78.71", "财政资金", "70.00", "其他资金", "8.71"]
    only_total = table.model_copy(update={"fiscal_wan": None})
    assert budget_cells(only_total)[3:] == ["", "其他资金", ""]
    all_fiscal = table.model_copy(update={"fiscal_wan": 78.71})
    assert budget_cells(all_fiscal)[5] == ""  # printed blank, as the published tables do
    printed = table.model_copy(update={"extra": {"other_wan": 5}})
    assert budget_cells(printed)[5] == "5.00"


def test_merge_spans_and_level2_never_cross_level1():
    assert merge_spans(["a", "a", "b", "a"]) == [(0, 1), (2, 2), (3, 3)]
    t = GoalTable(id="x", indicators=[Indicator(level1="产出指标", level2="数量指标"),
                                      Indicator(level1="效益指标", level2="数量指标")])
    assert level2_spans(t) == [(0, 0), (1, 1)]


def test_layout_rows_and_merges(table):
    lay = table_layout(table)
    kinds = [r.kind for r in lay.rows]
    assert kinds[:3] == ["title", "year", "unit"] and lay.rows[1].cells[0] == "（2024年度）"
    assert [r.cells[0] for r in lay.rows if r.kind == "field"] == [
        "项目名称", "项目编码", "主管部门", "实施单位", "资金用途", "资金支出计划", "年度绩效目标"]
    assert lay.rows[lay.first_indicator - 1].cells == list(GRID_HEADER)
    f = lay.first_indicator
    assert (0, f, f + 2) in lay.vertical and (1, f, f + 1) in lay.vertical and len(lay.vertical) == 2
    # Covered cells are empty; the text lives once, in the top cell.
    assert [lay.rows[f + i].cells[0] for i in range(3)] == ["产出指标", "", ""]
    assert lay.rows[f + 2].cells[1] == "质量指标"


def test_no_year_row_and_the_project_form_title_for_every_kind():
    lay = table_layout(GoalTable(id="d", kind="activity"))
    assert [r.kind for r in lay.rows][:2] == ["title", "unit"] and lay.title == "项目支出绩效目标表"
    assert lay.rows[-1].kind == "grid_header"  # a table without rows still has its grid header


def test_extras_become_columns_after_basis(table):
    inds = [i.model_copy(update={"extra": {"优": "≥95%", "_internal": 1}}) for i in table.indicators]
    inds[0] = inds[0].model_copy(update={"extra": {"上年": 2800.0}})
    lay = table_layout(table.model_copy(update={"indicators": inds}))
    assert lay.columns == [*GRID_HEADER, "上年", "优"]
    assert lay.rows[lay.first_indicator].cells[6:] == ["2800", ""]
    budget = next(r for r in lay.rows if r.kind == "budget")
    assert len(budget.cells) == 8 and budget.merge_across == (5, 7)


def test_sheet_names_are_valid_and_unique():
    names = SheetName()
    made = [names.make("a/b[c]:d*e?f\\g"), names.make("x" * 40), names.make("x" * 40), names.make("X" * 40),
            names.make("")]
    assert made[0] == "a_b_c__d_e_f_g"
    assert all(len(n) <= 31 for n in made) and len({n.lower() for n in made}) == len(made)
    assert made[-1] == "目标表"


def _finding(row, code="ZB101", replacement=None):
    return LintFinding(code=code, flag="vague_value", severity=Severity.ERROR, row=row, field="value",
                       evidence="效果明显", message="指标值不可衡量", fix="改为可衡量的值", replacement=replacement)


def test_appendix_from_findings_groups_by_row_and_keeps_table_level_last(table):
    rows = appendix_from_findings(table, [_finding(2, replacement="≥90%"), _finding(2, "ZB102"), _finding(None),
                                          _finding(99)])
    assert [r.row for r in rows] == [2, -1, -1]
    assert rows[0].level3 == "培训合格率" and rows[0].problems.count("[ZB") == 2
    assert rows[0].fixes.splitlines() == ["改为：≥90%", "改为可衡量的值"]
    assert rows[1].cells()[0] == "（整表）"


def test_appendix_from_suggestion_carries_rationale_and_citations():
    row = SuggestedRow(level1="产出指标", level2="数量指标", level3="培训人次", description="培训人次",
                       target=TargetValue.parse("≥3000人次"), basis="工作计划", rationale="申报书写明培训3000人次",
                       value_source="brief",
                       citations=[Citation(table_id="s1-t03", row=0, project_name="再就业业务经费", level3="培训人数",
                                           value="≥50人", source="000.txt")])
    s = Suggestion(brief=ProjectBrief(name="培训项目"), rows=[row])
    [a] = appendix_from_suggestion(s)
    assert a.rationale.startswith("申报书写明培训3000人次") and "依据项目申报信息" in a.rationale
    assert a.citations == "再就业业务经费 第1行：培训人数（≥50人），来源 000.txt"
    assert appendix_header([a]) == ["序号", "三级指标", "说明/理由", "引用"]  # no empty 问题/修改建议 columns


def test_appendix_names_the_table_only_when_there_are_several(table):
    other = table.model_copy(update={"project_name": "另一个项目"})
    rows = appendix_from_findings(table, [_finding(0)]) + appendix_from_findings(other, [_finding(1)])
    assert appendix_header(rows) == ["所属项目", "序号", "三级指标", "问题", "修改建议"]
    assert [c[0] for c in appendix_cells(rows)] == ["职业技能培训项目", "另一个项目"]
