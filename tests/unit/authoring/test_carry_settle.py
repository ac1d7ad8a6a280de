"""Carry-over of rows no fix can clean: a stated fact fills them, else they are dropped or replaced, and
only what none of that can mend stays 待人工修改 (the real linter and the library-only engine)."""

from __future__ import annotations

from assistant.authoring.carry import CarryFacts, carry_over, cell, diff_appendix, diff_rows, diff_text
from assistant.authoring.compose import OfflineComposer
from assistant.lint import lint_row, lint_table
from assistant.models import GoalTable, Indicator, Severity

ROWS = [
    ("产出指标", "数量指标", "农村饮水工程新建供水管网长度", "≥20公里"),
    ("产出指标", "数量指标", "灌区节水改造面积", "万亩"),
    ("产出指标", "质量指标", "工程验收合格率", "100%"),
    ("产出指标", "时效指标", "工程完工时间", "2021年11月底前"),
    ("成本指标", "经济成本指标", "项目总成本", "≤500万元"),
    ("效益指标", "社会效益指标", "农村饮水安全水平", "效果明显"),
    ("效益指标", "可持续影响指标", "工程设施正常运行年限", "≥10年"),
    ("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%"),
]


def _table(rows=ROWS) -> GoalTable:
    return GoalTable(id="w", year=2021, budget_wan=500, project_name="2021年农村饮水安全巩固提升工程",
                     purpose="巩固提升农村饮水安全保障水平", goals=["完成农村供水管网建设，提升农村饮水安全保障水平"],
                     indicators=[Indicator(level1=a, level2=b, level3=c, value=d) for a, b, c, d in rows])


def _warnings(t: GoalTable) -> list[str]:
    return [f"{f.row}:{f.flag}" for f in lint_table(t) if f.severity in (Severity.ERROR, Severity.WARNING)]


def _by_name(c, name):
    return next(d for d in c.diff if name in d.before)


def test_a_stated_quantity_fills_a_value_with_the_unit_alone():
    c = carry_over(_table(), CarryFacts(budget_wan=400, quantities=["灌区节水改造面积3万亩"]), lint_table,
                   OfflineComposer(None, lint_row))
    d = _by_name(c, "灌区节水改造面积")
    assert d.change == "updated" and d.after.endswith("3万亩") and "没有数字" in d.why
    assert not [n for n in c.notes if "灌区" in n]  # the quantity went into last year's row, not a new one
    assert not _warnings(c.table)


def test_without_the_number_the_row_is_dropped_and_the_clerk_told_what_to_fill_in():
    c = carry_over(_table(), CarryFacts(budget_wan=400), lint_table, OfflineComposer(None, lint_row))
    d = _by_name(c, "灌区节水改造面积")
    assert d.change == "dropped" and d.after == ""
    assert "“万亩”无数字" in d.why and "如需保留" in d.why and "灌区节水改造面积" in d.why.split("如需保留")[1]
    assert all("灌区" not in (r.level3 or "") for r in c.table.indicators)
    assert any(r.level3 == "农村饮水工程新建供水管网长度" for r in c.table.indicators)  # its 二级 keeps a row
    assert not _warnings(c.table)
    # The diff says it in Chinese: in the UI's rows, the export appendix and the terminal.
    assert any(r[3].startswith("【删除】") and r[2] == "" for r in diff_rows(c))
    app = [a for a in diff_appendix(c) if a.rationale.startswith("【删除】")]
    assert app and app[0].fixes == "今年：（删除）" and "灌区节水改造面积" in app[0].problems
    assert "删除1行" in diff_text(c)


def test_a_lone_flagged_row_of_its_level2_is_replaced_by_the_engine_row():
    c = carry_over(_table(), CarryFacts(budget_wan=400), lint_table, OfflineComposer(None, lint_row))
    d = _by_name(c, "农村饮水安全水平")
    assert d.change == "replaced" and d.after and "改用引擎的同类指标" in d.why and "如需保留原指标" in d.why
    new = next(r for r in c.table.indicators if f"{r.level3}：{r.value}" == d.after)
    assert new.level2 == "社会效益指标" and new.level3 != "农村饮水安全水平"
    tv = new.target  # a rate, a limit or a duration: never a count the clerk did not give
    assert tv.percent or tv.number is None or (tv.comparator or "").startswith("≤") or tv.number == 0
    assert any(r[3].startswith("【替换】") for r in diff_rows(c))
    assert any(a.rationale.startswith("【替换】") for a in diff_appendix(c))


def test_a_repeated_row_is_dropped_and_the_first_kept():
    rows = [*ROWS[:3], ("产出指标", "质量指标", "工程验收合格率", "≥95%"), *ROWS[3:5], *ROWS[6:]]
    c = carry_over(_table(rows), CarryFacts(budget_wan=400), lint_table, OfflineComposer(None, lint_row))
    twins = [d for d in c.diff if "工程验收合格率" in d.before]
    assert [d.change for d in twins] == ["kept", "dropped"] and "重复" in twins[1].why
    assert not _warnings(c.table)


def test_without_an_engine_a_lone_row_is_dropped_only_when_the_framework_stays_complete():
    # 社会效益 beside 可持续影响: the table keeps its 效益指标 without the row.
    c = carry_over(_table(), CarryFacts(budget_wan=400), lint_table, None)
    d = _by_name(c, "农村饮水安全水平")
    assert d.change == "dropped" and "未接入指标引擎" in d.why and "仍有框架要求的各类指标" in d.why
    assert _by_name(c, "灌区节水改造面积").change == "dropped"  # dropping needs no engine
    assert not _warnings(c.table)
    # The only 效益 row: dropping it would leave the table without 效益指标, so it stays and says why.
    c = carry_over(_table([r for r in ROWS if r[1] != "可持续影响指标"]), CarryFacts(budget_wan=400), lint_table, None)
    d = _by_name(c, "农村饮水安全水平")
    assert d.change == "unresolved" and "未接入指标引擎" in d.why and "缺少社会效益指标" in d.why
    assert "农村饮水安全水平" in d.after and "如需保留" not in d.why and "请人工修改" in d.why
    assert any(r[3].startswith("【待人工修改】") for r in diff_rows(c))
    left = {cell(c.table.indicators[f.row]) for f in lint_table(c.table) if f.row is not None
            and f.severity in (Severity.ERROR, Severity.WARNING)}
    assert left == {d.after}  # the row the diff names is the only one left
