"""`zhibiao kinds`: which project kinds of the sector library a project is, with scores and why."""

from __future__ import annotations

import argparse
import json

NAME = "kinds"
HELP = "识别项目类型（按含义，对照分行业指标库） / which project kinds a project is, by meaning"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", help="项目名称 / project name")
    p.add_argument("--purpose", default="", help="资金用途或项目概况 / what the money is for")
    p.add_argument("--goal", action="append", default=[], help="年度绩效目标，可重复 / a goal (repeatable)")
    p.add_argument("--sector", help="行业（表单的“行业”栏），只在该行业和通用类型中识别 / restrict to this sector")
    p.add_argument("-k", type=int, default=5, help="列出几个 / how many kinds (default 5)")
    p.add_argument("--json", action="store_true", help="JSON 输出 / JSON output")


def run(args: argparse.Namespace) -> int:
    from assistant.services import build_services

    if not args.name.strip():
        raise ValueError("项目名称不能为空 / the project name is empty")
    services = build_services()
    matches = services.kinds.rank(args.name, args.purpose, args.goal, args.sector, limit=max(1, min(args.k, 50)))
    if args.json:
        print(json.dumps({"kinds": [{"kind": m.kind.key, "label": m.kind.label, "sector": m.kind.sector,
                                     "score": m.score, "why": m.why} for m in matches]}, ensure_ascii=False))
        return 0
    for m in matches:
        print(f"{m.score:.3f}\t[{m.kind.sector}] {m.kind.label}（{m.kind.key}）\t{m.why}")
    return 0
