"""`improve(table)`: a reviewer's table, rewritten row by row where the linter found a problem, plus
the rows its framework requires but the table lacks, each with the reason."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, Field

from assistant.authoring.compose import OfflineComposer
from assistant.authoring.framework import slot_key_of
from assistant.models import GoalTable, Indicator, LintFinding, ProjectBrief, Severity, SuggestedRow

TableLinter = Callable[[GoalTable], list[LintFinding]]


class RowRewrite(BaseModel):
    row: int
    before: Indicator
    after: Indicator
    findings: list[LintFinding] = Field(default_factory=list)
    reason: str


class Improvement(BaseModel):
    original: GoalTable
    improved: GoalTable
    rewrites: list[RowRewrite] = Field(default_factory=list)
    added: list[SuggestedRow] = Field(default_factory=list)
    table_findings: list[LintFinding] = Field(default_factory=list)
    unresolved: list[LintFinding] = Field(default_factory=list)  # findings no automatic fix could address


def apply_fixes(ind: Indicator, findings: list[LintFinding]) -> tuple[Indicator, list[str]]:
    """Apply every finding's concrete replacement to its field; returns the new row and what changed."""
    updates: dict[str, str] = {}
    notes: list[str] = []
    for f in findings:
        if f.replacement and f.field in _FIELD_CN and f.field not in updates:
            updates[f.field] = f.replacement
            notes.append(f"{_FIELD_CN[f.field]}改为“{f.replacement}”：{f.message}")
    return ind.model_copy(update=updates), notes


_FIELD_CN = {
    "level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "description": "绩效指标描述",
    "value": "指标值", "basis": "指标值确定依据",
}


def improve(table: GoalTable, lint_table: TableLinter, composer: OfflineComposer | None = None) -> Improvement:
    findings = lint_table(table)
    by_row: dict[int, list[LintFinding]] = {}
    for f in findings:
        if f.row is not None:
            by_row.setdefault(f.row, []).append(f)
    rewrites: list[RowRewrite] = []
    new_rows: list[Indicator] = []
    stuck: list[int] = []  # rows whose errors no replacement value fixes
    for i, ind in enumerate(table.indicators):
        fs = by_row.get(i, [])
        after, notes = apply_fixes(ind, fs)
        if notes:
            rewrites.append(RowRewrite(row=i, before=ind, after=after, findings=fs, reason="；".join(notes)))
        if any(f.severity == Severity.ERROR and not f.replacement for f in fs):
            stuck.append(i)
        new_rows.append(after)

    added: list[SuggestedRow] = []
    unresolved: list[LintFinding] = []
    if composer is not None:
        brief = ProjectBrief(
            name=table.project_name or table.title or "项目", purpose=table.purpose or "",
            budget_wan=table.budget_wan, year=table.year, goals=table.goals, department=table.department,
        )
        suggestion = composer.suggest(brief, exclude_table_ids=(table.id,))
        spare = {id(r): r for r in suggestion.rows}
        names = {(r.level3 or "").strip() for r in new_rows}
        # An unfixable row is replaced by the suggestion's row for the same 二级, keeping its place.
        for i in stuck:
            key = slot_key_of(new_rows[i].level1, new_rows[i].level2)
            pick = next((r for r in spare.values() if slot_key_of(r.level1, r.level2) == key and r.level3 not in names), None)
            if pick is None:
                unresolved.extend(f for f in by_row.get(i, []) if f.severity == Severity.ERROR and not f.replacement)
                continue
            del spare[id(pick)]
            names.add(pick.level3)
            before = table.indicators[i]
            after = pick.to_indicator().model_copy(update={"level1": before.level1 or pick.level1,
                                                          "level2": before.level2 or pick.level2})
            reason = (f"原指标“{before.level3}：{before.value}”无法直接改成可衡量的值，"
                      f"改用同类指标“{pick.level3} {pick.target.render()}”：{pick.rationale}")
            rewrites = [r for r in rewrites if r.row != i]
            rewrites.append(RowRewrite(row=i, before=before, after=after, findings=by_row.get(i, []), reason=reason))
            new_rows[i] = after
        rewrites.sort(key=lambda r: r.row)
        have = {slot_key_of(r.level1, r.level2) for r in new_rows}
        taken: set[str | None] = set()
        for r in suggestion.rows:
            key = slot_key_of(r.level1, r.level2)
            if key not in have and key not in taken and id(r) in spare:
                taken.add(key)
                added.append(r)
    else:
        unresolved = [f for i in stuck for f in by_row.get(i, []) if f.severity == Severity.ERROR and not f.replacement]
    rows = list(new_rows)
    for r in added:  # next to rows of the same 一级, so merged cells in the export stay contiguous
        same = [i for i, x in enumerate(rows) if (x.level1 or "").replace(" ", "") == r.level1]
        rows.insert(same[-1] + 1 if same else len(rows), r.to_indicator())
    improved = table.model_copy(update={"indicators": rows})
    return Improvement(
        original=table, improved=improved, rewrites=rewrites, added=added,
        table_findings=[f for f in findings if f.row is None], unresolved=unresolved,
    )
