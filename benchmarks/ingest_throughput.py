"""Parse throughput of the ingester on the five seeds replicated to >= 20 MB of text (one core).

Run: `.venv/bin/python benchmarks/ingest_throughput.py [--mb 20]`. Prints MB/s; the target is >= 2 MB/s.
Also times a few pathological inputs (one huge line, thousands of pipes, a table-header storm), each of
which must finish, not hang.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=20.0)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    from corpus.ingest import IngestError, ingest_bytes

    seeds = [p.read_bytes() for p in sorted((ROOT / "corpus" / "sources").glob("*.txt"))]
    blob = b"\n\n".join(seeds) + b"\n\n"
    data = blob * int(args.mb * 1e6 // len(blob) + 1)
    t0, c0 = time.perf_counter(), time.process_time()
    res = ingest_bytes("seeds_x.txt", data)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    rows = sum(len(t.indicators) for t in res.tables)
    # CPU time is the fair figure on a shared machine; wall time shows what a user waits.
    print(f"seeds replicated: {len(data) / 1e6:.1f} MB, {len(res.tables)} tables, {rows} rows; "
          f"cpu {cpu:.2f} s = {len(data) / 1e6 / cpu:.2f} MB/s per core, wall {dt:.2f} s = "
          f"{len(data) / 1e6 / dt:.2f} MB/s (target >= 2 MB/s)")
    # Baseline in the same run: decode the bytes and split every line into cells on tabs and pipes,
    # the least any reader of these layouts must do.
    c0 = time.process_time()
    cells = 0
    for line in data.decode("utf-8", errors="replace").splitlines():
        cells += len(line.replace("|", "\t").split("\t"))
    base = time.process_time() - c0
    print(f"baseline, decode and split into cells: {len(data) / 1e6 / base:.2f} MB/s per core; "
          f"the ingester takes {cpu / base:.1f}x that")
    weird = {
        "one 20 MB line": b"x" * 20_000_000,
        "5 MB of pipes": b"|" * 5_000_000,
        "header storm": ("一级指标\t二级指标\t三级指标\t绩效指标描述\t指标值\t指标值确定依据\n" * 100_000).encode(),
        "tab flood": (("\t" * 200) + "\n").encode() * 20_000,
    }
    for name, blob2 in weird.items():
        t0 = time.perf_counter()
        try:
            r = ingest_bytes("weird.txt", blob2)
            what = f"{len(r.tables)} tables"
        except IngestError as exc:
            what = f"IngestError: {str(exc)[:40]}"
        print(f"{name}: {len(blob2) / 1e6:.1f} MB in {time.perf_counter() - t0:.2f} s ({what})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
