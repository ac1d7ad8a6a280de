"""The indicator linter: row and table rules with stable codes, Chinese messages and concrete fixes.

Public API: `lint_row`, `lint_table`, `score_table` / `TableScore`, the rule catalogue `RULES`
(code -> `Rule`), `FLAGS` (the FORMAT.md label vocabulary the row rules map onto), `detect_framework`,
and `lexicon` (direction and category word tables the suggestion engine reuses).
"""

from __future__ import annotations

from assistant.lint import lexicon
from assistant.lint.engine import TableScore, lint_row, lint_table, score_table
from assistant.lint.rules import RULES, Rule
from assistant.lint.table_rules import detect_framework

# The FORMAT.md lint-label vocabulary; other flags (missing_basis, table-level) are advice, not labels.
FLAGS: tuple[str, ...] = (
    "vague_value", "self_referential", "no_unit_or_comparator", "wrong_direction", "impossible_value",
    "category_mismatch", "activity_not_result", "vague_wording",
)

__all__ = [
    "FLAGS", "RULES", "Rule", "TableScore", "detect_framework", "lexicon", "lint_row", "lint_table",
    "score_table",
]
