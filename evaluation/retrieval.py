"""Leave-one-table-out retrieval: does the index find what a table's authors measured?

For each table, query with its project name + purpose + goals, its own rows excluded, and check the
top k rows against its indicators with the fixed judge (`evaluation.common.Judge`):
- recall@k: share of the table's distinct indicators with a near-equivalent among the top k rows;
- mrr: reciprocal rank of the first retrieved row that is a near-equivalent of any of its indicators.
Lexical-only, dense-only and hybrid run in the same pass over the same index; the lexical tokenizer
(character bigrams vs jieba words) is compared too. `hybrid_beats_both` records the acceptance check
(hybrid recall@k above both lexical-only and dense-only, same run).

Run directly: `python -m evaluation.retrieval [--tables corpus.jsonl] [--json]`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
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
        index.set_tokenizer(tok)  # the lexical catalogue is rebuilt with this tokenizer
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
    index.set_tokenizer(tokenizers[0])
    r = f"recall@{k}"
    out["hybrid_beats_both"] = out["hybrid"][r] > max(out["lexical"][r], out["dense"][r])
    lexical = {tok: out["lexical" if tok == tokenizers[0] else f"lexical_{tok}"] for tok in tokenizers}
    out["best_tokenizer"] = max(lexical, key=lambda tok: (lexical[tok][r], lexical[tok]["mrr"]))
    return out


def _default_tables() -> tuple[list[GoalTable], str]:
    """The ingested shipped corpus."""
    from assistant.services import build_services

    services = build_services()
    services.corpus.ensure()
    return services.corpus.tables(), "自带语料 / shipped corpus"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="逐表留一检索评测 / leave-one-table-out retrieval evaluation")
    ap.add_argument("--tables", type=Path, help="目标表 JSON Lines（默认：自带语料）")
    ap.add_argument("--embedder", default="use")
    ap.add_argument("-k", type=int, default=10)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    from assistant.models import read_tables

    tables, note = (read_tables(args.tables), str(args.tables)) if args.tables else _default_tables()
    t0 = time.perf_counter()
    out = evaluate_retrieval(tables, embedder=args.embedder, k=args.k)
    out["corpus"] = note
    out["seconds"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(out, ensure_ascii=False, indent=None if args.json else 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
