"""The offline engine without an index: what it derives from the brief alone."""

from __future__ import annotations

from assistant.authoring.compose import OfflineComposer
from assistant.lint import lint_row
from assistant.models import ProjectBrief


def _costs(purpose: str, budget: float) -> dict[str, str]:
    s = OfflineComposer(None, lint_row).suggest(ProjectBrief(name="2026年项目", purpose=purpose, budget_wan=budget))
    return {r.level3: r.target.render() for r in s.rows if r.level2 == "经济成本指标"}


def test_a_unit_cost_only_when_the_budget_pays_for_one_output():
    assert _costs("新建村级道路5公里", 600) == {"项目总成本": "≤600万元", "单位新建村级道路长度成本": "≤120万元/公里"}
    # Roads and bridges from one budget: budget / kilometres is not the cost of a kilometre.
    assert _costs("养护县乡道路312公里，改造危桥5座", 2600) == {"项目总成本": "≤2600万元"}


def test_a_brief_rate_of_100_percent_is_not_written_as_at_least_100():
    s = OfflineComposer(None, lint_row).suggest(ProjectBrief(name="食品抽检", purpose="不合格食品核查处置率100%"))
    row = next(r for r in s.rows if r.level3 == "不合格食品核查处置率")
    assert row.target.render() == "100%"
