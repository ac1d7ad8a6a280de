"""`zhibiao prepare`: ingest the corpus and build what the app needs, only when missing or stale."""

from __future__ import annotations

import argparse
import sys

NAME = "prepare"
HELP = "准备语料和索引（缺失或过期时才重建）/ prepare the corpus and index (only when missing or stale)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--quiet", action="store_true", help="no progress output")


def run(args: argparse.Namespace) -> int:
    from assistant.services import build_services

    services = build_services()
    report = services.prepare(progress=not args.quiet)
    for line in report.get("repairs", []):  # shown even with --quiet: the user's data was damaged
        print(f"已修复 / repaired: {line}", file=sys.stderr)
    if not args.quiet:
        print(f"语料就绪 / corpus ready: {report}", file=sys.stderr)
    return 0
