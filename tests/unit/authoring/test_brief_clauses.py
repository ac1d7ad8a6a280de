"""Facts of a brief that earlier readers lost: changes on last year, gains, standards per thing, dates."""

from __future__ import annotations

from assistant.authoring.brief import analyse
from assistant.authoring.compose import OfflineComposer
from assistant.authoring.dates import find_deadlines
from assistant.lint import lint_row
from assistant.models import ProjectBrief


def _q(text: str) -> dict[str, str]:
    f = analyse(ProjectBrief(name="2026年项目", purpose=text))
    return {q.name: f"{q.number:g}{q.unit}" for q in f.quantities}


def _st(text: str) -> dict[str, str]:
    f = analyse(ProjectBrief(name="2026年项目", purpose=text, budget_wan=100))
    return {s.name: s.value for s in f.standards}


def test_a_change_on_last_year_is_a_rate():
    assert _q("可防性案件发案率同比下降5%") == {"可防性案件发案率同比降幅": "5%"}
    assert _q("农产品网络零售额同比增长10%以上") == {"农产品网络零售额同比增幅": "10%"}


def test_an_income_gained_is_a_benefit_not_a_subsidy_standard():
    text = "村集体经济年增收不低于8万元，带动农户户均增收2000元以上"
    assert _q(text) == {"村集体经济年增收金额": "8万元", "带动农户户均增收金额": "2000元"}
    assert _st(text) == {}
    assert _q("项目区粮食亩产提高50公斤以上") == {"项目区粮食亩产增加量": "50公斤"}
    assert _q("增加投入50万元") == {}  # spending more is not a gain


def test_money_standards_keep_their_period_and_measure_word():
    assert _st("补助标准300元/人·月") == {"补助标准": "300元/人·月"}
    assert _st("每个基站补助1万元") == {"每个基站补助标准": "1万元/个"}
    assert _st("给予后补助，单个企业最高不超过50万元") == {"单个企业补助上限": "≤50万元/家"}
    assert _st("对在治患者每人补助交通营养费200元") == {"在治患者人均补助标准": "200元/人"}


def test_a_bracketed_word_inside_a_rate_name_stays_in_the_name():
    assert _q("培训后就业（创业）率不低于30%") == {"培训后就业（创业）率": "30%"}


def test_dates_qingming_every_month_and_a_past_year_in_a_description():
    [d] = find_deadlines("清明节前完成迁移和修缮", 2026)
    assert d.value() == "2026年4月4日前" and "4月5日" in d.convention  # 清明 2026 is 5 April
    [m] = find_deadlines("保障金每月10日前发放到位", 2026)
    assert m.value() == "每月10日前"
    assert find_deadlines("改造2000年底前建成的老旧小区14个", 2026) == []


def test_the_engine_puts_the_new_facts_in_their_slots_and_says_nothing_twice():
    brief = ProjectBrief(name="2026年石门村食用菌产业基地建设", budget_wan=260,
                         purpose="新建食用菌标准化大棚40座", goals=["村集体经济年增收不低于8万元", "带动农户户均增收2000元以上"])
    rows = {r.level3: (r.level2, r.target.render()) for r in OfflineComposer(None, lint_row).suggest(brief).rows}
    assert rows["村集体经济年增收金额"] == ("经济效益指标", "≥8万元")
    assert rows["带动农户户均增收金额"] == ("经济效益指标", "≥2000元")
    assert not any("补助标准" in n for n in rows)
    jobs = OfflineComposer(None, lint_row).suggest(ProjectBrief(
        name="2026年职业技能提升培训补贴", purpose="开展职业技能培训4000人次", goals=["培训后就业率达到60%以上"]))
    assert sum("就业率" in r.level3 for r in jobs.rows) == 1
