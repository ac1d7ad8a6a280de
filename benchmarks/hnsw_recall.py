"""How much of the exact nearest-neighbour list chromadb's HNSW returns, per `construction_ef`.

Why it exists: lowering `construction_ef` makes index builds cheaper, and this shows what it costs.
Rows are the recombined real rows of index_bench.py with its parts-based USE vectors; queries are
40 real tables' project + purpose + goals embedded with USE. For each setting, recall@60 of HNSW
against an exact cosine scan in the same run (the baseline).

Run: `.venv/bin/python benchmarks/hnsw_recall.py [--rows 20000] [--ef 100,50]`.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from index_bench import PartsEmbedder, real_tables, recombine  # noqa: E402

from assistant.embeddings import get_embedder  # noqa: E402
from assistant.index.store import row_document  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--ef", default="100,50")
    ap.add_argument("-k", type=int, default=60)
    args = ap.parse_args()
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    tables = real_tables()
    docs = [row_document(t, i) for t in recombine(tables, args.rows, seed=3) for i in t.indicators]
    real = get_embedder("use")
    parts = PartsEmbedder(real, "use-parts")
    vecs = np.concatenate([parts.embed_documents(docs[s: s + 2000]) for s in range(0, len(docs), 2000)])
    queries = [" ".join([t.project_name or "", t.purpose or "", *t.goals])[:600]
               for t in random.Random(1).sample(tables, min(40, len(tables)))]
    qv = np.stack([real.embed_query(q) for q in queries]).astype(np.float32)
    exact = np.argsort(-(qv @ vecs.T), axis=1)[:, : args.k]
    out: dict[str, object] = {"rows": len(docs), "queries": len(queries), "k": args.k}
    for ef in (int(x) for x in args.ef.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            client = chromadb.PersistentClient(path=tmp, settings=ChromaSettings(anonymized_telemetry=False))
            col = client.create_collection("recall", metadata={"hnsw:space": "cosine", "hnsw:construction_ef": ef},
                                           embedding_function=None)
            for s in range(0, len(docs), 2048):
                col.upsert(ids=[str(j) for j in range(s, min(s + 2048, len(docs)))], embeddings=vecs[s: s + 2048])
            rec = []
            for i in range(len(queries)):
                got = col.query(query_embeddings=[qv[i]], n_results=args.k, include=[])["ids"][0]
                rec.append(len({int(g) for g in got} & set(exact[i].tolist())) / args.k)
        out[f"construction_ef={ef}"] = {"recall_vs_exact": round(float(np.mean(rec)), 4),
                                        "worst_query": round(min(rec), 3)}
        print(json.dumps(out[f"construction_ef={ef}"]), file=sys.stderr, flush=True)
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
