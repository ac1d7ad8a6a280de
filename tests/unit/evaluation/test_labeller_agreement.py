"""The two-labeller agreement figure: the second labelling scored against the first like a linter."""

from __future__ import annotations

import pytest

from assistant.models import LintLabel
from evaluation import lint_eval, lintsets


def _labels(flags: list[list[str]]) -> list[LintLabel]:
    return [LintLabel(table_id="t", row=i, level3=f"r{i}", value="x", flags=f) for i, f in enumerate(flags)]


def test_identical_labellings_agree_fully_and_a_dropped_flag_costs_recall(monkeypatch: pytest.MonkeyPatch) -> None:
    first = _labels([["vague_wording"], ["vague_wording"], [], ["category_mismatch"]])
    second = _labels([["vague_wording"], [], [], ["category_mismatch"]])
    monkeypatch.setattr(lintsets, "second_labellings", lambda: [("same", first, first), ("other", first, second)])
    res = lint_eval.labeller_agreement()
    assert res["same"]["micro"]["precision"] == 1.0 and res["same"]["micro"]["recall"] == 1.0
    vw = res["other"]["per_flag"]["vague_wording"]
    assert vw["precision"] == 1.0 and vw["recall"] == 0.5


def test_the_shipped_second_labellings_cover_every_row_of_their_sets() -> None:
    pairs = lintsets.second_labellings()
    assert {name for name, _, _ in pairs} >= {"heldout3", "heldout4"}
    for _, first, second in pairs:
        assert {(lab.table_id, lab.row) for lab in first} == {(lab.table_id, lab.row) for lab in second}
