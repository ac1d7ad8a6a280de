"""`zhibiao search "..."`: what comparable published projects measured."""

from __future__ import annotations

import argparse
import json

from assistant.commands._types import integer

NAME = "search"
HELP = "检索同类项目的指标 / search comparable published indicator rows"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", help="项目说明或指标名称")
    p.add_argument("-k", type=integer("返回条数", "-k", low=1, high=1000), default=10, help="返回条数 (default 10)")
    p.add_argument("--level1", help="一级指标，如 产出指标")
    p.add_argument("--level2", help="二级指标，如 数量指标 / 质量")
    p.add_argument("--sector", help="行业代码，如 education")
    p.add_argument("--region", help="地区（包含即可），如 河北")
    p.add_argument("--year", type=integer("年度", "--year", low=2000, high=2100))
    p.add_argument("--mode", choices=["hybrid", "lexical", "dense"], default="hybrid")
    p.add_argument("--tables", action="store_true", help="检索目标表而不是指标行 / search tables")
    p.add_argument("--json", action="store_true", help="JSON output")


def run(args: argparse.Namespace) -> int:
    import sys
    from dataclasses import asdict

    if not (args.query or "").strip():
        print("错误：请给出检索内容，如 项目名称或指标名称 / error: empty query", file=sys.stderr)
        return 2
    if args.k <= 0 or args.k > 1000:
        print("错误：-k 应在 1 到 1000 之间 / error: -k must be between 1 and 1000", file=sys.stderr)
        return 2
    from assistant.services import build_services

    services = build_services()
    services.prepare()
    if args.tables:
        thits = services.index.search_tables(args.query, k=args.k, sector=args.sector, region=args.region,
                                             year=args.year, mode=args.mode)
        if args.json:
            print(json.dumps([asdict(h) for h in thits], ensure_ascii=False))
        for th in [] if args.json else thits:
            print(f"{th.score:.4f}\t{th.table_id}\t{th.project_name}\t{th.department or ''}")
        if not thits and not args.json:
            print("没有找到匹配的目标表 / no matching tables", file=sys.stderr)
        return 0
    hits = services.index.search_rows(
        args.query, k=args.k, level1=args.level1, level2=args.level2, sector=args.sector, region=args.region,
        year=args.year, mode=args.mode,
    )
    if args.json:
        print(json.dumps([{**asdict(h), "indicator": h.indicator.format_row()} for h in hits], ensure_ascii=False))
        return 0
    if not hits:
        print("没有找到匹配的指标（可放宽筛选条件）/ no matching rows (try fewer filters)", file=sys.stderr)
    for h in hits:
        i = h.indicator
        print(f"{h.score:.4f}\t{i.level2 or ''}\t{i.level3 or ''}\t{i.value or ''}\t"
              f"（{h.project_name}，质量{h.quality:.2f}，出现{h.duplicates}次）")
    return 0
