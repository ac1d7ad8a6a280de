"""How well the project-similarity floor (assistant.authoring.comparable.SIMILAR_PROJECT) separates projects
of the same kind from others, measured on the blind-labelled project names of datasets/kinds_labels.jsonl.

Every labelled name is a "brief" (its name and purpose embedded as the engine embeds a brief) against every
other labelled name as a "published project" (embedded as the engine embeds one). A pair is alike when both
names carry the same kind label; of the same sector is reported too. For each threshold: precision (alike
pairs among those at or above it) and recall (alike pairs at or above it among all alike pairs), on the
`tune` and `heldout` halves of the kinds labels (the same fixed split as evaluation/kinds.py). The engine
then also requires the published project's best kind to be one of the brief's (comparable.same_trade), so
this floor is the first of two tests; the figures with both tests (the second as `_trade_ok` has it) are
reported beside.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from evaluation.kinds import read_labels, split

THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


def _trade_ok(classifier: Any, rows: list[dict[str, Any]]) -> np.ndarray:
    """[i, j]: the engine's second test passes for brief i and published project j (j's best kind is one of
    i's three kinds, or of the sector of i's best two), with kinds from the classifier as the engine has them."""
    own = [classifier.rank(r["name"], r.get("purpose") or "", limit=3) for r in rows]
    theirs = [classifier.rank(r["name"], limit=1) for r in rows]
    ok = np.zeros((len(rows), len(rows)), dtype=bool)
    for i, mine in enumerate(own):
        keys = {m.kind.key for m in mine}
        sectors = {m.kind.sector for m in mine[:2]}
        for j, t in enumerate(theirs):
            ok[i, j] = not t or t[0].kind.key in keys or t[0].kind.sector in sectors
    return ok


def evaluate_comparable(embedder: Any, labels: Sequence[dict[str, Any]] | None = None,
                        classifier: Any = None) -> dict[str, Any]:
    from assistant.authoring.comparable import SIMILAR_PROJECT

    labels = list(labels if labels is not None else read_labels())
    out: dict[str, Any] = {"threshold": SIMILAR_PROJECT, "pairs": {}, "by_threshold": {}}
    for part in ("tune", "heldout"):
        rows = [r for r in labels if split(r["name"]) == part]
        names = [r["name"] for r in rows]
        docs = np.asarray(embedder.embed_documents(names))
        queries = np.asarray([embedder.embed_query(f"{r['name']} {(r.get('purpose') or '')[:200]}".strip())
                              for r in rows])
        sims = queries @ docs.T
        kinds = np.array([r["kind"] for r in rows])
        sectors = np.array([r["kind"].split(".")[0] for r in rows])
        off_diag = ~np.eye(len(rows), dtype=bool)
        same_kind = (kinds[:, None] == kinds[None, :]) & off_diag
        same_sector = (sectors[:, None] == sectors[None, :]) & off_diag
        trade = _trade_ok(classifier, rows) if classifier is not None else None
        out["pairs"][part] = {"names": len(rows), "pairs": int(off_diag.sum()), "same_kind": int(same_kind.sum())}
        table = {}
        for t in THRESHOLDS:
            above = (sims >= t) & off_diag
            n = int(above.sum())
            table[f"{t:.2f}"] = {
                "pairs_above": n,
                "precision_kind": round(float((above & same_kind).sum()) / n, 4) if n else None,
                "precision_sector": round(float((above & same_sector).sum()) / n, 4) if n else None,
                "recall_kind": round(float((above & same_kind).sum()) / max(1, int(same_kind.sum())), 4),
            }
            if trade is not None:  # both of the engine's tests
                both = above & trade
                m = int(both.sum())
                table[f"{t:.2f}"].update({
                    "pairs_both": m,
                    "precision_kind_both": round(float((both & same_kind).sum()) / m, 4) if m else None,
                    "precision_sector_both": round(float((both & same_sector).sum()) / m, 4) if m else None,
                    "recall_kind_both": round(float((both & same_kind).sum()) / max(1, int(same_kind.sum())), 4),
                })
        out["by_threshold"][part] = table
    return out


def format_comparable(res: dict[str, Any]) -> str:
    lines = [f"可比项目相似度阈值 / project similarity floor: {res['threshold']}"]
    for part, table in res["by_threshold"].items():
        p = res["pairs"][part]
        lines.append(f"\n[{part}] {p['names']} 个名称，{p['pairs']} 对，同类 {p['same_kind']} 对")
        lines.append("阈值\t对数\t同类精度\t同行业精度\t同类召回\t| 加行业检查：对数\t同类精度\t同行业精度\t同类召回")
        for t, r in table.items():
            mark = " ←" if abs(float(t) - res["threshold"]) < 1e-9 else ""
            both = (f"\t| {r['pairs_both']}\t{r['precision_kind_both']}\t{r['precision_sector_both']}\t"
                    f"{r['recall_kind_both']}") if "pairs_both" in r else ""
            lines.append(f"{t}\t{r['pairs_above']}\t{r['precision_kind']}\t{r['precision_sector']}\t"
                         f"{r['recall_kind']}{both}{mark}")
    return "\n".join(lines)
