"""Leave-one-table-out retrieval: does the index find what a table's authors measured?

For each table, query with its project name + purpose + goals, its own rows excluded, and check the
top k rows against its indicators with the fixed judge (`evaluation.common.Judge`):
- recall@k: share of the table's distinct indicators with a near-equivalent among the top k rows;
- mrr: reciprocal rank of the first retrieved row that is a near-equivalent of any of its indicators.
Lexical-only, dense-only and hybrid run in the same pass over the same index; the lexical tokenizer
(character bigrams vs jieba words) is compared too.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from assistant.index import CorpusIndex
from assistant.models import GoalTable
from evaluation.common import Judge, build_index, clean_name, evaluable

MODES = ("lexical", "dense", "hybrid")


def query_of(t: GoalTable) -> str:
    return " ".join(x for x in [t.project_name or t.title or "", t.purpose or "", *t.goals] if x)[:600]


def evaluate_retrieval(
    tables: Sequence[GoalTable], *, embedder: str = "use", k: int = 10, index: CorpusIndex | None = None,
    judge: Judge | None = None, tokenizers: Sequence[str] = ("bigram", "jieba"),
) -> dict[str, Any]:
    judge = judge or Judge()
    index = index or build_index(tables, embedder)
    turns = evaluable(tables)
    out: dict[str, Any] = {"tables": len(turns), "k": k}
    runs: list[tuple[str, str]] = [(m, tokenizers[0]) for m in MODES]
    runs += [("lexical", tok) for tok in tokenizers[1:]]
    for mode, tok in runs:
        index.tokenizer = tok
        index._rows_cat = None  # the lexical catalogue is rebuilt with this tokenizer
        recalls, rrs, latencies = [], [], []
        for t in turns:
            refs = list({clean_name(i.level3): i for i in t.indicators if clean_name(i.level3)}.values())
            t0 = time.perf_counter()
            hits = index.search_rows(query_of(t), k=k, mode=mode, exclude_table_ids=[t.id])  # type: ignore[arg-type]
            latencies.append(time.perf_counter() - t0)
            if not refs:
                continue
            found = sum(any(judge.same(r.level3, h.indicator.level3) for h in hits) for r in refs)
            recalls.append(found / len(refs))
            rank = next((n for n, h in enumerate(hits, 1) if any(judge.same(r.level3, h.indicator.level3) for r in refs)), None)
            rrs.append(1.0 / rank if rank else 0.0)
        key = mode if tok == tokenizers[0] else f"{mode}_{tok}"
        lat = sorted(latencies)
        out[key] = {
            f"recall@{k}": round(sum(recalls) / max(len(recalls), 1), 4), "mrr": round(sum(rrs) / max(len(rrs), 1), 4),
            "tokenizer": tok, "p50_ms": round(1000 * lat[len(lat) // 2], 1) if lat else 0.0,
        }
    index.tokenizer = tokenizers[0]
    index._rows_cat = None
    return out
