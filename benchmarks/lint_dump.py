"""Every lint finding (code, flag, severity, row, field, evidence, message, fix, replacement) and every table
score over the lint corpora, one JSON line per table, so a change meant to be a pure speed-up can be checked
byte for byte: run before and after, then `cmp`.

Sets: corpus/sources/*.jsonl, the ingested corpus (`zhibiao prepare`; ZHIBIAO_DATA_DIR), the lint dev and
synthetic tables, the clean rows as one-row tables, and two variants of all of them (values rotated by one
row, values padded with spaces). Each table is linted twice (warm caches must answer the same), and each
row alone with `lint_row`. `--parse` dumps the 指标值 parser's reading of every cell text instead.

    .venv/bin/python benchmarks/lint_dump.py OUT [--learned | --parse]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant.lint import lint_row, lint_table, score_table
from assistant.models import GoalTable, LintFinding, read_tables
from evaluation.lintsets import clean_row_tables

ROOT = Path(__file__).resolve().parents[1]


def sets() -> list[tuple[str, list[GoalTable]]]:
    out = []
    for p in sorted((ROOT / "corpus" / "sources").glob("*.jsonl")):
        out.append((str(p.relative_to(ROOT)), read_tables(p)))
    from assistant.settings import load_settings

    corpus = load_settings().tables_path
    if corpus.exists():
        out.append(("data/corpus.jsonl", read_tables(corpus)))
    for stem in ("lint_dev_tables", "lint_synthetic_tables"):
        out.append((stem, read_tables(ROOT / "evaluation" / "datasets" / f"{stem}.jsonl")))
    tune, held = clean_row_tables()
    out.append(("clean_rows", tune + held))
    # Variants for branch coverage: each table with its values rotated by one row, and padded values.
    base = [t for _, ts in out for t in ts]
    rot = []
    pad = []
    for t in base:
        inds = t.indicators
        if len(inds) > 1:
            vals = [i.value for i in inds]
            vals = vals[1:] + vals[:1]
            rot.append(t.model_copy(update={"id": t.id + "-rot", "indicators": [
                i.model_copy(update={"value": v}) for i, v in zip(inds, vals, strict=True)]}))
        pad.append(t.model_copy(update={"id": t.id + "-pad", "indicators": [
            i.model_copy(update={"value": (i.value or "") + "  "}) for i in inds]}))
    out.append(("rotated", rot))
    out.append(("padded", pad))
    return out


def fdump(f: LintFinding) -> list[object]:
    return [f.code, f.flag, str(f.severity), f.row, f.field, f.evidence, f.message, f.fix, f.replacement]


def main() -> None:
    out_path = sys.argv[1]
    learned = "--learned" in sys.argv
    with open(out_path, "w", encoding="utf-8") as fh:
        for rnd in (1, 2):  # twice: warm caches must give the same answers
            for name, tables in sets():
                for t in tables:
                    fs = lint_table(t, learned=learned)
                    s = score_table(t, fs)
                    fh.write(json.dumps({"r": rnd, "set": name, "id": t.id, "f": [fdump(f) for f in fs],
                                         "score": [s.score, s.row_scores, s.structure, s.errors, s.warnings,
                                                   s.explanation]}, ensure_ascii=False) + "\n")
                    if rnd == 1:
                        for i, ind in enumerate(t.indicators):
                            rows = lint_row(ind, learned=learned)
                            fh.write(json.dumps({"row": i, "f": [fdump(f) for f in rows]}, ensure_ascii=False) + "\n")
                        # score_table without findings given
                        s2 = score_table(t) if not learned else s
                        fh.write(json.dumps({"s2": [s2.score, s2.explanation]}, ensure_ascii=False) + "\n")


def parse_dump(path: str) -> None:
    """Every cell text of every set through the 指标值 parser (values and, as odd inputs, the other cells)."""
    from assistant.values import TargetValue, normalize

    texts = set()
    for _, tables in sets():
        for t in tables:
            for i in t.indicators:
                for x in (i.value, i.level3, i.description, i.basis, i.level2):
                    if x:
                        texts.add(x)
                        texts.add(" " + x + "\u3000")
    with open(path, "w", encoding="utf-8") as fh:
        for x in sorted(texts):
            tv = TargetValue.parse(x)
            fh.write(json.dumps([x, normalize(x), tv.model_dump(mode="json"), tv.render()], ensure_ascii=False) + "\n")


if __name__ == "__main__":
    if "--parse" in sys.argv:
        parse_dump(sys.argv[1])
        sys.exit()
    main()
