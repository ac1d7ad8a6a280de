"""Which project kinds a brief is, by meaning: embedding similarity to each kind's example names, the
characters they share, and the kind's keywords, restricted to the form's 行业 when it is set.

The scores are combined with fixed weights (`WEIGHTS`), chosen by `evaluation.kinds.tune_weights` on the tuning half of the
labelled project names (`evaluation/datasets/kinds_labels.jsonl`, split by `evaluation.kinds.split`);
`zhibiao eval kinds` reports the held-out half beside it, and the keyword-only matcher of the same run.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistant.authoring.library import KindMatch, Library, keyword_hits, load_library

if TYPE_CHECKING:
    from assistant.embeddings import Embedder


@dataclass(frozen=True)
class Weights:
    name_sim: float = 1.0  # best cosine between the brief's name and an example of the kind
    text_sim: float = 0.35  # best cosine between the name + purpose + goals and an example
    chars: float = 0.5  # best character-bigram Dice between the name and an example
    keywords: float = 0.5  # keyword hits in the name (full weight) and the rest (half), IDF-weighted, capped
    keyword_cap: float = 1.0


WEIGHTS = Weights()
# Added to the kinds of the form's 行业 (a prior, not a filter). Chosen among 0, 0.15, 0.2, 0.3, 0.6 on the
# leave-one-table-out suggestion recall of the shipped corpus (a tuned figure; docs/eval/report.md).
SECTOR_PRIOR = 0.2


@dataclass
class Scored:
    index: int  # into library.kinds
    score: float
    name_sim: float
    text_sim: float
    chars: float
    keywords: float
    hits: list[str]
    example: str  # the kind's example most like the name

    def combined(self, w: Weights) -> float:
        return w.name_sim * self.name_sim + w.text_sim * self.text_sim + w.chars * self.chars + w.keywords * self.keywords


def _bigrams(s: str) -> set[str]:
    s = "".join(ch for ch in s if not ch.isspace())
    return {s[i: i + 2] for i in range(len(s) - 1)}


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


class KindClassifier:
    """`rank(name, purpose, goals, sector)` -> the best kinds with scores and why.

    With no embedder only characters and keywords count (used by tests of other stages and when the
    embedder cannot be loaded). Example vectors are computed once and cached on disk, keyed by the
    library's digest and the embedder's name."""

    def __init__(self, library: Library | None = None, embedder: Embedder | None = None, *,
                 embedder_name: str = "", cache_dir: Path | None = None, weights: Weights = WEIGHTS) -> None:
        self.library = library or load_library()
        self.embedder = embedder
        self.embedder_name = embedder_name or type(embedder).__name__
        self.cache_dir = cache_dir
        self.weights = weights
        self._lock = threading.Lock()
        self._matrix: np.ndarray | None = None
        self._owner: np.ndarray | None = None  # row -> kind index
        self._texts: list[str] = []  # the example texts, row by row of the matrix
        self._grams: list[list[set[str]]] = [
            [_bigrams(t) for t in (k.label, *k.examples)] for k in self.library.kinds]
        # A keyword many kinds share (保洁, 运维) says less than one only this kind has (公厕): each hit counts
        # its length times an inverse kind frequency, 1.0 for a keyword of one kind.
        df: dict[str, int] = {}
        for k in self.library.kinds:
            for w in set(k.keywords):
                df[w] = df.get(w, 0) + 1
        self._idf = {w: 1.0 / (1.0 + math.log(n)) for w, n in df.items()}

    # -----------------------------------------------------------------------------------
    def _example_texts(self) -> tuple[list[str], np.ndarray]:
        texts: list[str] = []
        owner: list[int] = []
        for i, k in enumerate(self.library.kinds):
            for t in (k.label, *k.examples):
                texts.append(t)
                owner.append(i)
        return texts, np.asarray(owner, dtype=np.int32)

    def _vectors(self) -> tuple[np.ndarray, np.ndarray] | None:
        if self.embedder is None:
            return None
        with self._lock:
            if self._matrix is None:
                texts, owner = self._example_texts()
                mat = self._load_cached(texts)
                if mat is None:
                    mat = np.asarray(self.embedder.embed_documents(texts), dtype=np.float32)
                    self._save_cached(texts, mat)
                self._matrix, self._owner, self._texts = mat, owner, texts
            assert self._owner is not None
            return self._matrix, self._owner

    def _cache_path(self, texts: list[str]) -> Path | None:
        if self.cache_dir is None:
            return None
        h = hashlib.sha1(("\n".join(texts) + "\0" + self.embedder_name).encode()).hexdigest()[:16]
        return self.cache_dir / f"kind-examples-{h}.npy"

    def _load_cached(self, texts: list[str]) -> np.ndarray | None:
        path = self._cache_path(texts)
        if path is None or not path.exists():
            return None
        try:
            mat = np.load(path, allow_pickle=False)
        except (OSError, ValueError):
            return None
        return mat if mat.shape[0] == len(texts) else None

    def _save_cached(self, texts: list[str], mat: np.ndarray) -> None:
        path = self._cache_path(texts)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp.npy")
            np.save(tmp, mat, allow_pickle=False)
            tmp.replace(path)
        except OSError:
            pass  # a read-only data folder only costs the next start the embedding time

    # -----------------------------------------------------------------------------------
    def preferred(self, sector: str | None) -> set[int]:
        """Indexes of the kinds of the form's 行业 (SECTOR_PRIOR goes to them); none when it is unset."""
        names = {x.name for x in self.library.sectors_named(sector)} if sector else set()
        return {i for i, k in enumerate(self.library.kinds) if k.sector in names}

    def scores(self, name: str, purpose: str = "", goals: Sequence[str] = (), sector: str | None = None
               ) -> list[Scored]:
        """Every kind with its score and the parts it is made of, best first. The form's 行业 is a prior, not a
        wall: its kinds get SECTOR_PRIOR on top (a 人社局's 信访维稳 or 法律援助 project is still 信访 or 法律援助)."""
        w = self.weights
        kinds = self.library.kinds
        preferred = self.preferred(sector)
        rest = " ".join([purpose or "", *goals])[:400]
        name_sim = np.zeros(len(kinds), dtype=np.float32)
        text_sim = np.zeros(len(kinds), dtype=np.float32)
        best_ex = [""] * len(kinds)
        vecs = self._vectors()
        if vecs is not None and self.embedder is not None and name.strip():
            mat, owner = vecs
            q = np.asarray(self.embedder.embed_documents([name, f"{name} {rest}".strip()]), dtype=np.float32)
            sims = mat @ q.T  # (examples, 2)
            texts = self._texts
            for row in np.argsort(-sims[:, 0]):  # best example per kind, in one pass
                i = int(owner[row])
                if not best_ex[i]:
                    best_ex[i] = texts[row]
                    name_sim[i] = sims[row, 0]
            np.maximum.at(text_sim, owner, sims[:, 1])
        g = _bigrams(name)
        out = []
        for i, k in enumerate(kinds):
            chars = max((_dice(g, eg) for eg in self._grams[i]), default=0.0)
            hits_name = keyword_hits(k, name)
            hits_rest = [h for h in keyword_hits(k, rest) if h not in hits_name]
            strength = sum(len(h) * self._idf.get(h, 1.0) for h in hits_name) + 0.5 * sum(
                len(h) * self._idf.get(h, 1.0) for h in hits_rest)
            kw = min(w.keyword_cap, strength / 4)
            sc = Scored(i, 0.0, float(name_sim[i]), float(text_sim[i]), chars, kw, hits_name + hits_rest, best_ex[i])
            sc.score = sc.combined(w) + (SECTOR_PRIOR if i in preferred else 0.0)
            out.append(sc)
        out.sort(key=lambda x: -x.score)
        return out

    def rank(self, name: str, purpose: str = "", goals: Sequence[str] = (), sector: str | None = None,
             limit: int = 5) -> list[KindMatch]:
        out = []
        for sc in self.scores(name, purpose, goals, sector)[:limit]:
            why = []
            if sc.example:
                why.append(f"与例子“{sc.example}”相似（{sc.name_sim:.2f}）")
            if sc.hits:
                why.append("关键词：" + "、".join(sc.hits))
            out.append(KindMatch(self.library.kinds[sc.index], round(sc.score, 4), list(sc.hits),
                                 "；".join(why) or "字面相近"))
        return out
