"""Shared pieces of the evaluation: the fixed match judge, and an index over the evaluated tables.

The judge decides whether two 三级指标 names say the same thing. It is fixed (not tuned per run) so
figures compare across runs:
  same thing  <=>  one name contains the other (both >= 3 characters), or
                   character-bigram Dice >= 0.5, or
                   USE cosine >= 0.80 (multilingual USE v3; the names alone, no context).
Names are compared after removing white space and the prefixes published tables add (指标1:, (≥**%)).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.embeddings import Embedder, get_embedder
from assistant.index import CorpusIndex
from assistant.models import GoalTable
from assistant.settings import load_settings

DICE_MIN = 0.5
COSINE_MIN = 0.80
_PREFIX = re.compile(r"^(?:指标\s*\d+\s*[:：]?|\d+[、.．])")
_NOISE = re.compile(r"[（(][^）)]*\*[^）)]*[）)]|\s+")


def clean_name(name: str | None) -> str:
    return _NOISE.sub("", _PREFIX.sub("", (name or "").strip()))


def _bigrams(s: str) -> set[str]:
    return {s[i: i + 2] for i in range(len(s) - 1)} or ({s} if s else set())


class Judge:
    def __init__(self, embedder: Embedder | None = None) -> None:
        self.embedder = embedder or get_embedder("use")
        self._vec = lru_cache(maxsize=50_000)(self._embed)

    def _embed(self, text: str) -> np.ndarray:
        return self.embedder.embed_query(text)

    def same(self, a: str | None, b: str | None) -> bool:
        x, y = clean_name(a), clean_name(b)
        if not x or not y:
            return False
        if (x in y or y in x) and min(len(x), len(y)) >= 3:
            return True
        bx, by = _bigrams(x), _bigrams(y)
        if bx and by and 2 * len(bx & by) / (len(bx) + len(by)) >= DICE_MIN:
            return True
        return float(self._vec(x) @ self._vec(y)) >= COSINE_MIN


def family(level1: str | None, level2: str | None) -> str | None:
    """The 一级 family a row belongs to: 产出, 成本, 效益, 满意度 (None when it cannot be told)."""
    from assistant.authoring.framework import slot_key_of

    key = slot_key_of(level1, level2)
    if key in ("quantity", "quality", "timeliness"):
        return "产出"
    if key == "cost":
        return "成本"
    if key in ("social", "economic", "ecological", "sustainable"):
        return "效益"
    if key == "satisfaction":
        return "满意度"
    l1 = (level1 or "").replace(" ", "")
    for word in ("产出", "效益", "满意", "成本"):
        if word in l1:
            return {"满意": "满意度"}.get(word, word)
    return None


def evaluable(tables: Sequence[GoalTable], min_rows: int = 3) -> list[GoalTable]:
    """Tables worth a leave-one-out turn: a name to query with and a few indicator rows."""
    return [t for t in tables if (t.project_name or t.title) and len(t.indicators) >= min_rows]


def build_index(tables: Sequence[GoalTable], embedder_name: str, *, tokenizer: str = "bigram",
                folder: Path | None = None) -> CorpusIndex:
    """A fresh index over exactly these tables, in a temporary folder, with lint quality."""
    from assistant.services import row_quality

    folder = folder or Path(tempfile.mkdtemp(prefix="zhibiao-eval-"))
    settings = load_settings(data_dir=folder)
    index = CorpusIndex.open(settings, get_embedder(embedder_name), row_quality=row_quality)
    index.set_tokenizer(tokenizer)
    index.build(tables)
    return index
