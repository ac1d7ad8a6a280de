"""The sector-grouped folds of the tune split (evaluation/lint_cv.py): whole sectors per fold, tune rows only."""

from __future__ import annotations

from collections import defaultdict

from evaluation import lint_cv
from evaluation.lintsets import SYNTHETIC_TUNE_LAST


def test_a_sector_never_spans_two_folds_and_only_tune_rows_are_read() -> None:
    rows = lint_cv.tune_rows(learned=False)
    folds: dict[str, set[int]] = defaultdict(set)
    for r in rows:
        folds[r["group"]].add(r["fold"])
        if r["set"] == "synthetic_tune":
            assert int(r["table_id"][1:]) <= SYNTHETIC_TUNE_LAST
    assert all(len(f) == 1 for f in folds.values())
    assert {r["fold"] for r in rows} == set(range(lint_cv.N_FOLDS))
    assert set(lint_cv.INSPECT_FOLDS).isdisjoint(lint_cv.VALIDATE_FOLDS)


def test_scores_count_clean_row_warnings_apart() -> None:
    rows = [
        {"clean_only": False, "pred": {"vague_value"}, "gold": {"vague_value"}, "warn": []},
        {"clean_only": False, "pred": {"vague_wording"}, "gold": set(), "warn": ["ZB108"]},
        {"clean_only": True, "pred": set(), "gold": set(), "warn": ["ZB103"]},
    ]
    s = lint_cv.score(rows)
    assert s["per_flag"]["vague_value"]["p"] == 1.0
    assert s["per_flag"]["vague_wording"]["fp"] == 1
    assert s["micro"]["p"] == 0.5
    assert s["clean"] == {"rows": 1, "warned": 1}


def test_a_pool_scores_its_member_splits_together() -> None:
    """The pooled split counts exactly the rows of its members: no set dropped, none counted twice."""
    from evaluation.lint_eval import evaluate_splits
    from evaluation.lintsets import POOLS, all_sets

    key, members, _, _ = POOLS[0]
    sets = [s for s in all_sets() if s.split in members]
    res = evaluate_splits(sets)
    pooled = res[key]
    assert pooled["rows"] == sum(res[m]["rows"] for m in members)
    for flag, v in pooled["rules"]["per_flag"].items():
        assert v["tp"] == sum(res[m]["rules"]["per_flag"][flag]["tp"] for m in members), flag
        assert v["support"] == sum(res[m]["rules"]["per_flag"][flag]["support"] for m in members), flag
    assert pooled["clean_rows"]["rules"]["rows"] == sum(res[m]["clean_rows"]["rules"]["rows"] for m in members)
