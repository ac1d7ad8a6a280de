"""`zhibiao suggest`: a complete, measurable goal table for a new project."""

from __future__ import annotations

import argparse
import sys

from assistant.commands._types import integer, number

NAME = "suggest"
HELP = "为新项目生成绩效目标表建议 / suggest a goal table for a new project"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--name", required=True, help="项目名称")
    p.add_argument("--purpose", default="", help="资金用途 / 项目概况")
    p.add_argument("--budget", type=number("预算数", "--budget"), help="预算数（万元）")
    p.add_argument("--department", help="部门")
    p.add_argument("--sector", help="行业代码")
    p.add_argument("--year", type=integer("预算年度", "--year", low=2000, high=2100), help="预算年度")
    p.add_argument("--goal", action="append", default=[], help="年度绩效目标（可多次）")
    p.add_argument("--quantity", action="append", default=[], help="已知数量，如 培训3000人次（可多次）")
    p.add_argument("--json", action="store_true", help="JSON output")


def run(args: argparse.Namespace) -> int:
    from assistant.models import ProjectBrief
    from assistant.services import build_services

    if not args.name.strip():
        print("错误：项目名称不能为空 / error: --name must not be empty", file=sys.stderr)
        return 2
    brief = ProjectBrief(
        name=args.name, purpose=args.purpose, budget_wan=args.budget, department=args.department,
        sector=args.sector, year=args.year, goals=args.goal, quantities=args.quantity,
    )
    services = build_services()
    services.prepare()
    s = services.suggest(brief)
    if args.json:
        print(s.model_dump_json())
        return 0
    print(f"项目：{brief.name}（引擎：{s.engine}）")
    for g in s.goals:
        print(f"年度绩效目标：{g}")
    for n in s.notices:
        print(f"提示：{n}")
    for r in s.rows:
        cites = "；".join(f"{c.project_name or c.table_id}第{c.row + 1}行" for c in r.citations)
        print(f"{r.level1}\t{r.level2}\t{r.level3}\t{r.target.render()}\t{r.basis}")
        print(f"\t理由：{r.rationale}" + (f" 参考：{cites}" if cites else ""))
    return 0
