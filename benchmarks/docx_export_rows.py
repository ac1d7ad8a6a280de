"""Time a .docx export of one table with N indicator rows under a single 一级指标 (default 5,000).

python-docx's own vertical merge recursed once per covered row and failed near 1,000 rows; the export
now marks the merge itself. Baseline in the same run: the same table as .xlsx.
Run: `.venv/bin/python benchmarks/docx_export_rows.py [--rows 5000]`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.export import to_bytes
from assistant.models import GoalTable, Indicator


def table(rows: int) -> GoalTable:
    return GoalTable(id="big", project_name="大表导出", indicators=[
        Indicator(level1="产出指标", level2="数量指标", level3=f"培训人次{i}", description="全年培训人次",
                  value=f"≥{i}人次", basis="年度计划") for i in range(rows)])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=5000)
    args = ap.parse_args()
    t = table(args.rows)
    t0 = time.perf_counter()
    xlsx = to_bytes([t], "xlsx")
    xlsx_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    docx = to_bytes([t], "docx")
    docx_s = time.perf_counter() - t0
    print(f"{args.rows} rows under one 一级: docx {docx_s:.1f} s ({len(docx) / 1e6:.1f} MB), "
          f"xlsx {xlsx_s:.1f} s ({len(xlsx) / 1e6:.1f} MB); docx/xlsx {docx_s / max(xlsx_s, 1e-9):.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
