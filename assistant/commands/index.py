"""`zhibiao index build|status`: the retrieval index over the ingested corpus."""

from __future__ import annotations

import argparse
import json
import sys

NAME = "index"
HELP = "建立或查看检索索引 / build or inspect the retrieval index"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["build", "status"], help="build: 导入语料并建立索引; status: 查看状态")
    p.add_argument("--json", action="store_true", help="JSON output")


def run(args: argparse.Namespace) -> int:
    from assistant.services import build_services

    services = build_services()
    if args.action == "build":
        info = services.prepare(progress=not args.json)
        out = {**info, **services.index.status()}
    else:
        out = {**services.index.status(), "corpus_stale": services.corpus.is_stale()}
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        for k, v in out.items():
            print(f"{k}: {v}", file=sys.stdout)
    return 0
