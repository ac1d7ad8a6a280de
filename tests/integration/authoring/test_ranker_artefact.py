"""The ranking stage's model file: shipped in the package, rebuilt from the shipped corpus by `zhibiao train ranker`."""

from __future__ import annotations

import pytest

from assistant.authoring.ranking import FEATURES, RANKER_FILE, load_shipped, train_on


def test_the_shipped_ranker_is_small_and_names_the_features():
    model = load_shipped()
    assert model is not None and model.names == FEATURES
    assert RANKER_FILE.stat().st_size < 4_000


@pytest.mark.slow
def test_retraining_on_the_shipped_corpus_gives_the_shipped_model(shipped):
    tables, composer = shipped
    model, report = train_on(composer, list(tables.values()))
    assert report["tables"] >= 100 and 0 < report["positives"] < report["candidates"]
    shipped_model = load_shipped()
    assert shipped_model is not None
    # The index's approximate search may order near-ties differently between builds: close, not bytes.
    for a, b, name in zip(model.coef, shipped_model.coef, FEATURES, strict=True):
        assert abs(a - b) < 0.05, f"{name}: {a:.4f} vs shipped {b:.4f}"
