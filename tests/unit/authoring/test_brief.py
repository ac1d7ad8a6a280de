"""Reading quantities, rates and deadlines out of a brief's own words."""

from __future__ import annotations

import pytest

from assistant.authoring.brief import analyse
from assistant.models import ProjectBrief


def _q(purpose: str, **kw):
    facts = analyse(ProjectBrief(name=kw.pop("name", "项目"), purpose=purpose, **kw))
    return {q.name: (q.number, q.unit) for q in facts.quantities}, facts


@pytest.mark.parametrize(
    "purpose,name,number,unit",
    [
        ("组织开展职业技能培训3000人次", "职业技能培训人次", 3000, "人次"),
        ("为全县学校购置教学设备120台", "教学设备购置数量", 120, "台"),
        ("新建村级道路5.2公里", "新建村级道路长度", 5.2, "公里"),
        # A relief fund pays these families: they are its output, named by its own verb.
        ("为500户困难家庭发放临时救助金", "救助困难家庭户数", 500, "户"),
        ("培训后就业率达到60%", "培训后就业率", 60, "%"),
        ("为老年人提供健康体检1.2万人次", "健康体检人次", 1.2, "万人次"),
    ],
)
def test_named_quantities(purpose, name, number, unit):
    found, _ = _q(purpose)
    assert found[name] == (number, unit)


def test_budget_restated_and_money_are_not_outputs():
    found, _ = _q("项目资金78.71万元，其中发放补贴50万元，培训200人", budget_wan=78.71)
    assert all(u not in ("万元", "元") for _, u in found.values())
    assert found["培训人数"] == (200, "人")


def test_years_are_not_quantities_and_deadlines_are_read():
    found, facts = _q("2024年完成培训300人次，10月底前完成")
    assert 2024 not in [n for n, _ in found.values()]
    assert facts.deadline_month == 10


def test_kinds_are_recognised_for_sectors_outside_the_corpus():
    _, facts = _q("治理河道15公里，植树造林300亩", name="河道综合治理")
    assert facts.kinds[0].kind.sector in ("水利", "林业草原")
    _, facts = _q("为学校购置教学设备", name="县一中教学设备购置")
    assert "education.teaching_equipment" in {m.kind.key for m in facts.kinds}


def test_elderly_care_and_pension_insurance_are_different_kinds():
    from assistant.authoring.library import match_kinds

    assert match_kinds("社区养老服务中心 新增养老床位50张")[0].kind.sector == "养老"
    assert all(m.kind.sector != "社会保险" for m in match_kinds("居家养老服务 助餐"))
    assert match_kinds("城乡居民养老保险县级配套")[0].kind.sector == "社会保险"


def test_xinzeng_names_what_is_added():
    from assistant.authoring.brief import analyse
    from assistant.models import ProjectBrief

    qs = analyse(ProjectBrief(name="医院扩建", purpose="新增床位200张")).quantities
    assert [q.name for q in qs] == ["新增床位数量"]


def test_the_year_in_the_project_name_is_the_budget_year():
    from assistant.authoring.brief import analyse
    from assistant.authoring.compose import OfflineComposer
    from assistant.lint import lint_row
    from assistant.models import ProjectBrief

    brief = ProjectBrief(name="2025年职业技能提升培训项目", purpose="组织开展职业技能培训3000人次，12月底前完成")
    assert analyse(brief).year == 2025
    assert analyse(brief.model_copy(update={"year": 2027})).year == 2027
    assert analyse(ProjectBrief(name="培训项目", purpose="培训3000人次")).year is None
    s = OfflineComposer(None, lint_row).suggest(brief)
    deadline = next(r for r in s.rows if r.level2 == "时效指标")
    assert deadline.target.render().startswith("2025年12月")


def test_who_is_served_is_named_from_the_words_after_the_number():
    from assistant.authoring.brief import analyse
    from assistant.models import ProjectBrief

    water = analyse(ProjectBrief(name="农村饮水安全工程", purpose="新建供水管网35公里，解决1.5万人饮水问题")).quantities
    assert "解决饮水问题人数" in [q.name for q in water]
    assert next(q for q in water if q.name == "解决饮水问题人数").benefit
    schools = analyse(ProjectBrief(name="校园监控", purpose="为30所中小学安装校园视频监控系统")).quantities
    # The schools equipped are the output (数量), not who benefits (2026-12-02: blind briefs label them 数量).
    assert [(q.name, q.number, q.benefit) for q in schools] == [("中小学数量", 30, False)]


@pytest.mark.parametrize(("purpose", "name", "value"), [
    ("为农村义务教育阶段学生提供营养膳食补助，每生每天5元", "生均每天补助标准", "5元/生·天"),
    ("对城乡低保对象实施救助，人均救助320元", "人均救助标准", "320元/人"),
    ("按每生每学年500元计算发放资助", "生均每学年资助标准", "500元/生·学年"),
])
def test_a_per_head_amount_is_the_subsidy_standard(purpose, name, value):
    facts = analyse(ProjectBrief(name="补助资金", purpose=purpose))
    assert facts.standards
    assert (facts.standards[0].name, facts.standards[0].value) == (name, value)


def test_a_per_head_amount_makes_a_student_grant_a_subsidy_whose_students_are_its_output():
    # 学生/义务教育 point at a school project; 补助 with 每生每天5元 says the money is paid to students.
    facts = analyse(ProjectBrief(name="农村义务教育学生营养改善计划",
                                 purpose="为农村义务教育阶段学生提供营养膳食补助，每生每天5元，受益学生12000人"))
    q = next(q for q in facts.quantities if q.number == 12000)
    assert (q.name, q.benefit) == ("补助学生人数", False)
    # Without a per-head amount the same words stay a school project with beneficiaries.
    school = analyse(ProjectBrief(name="农村义务教育薄弱学校改造", purpose="改善办学条件，受益学生12000人，补助学校设备"))
    assert not school.standards
    assert next(q for q in school.quantities if q.number == 12000).benefit


@pytest.mark.parametrize(("purpose", "name", "unit"), [
    ("森林火灾受害率控制在0.9‰以内", "森林火灾受害率", "‰"),
    ("安全事故率控制在1%以下", "安全事故率", "%"),
])
def test_a_rate_held_under_a_ceiling_is_an_upper_bound(purpose, name, unit):
    q = analyse(ProjectBrief(name="项目", purpose=purpose)).quantities[0]
    assert (q.name, q.unit, q.upper) == (name, unit, True)
    assert not analyse(ProjectBrief(name="项目", purpose="就业率达到95%")).quantities[0].upper
    # 不低于 ends in 低于 but is a floor (the engine had turned 不低于62% into a ceiling, then "fixed" it to ≥90%).
    assert not analyse(ProjectBrief(name="项目", purpose="高血压患者规范管理率不低于62%")).quantities[0].upper


@pytest.mark.parametrize(("purpose", "name", "number", "unit"), [
    # From a review of 25 new briefs: names built from sentence fragments.
    ("改造面积约1.8万平方米", "改造面积", 1.8, "万平方米"),  # not 改造面积约面积
    ("保障县图书馆、文化馆、博物馆及14个乡镇综合文化站免费开放", "乡镇综合文化站数量", 14, "个"),  # not 博物馆及数量
    ("65岁以上老年人健康管理率达到65%以上", "65岁以上老年人健康管理率", 65, "%"),  # not 5岁以上…
    ("城镇新增就业5000人", "城镇新增就业人数", 5000, "人"),  # not 新增城镇新增就业人数
    ("为农村义务教育阶段约2.1万名学生提供营养餐", "农村义务教育阶段学生人数", 2.1, "万名"),
    ("完成食品安全监督抽检4.5份/千人，共计约2700批次", "抽检食品安全监督批次", 2700, "批次"),  # 4.5份/千人 is a ratio
    ("惠及约1.6万人", "惠及人口数", 1.6, "万人"),  # 惠及 is a verb, not a list's 及
])
def test_names_from_real_sentences(purpose, name, number, unit):
    found, _ = _q(purpose)
    assert found.get(name) == (number, unit), found


def test_a_number_said_twice_is_one_quantity_under_its_more_specific_name():
    facts = analyse(ProjectBrief(name="高素质农民培训", purpose="培训高素质农民1200人", quantities=["培训1200人"]))
    assert [(q.name, q.number) for q in facts.quantities] == [("高素质农民培训人数", 1200)]


def test_each_stated_standard_is_kept_under_the_words_that_name_it():
    facts = analyse(ProjectBrief(name="城乡居民最低生活保障资金",
                                 purpose="按照城市低保每人每月780元、农村低保每人每月620元标准，保障全县约8200名低保对象基本生活"))
    assert facts.kinds[0].kind.pays_people
    assert [(s.name, s.value) for s in facts.standards] == [
        ("城市低保人均每月补助标准", "780元/人·月"), ("农村低保人均每月补助标准", "620元/人·月")]
    both = analyse(ProjectBrief(name="残疾人两项补贴", purpose="困难残疾人生活补贴每人每月90元，重度残疾人护理补贴每人每月100元"))
    assert [s.name for s in both.standards] == ["困难残疾人生活补贴标准", "重度残疾人护理补贴标准"]


@pytest.mark.parametrize(("purpose", "name", "benefit"), [
    ("对全县12所农村义务教育学校实施校舍维修改造", "维修改造农村义务教育学校数量", False),  # worked on: an output
    ("为全县68个部门提供政务云计算、存储、安全服务", "服务部门数量", False),  # served: an output
    ("为30所中小学安装校园视频监控系统", "中小学数量", False),  # the schools equipped: an output (数量)
])
def test_what_a_count_after_dui_or_wei_is(purpose, name, benefit):
    (q,) = analyse(ProjectBrief(name="项目", purpose=purpose)).quantities
    assert (q.name, q.benefit) == (name, benefit)


def test_the_rationale_quotes_the_brief_verbatim():
    # A quote the brief never said (新增城镇新增就业5000人, 惠1.6万人) misleads the reviewer who checks it.
    facts = analyse(ProjectBrief(name="低保", purpose="保障全县约8200名低保对象基本生活，城镇调查失业率控制在5.5%以内"))
    text = facts.brief.purpose
    assert all(q.raw in text for q in facts.quantities)
    assert facts.quantities[0].raw == "保障全县约8200名低保对象基本生活"


def test_a_return_period_standard_is_read():
    facts = analyse(ProjectBrief(name="河道治理", purpose="新建堤防8.4公里，防洪标准达到20年一遇"))
    q = next(q for q in facts.quantities if q.unit == "年一遇")
    assert (q.name, q.number, q.raw) == ("防洪标准", 20, "防洪标准达到20年一遇")


@pytest.mark.parametrize(("budget", "says"), [(float("nan"), "有效数字"), (-5.0, "负数"), (1_500_000.0, "万元")])
def test_a_budget_that_cannot_be_right_becomes_a_question_and_no_cost_row_from_it(budget, says):
    from assistant.authoring.compose import OfflineComposer
    from assistant.lint import lint_row

    s = OfflineComposer(None, lint_row).suggest(ProjectBrief(name="培训项目", purpose="培训300人次", budget_wan=budget))
    assert any(says in n for n in s.notices), s.notices
    costs = [r.target.render() for r in s.rows if "成本" in r.level2]
    assert not any("nan" in c or "-5" in c for c in costs), costs
