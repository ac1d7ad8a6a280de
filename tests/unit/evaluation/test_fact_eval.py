"""The fact-retention judge (evaluation/facts.py): what counts as a brief's fact carried by a row."""

from __future__ import annotations

from assistant.models import SuggestedRow
from assistant.values import TargetValue
from evaluation.facts import _carries


def _row(value: str, rationale: str = "") -> SuggestedRow:
    return SuggestedRow(level1="产出指标", level2="数量指标", level3="x", description="x", target=TargetValue.parse(value),
                        basis="项目说明", rationale=rationale, value_source="brief", engine="offline")


def _count(number: float, unit: str) -> dict:  # type: ignore[type-arg]
    return {"type": "count", "words": "w", "number": number, "unit": unit}


def test_the_scale_may_sit_in_the_number_or_in_the_unit():
    assert _carries(_row("≥3.5万亩"), _count(35000, "亩"))
    assert _carries(_row("≥35000亩"), _count(3.5, "万亩"))
    assert _carries(_row("≥5亿元"), _count(50000, "万元"))
    assert not _carries(_row("≥3.5万亩"), _count(3500, "亩"))


def test_units_compare_as_the_value_parser_writes_them():
    assert _carries(_row("≥180万头（只）"), _count(180, "万头（只）"))
    assert not _carries(_row("≥180万头（只）"), _count(180, "万只（头）"))


def test_a_season_deadline_is_kept_when_the_row_quotes_it_whatever_day_was_chosen():
    fact = {"type": "deadline", "words": "汛期前", "number": None, "unit": None, "date": "2026-03-31"}
    assert _carries(_row("2026年5月31日前", "完成时限取自项目说明“汛期前完成”（按多数地区6月1日入汛计）"), fact)
    assert not _carries(_row("2026年5月31日前", "完成时限取自项目实施方案"), fact)
    dated = {"type": "deadline", "words": "9月1日前", "number": None, "unit": None, "date": "2026-09-01"}
    assert not _carries(_row("2026年9月30日前", "项目说明“9月1日前”"), dated)  # a stated day must be that day
