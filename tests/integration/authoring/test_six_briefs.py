"""The six briefs a new user tried (issue 15): every stated number, object and date reaches the right row,
citations and alternatives stay in the project's sector, the goal sentence has no template residue."""

from __future__ import annotations

import datetime as _dt

import pytest

from assistant.authoring.dates import budget_year
from assistant.models import ProjectBrief


@pytest.fixture(scope="module")
def composer(shipped):
    return shipped[1]


def _rows(s, level2):
    return [(r.level3, r.target.render()) for r in s.rows if r.level2 == level2]


def _sectors_of(composer, s):
    """Sectors named by each citation's project and each alternative's words."""
    return {m.kind.sector for r in s.rows for c in r.citations for m in composer.comparable.name_kinds(c.project_name or "")[:1]}


def test_hospital_equipment_keeps_the_ct_and_the_bracketed_ultrasound(composer):
    s = composer.suggest(ProjectBrief(name="县人民医院医疗设备购置", purpose="购置CT 1台、彩超2台", budget_wan=480, year=2027))
    counts = dict(_rows(s, "数量指标"))
    assert counts.get("CT购置数量") == "≥1台" and counts.get("彩超数量") == "≥2台"
    assert not any(r.level3.startswith("单位") for r in s.rows if "成本" in r.level2), "two outputs: no unit cost"
    bracketed = composer.suggest(ProjectBrief(name="县人民医院医疗设备购置", purpose="购置彩色多普勒超声诊断仪（彩超）2台",
                                              quantities=["CT 1台"], budget_wan=480, year=2027))
    counts = dict(_rows(bracketed, "数量指标"))
    assert counts.get("彩超购置数量") == "≥2台" and counts.get("CT数量") == "≥1台"
    assert _sectors_of(composer, s) <= {"卫生健康", "通用"}


def test_people_served_are_the_output_of_a_home_care_subsidy(composer):
    s = composer.suggest(ProjectBrief(name="社区居家养老服务补贴", purpose="为辖区高龄、失能老人提供居家养老上门服务，服务老人1500人",
                                      budget_wan=200, year=2027))
    assert ("服务老人人数", "≥1500人") in _rows(s, "数量指标")
    assert not any("计划任务完成率" in n for n, _ in _rows(s, "数量指标"))
    alts = [a.level3 for rows in s.alternatives.values() for a in rows]
    assert not any("旅游" in a or "职称" in a for a in alts), alts


@pytest.mark.parametrize(("purpose", "value", "name"), [
    ("改造学校运动场，9月1日前交付使用", "2027年9月1日前", "项目交付使用时间"),
    ("对城区河道实施清淤，清淤土方约8万立方米，汛期前完成", "2027年5月31日前", "项目完成时间"),
    ("开展非遗项目记录、传承人培训，5月31日前完成", "2027年5月31日前", "项目完成时间"),
])
def test_every_deadline_form_becomes_its_date_with_the_brief_quoted(composer, purpose, value, name):
    s = composer.suggest(ProjectBrief(name="项目", purpose=purpose, budget_wan=100, year=2027))
    times = [r for r in s.rows if r.level2 == "时效指标"]
    row = next((r for r in times if r.target.render() == value), None)
    assert row is not None, [(r.level3, r.target.render()) for r in times]
    assert row.level3 == name and row.value_source == "brief" and "项目说明" in row.rationale


def test_dredging_volume_is_a_count_row(composer):
    s = composer.suggest(ProjectBrief(name="城区河道清淤工程", purpose="对城区河道实施清淤，清淤土方约8万立方米，汛期前完成",
                                      budget_wan=300, year=2027))
    assert ("清淤土方数量", "≥8万立方米") in _rows(s, "数量指标")
    assert _sectors_of(composer, s) <= {"水利", "通用"}
    assert not any("自来水" in r.level3 for r in s.rows), "the second guessed kind (农村供水) brings no rows"


def test_the_goal_sentence_has_no_template_residue(composer):
    s = composer.suggest(ProjectBrief(name="职业技能培训", purpose="培训50人次，培训合格率>90%", budget_wan=10, year=2027))
    goal = s.goals[0]
    assert "达到>" not in goal and "完成-" not in goal and "≥" not in goal and "{" not in goal


def test_the_year_is_next_year_from_october_when_none_is_given():
    assert budget_year(None, "职业技能培训", _dt.date(2026, 10, 8))[0] == 2027
    assert budget_year(None, "职业技能培训", _dt.date(2026, 9, 30))[0] == 2026
    assert budget_year(None, "2025年职业技能培训", _dt.date(2026, 11, 1))[0] == 2025
    assert budget_year(2030, "2025年职业技能培训")[0] == 2030
