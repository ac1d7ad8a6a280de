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
    unresolved: list[LintFinding] = []
    new_rows: list[Indicator] = []
    for i, ind in enumerate(table.indicators):
        fs = by_row.get(i, [])
        after, notes = apply_fixes(ind, fs)
        unresolved.extend(f for f in fs if not f.replacement and f.severity == Severity.ERROR)
        if notes:
            rewrites.append(RowRewrite(row=i, before=ind, after=after, findings=fs, reason="；".join(notes)))
        new_rows.append(after)

    added: list[SuggestedRow] = []
    if composer is not None:
        have = {slot_key_of(r.level1, r.level2) for r in new_rows}
        brief = ProjectBrief(
            name=table.project_name or table.title or "项目", purpose=table.purpose or "",
            budget_wan=table.budget_wan, year=table.year, goals=table.goals, department=table.department,
        )
        suggestion = composer.suggest(brief, exclude_table_ids=(table.id,))
        taken: set[str | None] = set()
        for r in suggestion.rows:
            key = slot_key_of(r.level1, r.level2)
            if key not in have and key not in taken:
                taken.add(key)
                added.append(r)
    rows = list(new_rows)
    for r in added:  # next to rows of the same 一级, so merged cells in the export stay contiguous
        same = [i for i, x in enumerate(rows) if (x.level1 or "").replace(" ", "") == r.level1]
        rows.insert(same[-1] + 1 if same else len(rows), r.to_indicator())
    improved = table.model_copy(update={"indicators": rows})
    return Improvement(
        original=table, improved=improved, rewrites=rewrites, added=added,
        table_findings=[f for f in findings if f.row is None], unresolved=unresolved,
    )
