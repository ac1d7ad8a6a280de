"""BM25 over a sparse matrix, with character-bigram and jieba tokenisers."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.index.lexical import BM25, bigrams, jieba_words

DOCS = [
    "职业技能培训｜数量指标｜培训人次",
    "职业技能培训｜质量指标｜培训合格率",
    "村级道路硬化｜数量指标｜新建道路长度",
    "村级道路硬化｜质量指标｜工程验收合格率",
]


def test_bigrams_cover_han_runs_words_and_numbers():
    assert bigrams("培训合格率") == ["培训", "训合", "合格", "格率"]
    assert bigrams("人") == ["人"]  # a one-character run is still a token
    assert bigrams("USE模型 v3 ≥95.5%") == ["use", "模型", "v", "3", "95.5"]
    assert bigrams("") == [] and bigrams(None) == []  # type: ignore[arg-type]


def test_jieba_words_are_words():
    words = jieba_words("职业技能培训合格率")
    assert "培训" in words or "职业技能" in words
    assert all(w.strip() for w in words)


@pytest.mark.parametrize("tok", ["bigram", "jieba"])
def test_bm25_ranks_the_row_that_shares_the_rare_words(tok):
    bm = BM25(DOCS, tokenizer=tok)
    s = bm.scores("道路验收合格率")
    assert s.shape == (4,)
    assert int(np.argmax(s)) == 3
    assert s[0] == 0.0  # nothing in common with 培训人次


def test_unknown_or_empty_queries_score_zero_and_empty_corpus_works():
    bm = BM25(DOCS)
    assert not bm.scores("量子计算").any()
    assert not bm.scores("").any()
    empty = BM25([])
    assert empty.scores("培训").shape == (0,)


def test_longer_documents_are_penalised_for_the_same_match():
    bm = BM25(["培训合格率", "培训合格率｜另外还有很多很多无关的文字内容在这里"])
    s = bm.scores("培训合格率")
    assert s[0] > s[1] > 0


def test_scoring_many_documents_is_vectorised():
    import time

    docs = [f"项目{i % 997}｜数量指标｜培训人次{i % 31}" for i in range(20_000)]
    bm = BM25(docs)
    t0 = time.perf_counter()
    s = bm.scores("项目5 培训人次7")
    # A Python loop per document would take ~20 ms here (and grow with the corpus); a sparse
    # column sum over the query's few terms takes well under that even on a busy machine.
    assert time.perf_counter() - t0 < 0.2
    assert s.shape == (20_000,) and s.max() > 0
