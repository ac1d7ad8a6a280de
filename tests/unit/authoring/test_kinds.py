"""Project kinds by meaning over the shipped library (real USE embedder)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assistant.authoring.kinds import KindClassifier
from assistant.authoring.library import load_library
from assistant.embeddings import get_embedder


@pytest.fixture(scope="module")
def classifier(tmp_path_factory):
    return KindClassifier(load_library(), get_embedder("use"), embedder_name="use",
                          cache_dir=tmp_path_factory.mktemp("cache"))


# Sectors absent from the corpus: the kind must come from the library's meaning, not a published table.
@pytest.mark.parametrize(("name", "label_words", "sector"), [
    ("地震监测台网运维", ("地震",), "应急管理与消防"),
    ("城区公厕保洁服务", ("公厕",), "城市管理与环卫"),
    ("农村电商服务站建设", ("电商",), "商务"),
    ("县人民医院CT等医疗设备购置", ("医疗设备",), "卫生健康"),
    ("河道清淤疏浚工程", ("清淤",), "水利"),
])
def test_names_from_unseen_sectors_get_their_kind(classifier, name, label_words, sector):
    best = classifier.rank(name, limit=3)[0]
    assert best.kind.sector == sector, (name, [(m.kind.key, m.score) for m in classifier.rank(name, limit=3)])
    assert any(w in best.kind.label + " ".join(best.kind.keywords) for w in label_words)
    assert best.why


def test_the_form_sector_is_a_prior_not_a_wall(classifier):
    free = classifier.rank("设备购置", limit=10)
    health = classifier.rank("设备购置", sector="卫生健康", limit=10)
    trade = next(m for m in health if m.kind.sector != "通用")
    assert trade.kind.sector == "卫生健康", "an ambiguous name takes the form's 行业"
    assert [m.kind.key for m in health] != [m.kind.key for m in free]
    # A 人社局 (行业 人社) files 信访维稳 and 法律援助 projects: they are still 信访 and 法律援助.
    assert classifier.rank("信访维稳专项工作经费", sector="人社就业")[0].kind.key == "justice.petition_stability"
    assert classifier.rank("农民工法律援助", sector="人社就业")[0].kind.key == "justice.legal_aid"


def test_scores_are_best_first_and_example_vectors_are_cached(classifier, tmp_path):
    ranked = classifier.rank("高龄老人津贴发放", limit=5)
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)
    assert list(classifier.cache_dir.glob("kind-examples-*.npy"))


def test_without_an_embedder_characters_and_keywords_still_decide():
    plain = KindClassifier(load_library())
    assert plain.rank("城区公厕保洁服务")[0].kind.sector == "城市管理与环卫"


def test_cli_prints_kinds_as_json(tmp_path):
    env_dir = tmp_path / "data"
    out = subprocess.run([sys.executable, "-m", "assistant.cli", "kinds", "城区公厕保洁服务", "--json"],
                         capture_output=True, text=True, timeout=180, check=False,
                         env={**__import__("os").environ, "ZHIBIAO_DATA_DIR": str(env_dir)})
    assert out.returncode == 0, out.stderr
    kinds = json.loads(out.stdout)["kinds"]
    assert kinds and set(kinds[0]) == {"kind", "label", "sector", "score", "why"}
    assert kinds[0]["sector"] == "城市管理与环卫"
    assert [k["score"] for k in kinds] == sorted((k["score"] for k in kinds), reverse=True)
