"""The 指标值 parser against >= 150 real strings from the seed documents, and its invariants."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.values import TargetValue, ValueKind

CASES_FILE = Path(__file__).parent / "data" / "value_cases.tsv"


def _cases() -> list[list[str]]:
    rows = []
    for line in CASES_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            cols = line.split("\t")
            assert len(cols) == 8, line
            rows.append(cols)
    return rows


CASES = _cases()


def test_table_has_enough_distinct_real_strings():
    raws = [c[0] for c in CASES]
    assert len(set(raws)) == len(raws)
    assert len(raws) >= 150


@pytest.mark.parametrize("raw,kind,comparator,number,upper,unit,percent,rendered", CASES, ids=[c[0] for c in CASES])
def test_parse_matches_hand_checked_expectation(raw, kind, comparator, number, upper, unit, percent, rendered):
    tv = TargetValue.parse(raw)
    assert tv.kind == ValueKind(kind)
    assert (tv.comparator or "") == comparator
    assert tv.number == (float(number) if number else None)
    assert tv.upper == (float(upper) if upper else None)
    assert (tv.unit or "") == unit
    assert tv.percent == (percent == "1")
    assert tv.render() == rendered
    assert tv.raw == raw


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("≥95百分比", "≥95%"), ("≥80百分率", "≥80%"), ("100百分比", "100%"), ("$\\geq$ 55000", "≥55000"),
        ("95%以上", "≥95%"), ("不低于95%", "≥95%"), ("不超过50万元", "≤50万元"), ("控制在2.0%以内", "≤2%"),
        ("≤预算批复金额", "≤预算批复金额"), ("17.88 万人", "17.88万人"), ("5 个月", "5个月"),
        ("＞＝９５％", "≥95%"), ("90%-95%", "90%-95%"), ("95%～98%", "95%-98%"), ("3000至5000人", "3000人-5000人"),
    ],
)
def test_issue_examples_render_canonically(raw, expected):
    assert TargetValue.parse(raw).render() == expected


@pytest.mark.parametrize(
    "raw,measurable",
    [
        ("效果明显", False), ("有效保证业务工作顺利开展", False), ("逐步提高", False), ("应保尽保", False),
        ("持续改善", False), ("较好", False), ("是", True), ("否", True), ("达到/部分达到/未达到", True),
        ("年底前完成当年任务", True), ("12月底前", True), ("≥3000人次", True), ("", False),
    ],
)
def test_measurability(raw, measurable):
    assert TargetValue.parse(raw).measurable is measurable


def test_dates_are_deadlines_not_quantities():
    assert TargetValue.parse("2023年12月底前").kind == ValueKind.DEADLINE
    assert TargetValue.parse("6月30日前").kind == ValueKind.DEADLINE
    assert TargetValue.parse("5个月").kind == ValueKind.NUMERIC  # a duration, not a date
    assert TargetValue.parse("12月*500元/人，月").kind == ValueKind.NUMERIC  # a formula, not December


def test_of_builds_parsed_values():
    assert TargetValue.of(95, percent=True).render() == "≥95%"
    assert TargetValue.of(78.71, "万元", "≤").render() == "≤78.71万元"
    assert TargetValue.of(3000, "人次").number == 3000


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=60))
def test_never_raises_on_arbitrary_text(raw):
    tv = TargetValue.parse(raw)
    assert isinstance(tv.render(), str)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["≥", "≤", ">", "<", ""]),
    st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False),
    st.sampled_from(["%", "人次", "万元", "个", "天", ""]),
)
def test_render_is_a_fixed_point(comp, num, unit):
    first = TargetValue.parse(f"{comp}{num}{unit}")
    again = TargetValue.parse(first.render())
    assert (again.comparator, again.number, again.unit, again.kind) == (
        first.comparator, first.number, first.unit, first.kind,
    )


@pytest.mark.parametrize(("raw", "rendered"), [("≤0.9‰", "≤0.9‰"), ("0.9‰以内", "≤0.9‰"), ("控制在1‰以内", "≤1‰")])
def test_per_mille_is_kept_as_its_own_rate_unit(raw, rendered):
    # 0.9‰ read as 0.9% would be a target ten times looser.
    tv = TargetValue.parse(raw)
    assert tv.render() == rendered and tv.unit == "‰" and not tv.percent and tv.measurable
