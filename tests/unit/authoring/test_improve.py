"""improve(): every flagged row gets a rewrite with its reason, and the result files without errors."""

from __future__ import annotations

from assistant.authoring.compose import OfflineComposer
from assistant.authoring.improve import improve
from assistant.lint import lint_row, lint_table
from assistant.models import GoalTable, Indicator, Severity

ROWS = [
    ("产出指标", "数量指标", "数量", "数量"), ("产出指标", "质量指标", "培训合格率", "≥90完成比例"),
    ("效益指标", "社会效益指标", "促进就业工作", "效果明显"), ("满意度指标", "服务对象满意度指标", "群众满意度", "≤100%"),
]
TABLE = GoalTable(id="x", project_name="就业技能培训", budget_wan=20,
                  indicators=[Indicator(level1=a, level2=b, level3=c, value=d) for a, b, c, d in ROWS])


def test_rewrites_fix_values_and_replace_what_cannot_be_fixed():
    imp = improve(TABLE, lint_table, OfflineComposer(None, lint_row))
    by_row = {r.row: r for r in imp.rewrites}
    assert by_row[1].after.value == "≥90%" and "完成比例" in by_row[1].reason
    assert by_row[3].after.value == "≥90%"
    assert by_row[2].after.level3 != "促进就业工作" and "无法直接改成可衡量" in by_row[2].reason
    assert imp.original == TABLE  # the reviewer's table itself is untouched
    assert not [f for f in lint_table(imp.improved) if f.severity == Severity.ERROR]
    added = {r.level2 for r in imp.added}
    assert {"时效指标", "经济成本指标"} <= added


def test_without_a_composer_unfixable_rows_are_reported():
    imp = improve(TABLE, lint_table, None)
    assert {f.row for f in imp.unresolved} == {0, 2}
    assert imp.improved.indicators[1].value == "≥90%"
