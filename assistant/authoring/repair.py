"""Lint-and-repair stage: a candidate becomes a table row only when the linter passes it.

A row with an error is repaired once with the linter's replacement value (the brief's own number and unit
always stay; only the comparator is taken) and checked again; a row the linter says is in the wrong
category, repeats itself, names an activity or is vague is never suggested, whoever published it.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.authoring.candidates import Draft
from assistant.authoring.framework import Slot
from assistant.models import Indicator, LintFinding, Severity, SuggestedRow
from assistant.values import TargetValue

RowLinter = Callable[[Indicator], list[LintFinding]]

# Warnings a suggested row may not carry, from any engine (row-level rules; `zhibiao lint --list-rules`).
NEVER_SUGGEST = frozenset({"category_mismatch", "self_referential", "activity_not_result", "vague_wording"})


def full_rate(t: TargetValue) -> TargetValue | None:
    """≥100% on a rate (满意度 ≥100%, 合格率 ≥100%) as the 100% it means, else None: a rate cannot pass 100%."""
    if t.percent and t.number is not None and t.number >= 100 and t.comparator in ("≥", ">"):
        return TargetValue.of(100, comparator=None, percent=True)
    return None


def checked_row(d: Draft, s: Slot, lint_row: RowLinter, engine: str) -> SuggestedRow | None:
    ind = d.indicator(s)
    found = lint_row(ind)
    if any(f.flag in NEVER_SUGGEST for f in found):
        return None
    errors = [f for f in found if f.severity == Severity.ERROR]
    if errors:
        fix = next((f.replacement for f in errors if f.field == "value" and f.replacement), None)
        if fix is None:
            return None
        fixed = TargetValue.parse(fix)
        if d.source == "brief" and d.target.number is not None:
            # The user's own number and unit stay; only the rule's comparator is taken (62% stays 62%).
            # A fix that changes the unit (2.1万名 -> 2.1人) would change the quantity: not suggested.
            same_unit = fixed.percent == d.target.percent and (fixed.percent or fixed.unit == d.target.unit)
            if not same_unit:
                return None
            fixed = TargetValue.of(d.target.number, "%" if fixed.percent else fixed.unit, fixed.comparator)
            fix = fixed.render()
        d.target = fixed
        d.rationale += f"（原值经规则修正为{fix}）"
        ind = d.indicator(s)
        if any(f.severity == Severity.ERROR for f in lint_row(ind)):
            return None
    if not d.target.measurable:
        return None
    d.target = full_rate(d.target) or d.target
    return SuggestedRow(
        level1=s.level1, level2=s.level2, level3=d.level3, description=d.description, target=d.target,
        basis=d.basis, rationale=d.rationale, value_source=d.source,  # type: ignore[arg-type]
        citations=d.citations, engine=engine,
    )
