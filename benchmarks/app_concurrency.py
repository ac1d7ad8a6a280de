"""20 concurrent `gradio_client` suggestion requests against a running app; p50/p95 latency.

Baseline in the same run: the same 20 requests sent one after another.
Run: start the app (`make run`), then `.venv/bin/python benchmarks/app_concurrency.py [URL]`.
"""

from __future__ import annotations

import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from gradio_client import Client

ARGS = ["职业技能培训项目", "组织开展职业技能培训3000人次，培训后就业率达到60%", "78.71", "某区人社局", "", "2025", ""]


def one(client: Client) -> float:
    t0 = time.perf_counter()
    # gr.State outputs are not part of the API, so four values come back.
    grid, _goals, _notes, _alt = client.predict(*ARGS, api_name="/suggest")
    rows = grid["data"] if isinstance(grid, dict) else grid
    assert len(rows) >= 8, rows
    return time.perf_counter() - t0


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p * (len(xs) - 1)))]


def main(url: str = "http://127.0.0.1:7860/", n: int = 20) -> None:
    clients = [Client(url, verbose=False) for _ in range(n)]
    one(clients[0])  # warm
    seq = [one(clients[0]) for _ in range(n)]
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=n) as pool:
        con = list(pool.map(one, clients))
    wall = time.perf_counter() - t0
    print(f"sequential: p50 {statistics.median(seq):.2f} s, p95 {pct(seq, 0.95):.2f} s, total {sum(seq):.1f} s")
    print(f"concurrent ({n}): p50 {statistics.median(con):.2f} s, p95 {pct(con, 0.95):.2f} s, wall {wall:.1f} s "
          f"({sum(seq) / wall:.2f}x the sequential throughput), errors 0")


if __name__ == "__main__":
    main(*sys.argv[1:2])
