"""The corpus index: chromadb collections for indicator rows and for tables, plus BM25, fused.

- Ids are content hashes: re-indexing an unchanged table adds nothing; a changed table's rows are
  replaced; a table no longer in the corpus loses its rows.
- The collection metadata records the embedder; opening with another embedder rebuilds.
- Search: lexical (BM25) and dense (chromadb HNSW, cosine) candidates fused by reciprocal rank,
  weighted by each row's lint quality, near-duplicates collapsed with a count of how often the
  corpus uses them; filters on 一级/二级 (by slot, so 数量 and 数量指标 match), sector, region, year.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from assistant.authoring.framework import slot_key_of
from assistant.embeddings import Embedder, chroma_adapter
from assistant.index.lexical import BM25
from assistant.models import GoalTable, Indicator

Mode = Literal["hybrid", "lexical", "dense"]
RowQuality = Callable[[GoalTable], list[float]]
SCHEMA = 1
RRF_K = 60
_FIELDS = ("level1", "level2", "level3", "description", "value", "basis")


@dataclass
class RowHit:
    table_id: str
    row: int
    indicator: Indicator
    project_name: str | None
    score: float
    quality: float
    duplicates: int = 1  # how many rows in the corpus say the same thing
    sector: str | None = None
    year: int | None = None


@dataclass
class TableHit:
    table_id: str
    project_name: str | None
    score: float
    department: str | None = None
    sector: str | None = None
    year: int | None = None


@dataclass
class BuildReport:
    tables_added: int = 0
    tables_unchanged: int = 0
    tables_removed: int = 0
    rows_added: int = 0
    rebuilt: bool = False
    seconds: float = 0.0
    embed_seconds: float = 0.0


def table_hash(t: GoalTable) -> str:
    payload = t.model_dump(mode="json", exclude={"provenance"})
    return hashlib.sha1(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def row_document(t: GoalTable, ind: Indicator) -> str:
    """What a row is embedded and matched as: its project, its place in the grid, its words."""
    parts = [t.project_name or t.title or "", ind.level2 or "", ind.level3 or "", ind.description or ""]
    return "｜".join(p for p in parts if p)


def table_document(t: GoalTable) -> str:
    return "｜".join(x for x in [t.project_name or t.title or "", t.purpose or "", *t.goals[:6]] if x)[:1000]


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


@dataclass
class _Catalogue:
    """Everything lexical search and filtering need, held in memory (fine at 100k rows)."""

    ids: list[str] = field(default_factory=list)
    metas: list[dict[str, Any]] = field(default_factory=list)
    bm25: BM25 | None = None
    table_ids: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    dup_counts: Counter[str] = field(default_factory=Counter)


class CorpusIndex:
    def __init__(
        self,
        client: Any,
        embedder: Embedder,
        *,
        prefix: str = "zhibiao",
        row_quality: RowQuality | None = None,
        tokenizer: str = "bigram",
    ) -> None:
        self.client = client
        self.embedder = embedder
        self.prefix = prefix
        self.row_quality = row_quality
        self.tokenizer = tokenizer
        self._lock = threading.RLock()
        self._rows_cat: _Catalogue | None = None
        self._tables_cat: _Catalogue | None = None
        self._rows = self._collection("rows")
        self._tables = self._collection("tables")

    # -- construction ------------------------------------------------------------------------
    @classmethod
    def open(cls, settings: Any, embedder: Embedder, *, row_quality: RowQuality | None = None) -> CorpusIndex:
        return cls(make_client(settings), embedder, prefix=settings.index.collection_prefix, row_quality=row_quality)

    def _collection(self, kind: str) -> Any:
        name = f"{self.prefix}_{kind}"
        meta = {"embedder": self.embedder.name, "dim": self.embedder.dim, "schema": SCHEMA, "hnsw:space": "cosine"}
        try:
            col = self.client.get_collection(name, embedding_function=chroma_adapter(self.embedder))
            old = col.metadata or {}
            if old.get("embedder") != self.embedder.name or old.get("schema") != SCHEMA:
                self.client.delete_collection(name)
                self._stale_embedder = True
                raise LookupError
            return col
        except Exception:
            return self.client.create_collection(name, metadata=meta, embedding_function=chroma_adapter(self.embedder))

    # -- build -------------------------------------------------------------------------------
    def build(self, tables: Iterable[GoalTable], *, progress: bool = False) -> BuildReport:
        t0 = time.perf_counter()
        report = BuildReport(rebuilt=getattr(self, "_stale_embedder", False))
        tables = list(tables)
        with self._lock:
            existing = self._tables.get(include=["metadatas"])
            have = {m["table_id"]: m.get("table_hash") for m in existing["metadatas"] or []}
            wanted = {t.id: t for t in tables}
            removed = [tid for tid in have if tid not in wanted]
            changed = [t for t in tables if have.get(t.id) != table_hash(t)]
            report.tables_unchanged = len(tables) - len(changed)
            for tid in removed + [t.id for t in changed if t.id in have]:
                self._rows.delete(where={"table_id": tid})
                self._tables.delete(ids=[_table_key(tid)])
            report.tables_removed = len(removed)

            ids, docs, metas = [], [], []
            tids, tdocs, tmetas = [], [], []
            for t in changed:
                h = table_hash(t)
                quality = self.row_quality(t) if self.row_quality else [1.0] * len(t.indicators)
                for i, ind in enumerate(t.indicators):
                    ids.append(f"{_table_key(t.id)}:{i}:{h}")
                    docs.append(row_document(t, ind))
                    metas.append(_row_meta(t, i, ind, h, quality[i] if i < len(quality) else 1.0))
                tids.append(_table_key(t.id))
                tdocs.append(table_document(t))
                tmetas.append({"table_id": t.id, "table_hash": h, "project_name": t.project_name or "",
                               "department": t.department or "", "sector": t.sector or "",
                               "year": t.year or 0, "rows": len(t.indicators)})
            report.embed_seconds = self._add(self._rows, ids, docs, metas, progress=progress)
            report.embed_seconds += self._add(self._tables, tids, tdocs, tmetas, progress=False)
            report.tables_added, report.rows_added = len(changed), len(ids)
            if changed or removed:
                self._rows_cat = self._tables_cat = None
        report.seconds = time.perf_counter() - t0
        return report

    def _add(self, col: Any, ids: list[str], docs: list[str], metas: list[dict[str, Any]], *, progress: bool) -> float:
        embed_s = 0.0
        batch = 512
        steps = range(0, len(ids), batch)
        if progress and len(ids) > batch:
            from tqdm import tqdm

            steps = tqdm(steps, desc="建立索引 / indexing", unit="批")
        for s in steps:
            t0 = time.perf_counter()
            vecs = self.embedder.embed_documents(docs[s: s + batch])
            embed_s += time.perf_counter() - t0
            col.add(ids=ids[s: s + batch], documents=docs[s: s + batch], metadatas=metas[s: s + batch],
                    embeddings=vecs)
        return embed_s

    def status(self) -> dict[str, Any]:
        return {"embedder": self.embedder.name, "tables": self._tables.count(), "rows": self._rows.count(),
                "collections": [self._rows.name, self._tables.name]}

    # -- search ------------------------------------------------------------------------------
    def search_rows(
        self,
        query: str,
        k: int = 10,
        *,
        level1: str | None = None,
        level2: str | None = None,
        sector: str | None = None,
        region: str | None = None,
        year: int | None = None,
        mode: Mode = "hybrid",
        exclude_table_ids: Sequence[str] = (),
        collapse: bool = True,
    ) -> list[RowHit]:
        cat = self._catalogue("rows")
        if not cat.ids or not (query or "").strip():
            return []
        mask = _mask(cat, level1=level1, level2=level2, sector=sector, region=region, year=year,
                     exclude=exclude_table_ids)
        pool = max(k * 5, 100)
        ranked = self._fuse(cat, self._rows, query, mask, pool, mode)
        hits: list[RowHit] = []
        seen: set[str] = set()
        for idx, score in ranked:
            m = cat.metas[idx]
            key = _dup_key(m)
            if collapse and key in seen:
                continue
            seen.add(key)
            q = float(m.get("quality", 1.0))
            hits.append(RowHit(
                table_id=m["table_id"], row=int(m["row"]),
                indicator=Indicator(**{f: (m.get(f) or None) for f in _FIELDS}),
                project_name=m.get("project_name") or None, score=score, quality=q,
                duplicates=cat.dup_counts[key], sector=m.get("sector") or None, year=m.get("year") or None,
            ))
            if len(hits) >= k:
                break
        return hits

    def search_tables(
        self, query: str, k: int = 5, *, sector: str | None = None, mode: Mode = "hybrid",
        exclude_table_ids: Sequence[str] = (),
    ) -> list[TableHit]:
        cat = self._catalogue("tables")
        if not cat.ids or not (query or "").strip():
            return []
        mask = _mask(cat, sector=sector, exclude=exclude_table_ids)
        out = []
        for idx, score in self._fuse(cat, self._tables, query, mask, max(k * 4, 20), mode, quality=False)[:k]:
            m = cat.metas[idx]
            out.append(TableHit(table_id=m["table_id"], project_name=m.get("project_name") or None, score=score,
                                department=m.get("department") or None, sector=m.get("sector") or None,
                                year=m.get("year") or None))
        return out

    def _fuse(
        self, cat: _Catalogue, col: Any, query: str, mask: np.ndarray, pool: int, mode: Mode, *, quality: bool = True
    ) -> list[tuple[int, float]]:
        lists: list[list[int]] = []
        if mode in ("lexical", "hybrid"):
            lists.append(_top_lexical(cat, query, mask, pool))
        if mode in ("dense", "hybrid"):
            lists.append(self._top_dense(cat, col, query, mask, pool))
        scores: dict[int, float] = {}
        for ranking in lists:
            for r, idx in enumerate(ranking):
                scores[idx] = scores.get(idx, 0.0) + 1.0 / (RRF_K + r + 1)
        if quality:
            for idx in scores:
                scores[idx] *= 0.6 + 0.4 * float(cat.metas[idx].get("quality", 1.0))
        return sorted(scores.items(), key=lambda kv: -kv[1])

    def _top_dense(self, cat: _Catalogue, col: Any, query: str, mask: np.ndarray, pool: int) -> list[int]:
        allowed = int(mask.sum())
        if allowed == 0:
            return []
        qv = self.embedder.embed_query(query)
        where = None
        if allowed < len(mask):
            excluded = sorted(set(cat.table_ids[~mask].tolist()))
            allowed_tables = set(cat.table_ids[mask].tolist())
            # Row-level filters (slot, year, ...) cannot all be said in chromadb's where; ask for
            # enough neighbours, excluding whole tables where possible, then filter here.
            if excluded and len(excluded) <= 500 and not (allowed_tables & set(excluded)):
                where = {"table_id": {"$nin": excluded}}
        n = min(col.count(), pool * (1 if allowed == len(mask) else 4))
        res = col.query(query_embeddings=[qv], n_results=max(n, 1), where=where, include=[])
        pos = self._positions(cat)
        out = [pos[i] for i in res["ids"][0] if i in pos and mask[pos[i]]]
        return out[:pool]

    def _positions(self, cat: _Catalogue) -> dict[str, int]:
        if not hasattr(cat, "_pos"):
            cat._pos = {i: n for n, i in enumerate(cat.ids)}  # type: ignore[attr-defined]
        return cat._pos  # type: ignore[attr-defined,no-any-return]

    def _catalogue(self, kind: str) -> _Catalogue:
        with self._lock:
            cached = self._rows_cat if kind == "rows" else self._tables_cat
            if cached is not None:
                return cached
            col = self._rows if kind == "rows" else self._tables
            got = col.get(include=["metadatas", "documents"])
            cat = _Catalogue(ids=list(got["ids"]), metas=list(got["metadatas"] or []))
            cat.bm25 = BM25(got["documents"] or [], tokenizer=self.tokenizer)
            cat.table_ids = np.array([m["table_id"] for m in cat.metas], dtype=object)
            if kind == "rows":
                cat.dup_counts = Counter(_dup_key(m) for m in cat.metas)
                self._rows_cat = cat
            else:
                self._tables_cat = cat
            return cat


def _table_key(table_id: str) -> str:
    return hashlib.sha1(table_id.encode()).hexdigest()[:12]


def _row_meta(t: GoalTable, i: int, ind: Indicator, h: str, quality: float) -> dict[str, Any]:
    meta: dict[str, Any] = {f: (getattr(ind, f) or "") for f in _FIELDS}
    meta.update({
        "table_id": t.id, "row": i, "table_hash": h, "project_name": t.project_name or t.title or "",
        "sector": t.sector or "", "region": t.region or "", "year": t.year or 0, "quality": float(quality),
        "slot": slot_key_of(ind.level1, ind.level2) or "", "level1n": _norm(ind.level1),
    })
    return meta


def _dup_key(m: dict[str, Any]) -> str:
    return f"{_norm(m.get('level3'))}|{_norm(m.get('value'))}"


def _mask(
    cat: _Catalogue, *, level1: str | None = None, level2: str | None = None, sector: str | None = None,
    region: str | None = None, year: int | None = None, exclude: Sequence[str] = (),
) -> np.ndarray:
    mask = np.ones(len(cat.ids), dtype=bool)
    if exclude:
        mask &= ~np.isin(cat.table_ids, list(exclude))
    if level2:
        want = slot_key_of(level1, level2) or _norm(level2)
        mask &= np.array([m.get("slot") == want for m in cat.metas])
    if level1:
        l1 = _norm(level1).removesuffix("指标")
        mask &= np.array([l1 in m.get("level1n", "") for m in cat.metas])
    if sector:
        mask &= np.array([m.get("sector") == sector for m in cat.metas])
    if region:
        mask &= np.array([region in (m.get("region") or "") for m in cat.metas])
    if year:
        mask &= np.array([m.get("year") == year for m in cat.metas])
    return mask


def _top_lexical(cat: _Catalogue, query: str, mask: np.ndarray, pool: int) -> list[int]:
    assert cat.bm25 is not None
    s = cat.bm25.scores(query)
    s = np.where(mask, s, -1.0)
    if len(s) > pool:
        top = np.argpartition(-s, pool)[:pool]
    else:
        top = np.arange(len(s))
    top = top[np.argsort(-s[top])]
    return [int(i) for i in top if s[i] > 0]


def make_client(settings: Any) -> Any:
    """A chromadb client from settings: local persistent folder or a Chroma server; telemetry off."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    cs = ChromaSettings(anonymized_telemetry=False)
    if settings.index.mode == "http":
        return chromadb.HttpClient(host=settings.index.host, port=settings.index.port, settings=cs)
    path = settings.index_dir
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=cs)
