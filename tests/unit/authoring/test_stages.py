"""Each engine stage alone: candidates, comparable projects, lint-and-repair, table assembly."""

from __future__ import annotations

import pytest

from assistant.authoring.brief import analyse
from assistant.authoring.candidates import CandidateStage, Draft, brief_drafts, from_hit
from assistant.authoring.comparable import ComparableProjects
from assistant.authoring.framework import slots
from assistant.authoring.library import load_library
from assistant.authoring.repair import checked_row
from assistant.authoring.table import QUOTA, fill_slot, goal_sentence
from assistant.lint import lint_row
from assistant.models import Indicator, ProjectBrief
from assistant.values import TargetValue
from tests.unit.authoring.fakes import Hit

SLOTS = slots("2021")


def _facts(name: str, purpose: str, budget: float | None = None):
    return analyse(ProjectBrief(name=name, purpose=purpose, budget_wan=budget))


# --- candidates --------------------------------------------------------------------------
def test_the_briefs_own_facts_are_candidates_of_their_slots():
    f = _facts("2026年水库除险加固", "完成大坝防渗处理，9月1日前交付使用，工程验收合格率100%", 480)
    assert [d.level3 for d in brief_drafts("timeliness", f)] == ["项目交付使用时间"]
    assert [d.target.render() for d in brief_drafts("quality", f)] == ["100%"]
    assert brief_drafts("cost", f)[0].target.render() == "≤480万元"
    assert all(d.source == "brief" for k in ("timeliness", "quality", "cost") for d in brief_drafts(k, f))


def test_a_published_count_does_not_carry_over_but_a_rate_does():
    count = Hit("t1", 0, Indicator(level1="产出指标", level2="数量指标", level3="培训人次", value="≥3000人次"), "技能培训")
    rate = Hit("t1", 1, Indicator(level1="产出指标", level2="质量指标", level3="培训合格率", value="≥90%"), "技能培训")
    assert from_hit("quantity", count) is None
    d = from_hit("quality", rate)
    assert d is not None and d.citations[0].table_id == "t1" and "技能培训" in d.rationale


def test_library_rows_come_from_the_projects_kind_and_counts_get_no_invented_number():
    lib = load_library()
    f = _facts("2026年农村公路养护", "养护县乡道路312公里")
    drafts = CandidateStage(lib).drafts_for("quality", f, [], [])
    assert drafts and all(d.source in ("brief", "convention") for d in drafts)
    qty = CandidateStage(lib).drafts_for("quantity", f, [], [])
    # The only count is the brief's own; the library offers no count with a default number.
    assert [d.target.render() for d in qty if d.source != "brief" and d.target.unit and not d.target.percent] == []


# --- comparable projects -----------------------------------------------------------------
def test_without_an_embedder_projects_are_comparable_by_shared_content_words():
    lib = load_library()
    f = _facts("2026年县人民医院医疗设备购置", "购置彩超2台")
    near = Hit("a", 0, Indicator(level1="产出指标", level2="质量指标", level3="设备验收合格率", value="100%"),
               "县人民医院医疗设备购置项目")
    far = Hit("b", 0, Indicator(level1="产出指标", level2="质量指标", level3="培训合格率", value="≥90%"), "农民工技能培训")
    close, sims = ComparableProjects(lib).find(f, [near, far])
    assert close == [near] and sims[id(near)] > sims[id(far)]


def test_alike_in_name_but_another_trade_is_not_comparable():
    lib = load_library()
    f = _facts("2026年社区养老服务中心运营补贴", "为1500名老人提供居家养老服务")
    pension = Hit("c", 0, Indicator(level1="产出指标", level2="质量指标", level3="参保率", value="≥90%"), "城乡居民养老保险经办")
    close, _ = ComparableProjects(lib, similarity=lambda text, names: [1.0] * len(names)).find(f, [pension])
    assert close == []


def test_a_published_projects_kind_is_read_with_its_own_tables_sector():
    # 业务费 alone reads as a procuratorate's; in a 人社 table it is a 人社 project, comparable to a 人社 brief.
    from assistant.authoring.kinds import KindClassifier

    lib = load_library()
    kinds = KindClassifier(lib)
    f = analyse(ProjectBrief(name="劳动保障监察执法经费", purpose="查处欠薪案件", sector="hr_social_security"),
                kinds.rank("劳动保障监察执法经费", "查处欠薪案件", sector="hr_social_security", limit=3))
    hit = Hit("d", 0, Indicator(level1="满意度指标", level2="服务对象满意度指标", level3="服务对象满意度", value="≥90%"),
              "业务费", sector="hr_social_security")
    comparable = ComparableProjects(lib, kinds, similarity=lambda text, names: [1.0] * len(names))
    assert comparable.name_kinds("业务费")[0].kind.sector == "法院与检察"
    assert comparable.name_kinds("业务费", "hr_social_security")[0].kind.sector in ("人社就业", "社会保险")
    assert comparable.find(f, [hit])[0] == [hit]


def test_the_generic_satisfaction_row_keeps_its_name_when_comparable_projects_use_it():
    lib = load_library()
    f = _facts("2026年公共就业服务专项", "为求职者提供职业介绍和就业指导")
    assert f.kinds and f.kinds[0].kind.beneficiary not in ("", "服务对象")
    stage = CandidateStage(lib)
    alone = [d.level3 for d in stage.drafts_for("satisfaction", f, [], [])]
    assert "服务对象满意度" not in alone  # named by the kind's beneficiary
    said = Hit("e", 0, Indicator(level1="满意度指标", level2="服务对象满意度指标", level3="服务对象满意度", value="≥95%"),
               "就业服务专项经费")
    names = [d.level3 for d in stage.drafts_for("satisfaction", f, [said], [said]) if not d.spare_only]
    assert "服务对象满意度" in names


# --- lint and repair ---------------------------------------------------------------------
def _draft(level3: str, value: str, source: str = "convention", slot: str = "quality") -> Draft:
    return Draft(slot, level3, f"{level3}的统计口径", TargetValue.parse(value), "计划标准", "理由", source)


def test_a_vague_row_is_never_suggested_and_a_clean_one_passes():
    assert checked_row(_draft("设备验收合格率", "100%"), SLOTS["quality"], lint_row, "offline") is not None
    assert checked_row(_draft("效果明显", "明显"), SLOTS["quality"], lint_row, "offline") is None


def test_a_repair_keeps_the_briefs_own_number():
    row = checked_row(_draft("设备验收合格率", "≥100%", source="brief"), SLOTS["quality"], lint_row, "offline")
    assert row is not None and row.target.render() == "100%"


# --- table ---------------------------------------------------------------------------------
def test_a_slot_holds_every_brief_fact_beyond_its_quota_and_no_two_rows_alike():
    f = _facts("2026年项目", "设备验收合格率100%，系统测试通过率≥99%，数据准确率≥98%，终端在线率≥95%")
    drafts = [*brief_drafts("quality", f), _draft("设备验收合格率（抽检）", "100%"), _draft("档案资料完整率", "100%")]
    rows, spare = fill_slot("quality", SLOTS["quality"], drafts, f, set(),
                            lambda d, s: checked_row(d, s, lint_row, "offline"))
    names = [r.level3 for r in rows]
    assert len(rows) == 4 > QUOTA["quality"] and "设备验收合格率（抽检）" not in names
    assert [r.level3 for r in spare] == ["档案资料完整率"]


def test_the_goal_sentence_is_written_from_the_rows_without_template_residue():
    f = _facts("2026年职业技能培训", "组织开展职业技能培训3000人次，12月底前完成")
    rows = []
    for key in ("quantity", "timeliness"):
        rows += fill_slot(key, SLOTS[key], brief_drafts(key, f), f, set(),
                          lambda d, s: checked_row(d, s, lint_row, "offline"))[0]
    text = goal_sentence(f.brief, rows)
    assert "3000人次" in text and "12月" in text
    assert not any(bad in text for bad in ("达到>", "完成-", "None", "{", "}"))


@pytest.mark.parametrize("brief", [
    ProjectBrief(name="禁毒经费", purpose="支持公安机关开展禁毒业务工作", budget_wan=100),
    ProjectBrief(name="河道综合治理", purpose="治理河道15公里，水质达标率提高到90%", budget_wan=900),
    ProjectBrief(name="办公楼租金", budget_wan=40),
    ProjectBrief(name="困难群众临时救助", purpose="为500户困难家庭发放临时救助金", budget_wan=50),
])
def test_a_table_has_10_to_15_rows_a_quantity_row_and_no_name_twice(brief):
    from assistant.authoring.compose import OfflineComposer

    rows = OfflineComposer(None, lint_row).suggest(brief).rows
    names = [r.level3 for r in rows]
    assert 10 <= len(rows) <= 15, names
    assert len(set(names)) == len(names)
    assert any(r.level2 == "数量指标" for r in rows)
