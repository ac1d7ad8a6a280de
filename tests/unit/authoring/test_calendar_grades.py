"""Deadlines named by festivals and seasons (calendar.yaml), grades of defined scales (grades.yaml), the units
a count may carry, and the library's vote on a stated rate's slot."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.authoring.brief import analyse, find_grades
from assistant.authoring.dates import find_deadlines
from assistant.authoring.words import classify_slot
from assistant.models import ProjectBrief
from assistant.values import TargetValue, ValueKind


@pytest.mark.parametrize(("text", "date"), [
    ("五一前开放", dt.date(2027, 4, 30)),
    ("三八节前举办", dt.date(2027, 3, 7)),
    ("双十一前上线", dt.date(2027, 11, 10)),
    ("入汛前完成", dt.date(2027, 5, 31)),
    ("夏收前完成", dt.date(2027, 5, 31)),
    ("端午节前", dt.date(2027, 6, 8)),  # 端午 2027: 6月9日
    ("中秋节前慰问", dt.date(2027, 9, 14)),  # 中秋 2027: 9月15日
    ("春节前发放", dt.date(2027, 2, 5)),
    ("4月前完成作业准备", dt.date(2027, 3, 31)),  # before April begins
    ("10月底前完成", dt.date(2027, 10, 31)),
])
def test_named_deadlines(text: str, date: dt.date) -> None:
    found = find_deadlines(text, 2027)
    assert [d.date for d in found] == [date]


def test_regional_season_says_it_is_a_convention() -> None:
    (d,) = find_deadlines("冬季供暖前完成管网改造", 2027)
    assert "请按当地" in d.convention


def test_lunar_festival_outside_the_table_is_not_guessed() -> None:
    assert find_deadlines("端午节前", 2040) == []


@pytest.mark.parametrize(("value", "graded"), [
    ("达到III类", True), ("Ⅲ类", True), ("四级公路标准", True), ("4A级", True), ("达到AAAA级旅游景区", True),
    ("一级B标准", True), ("等级保护三级", True), ("二级甲等", True), ("效果明显", False), ("较好", False),
])
def test_grades_of_defined_scales_are_measurable(value: str, graded: bool) -> None:
    t = TargetValue.parse(value)
    assert (t.kind == ValueKind.GRADED and t.measurable) is graded


def test_brief_grades_need_their_context() -> None:
    assert [g.scale.key for g in find_grades("出境断面水质达到Ⅲ类标准")] == ["water_class"]
    assert find_grades("开展三类人员培训") == []  # 三类 without 水质 is not a water class
    assert [g.scale.key for g in find_grades("按四级公路标准建设，创建国家4A级旅游景区")] == ["road_class", "scenic_class"]


def test_grade_becomes_a_row_in_its_slot() -> None:
    from assistant.authoring.candidates import brief_drafts

    facts = analyse(ProjectBrief(name="河道综合治理", purpose="治理河道12公里，出境断面水质达到Ⅲ类标准", budget_wan=500))
    eco = brief_drafts("ecological", facts)
    assert [(d.level3, d.target.render()) for d in eco] == [("水质类别", "达到III类标准")]
    assert "GB 3838" in eco[0].basis


@pytest.mark.parametrize(("text", "unit"), [("救灾帐篷200顶", "顶"), ("正压式空气呼吸器40具", "具"), ("火箭弹300枚", "枚"),
                                            ("接种疫苗约9000剂次", "剂次"), ("装机约300千瓦", "千瓦")])
def test_count_units_from_the_word_file(text: str, unit: str) -> None:
    facts = analyse(ProjectBrief(name="项目", purpose=f"购置{text}", budget_wan=100))
    assert unit in [q.unit for q in facts.quantities]


@pytest.mark.parametrize(("name", "slot"), [("终端在线率", "quality"), ("人民调解成功率", "quality"),
                                            ("数据有效传输率", "quality"), ("满意度", "satisfaction"),
                                            ("农村生活污水治理率", "ecological")])
def test_a_stated_rate_goes_where_the_library_puts_alike_rows(name: str, slot: str) -> None:
    assert classify_slot(name) == slot


def test_time_limit_in_months() -> None:
    facts = analyse(ProjectBrief(name="矛盾纠纷调解", purpose="一般纠纷1个月内调解完毕", budget_wan=20))
    assert ("个月", 1.0) in [(q.unit, q.number) for q in facts.quantities]


@pytest.mark.parametrize(("text", "name", "unit"), [
    ("旅游综合收入达到12亿元", "旅游综合收入", "亿元"), ("新增工业产值约8亿元", "工业产值", "亿元"),
    ("年节约能源费用约25万元", "年节约能源费用", "万元"), ("亩均节本增效150元左右", "亩均节本增效", "元/亩"),
])
def test_money_the_project_yields_is_an_economic_benefit(text: str, name: str, unit: str) -> None:
    (q,) = analyse(ProjectBrief(name="项目", purpose=text, budget_wan=100)).quantities
    assert (q.name, q.unit, classify_slot(q.name, benefit=q.benefit)) == (name, unit, "economic")


def test_money_spent_is_not_a_benefit() -> None:
    assert analyse(ProjectBrief(name="项目", purpose="购置设备投资50万元", budget_wan=100)).quantities == []


def test_a_slot_word_inside_another_word_does_not_decide():
    assert classify_slot("资助普通高中家庭经济困难学生人数") == "quantity"  # 经济困难 is not 经济效益
    assert classify_slot("村集体经济收入") == "economic"
