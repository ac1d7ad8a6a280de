"""Sector-grouped folds inside the tune split, for judging a lint change before it is kept.

The tune rows (`evaluation.lintsets.tune_sets()`: dev, synthetic tune, clean tune; never a held-out row) are
grouped by sector -- the HR seed documents each form a group of their own, every other table goes with its
sector -- and the groups are dealt into `N_FOLDS` folds by a hash of the group name, so a fold holds whole
sectors. A rule change is read off the errors of the *inspection* folds only and kept when the *validation*
folds (whose rows were not read) improve as well; a learned model is trained on the other folds and scored
on each fold in turn (`fold_of`).

Run: `python -m evaluation.lint_cv [--learned] [--errors FLAG] [--folds inspect|validate|all]`.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from typing import Any

from assistant.models import GoalTable

N_FOLDS = 5
INSPECT_FOLDS = (0, 1, 2)  # errors may be read here
VALIDATE_FOLDS = (3, 4)  # figures only


def group_of(table: GoalTable, set_name: str) -> str:
    """The sector group of a tune table: a seed document's tables are one group, others their sector."""
    if set_name == "dev" and table.id.startswith("s"):
        return "hr:" + table.id.split("-")[0]
    return table.sector or table.id


def fold_of(table: GoalTable, set_name: str) -> int:
    return zlib.crc32(group_of(table, set_name).encode("utf-8")) % N_FOLDS


def tune_rows(learned: bool | None = False) -> list[dict[str, Any]]:
    """One record per labelled tune row: fold, set, predicted and labelled flags (clean-row set: labels
    empty, and `warn` says whether a warning or error was raised)."""
    from assistant.lint import FLAGS, lint_table
    from assistant.lint.rules import label_of
    from assistant.models import Severity
    from evaluation.lintsets import tune_sets

    vocab = set(FLAGS)
    out = []
    for s in tune_sets():
        labels = {(lab.table_id, lab.row): lab for lab in s.labels}
        for t in s.tables:
            fold = fold_of(t, s.name)
            pred: dict[int, set[str]] = {i: set() for i in range(len(t.indicators))}
            warn: dict[int, list[str]] = {}
            for f in lint_table(t, learned=learned):
                if f.row is None:
                    continue
                if label_of(f) in vocab:
                    pred.setdefault(f.row, set()).add(label_of(f))
                if f.severity in (Severity.WARNING, Severity.ERROR):
                    warn.setdefault(f.row, []).append(f.code)
            for i, ind in enumerate(t.indicators):
                lab = labels.get((t.id, i))
                if lab is None:
                    continue
                out.append({"set": s.name, "fold": fold, "group": group_of(t, s.name), "table_id": t.id, "row": i,
                            "clean_only": s.clean_only, "pred": pred.get(i, set()), "gold": set(lab.flags),
                            "warn": sorted(set(warn.get(i, []))), "level1": ind.level1, "level2": ind.level2,
                            "level3": ind.level3, "description": ind.description, "value": ind.value,
                            "note": getattr(lab, "note", None)})
    return out


def score(rows: list[dict[str, Any]]) -> dict[str, Any]:
    from assistant.lint import FLAGS

    counts = {fl: [0, 0, 0] for fl in FLAGS}
    for r in rows:
        if r["clean_only"]:
            continue
        for fl in FLAGS:
            p, g = fl in r["pred"], fl in r["gold"]
            if p and g:
                counts[fl][0] += 1
            elif p:
                counts[fl][1] += 1
            elif g:
                counts[fl][2] += 1
    per = {}
    for fl, (tp, fp, fn) in counts.items():
        per[fl] = {"p": tp / (tp + fp) if tp + fp else 0.0, "r": tp / (tp + fn) if tp + fn else 0.0,
                   "tp": tp, "fp": fp, "fn": fn}
    tp, fp, fn = (sum(c[k] for c in counts.values()) for k in range(3))
    clean = [r for r in rows if r["clean_only"]]
    return {"per_flag": per, "micro": {"p": tp / (tp + fp) if tp + fp else 0.0, "r": tp / (tp + fn) if tp + fn else 0.0},
            "clean": {"rows": len(clean), "warned": sum(1 for r in clean if r["warn"])},
            "rows": sum(1 for r in rows if not r["clean_only"])}


def fmt(name: str, s: dict[str, Any]) -> str:
    parts = [f"{name:<10} rows {s['rows']:>4}  micro P {s['micro']['p']:.3f} R {s['micro']['r']:.3f}  "
             f"clean {s['clean']['warned']}/{s['clean']['rows']}"]
    for fl, v in s["per_flag"].items():
        if v["tp"] + v["fp"] + v["fn"]:
            parts.append(f"   {fl:<22} P {v['p']:.3f} R {v['r']:.3f}  tp {v['tp']:>3} fp {v['fp']:>3} fn {v['fn']:>3}")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="按行业分组的调参集交叉检验 / sector-grouped folds of the tune split")
    ap.add_argument("--learned", action="store_true", help="也运行学习模型 / with the learned checks")
    ap.add_argument("--errors", default="", help="列出该标记的不一致行（仅检查折）/ disagreeing rows of a flag "
                                                  "(inspection folds only); 'clean' lists warned clean rows")
    ap.add_argument("--kind", default="both", choices=("fp", "fn", "both"))
    ap.add_argument("--sets", default="", help="只列出这些集合 / only these sets (comma-separated)")
    args = ap.parse_args(argv)
    rows = tune_rows(learned=bool(args.learned))
    inspect = [r for r in rows if r["fold"] in INSPECT_FOLDS]
    validate = [r for r in rows if r["fold"] in VALIDATE_FOLDS]
    print(fmt("all", score(rows)))
    print(fmt("inspect", score(inspect)))
    print(fmt("validate", score(validate)))
    for k in range(N_FOLDS):
        s = score([r for r in rows if r["fold"] == k])
        print(f"fold {k}: rows {s['rows']} micro P {s['micro']['p']:.3f} R {s['micro']['r']:.3f} "
              f"clean {s['clean']['warned']}/{s['clean']['rows']}")
    if args.errors:
        sets = set(args.sets.split(",")) if args.sets else None
        for r in inspect:
            if sets and r["set"] not in sets:
                continue
            if args.errors == "clean":
                show = r["clean_only"] and bool(r["warn"])
            else:
                fp = args.errors in r["pred"] and args.errors not in r["gold"] and not r["clean_only"]
                fn = args.errors in r["gold"] and args.errors not in r["pred"]
                show = (fp and args.kind != "fn") or (fn and args.kind != "fp")
            if show:
                print(json.dumps({k: (sorted(v) if isinstance(v, set) else v) for k, v in r.items()
                                  if k not in ("clean_only", "fold")}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
