"""BM25 over a sparse matrix: fast at 100k rows (a query touches only its own terms' columns).

Two tokenisers are offered and compared by `evaluation/retrieval.py`: character bigrams (plus
single Han characters for one-character words) and jieba words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
from scipy import sparse

_HAN_OR_WORD = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z]+|\d+(?:\.\d+)?")


def bigrams(text: str) -> list[str]:
    out: list[str] = []
    for run in _HAN_OR_WORD.findall(text or ""):
        if run[0].isascii():
            out.append(run.lower())
            continue
        if len(run) == 1:
            out.append(run)
        out.extend(run[i: i + 2] for i in range(len(run) - 1))
    return out


def jieba_words(text: str) -> list[str]:
    import jieba

    jieba.setLogLevel(60)
    return [w for w in jieba.lcut(text or "") if _HAN_OR_WORD.fullmatch(w) or (len(w) > 1 and w.strip())]


TOKENIZERS: dict[str, Callable[[str], list[str]]] = {"bigram": bigrams, "jieba": jieba_words}


class BM25:
    def __init__(
        self, docs: Sequence[str], *, tokenizer: str = "bigram", k1: float = 1.2, b: float = 0.75
    ) -> None:
        self.tokenize = TOKENIZERS[tokenizer]
        self.vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        vals: list[int] = []
        lengths = np.zeros(len(docs), dtype=np.float32)
        for i, d in enumerate(docs):
            toks = self.tokenize(d)
            lengths[i] = len(toks)
            counts: dict[int, int] = {}
            for t in toks:
                j = self.vocab.setdefault(t, len(self.vocab))
                counts[j] = counts.get(j, 0) + 1
            rows.extend([i] * len(counts))
            cols.extend(counts.keys())
            vals.extend(counts.values())
        n = len(docs)
        tf = sparse.csr_matrix(
            (np.asarray(vals, dtype=np.float32), (rows, cols)), shape=(n, max(len(self.vocab), 1))
        )
        df = np.bincount(np.asarray(cols, dtype=np.int64), minlength=tf.shape[1]).astype(np.float32)
        idf = np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)
        avg = float(lengths.mean()) if n else 1.0
        norm = k1 * (1 - b + b * lengths / max(avg, 1e-6))
        tf = tf.tocoo()
        w = tf.data * (k1 + 1) / (tf.data + norm[tf.row]) * idf[tf.col]
        self.matrix = sparse.csc_matrix((w.astype(np.float32), (tf.row, tf.col)), shape=tf.shape)
        self.n = n

    def scores(self, query: str) -> np.ndarray:
        idx = [self.vocab[t] for t in set(self.tokenize(query)) if t in self.vocab]
        if not idx or self.n == 0:
            return np.zeros(self.n, dtype=np.float32)
        return np.asarray(self.matrix[:, idx].sum(axis=1)).ravel()
