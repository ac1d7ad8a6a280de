"""Project-kind detection: top-1 / top-3 accuracy on labelled project names, against the keyword matcher.

The labels (`datasets/kinds_labels.jsonl`: {"name", "purpose", "kind", "origin"}) were written blind to the
classifier: a helper given only each kind's label and sector assigned every name its kind. The weights of
`assistant.authoring.kinds.WEIGHTS` were chosen on the `tune` half; the `heldout` half was never looked
at while choosing them. The split is fixed by a hash of the name, so it does not move between runs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.authoring.kinds import KindClassifier
from assistant.authoring.library import match_kinds

DATASET = Path(__file__).parent / "datasets" / "kinds_labels.jsonl"


def split(name: str) -> str:
    """`tune` or `heldout`, by a hash of the name (half each)."""
    return "tune" if int(hashlib.sha1(name.encode()).hexdigest(), 16) % 2 == 0 else "heldout"


def read_labels(path: Path = DATASET) -> list[dict[str, Any]]:
    out = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            rec = json.loads(line)
            if not rec.get("name") or not rec.get("kind"):
                raise ValueError(f"{path.name}第{i}行：缺少 name 或 kind / missing name or kind")
            out.append(rec)
    return out


def evaluate_kinds(classifier: KindClassifier, labels: Sequence[dict[str, Any]] | None = None) -> dict[str, Any]:
    labels = list(labels if labels is not None else read_labels())
    known = set(classifier.library.by_key)
    unknown = sorted({r["kind"] for r in labels} - known)
    rows = [r for r in labels if r["kind"] in known]
    result: dict[str, Any] = {"names": len(rows), "unknown_kinds": unknown}
    misses: list[dict[str, Any]] = []
    for part in ("tune", "heldout", "all"):
        sub = [r for r in rows if part == "all" or split(r["name"]) == part]
        top1 = top3 = kw1 = kw3 = 0
        for r in sub:
            got = [m.kind.key for m in classifier.rank(r["name"], r.get("purpose") or "", limit=3)]
            kw = [m.kind.key for m in match_kinds(f"{r['name']} {r.get('purpose') or ''}", 3,
                                                  library=classifier.library)]
            top1 += bool(got) and got[0] == r["kind"]
            top3 += r["kind"] in got
            kw1 += bool(kw) and kw[0] == r["kind"]
            kw3 += r["kind"] in kw
            if part == "heldout" and (not got or got[0] != r["kind"]):
                misses.append({"name": r["name"], "kind": r["kind"], "got": got[:1]})
        n = len(sub) or 1
        result[part] = {"names": len(sub), "top1": round(top1 / n, 4), "top3": round(top3 / n, 4),
                        "keyword_top1": round(kw1 / n, 4), "keyword_top3": round(kw3 / n, 4)}
    result["heldout_misses"] = misses
    return result


def tune_weights(classifier: KindClassifier, labels: Sequence[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Grid-search the score weights on the `tune` half only (top-1 accuracy, ties to the smaller change
    from the current weights). The held-out half is not read. Prints nothing; returns the best weights."""
    import itertools
    from dataclasses import replace

    labels = [r for r in (labels if labels is not None else read_labels())
              if split(r["name"]) == "tune" and r["kind"] in classifier.library.by_key]
    keys = [k.key for k in classifier.library.kinds]
    feats = [(r["kind"], classifier.scores(r["name"], r.get("purpose") or "")) for r in labels]
    grid = {"text_sim": (0.0, 0.2, 0.35, 0.5, 0.75), "chars": (0.0, 0.25, 0.5, 0.75, 1.0),
            "keywords": (0.1, 0.25, 0.5, 0.75, 1.0, 1.5)}
    base = classifier.weights
    best: tuple[float, float, Any] | None = None
    for t, c, k in itertools.product(*grid.values()):
        w = replace(base, text_sim=t, chars=c, keywords=k)
        hits = 0
        for want, rows in feats:
            top = max(rows, key=lambda sc, w=w: sc.combined(w))  # type: ignore[misc]
            hits += keys[top.index] == want
        acc = hits / max(len(feats), 1)
        change = abs(t - base.text_sim) + abs(c - base.chars) + abs(k - base.keywords)
        if best is None or (acc, -change) > (best[0], -best[1]):
            best = (acc, change, w)
    assert best is not None
    return {"tune_top1": round(best[0], 4), "weights": best[2].__dict__, "names": len(feats)}
