"""Ranking stage: a small learned model that can order a slot's candidate rows (after the brief's own facts).

Each candidate carries a few features (where it comes from, how well its kind fits, the library author's
order, how like the brief its project is, how many comparable projects use it, ...). A logistic
regression, trained leave-one-table-out on the corpus (a candidate is positive when the held-out published
table has a row of the same indicator in the same 一级 family), turns them into a score.

Measured with cross-fitted models (`zhibiao eval suggest`, column `ranked`), the model trained on this
corpus does not yet beat the library author's own order (it learns the HR tables' habits, which do not
carry over to other sectors), so the engine does not use it by default: `OfflineComposer(ranker=...)`
takes one (`load_shipped()` reads the packaged models/ranker.json, rebuilt by `zhibiao train ranker`).
The measurement is repeated in every report, so the switch can be made when it wins.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.authoring.candidates import Draft

FEATURES: tuple[str, ...] = (
    "from_corpus",  # a comparable published project's row
    "from_library",  # a row of the sector library for one of the brief's kinds
    "generic",  # a row any project can use
    "second_kind",  # the library row belongs to the brief's second kind
    "kind_fit",  # the row's kind score relative to the best kind's (1.0 for the best)
    "project_sim",  # similarity of the published project to the brief (corpus rows)
    "quality",  # the published row's lint quality (corpus rows)
    "overlap",  # character-bigram overlap between the row's name and the brief
    "support",  # how many comparable published rows say the same thing (capped, /3)
    "has_value",  # the library gives a value (a standard, a convention or the plan)
    "standard",  # that value is a published standard
    "corpus_value",  # the value is the median of comparable published targets
    "lib_order",  # 1 / (1 + place) in the kind's own list for the slot: the library author's order
)


@dataclass(frozen=True)
class Ranker:
    coef: tuple[float, ...]
    intercept: float
    names: tuple[str, ...] = FEATURES

    def score(self, feats: dict[str, float]) -> float:
        z = self.intercept + sum(c * float(feats.get(n, 0.0)) for c, n in zip(self.coef, self.names, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> str:
        return json.dumps({"features": list(self.names), "coef": [round(c, 6) for c in self.coef],
                           "intercept": round(self.intercept, 6)}, ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Ranker:
        d = json.loads(text)
        names = tuple(d["features"])
        if set(names) != set(FEATURES):
            raise ValueError(f"ranker.json 的特征与代码不一致：{names} / ranker features do not match; run zhibiao train")
        return cls(tuple(float(c) for c in d["coef"]), float(d["intercept"]), names)


def order(drafts: Sequence[Draft], ranker: Ranker | None) -> list[Draft]:
    """The brief's own rows first, then the candidates best first, then those offered only as alternatives.

    Without a model: comparable projects' rows, then the library rows that comparable projects also measure
    or whose value a published standard gives, then the other library rows, each group in the library author's
    order (服务对象满意度 before 求职者满意度 when the comparable 人社 tables say so). With one, it orders them
    within tiers: comparable projects' rows and the best kind's first, the second kind's next, rows any project
    can use last (they only fill a slot the kinds leave empty); featureless candidates (项目支出控制) keep their
    place at the front.
    """
    own = [d for d in drafts if d.source == "brief" and not d.spare_only]
    ranked = [d for d in drafts if d not in own and not d.spare_only]
    if ranker is not None:
        def key(d: Draft) -> tuple[int, float]:
            if not d.feats:
                return (-1, 0.0)
            tier = 2 if d.feats.get("generic") else 1 if d.feats.get("second_kind") else 0
            return (tier, -ranker.score(d.feats))

        ranked.sort(key=key)
    else:
        ranked.sort(key=_backed)
    return own + ranked + [d for d in drafts if d.spare_only]


def _backed(d: Draft) -> int:
    """0 for what is not a library row (kept in front), 1 for a library row comparable projects also measure or
    whose basis names a published document (《法律援助法》: 应援尽援), 2 for the rest (the sort is stable: the
    author's order within each)."""
    if not (d.feats.get("from_library") or d.generic):
        return 0
    from assistant.authoring.library import NAMED_STANDARD

    return 1 if d.feats.get("support", 0.0) > 0 or d.feats.get("standard") or NAMED_STANDARD.search(d.basis) else 2


def fit(rows: list[tuple[dict[str, float], int]]) -> Ranker:
    """Logistic regression on (features, label) rows; deterministic (lbfgs, fixed data order)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.array([[float(f.get(n, 0.0)) for n in FEATURES] for f, _ in rows], dtype=np.float64)
    y = np.array([lab for _, lab in rows], dtype=np.int64)
    if len(set(y.tolist())) < 2:
        raise ValueError("训练数据只有一类标签 / the training rows have one label only")
    model = LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced")
    model.fit(x, y)
    return Ranker(tuple(float(c) for c in model.coef_[0]), float(model.intercept_[0]))


def training_rows(composer: Any, tables: list[Any], judge: Any) -> list[tuple[str, dict[str, float], int]]:
    """(table id, features, label) for every ranked candidate of every evaluable table, leave-one-out:
    the table's own rows are out of the index while its candidates are made."""
    from evaluation.common import evaluable, family
    from evaluation.suggest import brief_of

    out = []
    for t in evaluable(tables):
        refs = [ind for ind in t.indicators if ind.level3]
        if not refs:
            continue
        brief = brief_of(t)
        for fam, level3, feats in composer.ranked_candidates(brief, exclude_table_ids=[t.id]):
            label = int(any((family(r.level1, r.level2) in (None, fam)) and judge.same(r.level3, level3) for r in refs))
            out.append((t.id, feats, label))
    return out


def grouped_folds(ids: list[str], k: int = 5) -> dict[str, int]:
    """A fixed fold per table id (by hash), so a table's candidates are never in its own model's data."""
    import hashlib

    return {i: int(hashlib.sha1(i.encode()).hexdigest(), 16) % k for i in dict.fromkeys(ids)}


RANKER_FILE = Path(__file__).parent / "models" / "ranker.json"


def load_shipped(path: Path = RANKER_FILE) -> Ranker | None:
    """The model `zhibiao train ranker` wrote into the package (None when there is none)."""
    return Ranker.from_json(path.read_text(encoding="utf-8")) if path.exists() else None


def train_on(composer: Any, tables: list[Any], judge: Any = None) -> tuple[Ranker, dict[str, Any]]:
    """Fit on every candidate of every shipped table, each made with its own table out of the index."""
    from evaluation.common import Judge

    rows = training_rows(composer, tables, judge or Judge(composer.retriever.embedder))
    model = fit([(f, y) for _, f, y in rows])
    return model, {"tables": len({i for i, _, _ in rows}), "candidates": len(rows),
                   "positives": sum(y for _, _, y in rows)}


def build_ranker(out_dir: Path) -> dict[str, Any]:
    """`zhibiao train ranker`: the shipped corpus indexed in a scratch folder, the model fitted, ranker.json
    written. Deterministic up to the index's approximate search (coefficients agree to ~1e-3 between builds)."""
    import tempfile

    from assistant.services import Services
    from assistant.settings import load_settings

    with tempfile.TemporaryDirectory(prefix="zhibiao-ranker-") as tmp:
        # The shipped corpus, indexed and wired exactly as the app wires it (Services), in a scratch folder.
        services = Services(load_settings(data_dir=Path(tmp)))
        services.prepare()
        model, report = train_on(services.composer, services.corpus.tables())
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / RANKER_FILE.name).write_text(model.to_json(), encoding="utf-8")
    return {**report, "file": str(out_dir / RANKER_FILE.name),
            "coef": dict(zip(model.names, [round(c, 3) for c in model.coef], strict=True))}
