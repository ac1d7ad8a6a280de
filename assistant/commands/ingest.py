"""`zhibiao ingest PATH... --out tables.jsonl`: read published goal tables into the interchange format.

The report (tables and rows per file, rows marked uncertain) goes to stderr; a progress bar shows when
there are many files. Exit 0 on success, 2 with a one-line Chinese + English error for bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "ingest"
HELP = "导入已公开的绩效目标表（.txt/.md/.docx/.xlsx/.csv/.jsonl）为 JSON Lines / ingest goal tables"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", type=Path, help="文件或文件夹 / files or folders")
    p.add_argument("--out", "-o", type=Path, required=True, help="输出的 tables.jsonl / output file")
    p.add_argument("--quiet", "-q", action="store_true", help="只报告错误 / report errors only")


def run(args: argparse.Namespace) -> int:
    from assistant.models import write_tables
    from assistant.settings import load_settings
    from corpus.ingest import IngestError, ingest_paths

    missing = [p for p in args.paths if not p.exists()]
    if missing:
        print(f"错误：找不到 {missing[0]} / error: no such file or folder", file=sys.stderr)
        return 2
    try:
        # The same limits as the app (ZHIBIAO_LIMITS__*): a zip bomb ends here in a second, with its reason.
        result = ingest_paths(args.paths, progress=not args.quiet, limits=load_settings().limits)
    except IngestError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    failed = [r for r in result.reports if r.tables == 0]
    if not result.tables:
        why = failed[0].messages[0] if failed and failed[0].messages else "没有找到绩效目标表 / no goal table found"
        print(f"错误：{why}", file=sys.stderr)
        return 2
    write_tables(result.tables, args.out)
    for r in result.reports:
        if args.quiet and r.tables:
            continue
        line = f"{r.file}：{r.tables} 张表，{r.rows} 行指标"
        if r.marked:
            line += f"，{len(r.marked)} 行待核对"
        print(line, file=sys.stderr)
        if not args.quiet:
            for table_id, row, raw, reason in r.marked:
                print(f"  待核对 {table_id} 第{row + 1}行：{reason}｜{raw[:80]}", file=sys.stderr)
        for m in r.messages:
            print(f"  {m}", file=sys.stderr)
    total_rows = sum(len(t.indicators) for t in result.tables)
    print(f"共 {len(result.tables)} 张表，{total_rows} 行指标 -> {args.out}", file=sys.stderr)
    return 0
