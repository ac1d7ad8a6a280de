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
    assert _st("补助标准300元/人·月") == {"人均每月补助标准": "300元/人·月"}  # 补助 alone names nothing
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


# ---- 2026-12-02: facts the fixture briefs still lost --------------------------------------------------------
def test_small_chinese_numerals_count_but_idioms_do_not():
    from assistant.authoring.brief import cn_count

    assert cn_count("黄泥塘、大坑两座小（2）型水库") == "黄泥塘、大坑2座小（2）型水库"
    assert cn_count("覆盖十二个村和二十户") == "覆盖12个村和20户"
    for idiom in ("一户一档", "一站式服务", "每年一次", "第一个", "统一部分"):
        assert cn_count(idiom) == idiom
    assert _q("购置CT、彩超2台及DR一台") == {"彩超数量": "2台", "DR数量": "1台"}
    # names listed before the count: the noun after it is what is counted
    assert _q("对黄泥塘、大坑两座小（2）型水库实施除险加固") == {"小型水库数量": "2座"}


def test_a_second_unit_in_brackets_and_a_bare_wan_of_users_are_kept():
    assert _q("全年免疫畜禽约180万头（只）") == {"免疫畜禽数量": "180万头（只）"}
    f = analyse(ProjectBrief(name="融媒体", purpose="融媒体平台用户数达到30万"))
    assert [(q.name, q.number, q.unit, q.benefit) for q in f.quantities] == [("融媒体平台用户数", 30, "万户", True)]


def test_standards_stated_as_a_share_or_a_multiple():
    f = analyse(ProjectBrief(name="x", purpose="对规上工业企业研发投入按增量部分的10%给予后补助；"
                                              "补助比例不超过服务价格的30%；救助金额一般不超过本地上年度职工月平均工资的36倍"))
    assert {(r.name, r.value) for r in f.ratios} == {
        ("增量部分后补助比例", "≤10%"), ("补助比例", "≤30%"), ("救助金额上限", "≤36倍")}
    for r in f.ratios:  # each is a row the linter accepts under 成本
        assert lint_row(_cost_row(r.name, r.value)) == []


def _cost_row(name: str, value: str):  # type: ignore[no-untyped-def]
    from assistant.models import Indicator

    return Indicator(level1="成本指标", level2="经济成本指标", level3=name, description=f"按项目说明的{name}", value=value, basis="项目说明")


def test_a_second_amount_takes_the_first_ones_head_and_period():
    got = _st("选择100元档次的每人每年补贴30元，选择500元及以上档次的补贴60元")
    assert got == {"选择100元档次的人均每年补贴标准": "30元/人·年", "选择500元及以上档次人均每年补贴标准": "60元/人·年"}
    assert _st("每人每年补贴30元。另安排培训补贴60元") == {"人均每年补贴标准": "30元/人·年"}  # another sentence


def test_per_session_zero_deaths_grade_steps_and_per_mu_gains():
    assert _q("开展家政服务培训4期，每期50人") == {"家政服务培训期数": "4期", "每期培训人数": "50人/期"}
    f = analyse(ProjectBrief(name="地灾", purpose="因地质灾害造成人员死亡0人"))
    assert [(q.name, q.zero) for q in f.quantities] == [("因地质灾害造成人员死亡人数", True)]
    assert _q("项目区耕地质量平均提高0.5个等级") == {"项目区耕地质量提升幅度": "0.5个等级"}
    assert _q("托管地块亩均节本增效150元左右") == {"托管地块亩均节本增效": "150元/亩"}
    assert _q("对全县登记在册的78处地质灾害隐患点开展巡查") == {"地质灾害隐患点数量": "78处"}
    assert _q("群众安全感测评达到96%") == {"群众安全感测评": "96%"}


def test_a_grade_to_reach_wins_over_one_that_describes():
    from assistant.authoring.brief import find_grades

    gs = find_grades("A级景区旅游厕所新建改建项目 对县内3个A级景区新建旅游厕所，助力创建国家4A级旅游景区")
    assert [g.grade for g in gs] == ["4A级旅游景区"]
    (g,) = find_grades("推动县人民医院达到三级医院医疗服务能力推荐标准")
    assert g.scale.slot == "social"


# ---- the second fixture set (briefs_facts_tune2.jsonl): counts written the many ways clerks write them -----
def test_counts_with_time_words_ranges_totals_and_seats():
    assert _q("手工报销10个工作日内办结") == {"手工报销时限": "10个工作日"}  # a time limit, not 10个
    assert _q("每个村培育致富带头人3–5名") == {"培育致富带头人人数": "3名"}  # a range: its committed lower bound
    assert _q("为6个乡镇专职消防队各配备水罐消防车1辆，共计6辆") == {"乡镇专职消防队数量": "6个", "水罐消防车配备数量": "6辆"}
    assert _q("完善生态停车场约300个车位") == {"生态停车场车位数量": "300个"}
    assert _q("新建区域自动气象站12个、X波段天气雷达1部") == {"新建区域自动气象站数量": "12个", "X波段天气雷达数量": "1部"}
    assert _q("年度救助人次不少于1.5万人次") == {"救助人次": "1.5万人次"}
    assert _q("为全县14个乡镇司法所和186个村（社区）配备法律顾问")["村（社区）数量"] == "186个"
    assert _q("覆盖12个村") == {"覆盖村数量": "12个村"}


def test_days_of_service_growth_rates_and_yields_said_without_同比():
    assert _q("全年供餐不少于200天") == {"供餐天数": "200天"}
    assert _q("带动旅游综合收入增长12%以上") == {"带动旅游综合收入增长率": "12%"}
    assert _q("新增耕地指标交易收益约5000万元") == {"耕地指标交易收益": "5000万元"}
    assert _q("托管服务亩均降低生产成本不少于60元") == {"托管服务亩均降低生产成本": "60元/亩"}
    assert _q("储备粮损耗控制在0.2%以内") == {"储备粮损耗率": "0.2%"}


def test_a_floor_on_the_share_paid_back_is_a_quality_row_and_a_cap_a_cost_row():
    f = analyse(ProjectBrief(name="x", purpose="对政策范围内住院自付费用按不低于70%比例给予救助"))
    assert [(r.name, r.value, r.slot) for r in f.ratios] == [("住院自付费用救助比例", "≥70%", "quality")]
    assert _st("产业奖补标准亩均不超过800元；每间补助标准8000元；单个企业补助不超过15万元") == {
        "产业奖补亩均补助上限": "≤800元/亩", "每间补助标准": "8000元/间", "单个企业补助上限": "≤15万元/家"}
    assert _st("按每村每年3000元标准补助") == {"每村每年补助标准": "3000元/村·年"}


def test_a_pasted_document_is_read_only_up_to_the_cap_and_the_clerk_is_told():
    from assistant.authoring.brief import MAX_BRIEF_CHARS, MAX_QUANTITIES

    f = analyse(ProjectBrief(name="x", purpose="购置设备2台，" * 5000, budget_wan=100))
    assert len(f.text) <= MAX_BRIEF_CHARS and len(f.quantities) <= MAX_QUANTITIES
    many = "，".join(f"购置{chr(0x4e00 + i)}{chr(0x4e80 + i)}设备{i + 1}台" for i in range(MAX_QUANTITIES + 50))
    assert len(analyse(ProjectBrief(name="x", purpose=many)).quantities) == MAX_QUANTITIES  # distinct ones too
    assert any(f"超过{MAX_BRIEF_CHARS}字" in q for q in f.questions)
    assert not any("超过" in q for q in analyse(ProjectBrief(name="x", purpose="购置设备2台")).questions)
    # a run of digits is one number, not a number starting at every digit
    assert [q.number for q in analyse(ProjectBrief(name="x", purpose="购置设备" + "1" * 12 + "台")).quantities] == [111111111111]
