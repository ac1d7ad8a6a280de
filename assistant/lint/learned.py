"""Learned checks beside the rules: small linear models over character n-grams, sentence embeddings and a
few hand features, with the rule engine's codes, messages, evidence and fixes.

- `category`: predicts a row's 二级 from its 三级 name, description and value (trained on the shipped
  corpus with its published 二级, weighted by row quality); its probabilities feed the flag models.
- `flags`: one binary model per semantic flag (self_referential, category_mismatch, activity_not_result,
  vague_wording), trained on the labelled tune rows, each with a threshold chosen on out-of-fold
  predictions. A finding is added only when the rule engine did not already report that code.

The artefacts are `.npz` files under `assistant/lint/models/`, rebuilt by `zhibiao train`
(`assistant/lint/training.py`). Nothing is loaded at import time; the embedder is loaded on first use
and every text's embedding is cached, so a corpus that repeats its names pays for each name once.
"""

from __future__ import annotations

import io
import logging
import threading
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.lint import lexicon as lx
from assistant.values import GE, GT, LE, LT, ValueKind

if TYPE_CHECKING:
    from assistant.lint.rules import RowContext
    from assistant.models import LintFinding

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parent / "models"
HASH_BITS = 13
HASH_DIM = 1 << HASH_BITS
EMBEDDER = "use"
# The 二级 keys the category model predicts (social_cost / ecological_cost are too rare to learn).
CATEGORY_KEYS: tuple[str, ...] = (
    "quantity", "quality", "timeliness", "cost", "economic", "social", "ecological", "sustainable", "satisfaction",
)
LEARNED_FLAGS: tuple[str, ...] = ("self_referential", "category_mismatch", "activity_not_result", "vague_wording")
FLAG_CODES = {"self_referential": "ZB102", "category_mismatch": "ZB106", "activity_not_result": "ZB107",
              "vague_wording": "ZB108"}


# ---------------------------------------------------------------------------------------------- features
@lru_cache(maxsize=65536)
def grams(text: str, prefix: str) -> tuple[int, ...]:
    """Hashed character 1-3 grams of `text` (crc32, so the same on every machine and run)."""
    s = text
    out = set()
    for n in (1, 2, 3):
        for i in range(len(s) - n + 1):
            out.add(zlib.crc32((prefix + s[i:i + n]).encode("utf-8")) & (HASH_DIM - 1))
    return tuple(sorted(out))


@lru_cache(maxsize=65536)
def _bigrams(s: str) -> frozenset[str]:
    return frozenset({s[i:i + 2] for i in range(len(s) - 1)} if len(s) > 1 else ({s} if s else set()))


def _overlap(a: str, b: str) -> float:
    """Share of a's character bigrams found in b."""
    ga = _bigrams(a)
    if not ga or not b:
        return 0.0
    return len(ga & _bigrams(b)) / len(ga)


WORK_PHRASES = ("开展", "加强", "做好", "落实", "推进", "组织", "完善", "强化", "抓好", "实施", "推动", "持续", "积极")
_DONE_VALUES = ("已完成", "完成", "全部完成", "按时完成", "顺利完成", "已落实", "落实到位", "已开展")
_MONEY_UNITS = lx.MONEY_UNITS


def value_tokens(c: RowContext) -> list[str]:
    """Shape of the 指标值 as tokens: kind, percent, unit family, comparator direction."""
    tv = c.tv
    toks = [f"kind={tv.kind.value}"]
    if tv.percent:
        toks.append("pct")
    u = tv.unit or ""
    if u in _MONEY_UNITS or "元" in u:
        toks.append("money")
    elif u in lx.KNOWN_TIME_UNITS:
        toks.append("time")
    elif u in lx.COUNT_UNITS:
        toks.append("count")
    elif u:
        toks.append("unit")
    if tv.comparator in (GE, GT):
        toks.append("ge")
    elif tv.comparator in (LE, LT):
        toks.append("le")
    if tv.kind == ValueKind.REFERENCE:
        toks.append("ref")
    return toks


HAND_FEATURES: tuple[str, ...] = (
    "name_len", "desc_empty", "desc_eq_name", "desc_in_name", "name_in_desc", "ov_name_desc", "ov_desc_name",
    "ov_value_name", "ov_value_desc", "value_in_name", "value_no_digit", "measurable", "cos_name_desc",
    "cos_name_value", "category_core", "starts_work", "has_work", "ends_work", "done_value", "benefit", "quality",
    "output", "satisfaction_l2", "cost_l2", "measure_noun", "rate_name", "aim_start", "vague_tail", "sentence",
    "generic", "sat_word", "time_word", "money_word", "cat_logp_given", "cat_pmax", "cat_argmax_ne", "l2_known",
    "rule_self", "rule_cat", "rule_act", "rule_vague", "rule_desc_copy",
)


def hand_features(c: RowContext, emb: dict[str, np.ndarray], cat_probs: np.ndarray | None,
                  rule_flags: set[str]) -> np.ndarray:
    n, d = c.name, c.desc
    v = lx.clean(c.ind.value)
    en, ed, ev = emb.get(n), emb.get(d), emb.get(v)
    cos_nd = float(en @ ed) if en is not None and ed is not None and d else 0.0
    cos_nv = float(en @ ev) if en is not None and ev is not None and v and not c.measurable else 0.0
    l2 = c.l2
    benefit = l2 in ("economic", "social", "ecological", "sustainable") or (l2 is None and c.l1 == "benefit")
    if cat_probs is not None and l2 in CATEGORY_KEYS:
        pg = float(cat_probs[CATEGORY_KEYS.index(l2)])
        logp, pmax, ne = float(np.log(max(pg, 1e-4))), float(cat_probs.max()), float(int(cat_probs.argmax()) != CATEGORY_KEYS.index(l2))
    else:
        logp, pmax, ne = 0.0, 0.0, 0.0
    f = [
        min(len(n), 30) / 30.0, float(not d), float(bool(d) and d == n), float(bool(d) and d in n and d != n),
        float(bool(d) and n in d and d != n), _overlap(n, d), _overlap(d, n), _overlap(v, n), _overlap(v, d),
        float(len(v) >= 2 and v in n), float(not any(ch.isdigit() for ch in v)), float(c.measurable), cos_nd,
        cos_nv, float(lx.category_core(n) is not None), float(n.startswith(WORK_PHRASES) or n.startswith(lx.ACTIVITY_VERBS)),
        float(any(w in n for w in WORK_PHRASES)), float(n.endswith(("工作", "任务", "管理", "活动"))),
        float(v in _DONE_VALUES), float(benefit), float(l2 == "quality"), float(l2 in ("quantity", "quality", "timeliness")),
        float(l2 == "satisfaction"), float(l2 == "cost" or c.l1 == "cost"), float(bool(lx.has_measure_noun(n))),
        float(lx.is_rate_name(n)), float(n.startswith(lx.AIM_VERBS)), float(n.endswith(lx.VAGUE_NAME_TAILS)),
        float("、" in n or "，" in n or "," in n or len(n) > 16), float(lx.is_generic_name(n)), float("满意" in n),
        float(any(w in n for w in lx.TIMELINESS_WORDS)), float(any(w in n for w in lx.MONEY_WORDS)),
        logp, pmax, ne, float(l2 in CATEGORY_KEYS),
        float("self_referential" in rule_flags), float("category_mismatch" in rule_flags),
        float("activity_not_result" in rule_flags), float("vague_wording" in rule_flags),
        float("description_copy" in rule_flags),
    ]
    return np.asarray(f, dtype=np.float32)


def category_sparse(c: RowContext) -> list[int]:
    """Hashed features of the category model: name, description and value-shape tokens."""
    idx = list(grams(c.name, "n"))
    if c.desc and c.desc != c.name:
        idx += grams(c.desc[:40], "d")
    for t in value_tokens(c):
        idx.append(zlib.crc32(("v" + t).encode()) & (HASH_DIM - 1))
    return sorted(set(idx))


def flag_sparse(c: RowContext) -> list[int]:
    """Hashed features of the flag models: the name's n-grams crossed with the 二级 family, and the value's."""
    fam = "b" if c.l2 in ("economic", "social", "ecological", "sustainable") else (c.l2 or "x")[:3]
    idx = list(grams(c.name, "n"))
    idx += grams(c.name[:2] + "|" + fam, "f")
    v = lx.clean(c.ind.value)
    if v and not any(ch.isdigit() for ch in v):
        idx += grams(v[:12], "v")
    for t in value_tokens(c):
        idx.append(zlib.crc32(("t" + t + fam).encode()) & (HASH_DIM - 1))
    return sorted(set(idx))


def texts_of(c: RowContext) -> list[str]:
    return [t for t in (c.name, c.desc, lx.clean(c.ind.value)) if t]


# ---------------------------------------------------------------------------------------------- embeddings
class EmbeddingCache:
    """Embeddings per text, computed in batches and kept (bounded) for reuse."""

    def __init__(self, embedder: Any, max_items: int = 200_000) -> None:
        self.embedder = embedder
        self.max_items = max_items
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def prefetch(self, texts: Iterable[str]) -> None:
        todo = sorted({t for t in texts if t and t not in self._cache})
        for i in range(0, len(todo), 256):
            chunk = todo[i:i + 256]
            vecs = self.embedder.embed_documents(chunk)
            with self._lock:
                for t, v in zip(chunk, vecs, strict=True):
                    self._cache[t] = np.asarray(v, dtype=np.float32)
                while len(self._cache) > self.max_items:
                    self._cache.popitem(last=False)

    def get(self, texts: Iterable[str]) -> dict[str, np.ndarray]:
        texts = [t for t in texts if t]
        missing = [t for t in texts if t not in self._cache]
        if missing:
            self.prefetch(missing)
        return {t: self._cache[t] for t in texts if t in self._cache}


# ---------------------------------------------------------------------------------------------- artefacts
def save_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write arrays as an .npz whose bytes depend only on the arrays (fixed zip timestamps and order)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            b = io.BytesIO()
            np.save(b, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, b.getvalue(), compresslevel=9)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(buf.getvalue())
    tmp.replace(path)


@dataclass
class LinearModel:
    """Scores = W_sparse[:, idx].sum * scale + W_dense @ dense + b, for K outputs."""

    w_sparse: np.ndarray  # K x HASH_DIM
    w_dense: np.ndarray  # K x n_dense
    bias: np.ndarray  # K

    def __post_init__(self) -> None:
        # Gathering rows of the transpose is several times faster than gathering columns of K x HASH_DIM.
        self._sparse_rows = np.ascontiguousarray(self.w_sparse.T)

    def scores(self, idx: list[int], dense: np.ndarray) -> np.ndarray:
        s = self.bias + self.w_dense @ dense
        if idx:
            s = s + self._sparse_rows[idx].sum(axis=0) / np.sqrt(len(idx))
        return s


def _load(path: Path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


class LearnedChecks:
    """The category model and the flag models, with the embedding cache they share."""

    def __init__(self, model_dir: Path = MODEL_DIR, embedder: Any = None) -> None:
        cat = _load(model_dir / "category.npz")
        flg = _load(model_dir / "flags.npz")
        self.category = LinearModel(cat["w_sparse"].astype(np.float32), cat["w_dense"].astype(np.float32),
                                    cat["bias"].astype(np.float32))
        self.flags = LinearModel(flg["w_sparse"].astype(np.float32), flg["w_dense"].astype(np.float32),
                                 flg["bias"].astype(np.float32))
        self.thresholds = {f: float(t) for f, t in zip(LEARNED_FLAGS, flg["thresholds"], strict=True)}
        self.hand_mean = flg["hand_mean"].astype(np.float32)
        self.hand_scale = flg["hand_scale"].astype(np.float32)
        if embedder is None:
            from assistant.embeddings import get_embedder

            embedder = get_embedder(EMBEDDER)
        self.cache = EmbeddingCache(embedder)

    # -- scoring -----------------------------------------------------------------------------------
    def category_probs(self, c: RowContext, emb: dict[str, np.ndarray]) -> np.ndarray:
        e = emb.get(c.name)
        dense = e if e is not None else np.zeros(self.category.w_dense.shape[1], dtype=np.float32)
        s = self.category.scores(category_sparse(c), dense)
        s = np.exp(s - s.max())
        return s / s.sum()

    def flag_probs(self, c: RowContext, rule_flags: set[str]) -> tuple[dict[str, float], np.ndarray | None]:
        emb = self.cache.get(texts_of(c))
        cat = self.category_probs(c, emb) if c.name else None
        hand = (hand_features(c, emb, cat, rule_flags) - self.hand_mean) / self.hand_scale
        e = emb.get(c.name)
        en = e if e is not None else np.zeros(512, dtype=np.float32)
        dense = np.concatenate([hand, en])
        s = self.flags.scores(flag_sparse(c), dense)
        p = 1.0 / (1.0 + np.exp(-s))
        return dict(zip(LEARNED_FLAGS, (float(x) for x in p), strict=True)), cat

    def review(self, c: RowContext, found: list[LintFinding]) -> list[LintFinding]:
        """The row's findings plus the models': a semantic flag the rules did not report is added when its
        model's probability reaches the flag's threshold (the model sees the rules' verdicts among its
        features). Rule findings are never removed. A flag whose threshold is disabled (< 0) is left to
        the rules."""
        if not c.name or not any("\u4e00" <= ch <= "\u9fff" for ch in c.name):
            return found
        from assistant.lint.rules import label_of

        have = {label_of(f) for f in found}
        probs, cat = self.flag_probs(c, {f.flag for f in found})
        out = list(found)
        for flag in LEARNED_FLAGS:
            t = self.thresholds[flag]
            if flag in have or t < 0 or probs[flag] < t:
                continue
            new = _finding(flag, c, probs[flag], cat)
            if new is not None:
                out.append(new)
        return out


def _finding(flag: str, c: RowContext, p: float, cat: np.ndarray | None) -> LintFinding | None:
    from assistant.lint.rules import RULES

    rule = RULES[FLAG_CODES[flag]]
    ind = c.ind
    name = ind.level3 or ""
    conf = f"（模型判断，置信度{p:.0%}）"
    if flag == "category_mismatch":
        if c.l2 is None:
            return None
        likely = None
        if cat is not None:
            order = [CATEGORY_KEYS[i] for i in np.argsort(-cat)]
            likely = next((k for k in order if k != c.l2), None)
        likely_cn = lx.LEVEL2_CN.get(likely or "", "")
        return c.finding(rule, "level2", name,
                         f"“{name}”不像是“{ind.level2}”，更像{likely_cn or '其他类别'}{conf}。",
                         f"移到“{likely_cn}”下，或改写三级指标使其符合“{ind.level2}”。" if likely_cn
                         else "核对所在的二级指标。", likely_cn or None)
    if flag == "self_referential":
        d, v = c.desc, lx.clean(ind.value)
        if d and (d == c.name or d in c.name or c.name in d):
            ev, what = ind.description or "", "绩效指标描述只是照抄三级指标"
        elif v and not c.measurable:
            ev, what = ind.value or "", "指标值只是复述了指标名称或描述"
        else:
            ev, what = name, "三级指标、描述和指标值互相重复"
        return c.finding(rule, "level3" if ev == name else ("description" if ev == (ind.description or "") else "value"),
                         ev, f"{what}{conf}。",
                         "描述应说明统计口径（考核什么、怎么算），指标值给出可核验的目标（数字、期限或“是/否”）。")
    if flag == "activity_not_result":
        return c.finding(rule, "level3", name, f"“{name}”描述的是工作过程，不是可衡量的结果{conf}。",
                         "改写为工作带来的结果，如“…覆盖率≥90%”“…人数≥N人”，并给出可核验的指标值。")
    return c.finding(rule, "level3", name, f"三级指标“{name}”没有说清考核什么{conf}。",
                     "改为可计量的名称，写明考核对象，如“新增就业人数”“…覆盖率”“…办结率”。")


_LOCK = threading.Lock()
_INSTANCE: list[LearnedChecks | None] = []


def get_checks() -> LearnedChecks | None:
    """The shared instance, loaded on first use; None (with one log line) when the models or the
    embedder are unavailable, so the rules still run."""
    if _INSTANCE:
        return _INSTANCE[0]
    with _LOCK:
        if not _INSTANCE:
            try:
                _INSTANCE.append(LearnedChecks())
            except Exception as exc:  # missing artefact or embedder: the rules alone still work
                log.warning("learned lint checks unavailable: %s", exc)
                _INSTANCE.append(None)
    return _INSTANCE[0]
