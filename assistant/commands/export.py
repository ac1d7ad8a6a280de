"""`zhibiao export IN --to xlsx|docx|csv|jsonl --out FILE`: the official table layout."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "export"
HELP = "按官方表样导出目标表 / export goal tables in the official layout"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", help="目标表文件（任何可导入的格式）/ any file the ingester reads")
    p.add_argument("--to", required=True, choices=["xlsx", "docx", "csv", "jsonl"], help="导出格式")
    p.add_argument("--out", required=True, help="输出文件")
    p.add_argument("--review", action="store_true", help="附上逐行审核意见 / append the review findings")


def run(args: argparse.Namespace) -> int:
    from assistant.export import appendix_from_findings, export
    from assistant.models import read_tables

    src = Path(args.input)
    if not src.exists():
        print(f"错误：找不到文件 {src} / error: no such file", file=sys.stderr)
        return 2
    if src.suffix.lower() == ".jsonl":
        tables = read_tables(src)
    else:
        from corpus.ingest import ingest_file

        tables = ingest_file(src).tables
    if not tables:
        print(f"错误：{src} 中没有绩效目标表 / error: no goal table in {src}", file=sys.stderr)
        return 2
    appendix = None
    if args.review:
        from assistant.lint import lint_table

        appendix = [a for t in tables for a in appendix_from_findings(t, lint_table(t))]
    out = export(tables, args.to, args.out, appendix=appendix, appendix_title="审核意见")
    print(f"已导出 {len(tables)} 张表到 {out} / exported {len(tables)} table(s) to {out}", file=sys.stderr)
    return 0
