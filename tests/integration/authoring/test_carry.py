"""Carry-over acceptance: every shipped table of 2020-2022, budget ±20% and one quantity changed."""

from __future__ import annotations

import re

import pytest

from assistant.authoring.brief import analyse
from assistant.authoring.carry import CHANGES, CarryFacts, carry_over, cell, diff_appendix
from assistant.lint import lexicon as lx
from assistant.lint import lint_table
from assistant.models import GoalTable, ProjectBrief, Severity


def _years(shipped_tables: dict[str, GoalTable]) -> list[str]:
    return sorted(t.id for t in shipped_tables.values() if t.year in (2020, 2021, 2022))


def _line(name: str | None, n: int, unit: str | None) -> str:
    return re.sub(r"[\d（）()%％、，,.\s]+", "", name or "") + f"{n}{unit}"


NEW_COUNT = "开展政策宣传活动12场"  # for a table with no count row: the stated quantity becomes a new row


def _quantity_row(t: GoalTable) -> int | None:
    """A count row whose new value the brief reader can parse back (培训1500人次)."""
    for i, r in enumerate(t.indicators):
        tv = r.target
        if tv.number and not tv.percent and tv.unit and "元" not in tv.unit and "/" not in tv.unit:
            n = int(tv.number * 1.5) + 1
            qs = analyse(ProjectBrief(name="", quantities=[_line(r.level3, n, tv.unit)])).quantities
            if len(qs) == 1 and qs[0].number == n and qs[0].unit == tv.unit and not qs[0].percent:
                return i
    return None


@pytest.fixture(scope="module")
def carried(shipped):
    tables, composer = shipped
    out = {}
    for k, tid in enumerate(_years(tables)):
        t = tables[tid]
        qi = _quantity_row(t)
        qs = [NEW_COUNT]
        if qi is not None:
            tv = t.indicators[qi].target
            qs = [_line(t.indicators[qi].level3, int((tv.number or 0) * 1.5) + 1, tv.unit)]
        budget = (t.budget_wan or 100.0) * (1.2 if k % 2 else 0.8)
        facts = CarryFacts(budget_wan=budget, quantities=qs)
        out[tid] = (t, facts, qi, carry_over(t, facts, lint_table, composer))
    return out


def test_there_are_seed_tables_of_2020_to_2022(carried):
    assert len(carried) >= 30


def test_each_table(carried):
    totals = dict.fromkeys(CHANGES, 0)
    for tid, (last, facts, qi, c) in carried.items():
        new = c.table
        assert new.year == (last.year or 0) + 1 and new.budget_wan == facts.budget_wan, tid
        last_findings = {f.row for f in lint_table(last) if f.row is not None
                         and f.severity in (Severity.ERROR, Severity.WARNING)}
        by_row = {d.row: d for d in c.diff if d.row is not None}
        assert set(by_row) == set(range(len(last.indicators))), tid  # every row of last year is accounted for
        for i, before in enumerate(last.indicators):
            d = by_row[i]
            assert d.before == cell(before) and d.why, (tid, i)
            if d.change == "kept":
                assert d.after == d.before and i not in last_findings, (tid, i)
            if i in last_findings:
                assert d.change in ("rewritten", "updated", "dropped", "replaced"), (tid, i, d)
            if d.change == "dropped":  # gone from the table, and the clerk is told what would bring it back
                assert d.after == "" and "如需保留" in d.why, (tid, i, d)
            if d.change == "replaced":  # the engine's row for the same 二级, never a count it made up
                after = next(r for r in new.indicators if cell(r) == d.after)
                assert "改用引擎的同类指标" in d.why and "如需保留" in d.why, (tid, i, d)
                assert lx.level2_key(after.level2) == lx.level2_key(before.level2), (tid, i, d)
                tv = after.target
                assert tv.percent or tv.number is None or tv.number == 0 or (tv.comparator or "").startswith("≤") \
                    or tv.unit in lx.KNOWN_TIME_UNITS, (tid, i, d)
        # The stated quantity replaced the old one.
        if qi is not None:
            d = by_row[qi]
            number = facts.quantities[0]
            assert d.change in ("updated", "rewritten", "unresolved"), (tid, d)
            assert any(ch.isdigit() for ch in d.after) and analyse(ProjectBrief(name="", quantities=[number])
                                                                  ).quantities[0].number == pytest.approx(
                next(r for r in new.indicators if cell(r) == d.after).target.number), (tid, d)
        else:
            new_rows = [d for d in c.diff if d.change == "added" and "今年新增数量" in d.why]
            assert len(new_rows) == 1 and new_rows[0].after.endswith("≥12场"), (tid, new_rows)
        # Deadlines and years are in the new year, never last year's.
        for r in new.indicators:
            assert f"{last.year}年" not in (r.value or ""), (tid, r)
        # The real linter passes this year's table: no error or warning, on a row or on the table.
        left = [f"{f.row}:{f.flag}:{f.message}" for f in lint_table(new) if f.severity in (Severity.ERROR, Severity.WARNING)]
        assert not left, (tid, left)
        assert not [d for d in c.diff if d.change == "unresolved"], tid
        # Every row of this year's table is one row of the diff.
        assert sorted(cell(r) for r in new.indicators) == sorted(d.after for d in c.diff if d.after), tid
        # A total-cost row follows the new budget.
        for r in new.indicators:
            tv = r.target
            if "成本" in (r.level1 or "") + (r.level2 or "") and tv.unit == "万元" and tv.number and \
                    last.budget_wan and abs(tv.number - last.budget_wan) < 0.01 * last.budget_wan:
                pytest.fail(f"{tid}: cost row still at last year's budget: {cell(r)}")
        # Since 2021 成本指标 is a 一级: the new table has one.
        assert any("成本" in (r.level1 or "") for r in new.indicators), tid
        # Rate targets do not drop.
        for i, before in enumerate(last.indicators):
            a, d = before.target, by_row[i]
            after = next((r for r in new.indicators if cell(r) == d.after), None)
            if after is not None and a.percent and after.target.percent and a.number and a.number < 100 \
                    and after.level3 == before.level3 and not (a.comparator or "").startswith("≤"):
                assert (after.target.number or 0) >= a.number, (tid, d)
        assert len(diff_appendix(c)) == len(c.diff)
        for k, n in c.counts().items():
            totals[k] += n
    print("carry totals", len(carried), "tables,", sum(qi is not None for _, _, qi, _ in carried.values()),
          "with a changed quantity;", totals)
    assert totals["kept"] and totals["updated"] and totals["rewritten"] and totals["added"]
    assert totals["dropped"] and totals["replaced"] and not totals["unresolved"]


def test_bad_budget_is_a_clear_message(shipped):
    tables, _ = shipped
    t = next(iter(tables.values()))
    with pytest.raises(ValueError, match="预算"):
        carry_over(t, CarryFacts(budget_wan=float("nan")), lint_table)
    with pytest.raises(ValueError, match="数量"):
        carry_over(t, CarryFacts(budget_wan=10, quantities=["很多"]), lint_table)


def test_unit_cost_recomputed_and_rate_kept():
    t = GoalTable(id="x", year=2022, budget_wan=30, project_name="2022年职业技能培训项目", indicators=[
        {"level1": "产出指标", "level2": "数量指标", "level3": "职业技能培训人次", "value": "≥3000人次"},
        {"level1": "产出指标", "level2": "质量指标", "level3": "培训合格率", "value": "≥90%"},
        {"level1": "产出指标", "level2": "时效指标", "level3": "培训完成时间", "value": "2022年11月底前"},
        {"level1": "成本指标", "level2": "经济成本指标", "level3": "单位培训成本", "value": "≤100元/人次"},
        {"level1": "成本指标", "level2": "经济成本指标", "level3": "项目总成本", "value": "≤30万元"},
    ])
    c = carry_over(t, CarryFacts(budget_wan=36, quantities=["培训3600人次", "培训合格率85%"]), lint_table)
    values = {r.level3: r.value for r in c.table.indicators}
    assert values["职业技能培训人次"] == "≥3600人次"
    assert values["单位培训成本"] == "≤100元/人次"  # 36万元 / 3600人次
    assert values["项目总成本"] == "≤36万元"
    assert values["培训完成时间"] == "2023年11月底前"
    assert values["培训合格率"] == "≥90%"  # 85% was stated without a reason
    c2 = carry_over(t, CarryFacts(budget_wan=24, quantities=["培训合格率85%"], reason="培训对象改为零基础人员"), lint_table)
    assert {r.level3: r.value for r in c2.table.indicators}["培训合格率"] == "≥85%"
    assert {r.level3: r.value for r in c2.table.indicators}["单位培训成本"] == "≤80元/人次"
