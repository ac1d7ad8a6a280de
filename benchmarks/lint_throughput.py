"""Linter throughput: rows per second on one core, over the corpus replicated, rules alone (target
>= 20,000) and with the learned checks (target >= 5,000; embeddings cached per text, so the cold cost of
embedding each distinct name once is measured and printed separately).

The corpus is corpus-extra plus the lint development set when present, copied with a distinct run of
trailing spaces on each value so the 指标值 parser's cache does not turn the run into dictionary look-ups.
Baseline in the same run: the 指标值 parser alone over the same number of fresh values (every rule needs
the parsed value, so this is the floor the linter stands on).

    .venv/bin/python benchmarks/lint_throughput.py [--rows 60000]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    Path(__file__).resolve().parents[1] / "corpus" / "sources" / "corpus_extra_tables.jsonl",
    ROOT / "evaluation" / "datasets" / "lint_dev_tables.jsonl",
    ROOT / "data" / "corpus.jsonl",
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=60000)
    ap.add_argument("--warm-cache", action="store_true", help="reuse values as published (parser cache hits)")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    from assistant.lint import lint_table, score_table
    from assistant.models import GoalTable, read_tables

    base: list[GoalTable] = []
    for p in SOURCES:
        if p.exists():
            base.extend(read_tables(p))
    base = [t for t in base if t.indicators]
    n_base = sum(len(t.indicators) for t in base)
    tables: list[GoalTable] = []
    copy = 0
    while sum(len(t.indicators) for t in tables) < args.rows:
        for t in base:
            if args.warm_cache:
                tables.append(t)
            else:
                inds = [i.model_copy(update={"value": (i.value or "") + " " * copy}) for i in t.indicators]
                tables.append(t.model_copy(update={"id": f"{t.id}-{copy}", "indicators": inds}))
        copy += 1
    rows = sum(len(t.indicators) for t in tables)

    # Baseline: parse the same number of values the linter will see, with a different padding so that
    # neither run warms the other's cache.
    from assistant.values import TargetValue

    fresh = [(i.value or "") + "\u3000" * (1 + n // n_base) for n, i in
             enumerate(i for t in tables for i in t.indicators)]
    p0 = time.process_time()
    for v in fresh:
        TargetValue.parse(v)
    parse_cpu = time.process_time() - p0
    print(f"corpus: {len(base)} tables, {n_base} rows; replicated to {len(tables)} tables, {rows} rows")
    # CPU time as well as wall time: the machine is shared, and CPU time is what one core spends.
    for learned, target in ((False, "20,000"), (True, "5,000")):
        if learned:
            from assistant.lint.learned import get_checks, texts_of
            from assistant.lint.rules import RowContext

            c0 = time.process_time()
            checks = get_checks()
            assert checks is not None, "learned checks unavailable"
            checks.cache.prefetch(x for t in base for i, ind in enumerate(t.indicators)
                                  for x in texts_of(RowContext(ind, t, i)))
            print(f"learned checks: loading models and embedding the {n_base} base rows' texts once: "
                  f"{time.process_time() - c0:.2f}s cpu")
        t0, c0 = time.perf_counter(), time.process_time()
        findings = 0
        for t in tables:
            fs = lint_table(t, learned=learned)
            score_table(t, fs)
            findings += len(fs)
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        name = "rules + learned checks" if learned else "rules only"
        print(f"{name}: findings {findings}; wall {dt:.2f}s, cpu {cpu:.2f}s; "
              f"{rows / cpu:,.0f} rows/s per CPU second on one core ({rows / dt:,.0f} rows/s wall; target >= {target}); "
              f"{cpu / parse_cpu:.1f}x the parser alone")
    print(f"baseline, 指标值 parser alone: {rows / parse_cpu:,.0f} values/s")


if __name__ == "__main__":
    main()
