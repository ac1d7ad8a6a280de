"""Building the learned lint models from data in the repository (`zhibiao train`).

- category model: every row of the shipped corpus with a recognisable 二级 -- the five seed documents as
  hand-extracted in `evaluation/datasets/lint_dev_tables.jsonl` and `corpus/sources/corpus_extra_tables.jsonl`
  without the held-out tables -- each weighted by its rules-only lint quality (a row labelled
  category_mismatch weighs 0: its published 二级 is the mistake).
- flag models: the labelled tune rows (the dev set, the synthetic tune split and the tune half of the
  clean-row set; see evaluation/datasets/README.md); the held-out split is never read. Each flag's threshold
  is chosen on out-of-fold predictions (three folds by sector), for the best F1 at precision >= MIN_PRECISION.

scikit-learn is imported only here. Everything is deterministic (fixed folds, lbfgs, sorted inputs), so
retraining on the same data writes the same bytes.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from assistant.lint import learned as L
from assistant.models import GoalTable, read_labels, read_tables
from assistant.settings import PROJECT_ROOT

DATASETS = PROJECT_ROOT / "evaluation" / "datasets"
CORPUS_EXTRA = PROJECT_ROOT / "corpus" / "sources" / "corpus_extra_tables.jsonl"
N_FOLDS = 3
MIN_PRECISION = 0.75
MIN_ADDED = 3  # fewer correct additions out of fold is chance, not a learned check
NEW_WEIGHT = 3.0  # non-dev tune rows (other sectors, the clean rows) count double: the dev set is all HR
C_FLAGS = 0.5


def _fold(table_id: str) -> int:
    return zlib.crc32(table_id.encode()) % N_FOLDS


def _sector_fold(table: GoalTable) -> int:
    """The flag models' fold: by sector, so each out-of-fold prediction is for a sector the fold's model
    never saw -- as on the held-out split, whose sectors are none of the tune split's."""
    return zlib.crc32((table.sector or table.id).encode()) % N_FOLDS


def _ctx(ind: Any, table: GoalTable, row: int) -> Any:
    from assistant.lint.rules import RowContext

    return RowContext(ind, table, row)


def heldout_table_ids() -> set[str]:
    from evaluation.lintsets import heldout_table_ids as ids

    return ids()


def category_rows() -> list[tuple[Any, float, str, int]]:
    """(context, weight, 二级 key, fold) for every corpus row with a known 二级."""
    from assistant.lint import score_table

    held = heldout_table_ids()
    dev = read_tables(DATASETS / "lint_dev_tables.jsonl")
    labels = {(lab.table_id, lab.row): set(lab.flags) for lab in read_labels(DATASETS / "lint_dev_labels.jsonl")}
    seeds = [t for t in dev if t.id.startswith("s")]
    extra = [t for t in read_tables(CORPUS_EXTRA) if t.id not in held]
    out = []
    for t in sorted([*seeds, *extra], key=lambda t: t.id):
        q = score_table(t, _rules_findings(t)).row_scores
        for i, ind in enumerate(t.indicators):
            c = _ctx(ind, t, i)
            if c.l2 not in L.CATEGORY_KEYS or not c.name:
                continue
            w = 0.0 if "category_mismatch" in labels.get((t.id, i), set()) else float(q[i])
            if w > 0:
                out.append((c, w, c.l2, _fold(t.id)))
    return out


def _rules_findings(t: GoalTable) -> list[Any]:
    from assistant.lint.engine import lint_table

    return lint_table(t, learned=False)


def _fit_category(rows: list[tuple[Any, float, str, int]], cache: L.EmbeddingCache) -> L.LinearModel:
    cache.prefetch(r[0].name for r in rows)
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    emb = cache.get([r[0].name for r in rows])
    X_s = _sparse([L.category_sparse(r[0]) for r in rows])
    X_d = np.stack([emb[r[0].name] for r in rows]).astype(np.float64)
    X = sparse.hstack([X_s, sparse.csr_matrix(X_d)]).tocsr()
    y = np.array([L.CATEGORY_KEYS.index(r[2]) for r in rows])
    w = np.array([r[1] for r in rows])
    clf = LogisticRegression(C=4.0, max_iter=500, tol=1e-3)
    clf.fit(X, y, sample_weight=w)
    coef = np.zeros((len(L.CATEGORY_KEYS), X.shape[1]))
    bias = np.full(len(L.CATEGORY_KEYS), -20.0)
    for j, cls in enumerate(clf.classes_):
        coef[cls] = clf.coef_[j]
        bias[cls] = clf.intercept_[j]
    return L.LinearModel(coef[:, :L.HASH_DIM].astype(np.float32), coef[:, L.HASH_DIM:].astype(np.float32),
                         bias.astype(np.float32))


def _sparse(idx_rows: list[list[int]]) -> Any:
    from scipy import sparse

    indptr, indices, data = [0], [], []
    for idx in idx_rows:
        indices += idx
        data += [1.0 / np.sqrt(len(idx))] * len(idx) if idx else []
        indptr.append(len(indices))
    return sparse.csr_matrix((np.array(data), np.array(indices, dtype=np.int64), np.array(indptr)),
                             shape=(len(idx_rows), L.HASH_DIM))


def _save_linear(path: Path, m: L.LinearModel, **extra: np.ndarray) -> None:
    L.save_npz(path, {"w_sparse": m.w_sparse.astype(np.float16), "w_dense": m.w_dense.astype(np.float16),
                      "bias": m.bias.astype(np.float32), **extra})


def _embedder() -> L.EmbeddingCache:
    from assistant.embeddings import get_embedder

    return L.EmbeddingCache(get_embedder(L.EMBEDDER))


def build_category(model_dir: Path = L.MODEL_DIR, cache: L.EmbeddingCache | None = None) -> dict[str, Any]:
    cache = cache or _embedder()
    rows = category_rows()
    model = _fit_category(rows, cache)
    _save_linear(model_dir / "category.npz", model)
    return {"rows": len(rows), "file": str(model_dir / "category.npz")}


# ---------------------------------------------------------------------------------------------- flags
def flag_rows(cat_by_fold: dict[int, L.LinearModel], cat_full: L.LinearModel, corpus_ids: set[str],
              cache: L.EmbeddingCache) -> dict[str, Any]:
    """Features and labels of every tune row (never a held-out one)."""
    from assistant.lint import lexicon as lx
    from assistant.lint.engine import _lint_row
    from assistant.lint.rules import label_of
    from evaluation.lintsets import tune_sets

    ctxs, sparse_rows, hands, ys, folds, weights, new, ruled = [], [], [], [], [], [], [], []
    sets = tune_sets()
    cache.prefetch(x for ls in sets for t in ls.tables for i, ind in enumerate(t.indicators)
                   for x in L.texts_of(_ctx(ind, t, i)))  # one batch, not one call per row
    for ls in sets:
        by_id = {t.id: t for t in ls.tables}
        for lab in sorted(ls.labels, key=lambda x: (x.table_id, x.row)):
            t = by_id.get(lab.table_id)
            if t is None or not 0 <= lab.row < len(t.indicators):
                continue
            c = _ctx(t.indicators[lab.row], t, lab.row)
            if not c.name:
                continue
            cat_model = cat_by_fold[_fold(t.id)] if t.id in corpus_ids else cat_full
            emb = cache.get(L.texts_of(c))
            rule_found = _lint_row(c)
            rule_flags = {f.flag for f in rule_found}  # the rules' own flags, as the checks see them
            ruled.append([f in {label_of(x) for x in rule_found} for f in L.LEARNED_FLAGS])
            cat = _probs(cat_model, c, emb)
            w = [1.0] * len(L.LEARNED_FLAGS)
            if ls.name == "dev" and c.desc and lx.clean(c.desc) == c.name and "self_referential" not in lab.flags:
                # The dev labels followed the convention that 描述 = 三级 is not a repetition; the
                # issue (and the blind labels) count it as one, so these rows teach nothing either way.
                w[L.LEARNED_FLAGS.index("self_referential")] = 0.0
            if ls.name != "dev":
                w = [x * NEW_WEIGHT for x in w]
            ctxs.append(c)
            sparse_rows.append(L.flag_sparse(c))
            hands.append(L.hand_features(c, emb, cat, rule_flags))
            ys.append([float(f in lab.flags) for f in L.LEARNED_FLAGS])
            folds.append(_sector_fold(t))
            weights.append(w)
            new.append(ls.name != "dev")
    return {"ctxs": ctxs, "sparse": sparse_rows, "hand": np.stack(hands), "y": np.array(ys),
            "folds": np.array(folds), "weights": np.array(weights), "new": np.array(new),
            "ruled": np.array(ruled, dtype=bool)}


def _probs(m: L.LinearModel, c: Any, emb: dict[str, np.ndarray]) -> np.ndarray:
    e = emb.get(c.name)
    dense = e if e is not None else np.zeros(m.w_dense.shape[1], dtype=np.float32)
    s = m.scores(L.category_sparse(c), dense.astype(np.float32))
    s = np.exp(s - s.max())
    return np.asarray(s / s.sum())


def _fit_binary(X: Any, y: np.ndarray, w: np.ndarray, C: float) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    keep = w > 0
    if y[keep].sum() == 0:
        return np.zeros(X.shape[1]), -20.0
    pos = max(float((y[keep] * w[keep]).sum()), 1.0)
    neg = max(float(((1 - y[keep]) * w[keep]).sum()), 1.0)
    sw = w[keep] * np.where(y[keep] == 1, (pos + neg) / (2 * pos), (pos + neg) / (2 * neg))
    clf = LogisticRegression(C=C, solver="liblinear", max_iter=500, tol=1e-4, random_state=0)
    clf.fit(X[keep], y[keep], sample_weight=sw)
    return clf.coef_[0], float(clf.intercept_[0])


def _threshold(p: np.ndarray, y: np.ndarray, ruled: np.ndarray | None = None) -> tuple[float, dict[str, float]]:
    """The threshold maximising the F1 of rules + model (out-of-fold), among those whose additions -- the
    rows the model flags and the rules do not; the only rows where the model changes anything -- have
    precision >= MIN_PRECISION and at least MIN_ADDED correct ones. -1 when none qualifies (rules only)."""
    ruled = np.zeros(len(y), dtype=bool) if ruled is None else ruled
    pos = y.sum()
    rtp, rfp = float((ruled & (y == 1)).sum()), float((ruled & (y == 0)).sum())
    rp, rr = (rtp / (rtp + rfp) if rtp + rfp else 0.0), (rtp / pos if pos else 0.0)
    best = (-1.0, {"precision": round(rp, 4), "recall": round(rr, 4),  # the rules alone
                   "f1": round(2 * rp * rr / (rp + rr), 4) if rp + rr else 0.0, "added": 0, "added_precision": 0.0})
    for t in np.round(np.arange(0.30, 0.99, 0.01), 2):
        add = (p >= t) & ~ruled
        add_tp = float((add & (y == 1)).sum())
        add_fp = float((add & (y == 0)).sum())
        if add_tp < MIN_ADDED or add_tp / (add_tp + add_fp) < MIN_PRECISION:
            continue
        pred = ruled | add
        tp = float((pred & (y == 1)).sum())
        fp = float((pred & (y == 0)).sum())
        prec, rec = tp / (tp + fp), tp / pos
        f1 = 2 * prec * rec / (prec + rec)
        if f1 > best[1]["f1"] + 1e-9:
            best = (float(t), {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4),
                               "added": int(add_tp + add_fp), "added_precision": round(add_tp / (add_tp + add_fp), 4)})
    return best


def build_flags(model_dir: Path = L.MODEL_DIR, cache: L.EmbeddingCache | None = None) -> dict[str, Any]:
    from scipy import sparse

    cache = cache or _embedder()
    crow = category_rows()
    corpus_ids = {r[0].table.id for r in crow if r[0].table is not None}
    cat_full = _fit_category(crow, cache)
    cat_by_fold = {k: _fit_category([r for r in crow if r[3] != k], cache) for k in range(N_FOLDS)}
    data = flag_rows(cat_by_fold, cat_full, corpus_ids, cache)
    ctxs, hand, Y, folds_a, Wt, new = (data[k] for k in ("ctxs", "hand", "y", "folds", "weights", "new"))
    mean = hand.mean(axis=0)
    scale = hand.std(axis=0)
    scale[scale < 1e-6] = 1.0
    H = (hand - mean) / scale
    emb = cache.get([c.name for c in ctxs])
    E = np.stack([emb[c.name] for c in ctxs]).astype(np.float64)
    X = sparse.hstack([_sparse(data["sparse"]), sparse.csr_matrix(H), sparse.csr_matrix(E)]).tocsr()
    K = len(L.LEARNED_FLAGS)
    W = np.zeros((K, X.shape[1]))
    b = np.zeros(K)
    thresholds = np.zeros(K)
    report: dict[str, Any] = {"rows": len(ctxs), "rows_new": int(new.sum())}
    for k, flag in enumerate(L.LEARNED_FLAGS):
        y, w = Y[:, k], Wt[:, k]
        oof = np.zeros(len(y))
        for f in range(N_FOLDS):
            tr, te = folds_a != f, folds_a == f
            wk, bias = _fit_binary(X[tr], y[tr], w[tr], C=C_FLAGS)
            oof[te] = 1 / (1 + np.exp(-(X[te] @ wk + bias)))
        # Calibrate on the rows unlike the dev set when they hold enough positives.
        cal = new & (w > 0) if (y[new] == 1).sum() >= 10 else w > 0
        t, stats = _threshold(oof[cal], y[cal], data["ruled"][cal, k])
        W[k], b[k] = _fit_binary(X, y, w, C=C_FLAGS)
        thresholds[k] = t
        report[flag] = {"positives": int(y[w > 0].sum()), "threshold": t, "out_of_fold": stats,
                        "calibrated_on": "non-dev tune rows" if cal is not (w > 0) and (y[new] == 1).sum() >= 10
                        else "all tune rows"}
    model = L.LinearModel(W[:, :L.HASH_DIM].astype(np.float32), W[:, L.HASH_DIM:].astype(np.float32),
                          b.astype(np.float32))
    _save_linear(model_dir / "flags.npz", model, thresholds=thresholds.astype(np.float32),
                 hand_mean=mean.astype(np.float32), hand_scale=scale.astype(np.float32))
    _save_linear(model_dir / "category.npz", cat_full)
    report["file"] = str(model_dir / "flags.npz")
    return report


def build_lint_models(model_dir: Path = L.MODEL_DIR) -> dict[str, Any]:
    """Both lint artefacts: the flag models need the category model's cross-fitted probabilities."""
    cache = _embedder()
    return {"category": build_category(model_dir, cache), "flags": build_flags(model_dir, cache)}


Builder = Callable[[Path], dict[str, Any]]
