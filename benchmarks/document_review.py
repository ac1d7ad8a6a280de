"""Whole-document review: 50 tables reviewed and exported (.docx, .xlsx, .html with charts) against the
bare lint of the same 50 tables, measured in the same run.

    .venv/bin/python benchmarks/document_review.py [--rounds 2]

The 50 tables are the 44 of seed document 003 and the first 6 of seed 000 (corpus/sources/). The first
round is cold (matplotlib import, the CJK font scan, the linter's caches empty); later rounds are warm.
Target (issue 18): review + export under 10 s on 2 cores.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEEDS = [ROOT / "corpus" / "sources" / "003_61c5a3a787465ec8.txt", ROOT / "corpus" / "sources" / "000_1781007c5bfe5ba4.txt"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    from assistant.lint import lint_table, score_table
    from assistant.review import review_tables
    from assistant.review.charts import chart_pngs
    from assistant.review.document import load_document
    from assistant.review.report import write_report

    pairs = [(p.name, t) for p in SEEDS for t in load_document(p)][:50]
    rows = sum(len(t.indicators) for _, t in pairs)
    print(f"{len(pairs)} tables, {rows} rows")
    with tempfile.TemporaryDirectory(prefix="zhibiao-bench-") as tmp:
        for r in range(1, args.rounds + 1):
            t0 = time.perf_counter()
            for _, t in pairs:
                score_table(t, lint_table(t))
            lint_s = time.perf_counter() - t0

            t0 = time.perf_counter()
            review = review_tables(pairs)
            review_s = time.perf_counter() - t0
            t1 = time.perf_counter()
            charts = chart_pngs(review)
            charts_s = time.perf_counter() - t1
            parts = {}
            for fmt in ("docx", "xlsx", "html"):
                t2 = time.perf_counter()
                write_report(review, Path(tmp) / f"report.{fmt}", charts)
                parts[fmt] = time.perf_counter() - t2
            total = time.perf_counter() - t0
            label = "cold" if r == 1 else "warm"
            print(f"round {r} ({label}): bare lint {lint_s:.2f} s | review {review_s:.2f} s + charts {charts_s:.2f} s"
                  f" + docx {parts['docx']:.2f} s + xlsx {parts['xlsx']:.2f} s + html {parts['html']:.2f} s"
                  f" = {total:.2f} s; ratio to bare lint {total / lint_s:.1f}x; "
                  f"{'under' if total < 10 else 'OVER'} the 10 s target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
