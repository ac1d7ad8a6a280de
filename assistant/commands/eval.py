"""`zhibiao eval lint|suggest|retrieval|report`: quality figures against baselines in the same run."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

NAME = "eval"
HELP = ("评测规则检查、检索、项目类型识别、可比项目阈值和建议质量 / "
        "evaluate lint, retrieval, kinds, the comparable-project floor and suggestion quality")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("what", choices=["lint", "suggest", "retrieval", "kinds", "comparable", "report"])
    p.add_argument("--tables", help="目标表 JSON Lines（默认：自带语料）/ goal tables (default: shipped corpus)")
    p.add_argument("--labels", help="人工标注 JSON Lines / lint labels")
    p.add_argument("--json", action="store_true", help="JSON output")
    p.add_argument("--dump", help="suggest: 把建议写入此文件 / write the engine's suggestions here")
    p.add_argument("--out", default="docs/eval", help="report: 报告目录 / report folder")
    p.add_argument("--rules-only", action="store_true", help="lint: 只用规则，不用学习模型 / rules without the learned checks")
    p.add_argument("--engine", choices=["offline", "llm"], default="offline",
                   help="suggest: 评测离线引擎或大模型路径 / the offline engine or the LLM path")
    p.add_argument("--replay", help="suggest --engine llm: 回放的模型回答（{match, reply} JSON Lines）/ recorded answers")
    p.add_argument("--record-prompts", help="suggest --engine llm: 把产品发送的提示词写入此文件 / write the prompts here")


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
    if args.what == "comparable":
        from assistant.services import build_services
        from evaluation.comparable import evaluate_comparable, format_comparable

        sv = build_services()
        res = evaluate_comparable(sv.embedder, classifier=sv.kinds)
        if args.json:
            _emit(res, True)
        else:
            print(format_comparable(res))
        return 0
    if args.what == "suggest" and args.engine == "llm":
        return _llm(args)
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


def _llm(args: argparse.Namespace) -> int:
    """The LLM path on the recorded set: raw answers, what the pipeline kept, the offline engine."""
    from evaluation.llm import evaluate_replay, record_prompts

    if args.record_prompts:
        n = record_prompts(Path(args.record_prompts))
        print(f"已写入 {n} 条提示词到 {args.record_prompts} / wrote {n} prompts", file=sys.stderr)
        return 0
    if not args.replay:
        print("错误：--engine llm 需要 --replay 文件 / error: --engine llm needs --replay FILE", file=sys.stderr)
        return 2
    result = evaluate_replay(Path(args.replay))
    if args.json:
        _emit(result, True)
        return 0
    print(f"简报 / briefs: {result['briefs']}（{result['sectors']} 个行业 / sectors）")
    print("引擎 / engine\t事实保留 kept\t二级正确 in_slot\t无错误 lint_clean\t无警告 warning_free\t每表行数 rows")
    for name, label in (("raw", "模型原始回答 raw"), ("pipeline", "产品采用 pipeline"), ("offline", "离线引擎 offline")):
        r = result[name]
        print(f"{label}\t{r['kept']}（{r['facts_kept']}/{r['facts']}）\t{r['in_slot']}（{r['facts_in_slot']}/{r['facts']}）"
              f"\t{r['lint_clean']}\t{r['warning_free']}\t{r['rows_per_table']}")
    print(f"模型给出的行 / answer rows: {result['answer_rows']}；被拒绝 / rejected: {result['rejected_rows']}"
          f"（{result['rejected_share']:.2%}）；重复删除 / duplicates: {result['duplicates_dropped']}；"
          f"超出上限 / beyond cap: {result['rows_beyond_cap']}")
    for r in result["rejected"]:
        print(f"  拒绝 / rejected [{r['id']}] {r['level2']}｜{r['level3']}｜{r['value']}：{'；'.join(r['reasons'])}")
    for e in result["errors"]:
        print(f"  回答无法使用 / unusable answer [{e['id']}]：{e['error']}")
    return 0
