"""Whole-document review: every goal table of one or more documents linted, scored, rewritten where the
linter's fixes apply, summarised worst first, and written as a .docx / .xlsx / .html report.

Public API: `review_paths`, `review_tables`, `DocumentReview`, `TableReview`, `GoalGap`, and
`write_report` (in `assistant.review.report`).
"""

from __future__ import annotations

from assistant.review.document import DocumentReview, GoalGap, TableReview, review_paths, review_tables

__all__ = ["DocumentReview", "GoalGap", "TableReview", "review_paths", "review_tables"]
