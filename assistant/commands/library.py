"""`zhibiao library`: list, search and check the sector indicator library (corpus/library/*.yaml)."""

from __future__ import annotations

import argparse
import json
import sys

NAME = "library"
HELP = "分行业指标库：列出、搜索、检查 / list, search and check the sector indicator library"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sector", help="只列出这个行业（中文名或英文 key），如 水利 / only this sector")
    p.add_argument("--search", metavar="WORDS", help="按词搜索项目类型和指标 / words every listed kind contains")
    p.add_argument("--json", action="store_true", help="JSON 输出 / JSON output")
    p.add_argument("--check", action="store_true",
                   help="校验全部文件并逐条规则检查（有问题时退出码 1） / validate and lint every entry (exit 1 on problems)")
    p.add_argument("--dir", help="指标库目录（默认自带的 corpus/library） / library folder")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from assistant.authoring.library import LibraryError, lint_library, load_library

    try:
        lib = load_library(Path(args.dir) if args.dir else None)
    except LibraryError as e:
        print(f"指标库有错误 / library error: {e}", file=sys.stderr)
        return 1
    if args.check:
        problems = lint_library(lib)
        for file_key, kind, name, msg in problems:
            print(f"{file_key}.yaml\t{kind}\t{name}\t{msg}")
        print(f"{len(lib.sectors)} 个行业 / sectors, {len(lib.kinds)} 个项目类型 / kinds, "
              f"{lib.indicator_count} 条指标 / indicators; {len(problems)} 条有问题 / with findings",
              file=sys.stderr)
        return 1 if problems else 0
    sector = None
    if args.sector:
        sector = lib.sector_named(args.sector)
        if sector is None:
            names = "、".join(s.name for s in lib.sectors)
            print(f"没有这个行业：{args.sector}（可选：{names}） / unknown sector", file=sys.stderr)
            return 2
    kinds = lib.search(args.search or "", sector.name if sector else None)
    if args.json:
        out = [{
            "kind": k.key, "sector": k.sector, "label": k.label, "examples": list(k.examples),
            "keywords": list(k.keywords),
            "indicators": [{"level2": _level2(c.slot), "level3": c.level3, "description": c.description,
                            "value": c.value or None, "unit": c.unit or None, "source": c.source or None,
                            "basis": c.basis, "convention": c.convention or None} for c in k.candidates],
        } for k in kinds]
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    for k in kinds:
        print(f"[{k.sector}] {k.label}（{k.key}）  例：{'；'.join(k.examples[:2])}")
        for c in k.candidates:
            value = c.value or f"（数值来自项目说明，单位{c.unit}）" if not c.value else c.value
            print(f"    {_level2(c.slot)}\t{c.level3}\t{value}\t{c.basis}")
    print(f"{len(kinds)} 个项目类型 / kinds", file=sys.stderr)
    return 0


def _level2(slot: str) -> str:
    from assistant.authoring.library import LEVEL2_SLOTS

    return next(k for k, v in LEVEL2_SLOTS.items() if v == slot)
