"""`zhibiao carry LAST_YEAR_TABLE --budget .. --out FILE`: this year's goal table from last year's, with a diff."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.commands._types import integer, number

NAME = "carry"
HELP = "由上年绩效目标表续编今年的表，并列出与上年的差异 / carry last year's goal table over to this year"
_OUT = (".jsonl", ".xlsx", ".docx")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("table", metavar="LAST_YEAR_TABLE", help="上年目标表（.jsonl 或任何可导入的文档）/ last year's table")
    p.add_argument("--budget", required=True, type=number("今年预算数", "--budget"), help="今年预算数（万元）")
    p.add_argument("--quantity", action="append", default=[], help="今年数量，如 培训3500人次（可多次）")
    p.add_argument("--scope", default="", help="今年范围的变化（文字）/ the changed scope in words")
    p.add_argument("--reason", default="", help="比率目标低于上年的原因 / why a rate target may drop")
    p.add_argument("--year", type=integer("预算年度", "--year", low=2000, high=2100), help="今年预算年度（默认上年+1）")
    p.add_argument("--table", dest="table_no", type=integer("表序号", "--table", low=1, high=100_000), default=None,
                   help="文件中有多张表时取第N张（从1起）/ which table of the file (1-based)")
    p.add_argument("--out", required=True, help="输出文件 .jsonl / .xlsx / .docx")


def _fail(zh: str, en: str) -> int:
    print(f"错误：{zh} / error: {en}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from assistant.commands.lint import _load

    out = Path(args.out)
    if out.suffix.lower() not in _OUT:
        return _fail(f"输出文件应为 {'、'.join(_OUT)}，收到“{out.name}”", f"--out must end in {', '.join(_OUT)}")
    tables = _load(Path(args.table))
    if not tables:
        return _fail(f"{args.table} 中没有找到绩效目标表", "no goal table found")
    if args.table_no is None and len(tables) > 1:
        return _fail(f"{args.table} 中有{len(tables)}张表，请用 --table N 选择一张", f"{len(tables)} tables; pick one with --table N")
    n = args.table_no or 1
    if n > len(tables):
        return _fail(f"{args.table} 只有{len(tables)}张表，没有第{n}张", f"only {len(tables)} tables")
    from assistant.authoring.carry import (
        APPENDIX_TITLE,
        CarryFacts,
        carry_over,
        diff_appendix,
        diff_text,
        validate_facts,
    )
    from assistant.export import export
    from assistant.lint import lint_table
    from assistant.services import build_services

    facts = CarryFacts(budget_wan=args.budget, quantities=args.quantity, scope=args.scope, year=args.year,
                       reason=args.reason)
    validate_facts(facts)  # before the index is opened: bad input answers at once
    services = build_services()
    services.prepare()
    with services.index.pinned():
        carry = carry_over(tables[n - 1], facts, lint_table, services.composer)
    fmt = out.suffix.lower().lstrip(".")
    export([carry.table], fmt, out, appendix=diff_appendix(carry), appendix_title=APPENDIX_TITLE)  # type: ignore[arg-type]
    print(diff_text(carry), file=sys.stderr)
    print(f"已写入 {out} / wrote {out}", file=sys.stderr)
    return 0
