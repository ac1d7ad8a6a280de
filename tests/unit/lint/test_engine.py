"""lint_table, the table rules, the quality score and the rule catalogue."""

from __future__ import annotations

from assistant.lint import FLAGS, RULES, detect_framework, lint_table, score_table
from assistant.models import GoalTable, Indicator, Severity


def _ind(l1, l2, l3, value, basis="计划标准：年度工作计划"):
    # A description that only copied the name would itself be a (info-level) finding.
    return Indicator(level1=l1, level2=l2, level3=l3, description=f"年度{l3}（以台账统计）", value=value, basis=basis)


GOOD_ROWS = [
    _ind("产出指标", "数量指标", "培训人次", "≥3000人次"),
    _ind("产出指标", "质量指标", "培训合格率", "≥90%"),
    _ind("产出指标", "时效指标", "培训完成时间", "2024年12月底前"),
    _ind("成本指标", "经济成本指标", "培训成本", "≤78.71万元"),
    _ind("效益指标", "社会效益指标", "参训人员就业率", "≥60%"),
    _ind("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%"),
]


def _table(rows, **kw):
    return GoalTable(id=kw.pop("id", "t"), project_name="职业技能培训", budget_wan=100, year=2024,
                     goals=["完成职业技能培训3000人次，提升参训人员就业率"], indicators=rows, **kw)


def test_clean_table_has_no_findings_and_scores_full():
    t = _table(GOOD_ROWS)
    assert lint_table(t) == []
    s = score_table(t)
    assert s.score == 100 and s.row_scores == [1.0] * 6
    assert detect_framework(t) == "2021"


def test_bad_row_lowers_its_row_score_and_the_table_score():
    rows = list(GOOD_ROWS)
    rows[4] = _ind("效益指标", "社会效益指标", "维护农民工合法权益", "效果明显")
    t = _table(rows)
    fs = lint_table(t)
    assert {f.row for f in fs if f.row is not None} == {4}
    s = score_table(t, fs)
    assert s.row_scores[4] < 0.5 and all(x == 1.0 for i, x in enumerate(s.row_scores) if i != 4)
    assert s.score < score_table(_table(GOOD_ROWS)).score
    assert s.errors == 1


def test_table_findings_have_no_row():
    t = _table([GOOD_ROWS[0], GOOD_ROWS[0]], purpose="为就业困难群众提供培训服务")
    fs = [f for f in lint_table(t) if f.row is None]
    codes = {f.code for f in fs}
    assert {"ZB201", "ZB203", "ZB204"} <= codes
    # Under a recognised framework the missing satisfaction dimension is named by ZB201, not twice.
    assert "满意度指标" in next(f for f in fs if f.code == "ZB201").evidence and "ZB202" not in codes
    assert all(f.field == "table" and f.message and f.fix for f in fs)


def test_cost_above_budget_is_an_error():
    rows = list(GOOD_ROWS)
    rows[3] = _ind("成本指标", "经济成本指标", "培训成本", "≤1200000元")
    fs = [f for f in lint_table(_table(rows)) if f.code == "ZB205"]
    assert len(fs) == 1 and fs[0].severity == Severity.ERROR and "第4行" in fs[0].evidence
    rows[3] = _ind("成本指标", "经济成本指标", "人均培训成本", "≤1200元/人")
    assert not [f for f in lint_table(_table(rows)) if f.code == "ZB205"]


def test_frameworks_are_detected_and_required_levels_differ():
    old = [_ind("产出指标", "数量指标", "a", "1个"), _ind("效益指标", "社会效益指标", "b率", "≥90%")]
    assert detect_framework(_table(old)) == "2015"
    dept = [_ind(l1, "x", "c", "1个") for l1 in ("运行成本", "管理效率", "履职效能")]
    assert detect_framework(_table(dept)) == "department"
    missing = next(f for f in lint_table(_table(dept)) if f.code == "ZB201")
    assert "社会效应" in missing.evidence and "可持续发展能力" in missing.evidence
    assert detect_framework(_table([_ind("决策", "项目立项", "立项规范性", "规范")])) is None


def test_goal_without_indicator_is_reported():
    t = _table(GOOD_ROWS)
    t.goals.append("完成办公楼消防设施改造并通过验收")
    assert any(f.code == "ZB206" and "消防设施" in f.message for f in lint_table(t))


def test_rule_catalogue_maps_row_rules_onto_the_label_vocabulary():
    assert len(RULES) >= 15
    for code, r in RULES.items():
        assert r.code == code and r.title and r.description and isinstance(r.severity, Severity)
    row_flags = {r.flag for r in RULES.values() if r.level == "row"}
    assert set(FLAGS) <= row_flags
    errors = {r.flag for r in RULES.values() if r.severity == Severity.ERROR and r.level == "row"}
    assert errors == {"vague_value", "no_unit_or_comparator", "wrong_direction", "impossible_value"}


