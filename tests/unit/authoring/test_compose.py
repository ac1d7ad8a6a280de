"""The offline engine without an index: what it derives from the brief alone."""

from __future__ import annotations

from assistant.authoring.compose import OfflineComposer
from assistant.lint import lint_row
from assistant.models import ProjectBrief
from tests.unit.authoring.fakes import published


def alike(text, names):
    """Every published project reads as alike to the brief (as USE found for the cases below)."""
    return [1.0] * len(names)


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


def test_a_project_alike_only_in_running_costs_is_not_comparable():
    corpus = published(("产出指标", "质量指标", "提升城乡居民养老参保率", "≥90%", "城乡居民养老保险经办业务经费"))
    brief = ProjectBrief(name="2026年城乡居民最低生活保障资金", purpose="保障全县8200名低保对象基本生活，资金按月足额发放",
                         budget_wan=6800)
    s = OfflineComposer(corpus, lint_row).suggest(brief)
    assert "提升城乡居民养老参保率" not in {r.level3 for r in s.rows}


def test_every_stated_standard_becomes_a_cost_row_beside_the_total():
    costs = _costs("困难残疾人生活补贴每人每月90元，重度残疾人护理补贴每人每月100元，覆盖约6500人", 750)
    assert costs == {"项目总成本": "≤750万元", "困难残疾人生活补贴标准": "90元/人·月", "重度残疾人护理补贴标准": "100元/人·月"}


def test_a_published_at_least_100_percent_is_suggested_as_100_percent():
    corpus = published(("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥100%", "全民健身工程"))
    s = OfflineComposer(corpus, lint_row).suggest(ProjectBrief(name="2026年全民健身工程", purpose="新建社区健身路径30套"))
    sat = next(r for r in s.rows if r.level2 == "服务对象满意度指标")
    assert sat.target.render() != "≥100%"


def test_a_rule_never_changes_the_size_of_a_number_from_the_brief():
    # 约2.1万名学生 once came out as 学生人数 ≥2.1人 (the linter did not know 万名 and proposed 人).
    s = OfflineComposer(None, lint_row).suggest(ProjectBrief(name="2026年学生营养改善计划",
                                                             purpose="为农村义务教育阶段约2.1万名学生提供营养膳食补助"))
    rendered = {r.level3: r.target.render() for r in s.rows}
    assert rendered.get("农村义务教育阶段学生人数") == "≥2.1万名"
    assert not any(v.endswith("2.1人") for v in rendered.values())


def test_a_published_row_naming_another_trade_is_not_carried_over():
    # A school-meal subsidy got 就业补助项目完成程度 from an employment-subsidy table (both are 补助).
    corpus = published(("产出指标", "质量指标", "就业补助项目完成程度", "≥85%", "中央就业补助资金"),
                          ("产出指标", "质量指标", "资金应补尽补率", "100%", "农村学生营养膳食补助经费"))
    s = OfflineComposer(corpus, lint_row, similarity=alike).suggest(ProjectBrief(
        name="2026年学生营养改善计划", purpose="为农村义务教育阶段学生提供营养膳食补助，每生每天5元"))
    names = {r.level3 for r in s.rows}
    assert "就业补助项目完成程度" not in names and "资金应补尽补率" in names


def test_a_rate_the_brief_states_gets_its_slot_and_library_rows_need_their_subject():
    water = OfflineComposer(None, lint_row).suggest(ProjectBrief(
        name="2026年农村饮水安全巩固提升工程", purpose="新建改造供水工程15处，水质达标率不低于95%"))
    assert {(r.level2, r.level3, r.target.render()) for r in water.rows} >= {("生态效益指标", "水质达标率", "≥95%")}
    river = OfflineComposer(None, lint_row).suggest(ProjectBrief(
        name="2026年中小河流治理工程", purpose="治理中小河流河道12.6公里，新建堤防8.4公里"))
    assert "苗木成活率" not in {r.level3 for r in river.rows}  # no trees in a dike project


def test_two_wordings_of_one_indicator_are_not_both_suggested():
    corpus = published(("产出指标", "质量指标", "项目(工程)验收合格率", "100%", "高标准农田建设项目"),
                          ("产出指标", "质量指标", "工程验收合格率", "100%", "农田水利工程"))

    s = OfflineComposer(corpus, lint_row, similarity=alike).suggest(ProjectBrief(
        name="2026年高标准农田建设项目", purpose="新建高标准农田2.5万亩"))
    quality = [r.level3 for r in s.rows if r.level2 == "质量指标"]
    assert len([q for q in quality if "验收合格率" in q]) == 1, quality


def test_a_flood_standard_in_the_brief_is_a_quality_row_and_not_an_output():
    s = OfflineComposer(None, lint_row).suggest(ProjectBrief(
        name="2026年中小河流治理工程", purpose="新建堤防8.4公里，防洪标准达到20年一遇", budget_wan=3200))
    rows = {r.level3: (r.level2, r.target.render()) for r in s.rows}
    assert rows["防洪标准"] == ("质量指标", "≥20年一遇")
    assert rows["单位新建堤防长度成本"] == ("经济成本指标", "≤380.95万元/公里")  # the standard is not a second output
