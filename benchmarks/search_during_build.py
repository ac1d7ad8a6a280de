"""Search latency while a build runs in another thread, against the same searches on an idle index.

A user uploading a document starts a build; everyone else keeps searching. Builds hold the index's lock,
so searches must not wait for it (before schema 5's lock-free catalogue read, one search waited 5.4 s
for a 3000-row build). Baseline: the same searches with no build running, in the same run.

Run: `.venv/bin/python benchmarks/search_during_build.py [--build-rows 3000]`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from index_bench import pct, real_tables, recombine  # noqa: E402

from assistant.embeddings import get_embedder  # noqa: E402
from assistant.index import CorpusIndex  # noqa: E402
from assistant.services import row_quality  # noqa: E402
from assistant.settings import load_settings  # noqa: E402

QUERIES = ["职业技能培训补贴 培训人次", "农村道路建设 验收合格率", "养老保险 参保率", "就业服务 满意度"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build-rows", type=int, default=3000)
    args = ap.parse_args()
    tables = real_tables()
    extra = recombine(tables, args.build_rows, seed=5)
    with tempfile.TemporaryDirectory() as tmp:
        idx = CorpusIndex.open(load_settings(data_dir=Path(tmp)), get_embedder("use"), row_quality=row_quality)
        idx.build(tables)
        idx.warm()
        for q in QUERIES:
            idx.search_rows(q, k=10)
        idle = []
        for n in range(40):  # a new query text each time: the query embedding is part of the cost
            t0 = time.perf_counter()
            idx.search_rows(f"{QUERIES[n % 4]} {n}", k=10)
            idle.append(time.perf_counter() - t0)
        builder = threading.Thread(target=lambda: idx.build([*tables, *extra]))
        started = time.perf_counter()
        builder.start()
        busy = []
        while builder.is_alive():
            t0 = time.perf_counter()
            idx.search_rows(f"{QUERIES[len(busy) % 4]} b{len(busy)}", k=10)
            busy.append(time.perf_counter() - t0)
        builder.join()
        build_s = time.perf_counter() - started
    print(f"idle index: {len(idle)} searches, p50 {pct(idle, 50):.1f} ms, p95 {pct(idle, 95):.1f} ms")
    print(f"during a {args.build_rows}-row build ({build_s:.1f} s): {len(busy)} searches, "
          f"p50 {pct(busy, 50):.0f} ms, max {max(busy) * 1000:.0f} ms "
          f"({pct(busy, 50) / max(pct(idle, 50), 1e-6):.0f}x the idle p50)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
