"""Index benchmarks, in one run, each figure next to a baseline measured in the same run.

1. Build throughput: `CorpusIndex.build` on real rows (recombined to --build-rows) with the real
   default embedder ("use"), against the raw embedder throughput on exactly the same texts (the
   ceiling): a whole build into a fresh store (acceptance: overhead <= 25% over raw embedder time)
   and, reported beside it, the same rows added in ten successive builds.
2. Query latency p50/p95 at 1k, 10k and 100k indicator rows for lexical, dense and hybrid search,
   excluding the query's own embedding (timed separately with the real embedder), against a raw
   chromadb HNSW query on the same collection. Acceptance: hybrid p95 <= 50 ms at 100k.

The large corpora recombine real rows: every synthetic table takes a real project name and real
indicator rows drawn from the whole corpus, with the numbers in 指标值 perturbed. Embedding 100k rows
with USE would take many minutes on 2 cores, so for part 2 each row's vector is the normalised sum of
real USE vectors of its parts (project name, 二级指标, 三级指标), computed once per distinct part:
fixed, meaning-bearing, but not what USE would give for the whole string. Part 1 uses none of this.

Run: `.venv/bin/python benchmarks/index_bench.py [--sizes 1000,10000,100000] [--build-rows 3000]`.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.embeddings import get_embedder  # noqa: E402
from assistant.index import CorpusIndex  # noqa: E402
from assistant.index.store import row_document, table_document  # noqa: E402
from assistant.models import GoalTable, Indicator, read_tables  # noqa: E402
from assistant.settings import load_settings  # noqa: E402

SOURCES = [ROOT / "evaluation" / "datasets" / "lint_dev_tables.jsonl", ROOT / "corpus" / "sources" / "corpus_extra_tables.jsonl"]


def real_tables() -> list[GoalTable]:
    seen: dict[str, GoalTable] = {}
    for p in SOURCES:
        if p.exists():
            for t in read_tables(p):
                if t.indicators:
                    seen.setdefault(t.id, t)
    if not seen:
        sys.exit("错误：找不到语料 / error: no corpus found")
    return list(seen.values())


def recombine(tables: list[GoalTable], n_rows: int, seed: int = 7) -> list[GoalTable]:
    """Synthetic tables of real names and real rows until there are `n_rows` rows."""
    rng = random.Random(seed)
    rows = [ind for t in tables for ind in t.indicators]
    out: list[GoalTable] = []
    total = 0
    while total < n_rows:
        base = rng.choice(tables)
        take = min(rng.randint(6, 14), n_rows - total)
        inds = [_perturb(rng.choice(rows), rng) for _ in range(take)]
        out.append(base.model_copy(update={"id": f"syn{len(out):06d}", "indicators": inds,
                                           "year": rng.choice([2019, 2020, 2021, 2022, 2023, 2024])}))
        total += take
    return out


def _perturb(ind: Indicator, rng: random.Random) -> Indicator:
    value = re.sub(r"\d+(?:\.\d+)?", lambda m: str(max(1, round(float(m.group()) * rng.uniform(0.5, 1.5)))),
                   ind.value or "")
    return ind.model_copy(update={"value": value or None})


class PartsEmbedder:
    """Vectors from real USE vectors of a document's parts (see the module docstring)."""

    def __init__(self, real: object, name: str) -> None:
        self.real = real
        self.name = name
        self.dim = real.dim  # type: ignore[attr-defined]
        self.cache: dict[str, np.ndarray] = {}

    def warm(self, docs: list[str]) -> None:
        parts = sorted({p for d in docs for p in d.split("｜")} - set(self.cache))
        for s in range(0, len(parts), 512):
            vecs = self.real.embed_documents(parts[s: s + 512])  # type: ignore[attr-defined]
            self.cache.update(zip(parts[s: s + 512], vecs, strict=True))

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        self.warm(texts)
        out = np.stack([np.sum([self.cache[p] for p in t.split("｜")], axis=0) for t in texts]).astype(np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self.real.embed_query(text))  # type: ignore[attr-defined]


def cat_rows(idx: CorpusIndex) -> list[str]:
    return idx._catalogue("rows").ids


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))] * 1000


def _raw_pass(emb: object, docs: list[str]) -> tuple[float, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    for b in range(0, len(docs), 512):
        emb.embed_documents(docs[b: b + 512])  # type: ignore[attr-defined]
    return time.perf_counter() - t0, time.process_time() - c0


_TOTALS = ("raw_s", "raw_cpu", "build_s", "build_cpu", "embed_s")


def _timed_pair(
    n: int, raw: Callable[[], tuple[float, float]], build: Callable[[], tuple[float, float, float]],
    totals: dict[str, float],
) -> tuple[float, float]:
    """Time a raw pass and a build next to each other, alternating which goes first; add to `totals`.
    Returns (raw wall, build wall)."""
    if n % 2:
        b = build()
        r = raw()
    else:
        r = raw()
        b = build()
    for k, v in zip(_TOTALS, (*r, *b), strict=True):
        totals[k] += v
    return r[0], b[0]


def _docs(tables: list[GoalTable]) -> list[str]:
    return [row_document(t, i) for t in tables for i in t.indicators] + [table_document(t) for t in tables]


def bench_build(tables: list[GoalTable], n_rows: int, reps: int = 3, chunks: int = 10) -> dict[str, object]:
    """Build vs raw embedding of exactly the same texts, two ways, each interleaved with its baseline.

    The machine is shared and its speed drifts by a factor of two within a minute, so each build is
    timed right next to a raw pass (alternating which goes first) and the sums are compared.

    - build: `CorpusIndex.build` of all rows into a fresh store, as `zhibiao index build`, prepare and
      a rebuild after an embedder change do; `reps` times (the acceptance figure).
    - incremental: the same rows added in `chunks` successive builds of one store, as a user adding
      documents would; each build also diffs the store and writes in small upserts, which chromadb
      makes slower as the collection grows.
    A small build first loads chromadb, the linter and the collections: once per process, not per row.
    """
    from assistant.services import row_quality

    emb = get_embedder("use")
    corpus = recombine(tables, n_rows, seed=11)
    docs = _docs(corpus)
    rows = sum(len(t.indicators) for t in corpus)
    emb.embed_documents(docs[:64])  # load + warm
    with tempfile.TemporaryDirectory() as tmp:
        CorpusIndex.open(load_settings(data_dir=Path(tmp)), emb, row_quality=row_quality).build(corpus[:10])

    def fresh_build() -> tuple[float, float, float]:
        with tempfile.TemporaryDirectory() as tmp:
            idx = CorpusIndex.open(load_settings(data_dir=Path(tmp)), emb, row_quality=row_quality)
            c0 = time.process_time()
            rep = idx.build(corpus)
            return rep.seconds, time.process_time() - c0, rep.embed_seconds

    once = dict.fromkeys(_TOTALS, 0.0)
    per_rep = []
    for n in range(reps):
        rw, bw = _timed_pair(n, lambda: _raw_pass(emb, docs), fresh_build, once)
        per_rep.append(round(bw / rw - 1, 3))

    size = -(-len(corpus) // chunks)
    inc = dict.fromkeys(_TOTALS, 0.0)
    with tempfile.TemporaryDirectory() as tmp:
        idx = CorpusIndex.open(load_settings(data_dir=Path(tmp)), emb, row_quality=row_quality)
        for n, s in enumerate(range(0, len(corpus), size)):
            part_docs = _docs(corpus[s: s + size])

            def grow(end: int = s + size) -> tuple[float, float, float]:
                c0 = time.process_time()
                rep = idx.build(corpus[:end])
                return rep.seconds, time.process_time() - c0, rep.embed_seconds

            _timed_pair(n, lambda d=part_docs: _raw_pass(emb, d), grow, inc)
        t0 = time.perf_counter()
        again = idx.build(corpus)
        noop = time.perf_counter() - t0
        assert again.rows_added == 0

    def summary(m: dict[str, float], runs: int) -> dict[str, object]:
        return {
            "raw_embed_s": round(m["raw_s"], 2), "raw_rows_per_s": round(runs * rows / m["raw_s"], 1),
            "build_s": round(m["build_s"], 2), "build_rows_per_s": round(runs * rows / m["build_s"], 1),
            "embed_inside_build_s": round(m["embed_s"], 2),
            "overhead_vs_raw": round(m["build_s"] / m["raw_s"] - 1, 3),
            "cpu_overhead_vs_raw": round(m["build_cpu"] / m["raw_cpu"] - 1, 3),
        }

    return {
        "rows": rows, "tables": len(corpus),
        "build": {**summary(once, reps), "reps": reps, "overhead_per_rep": per_rep},
        "incremental": {**summary(inc, 1), "chunks": chunks},
        "rebuild_unchanged_s": round(noop, 3),
    }


def bench_latency(tables: list[GoalTable], sizes: list[int], n_queries: int) -> dict[str, object]:
    real = get_embedder("use")
    rng = random.Random(3)
    qtables = rng.sample(tables, min(n_queries, len(tables)))
    queries = [" ".join(x for x in [t.project_name or "", t.purpose or "", *t.goals] if x)[:600] for t in qtables]
    t_embed = []
    qvecs = []
    for q in queries:
        t0 = time.perf_counter()
        qvecs.append(real.embed_query(q))
        t_embed.append(time.perf_counter() - t0)
    out: dict[str, object] = {"query_embedding_ms": {"p50": round(pct(t_embed, 50), 1),
                                                     "p95": round(pct(t_embed, 95), 1)}}
    parts = PartsEmbedder(real, "use-parts")
    for n in sizes:
        corpus = recombine(tables, n)
        with tempfile.TemporaryDirectory() as tmp:
            idx = CorpusIndex.open(load_settings(data_dir=Path(tmp)), parts)  # type: ignore[arg-type]
            t0 = time.perf_counter()
            idx.build(corpus)
            build_s = time.perf_counter() - t0
            print(f"  {n} 行已建索引 / built in {build_s:.0f}s", file=sys.stderr, flush=True)
            t0 = time.perf_counter()
            idx.search_rows("预热", k=1, mode="lexical")  # loads the catalogue and builds BM25
            cat_s = time.perf_counter() - t0
            # A restarted app opens the same store: the catalogue comes from its on-disk snapshot.
            t0 = time.perf_counter()
            CorpusIndex.open(load_settings(data_dir=Path(tmp)), parts).warm()  # type: ignore[arg-type]
            snap_s = time.perf_counter() - t0
            res: dict[str, object] = {"build_s": round(build_s, 1), "catalogue_load_s": round(cat_s, 2),
                                      "catalogue_reopen_s": round(snap_s, 2)}
            col = idx._rows
            raw = []
            for qv in qvecs:
                t0 = time.perf_counter()
                col.query(query_embeddings=[qv], n_results=50, include=[])
                raw.append(time.perf_counter() - t0)
            res["raw_chroma_query_ms"] = {"p50": round(pct(raw, 50), 2), "p95": round(pct(raw, 95), 2)}
            cases = [("lexical", {}), ("dense", {}), ("hybrid", {}),
                     ("hybrid+exclude", {"mode": "hybrid", "exclude_table_ids": [corpus[0].id]}),
                     ("hybrid+level2", {"mode": "hybrid", "level2": "数量指标"})]
            # A filter keeping under 5% of the rows: chromadb is asked among the allowed ids.
            share = Counter(t.sector for t in corpus for _ in t.indicators if t.sector)
            rare = [(n, sec) for sec, n in share.items() if n < 0.05 * len(cat_rows(idx))]
            if rare:
                n_rare, sector = max(rare)
                res["narrow_filter_rows"] = n_rare
                cases.append(("hybrid+narrow", {"mode": "hybrid", "sector": sector}))
            for label, kw in cases:
                kw = kw or {"mode": label}
                times = []
                for _rep in range(2):
                    for q, qv in zip(queries, qvecs, strict=True):
                        t0 = time.perf_counter()
                        idx.search_rows(q, k=10, query_vector=qv, **kw)  # type: ignore[arg-type]
                        times.append(time.perf_counter() - t0)
                p95 = pct(times, 95)
                res[label] = {"p50_ms": round(pct(times, 50), 2), "p95_ms": round(p95, 2),
                              "p95_vs_raw_chroma": round(p95 / max(pct(raw, 95), 1e-6), 1)}
        out[str(n)] = res
        print(f"  {n} 行完成 / done: {json.dumps(res, ensure_ascii=False)}", file=sys.stderr, flush=True)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--build-rows", type=int, default=3000)
    ap.add_argument("--build-reps", type=int, default=3)
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--skip-build", action="store_true")
    args = ap.parse_args()
    tables = real_tables()
    result: dict[str, object] = {"real_tables": len(tables), "real_rows": sum(len(t.indicators) for t in tables)}
    if not args.skip_build:
        print("建索引吞吐 / build throughput ...", file=sys.stderr, flush=True)
        result["build"] = bench_build(tables, args.build_rows, reps=args.build_reps)
        print(json.dumps(result["build"], ensure_ascii=False), file=sys.stderr, flush=True)
    print("查询延迟 / query latency ...", file=sys.stderr, flush=True)
    result["latency"] = bench_latency(tables, [int(x) for x in args.sizes.split(",") if x], args.queries)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
