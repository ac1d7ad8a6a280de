"""Scoring the linter against hand labels: precision, recall and F1 per flag, micro and macro.

A row's predicted flags are the distinct flags of its row-level findings, restricted to the FORMAT.md
label vocabulary (advice such as `missing_basis` and table-level findings are not labelled, so they
are not scored). Rows whose table or row index is missing are counted in `rows["unmatched"]`.

Run: `python -m evaluation.lint_eval [TABLES LABELS]` (defaults: evaluation/datasets/lint_dev_*.jsonl).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assistant.models import GoalTable, LintLabel

DATASETS = Path(__file__).resolve().parent / "datasets"


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def predict(tables: list[GoalTable]) -> dict[tuple[str, int], set[str]]:
    """(table id, row) -> predicted label flags."""
    from assistant.lint import FLAGS, lint_table

    vocab = set(FLAGS)
    out: dict[tuple[str, int], set[str]] = {}
    for t in tables:
        for i in range(len(t.indicators)):
            out[(t.id, i)] = set()
        for f in lint_table(t):
            if f.row is not None and f.flag in vocab:
                out.setdefault((t.id, f.row), set()).add(f.flag)
    return out


def evaluate_lint(tables: list[GoalTable], labels: list[LintLabel]) -> dict[str, Any]:
    """Compare predicted and labelled flags row by row.

    Returns `micro` and `macro` {precision, recall, f1}, `per_flag` {flag: {precision, recall, f1,
    support, tp, fp, fn}}, `rows` {scored, unmatched, exact},
    `clean_rows` {labelled, flagged} and `errors`: the disagreeing rows.
    """
    from assistant.lint import FLAGS

    pred = predict(tables)
    flags = list(FLAGS)
    for lab in labels:
        for fl in lab.flags:
            if fl not in flags:
                flags.append(fl)  # an unknown label still counts against recall
    counts = {fl: [0, 0, 0] for fl in flags}  # tp, fp, fn
    scored = unmatched = exact = 0
    errors: list[dict[str, Any]] = []
    for lab in labels:
        key = (lab.table_id, lab.row)
        if key not in pred:
            unmatched += 1
            continue
        scored += 1
        p, g = pred[key], set(lab.flags)
        for fl in p & g:
            counts[fl][0] += 1
        for fl in p - g:
            counts[fl][1] += 1
        for fl in g - p:
            counts[fl][2] += 1
        if p == g:
            exact += 1
        else:
            errors.append({"table_id": lab.table_id, "row": lab.row, "level3": lab.level3, "value": lab.value,
                           "predicted": sorted(p), "labelled": sorted(g), "extra": sorted(p - g),
                           "missed": sorted(g - p)})
    per_flag = {}
    for fl, (tp, fp, fn) in counts.items():
        per_flag[fl] = {**_prf(tp, fp, fn), "support": tp + fn, "tp": tp, "fp": fp, "fn": fn}
    tp, fp, fn = (sum(c[k] for c in counts.values()) for k in range(3))
    active = [v for v in per_flag.values() if v["support"] or v["fp"]]
    macro = {
        k: round(sum(v[k] for v in active) / len(active), 4) if active else 0.0
        for k in ("precision", "recall", "f1")
    }
    return {
        "micro": _prf(tp, fp, fn), "macro": macro, "per_flag": per_flag,
        "rows": {"scored": scored, "unmatched": unmatched, "exact": exact},
        # Rows labelled clean, and how many of them got a flag anyway (false alarms).
        "clean_rows": {"labelled": sum(1 for lab in labels if not lab.flags and (lab.table_id, lab.row) in pred),
                       "flagged": sum(1 for e in errors if not e["labelled"])},
        "errors": errors,
    }


def format_report(result: dict[str, Any]) -> str:
    """A plain table for the terminal and for `zhibiao eval lint`."""
    lines = [f"{'flag':<24}{'P':>7}{'R':>7}{'F1':>7}{'支持数':>7}{'误报':>6}{'漏报':>6}"]
    for fl, v in result["per_flag"].items():
        lines.append(f"{fl:<24}{v['precision']:>7.3f}{v['recall']:>7.3f}{v['f1']:>7.3f}{v['support']:>7}"
                     f"{v['fp']:>6}{v['fn']:>6}")
    mi, ma = result["micro"], result["macro"]
    lines.append(f"{'micro':<24}{mi['precision']:>7.3f}{mi['recall']:>7.3f}{mi['f1']:>7.3f}")
    lines.append(f"{'macro':<24}{ma['precision']:>7.3f}{ma['recall']:>7.3f}{ma['f1']:>7.3f}")
    r = result["rows"]
    lines.append(f"行数 rows: {r['scored']} scored, {r['exact']} exact, {r['unmatched']} unmatched")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from assistant.models import read_labels, read_tables

    ap = argparse.ArgumentParser(description="评估审核规则 / score the linter against lint labels")
    ap.add_argument("tables", nargs="?", default=str(DATASETS / "lint_dev_tables.jsonl"))
    ap.add_argument("labels", nargs="?", default=str(DATASETS / "lint_dev_labels.jsonl"))
    ap.add_argument("--errors", type=int, default=0, help="列出前N个不一致的行 / show N disagreeing rows")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    try:
        result = evaluate_lint(read_tables(args.tables), read_labels(args.labels))
    except (OSError, ValueError) as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    print(format_report(result))
    for e in result["errors"][: args.errors]:
        print(json.dumps(e, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
