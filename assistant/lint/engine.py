"""Running the rules: `lint_row`, `lint_table` and the 0-100 quality score used to rank examples."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.lint.rules import ROW_RULES, RowContext, description_copy_template, has_basis_column
from assistant.lint.table_rules import TABLE_RULES
from assistant.models import GoalTable, Indicator, LintFinding, Severity

if TYPE_CHECKING:
    from assistant.lint.learned import LearnedChecks


def lint_row(ind: Indicator, *, table: GoalTable | None = None, row: int | None = None,
             learned: bool | None = None) -> list[LintFinding]:
    """Row-level findings for one indicator; `table` adds context (budget year, basis column).

    `learned` adds the learned semantic checks (default: the `lint.learned` setting, on unless
    `ZHIBIAO_LINT__LEARNED=0`); `False` runs the rules alone."""
    ctx = RowContext(ind, table, row)
    out = _lint_row(ctx)
    checks = _learned(learned)
    if checks is not None:
        out = _checked(checks, ctx, out)
    return out


def _learned(learned: bool | None) -> LearnedChecks | None:
    if learned is None:
        learned = learned_default()
    if not learned:
        return None
    from assistant.lint.learned import get_checks

    return get_checks()


@lru_cache(maxsize=1)
def learned_default() -> bool:
    from assistant.settings import load_settings

    return load_settings().lint.learned


def _checked(checks: LearnedChecks, ctx: RowContext, found: list[LintFinding]) -> list[LintFinding]:
    try:
        return checks.review(ctx, found)
    except Exception:  # a model problem must not take the rule findings down with it
        return found


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


def lint_table(table: GoalTable, *, learned: bool | None = None) -> list[LintFinding]:
    """Row-level findings for every row, then table-level findings (row=None)."""
    out: list[LintFinding] = []
    basis_column = has_basis_column(table)
    checks = _learned(learned)
    template = description_copy_template(table)
    ctxs = [RowContext(ind, table, i, basis_column, template) for i, ind in enumerate(table.indicators)]
    if checks is not None:  # one embedding batch for the whole table
        from assistant.lint.learned import texts_of

        checks.cache.prefetch(t for c in ctxs for t in texts_of(c))
    for ctx in ctxs:
        found = _lint_row(ctx)
        if checks is not None:
            found = _checked(checks, ctx, found)
        out.extend(found)
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
# Enum members as plain names: on Python 3.11 each `Severity.ERROR` lookup costs a descriptor call.
_ERROR, _WARNING, _INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass
class TableScore:
    score: float  # 0-100
    row_scores: list[float] = field(default_factory=list)  # 0..1 per indicator row
    structure: float = 1.0  # 0..1 from table-level findings
    errors: int = 0
    warnings: int = 0
    explanation: list[str] = field(default_factory=list)  # Chinese lines: how the score was reached


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
        if sev == _ERROR:
            errors += 1
        elif sev == _WARNING:
            warnings += 1
        if f.row is None:
            table_pen += _TABLE_PENALTY.get(sev, 0.0)
        elif 0 <= f.row < n:
            row_pen[f.row] += _ROW_PENALTY.get(sev, 0.0)
    row_scores = [1.0 if p == 0 else round(max(0.0, 1.0 - p), 4) for p in row_pen]
    structure = max(0.0, 1.0 - table_pen)
    row_total = sum(row_scores)
    score = 0.0 if n == 0 else 100.0 * (_ROW_WEIGHT * row_total / n + (1 - _ROW_WEIGHT) * structure)
    explanation = []
    if n:
        clean = row_scores.count(1.0)
        explanation.append(f"逐行得分均值 {100 * row_total / n:.0f} 分（{clean}/{n} 行无问题），占 75%。")
        tf = [f for f in findings if f.row is None and f.severity != _INFO]
        explanation.append(f"结构得分 {100 * structure:.0f} 分，占 25%" + (
            "；扣分：" + "；".join(f.message for f in tf) if tf else "；类别齐全、无重复。"))
    if n and n <= _FEW_ROWS and score > _FEW_ROWS_CAP:
        # One or two rows cannot show output, cost, benefit and satisfaction, however well written.
        score = _FEW_ROWS_CAP
        explanation.append(f"只有 {n} 行指标，无法覆盖产出、成本、效益和满意度，得分上限 {_FEW_ROWS_CAP:.0f} 分。")
    if n:
        explanation.insert(0, f"得分 {score:.0f}/100：")
    return TableScore(
        score=round(score, 1), row_scores=row_scores, structure=round(structure, 4),
        errors=errors, warnings=warnings, explanation=explanation,
    )


_FEW_ROWS = 2
_FEW_ROWS_CAP = 60.0
