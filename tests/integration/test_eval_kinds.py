"""`zhibiao eval kinds`: the labelled names, the split, the keyword baseline beside the classifier."""

from __future__ import annotations

from evaluation.kinds import evaluate_kinds, read_labels, split


def test_labels_name_library_kinds_and_split_in_halves():
    from assistant.authoring.library import load_library

    labels = read_labels()
    assert len(labels) >= 300
    keys = set(load_library().by_key)
    assert all(r["kind"] in keys for r in labels)
    tune = sum(split(r["name"]) == "tune" for r in labels)
    assert 0.4 < tune / len(labels) < 0.6
    assert split("城区公厕保洁服务") == split("城区公厕保洁服务")  # fixed, not random


def test_eval_kinds_reports_both_splits_and_the_keyword_baseline():
    from assistant.authoring.kinds import KindClassifier
    from assistant.authoring.library import load_library
    from assistant.embeddings import get_embedder

    clf = KindClassifier(load_library(), get_embedder("use"))
    labels = read_labels()[:120]
    out = evaluate_kinds(clf, labels)
    for part in ("tune", "heldout", "all"):
        assert {"top1", "top3", "keyword_top1", "keyword_top3", "names"} <= set(out[part])
        assert 0 <= out[part]["keyword_top1"] <= 1
    assert out["all"]["top1"] >= out["all"]["keyword_top1"]
