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


def predict(tables: list[GoalTable], learned: bool | None = None) -> dict[tuple[str, int], set[str]]:
    """(table id, row) -> predicted label flags; `learned=False` scores the rules alone."""
    from assistant.lint import FLAGS, lint_table
    from assistant.lint.rules import label_of

    vocab = set(FLAGS)
    out: dict[tuple[str, int], set[str]] = {}
    for t in tables:
        for i in range(len(t.indicators)):
            out[(t.id, i)] = set()
        for f in lint_table(t, learned=learned):
            label = label_of(f)
            if f.row is not None and label in vocab:
                out.setdefault((t.id, f.row), set()).add(label)
    return out


def evaluate_lint(tables: list[GoalTable], labels: list[LintLabel], learned: bool | None = None,
                  pred: dict[tuple[str, int], set[str]] | None = None) -> dict[str, Any]:
    """Compare predicted and labelled flags row by row.

    Returns `micro` and `macro` {precision, recall, f1}, `per_flag` {flag: {precision, recall, f1,
    support, tp, fp, fn}}, `rows` {scored, unmatched, exact},
    `clean_rows` {labelled, flagged} and `errors`: the disagreeing rows.
    """
    from assistant.lint import FLAGS

    if pred is None:
        pred = predict(tables, learned)
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


def false_alarms(tables: list[GoalTable], learned: bool | None = None) -> dict[str, Any]:
    """Rows that must be clean: how many raise a warning or an error (any code, table findings aside)."""
    from assistant.lint import lint_table
    from assistant.models import Severity

    bad = []
    n = 0
    for t in tables:
        n += len(t.indicators)
        rows: dict[int, list[str]] = {}
        for f in lint_table(t, learned=learned):
            if f.row is not None and f.severity in (Severity.WARNING, Severity.ERROR):
                rows.setdefault(f.row, []).append(f.code)
        for r, codes in rows.items():
            ind = t.indicators[r]
            bad.append({"table_id": t.id, "row": r, "level2": ind.level2, "level3": ind.level3,
                        "value": ind.value, "codes": sorted(set(codes))})
    return {"rows": n, "flagged": len(bad), "rate": round(len(bad) / n, 4) if n else 0.0, "errors": bad}


def evaluate_splits(sets: list[Any] | None = None) -> dict[str, Any]:
    """Every labelled set, learned and rules-only, grouped by split (tune / heldout), with the clean-row
    false-alarm rate and the held-out composition (rows, sectors)."""
    from evaluation.lintsets import all_sets, split_groups

    sets = all_sets() if sets is None else sets
    out: dict[str, Any] = {}
    for split, members, _, _ in split_groups():
        part = [s for s in sets if s.split in members]
        labelled = [s for s in part if not s.clean_only]
        tables = [t for s in labelled for t in s.tables]
        labels = [lab for s in labelled for lab in s.labels]
        res: dict[str, Any] = {"sets": {}}
        # One linter run per mode; each set is scored on its share of the predictions.
        preds = {"learned": predict(tables), "rules": predict(tables, learned=False)}
        for s in labelled:
            res["sets"][s.name] = {"rows": len(s.labels), **{
                mode: _brief(evaluate_lint(s.tables, s.labels, pred=p)) for mode, p in preds.items()}}
        if labels:
            res["learned"] = evaluate_lint(tables, labels, pred=preds["learned"])
            res["rules"] = evaluate_lint(tables, labels, pred=preds["rules"])
            res["rows"] = len(labels)
            sectors = {t.sector or "hr_social_security" if t.id.startswith("s") else t.sector for t in tables}
            res["sectors"] = sorted(x for x in sectors if x)
        clean = [t for s in part if s.clean_only for t in s.tables]
        if clean:
            res["clean_rows"] = {"learned": false_alarms(clean), "rules": false_alarms(clean, learned=False)}
        out[split] = res
    out["agreement"] = labeller_agreement()
    return out


def labeller_agreement() -> dict[str, Any]:
    """Per blind set labelled twice: the second labeller scored against the first as if it were a linter."""
    from evaluation.lintsets import second_labellings

    out: dict[str, Any] = {}
    for name, first, second in second_labellings():
        by_key = {(lab.table_id, lab.row): lab.flags for lab in second}
        pred = {(lab.table_id, lab.row): set(by_key.get((lab.table_id, lab.row), [])) for lab in first}
        out[name] = _brief(evaluate_lint([], first, pred=pred))
    return out


def _brief(r: dict[str, Any]) -> dict[str, Any]:
    return {"micro": r["micro"], "per_flag": {k: {x: v[x] for x in ("precision", "recall", "support")}
                                              for k, v in r["per_flag"].items() if v["support"] or v["fp"]}}


def format_splits(res: dict[str, Any]) -> str:
    """Tune and held-out side by side, learned beside rules-only."""
    from evaluation.lintsets import split_groups

    lines = []
    for split, _, cn, _ in split_groups():
        r = res.get(split) or {}
        if "learned" not in r:
            if "clean_rows" in r:  # a set of clean rows only
                c = r["clean_rows"]
                lines.append(f"== {cn} ==\n  clean rows: {c['learned']['rows']} rows, warning/error on "
                             f"{c['learned']['flagged']} ({c['learned']['rate']:.2%}) learned; {c['rules']['flagged']} "
                             f"({c['rules']['rate']:.2%}) rules")
            continue
        lines.append(f"== {cn}: {r['rows']} 行 rows, {len(r['sectors'])} 个行业 sectors ==")
        lines.append(f"{'flag':<24}{'learned P':>10}{'R':>7}{'rules P':>9}{'R':>7}{'support':>9}")
        lp, rp = r["learned"]["per_flag"], r["rules"]["per_flag"]
        for fl in lp:
            if not (lp[fl]["support"] or lp[fl]["fp"] or rp[fl]["fp"]):
                continue
            lines.append(f"{fl:<24}{lp[fl]['precision']:>10.3f}{lp[fl]['recall']:>7.3f}{rp[fl]['precision']:>9.3f}"
                         f"{rp[fl]['recall']:>7.3f}{lp[fl]['support']:>9}")
        lm, rm = r["learned"]["micro"], r["rules"]["micro"]
        lines.append(f"{'micro':<24}{lm['precision']:>10.3f}{lm['recall']:>7.3f}{rm['precision']:>9.3f}{rm['recall']:>7.3f}")
        for name, v in r["sets"].items():
            lines.append(f"  {name}: {v['rows']} rows, learned P {v['learned']['micro']['precision']:.3f} "
                         f"R {v['learned']['micro']['recall']:.3f}; rules P {v['rules']['micro']['precision']:.3f} "
                         f"R {v['rules']['micro']['recall']:.3f}")
        if "clean_rows" in r:
            c = r["clean_rows"]
            lines.append(f"  clean rows: {c['learned']['rows']} rows, warning/error on {c['learned']['flagged']} "
                         f"({c['learned']['rate']:.2%}) learned; {c['rules']['flagged']} ({c['rules']['rate']:.2%}) rules")
    for split, a in (res.get("agreement") or {}).items():
        flags = ", ".join(f"{fl} {v['precision']:.2f}/{v['recall']:.2f}" for fl, v in a["per_flag"].items()
                          if fl in _SEMANTIC and v["support"])
        lines.append(f"== 两位标注者 two labellers, {split}: second vs first P {a['micro']['precision']:.3f} "
                     f"R {a['micro']['recall']:.3f}; {flags}")
    return "\n".join(lines)


_SEMANTIC = ("self_referential", "category_mismatch", "activity_not_result", "vague_wording")


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
