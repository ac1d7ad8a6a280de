"""`zhibiao eval lint|suggest|retrieval|report`: quality figures against baselines in the same run."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

NAME = "eval"
HELP = "评测规则检查、检索、项目类型识别和建议质量 / evaluate lint, retrieval, kinds and suggestion quality"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("what", choices=["lint", "suggest", "retrieval", "kinds", "report"])
    p.add_argument("--tables", help="目标表 JSON Lines（默认：自带语料）/ goal tables (default: shipped corpus)")
    p.add_argument("--labels", help="人工标注 JSON Lines / lint labels")
    p.add_argument("--json", action="store_true", help="JSON output")
    p.add_argument("--dump", help="suggest: 把建议写入此文件 / write the engine's suggestions here")
    p.add_argument("--out", default="docs/eval", help="report: 报告目录 / report folder")
    p.add_argument("--rules-only", action="store_true", help="lint: 只用规则，不用学习模型 / rules without the learned checks")


def _tables(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from assistant.models import read_tables

    if args.tables:
        return read_tables(args.tables), f"目标表：{args.tables}"
    from assistant.services import build_services

    services = build_services()
    services.corpus.ensure()
    return services.corpus.tables(), "目标表：自带语料（corpus/sources）"


def _emit(result: dict, as_json: bool) -> None:  # type: ignore[type-arg]
    print(json.dumps(result, ensure_ascii=False, indent=None if as_json else 1))


def run(args: argparse.Namespace) -> int:
    from assistant.models import read_labels
    from evaluation.lint_eval import DATASETS, evaluate_lint
    from evaluation.report import timed, write_report
    from evaluation.retrieval import evaluate_retrieval
    from evaluation.suggest import evaluate_suggest

    if args.what == "lint":
        from assistant.models import read_tables

        if args.tables or args.labels:
            tables = read_tables(args.tables or DATASETS / "lint_dev_tables.jsonl")
            dev_labels = read_labels(args.labels or DATASETS / "lint_dev_labels.jsonl")
            _emit(evaluate_lint(tables, dev_labels, learned=not args.rules_only), args.json)
            return 0
        from evaluation.lint_eval import evaluate_splits, format_splits

        res = evaluate_splits()
        if args.json:
            _emit(res, True)
        else:
            print(format_splits(res))
        return 0
    if args.what == "kinds":
        from assistant.services import build_services
        from evaluation.kinds import evaluate_kinds

        _emit(evaluate_kinds(build_services().kinds), args.json)
        return 0
    tables, note = _tables(args)
    labels = read_labels(args.labels) if args.labels else None
    if args.what == "suggest":
        _emit(evaluate_suggest(tables, labels, dump=Path(args.dump) if args.dump else None), args.json)
        return 0
    if args.what == "retrieval":
        _emit(evaluate_retrieval(tables), args.json)
        return 0
    from evaluation.common import Judge, build_index

    judge = Judge()
    index = build_index(tables, "use")
    suggest, s_sec = timed(evaluate_suggest, tables, labels, index=index, judge=judge)
    retrieval, r_sec = timed(evaluate_retrieval, tables, index=index, judge=judge)
    lint, l_sec = None, 0.0
    dev_t, dev_l = DATASETS / "lint_dev_tables.jsonl", DATASETS / "lint_dev_labels.jsonl"
    if dev_t.exists() and dev_l.exists():
        from assistant.models import read_tables

        lint, l_sec = timed(evaluate_lint, read_tables(dev_t), read_labels(dev_l))
    heldout = None
    ho_t, ho_l = DATASETS / "lint_heldout_tables.jsonl", DATASETS / "lint_heldout_labels.jsonl"
    if ho_t.exists() and ho_l.exists():
        from assistant.models import read_tables

        heldout = evaluate_lint(read_tables(ho_t), read_labels(ho_l))
    kinds = None
    from evaluation.kinds import DATASET

    if DATASET.exists():
        from assistant.services import build_services
        from evaluation.kinds import evaluate_kinds

        kinds = evaluate_kinds(build_services().kinds)
    from evaluation.lint_eval import evaluate_splits

    path = write_report(Path(args.out), kinds=kinds, lint=lint, suggest=suggest, retrieval=retrieval,
                        seconds={"suggest": s_sec, "retrieval": r_sec, "lint": l_sec}, corpus_note=note,
                        lint_heldout=heldout, lint_splits=evaluate_splits())
    print(f"报告已写入 {path} / report written to {path}", file=sys.stderr)
    return 0
