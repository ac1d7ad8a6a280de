"""Running the rules: `lint_row`, `lint_table` and the 0-100 quality score used to rank examples."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.lint.rules import ROW_RULES, RowContext, has_basis_column
from assistant.lint.table_rules import TABLE_RULES
from assistant.models import GoalTable, Indicator, LintFinding, Severity


def lint_row(ind: Indicator, *, table: GoalTable | None = None, row: int | None = None) -> list[LintFinding]:
    """Row-level findings for one indicator; `table` adds context (budget year, basis column)."""
    return _lint_row(RowContext(ind, table, row))


def _lint_row(ctx: RowContext) -> list[LintFinding]:
    out: list[LintFinding] = []
    try:
        for _rule, fn in ROW_RULES:
            out += fn(ctx)
    except Exception:  # a rule must never take the whole report down on an odd cell: rerun one by one
        out = []
        for _rule, fn in ROW_RULES:
            try:
                out += fn(ctx)
            except Exception:
                continue
    return out


def lint_table(table: GoalTable) -> list[LintFinding]:
    """Row-level findings for every row, then table-level findings (row=None)."""
    out: list[LintFinding] = []
    basis_column = has_basis_column(table)
    for i, ind in enumerate(table.indicators):
        out.extend(_lint_row(RowContext(ind, table, i, basis_column)))
    for _rule, fn in TABLE_RULES:
        try:
            out.extend(fn(table))
        except Exception:
            continue
    return out


# How much one finding costs a row (out of 1) or the table's structure (out of 1).
_ROW_PENALTY = {Severity.ERROR: 0.5, Severity.WARNING: 0.2, Severity.INFO: 0.05}
_TABLE_PENALTY = {Severity.ERROR: 0.4, Severity.WARNING: 0.2, Severity.INFO: 0.05}
_ROW_WEIGHT = 0.75  # rows matter most; structure (coverage, duplicates, budget) the rest


@dataclass
class TableScore:
    score: float  # 0-100
    row_scores: list[float] = field(default_factory=list)  # 0..1 per indicator row
    structure: float = 1.0  # 0..1 from table-level findings
    errors: int = 0
    warnings: int = 0


def score_table(table: GoalTable, findings: list[LintFinding] | None = None) -> TableScore:
    """Quality score: 75% the mean row score, 25% the table structure; an empty table scores 0."""
    if findings is None:
        findings = lint_table(table)
    n = len(table.indicators)
    row_pen = [0.0] * n
    table_pen = 0.0
    errors = warnings = 0
    for f in findings:
        sev = f.severity
        if sev == Severity.ERROR:
            errors += 1
        elif sev == Severity.WARNING:
            warnings += 1
        if f.row is None:
            table_pen += _TABLE_PENALTY.get(sev, 0.0)
        elif 0 <= f.row < n:
            row_pen[f.row] += _ROW_PENALTY.get(sev, 0.0)
    row_scores = [1.0 if p == 0 else round(max(0.0, 1.0 - p), 4) for p in row_pen]
    structure = max(0.0, 1.0 - table_pen)
    score = 0.0 if n == 0 else 100.0 * (_ROW_WEIGHT * sum(row_scores) / n + (1 - _ROW_WEIGHT) * structure)
    return TableScore(
        score=round(score, 1), row_scores=row_scores, structure=round(structure, 4),
        errors=errors, warnings=warnings,
    )
