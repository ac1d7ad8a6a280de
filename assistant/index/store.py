"""The corpus index: chromadb collections for indicator rows and for tables, plus BM25, fused.

- Ids are content hashes: re-indexing an unchanged table adds nothing; a changed table's rows are
  replaced; a table no longer in the corpus loses its rows.
- The collection metadata records the embedder and a schema number; opening with another embedder
  (or an older schema) rebuilds.
- Search: lexical (BM25) and dense (chromadb HNSW, cosine) candidates fused by a convex score
  mix plus the query's similarity to each row's table (reciprocal rank is the alternative; both are
  measured by evaluation/retrieval.py), weighted by each row's lint quality, near-duplicates collapsed with a count of how often the
  corpus uses them; filters on 一级/二级 (by slot, so 数量 and 数量指标 match), sector, region, year.
- Filters and lexical scores are numpy arrays over an in-memory catalogue (no Python loop per row
  at query time), so a hybrid query stays within tens of milliseconds at 100k rows.
- With a local store the catalogue is also kept on disk beside chromadb, so a restarted app does not
  spend seconds re-reading every record before its first answer. A build that changes anything deletes
  the snapshot before it writes to chromadb; a snapshot whose counts disagree with the store is ignored.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import pickle
import re
import threading
import time
import unicodedata
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from assistant.authoring.framework import slot_key_of
from assistant.embeddings import Embedder, chroma_adapter
from assistant.fileio import atomic_write_bytes
from assistant.index.lexical import BM25
from assistant.models import GoalTable, Indicator
from assistant.values import TargetValue

log = logging.getLogger(__name__)

Mode = Literal["hybrid", "lexical", "dense"]
MODES: tuple[str, ...] = ("hybrid", "lexical", "dense")
RowQuality = Callable[[GoalTable], list[float]]
SCHEMA = 4  # bump when ids, documents or metadata change: a store of another schema is rebuilt
CATALOGUE_FORMAT = 1  # bump when _Catalogue or BM25 change shape: older snapshots are ignored
RRF_K = 60
FUSION_WEIGHTS = {"lexical": 1.0, "dense": 1.0}
FUSION = "convex"  # measured against "rrf" by evaluation/retrieval.py
ALPHA = 0.8
TABLE_WEIGHT = 1.0
DEFAULT_TOKENIZER = "bigram"  # measured against jieba by evaluation/retrieval.py
_FIELDS = ("level1", "level2", "level3", "description", "value", "basis")
_BATCH = 512
# Only what chromadb's where needs is stored as separate metadata keys; the rest of a record (cells,
# names, quality, the lexical document) travels as one JSON string. chromadb writes one sqlite row
# per metadata key and indexes documents for full-text search, which made writes cost as much as
# embedding; with this layout a build stays close to the embedder's own speed.
_FILTER_KEYS = ("table_id", "slot", "sector", "year")


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
    region: str | None = None
    department: str | None = None
    source: str | None = None  # source URL or file of the table


@dataclass
class TableHit:
    table_id: str
    project_name: str | None
    score: float
    department: str | None = None
    sector: str | None = None
    year: int | None = None
    region: str | None = None
    rows: int = 0


@dataclass
class BuildReport:
    tables_added: int = 0
    tables_unchanged: int = 0
    tables_removed: int = 0
    rows_added: int = 0
    rebuilt: bool = False  # the store was emptied because the embedder or schema changed
    seconds: float = 0.0
    embed_seconds: float = 0.0  # of `seconds`, time inside the embedder


def table_hash(t: GoalTable) -> str:
    payload = t.model_dump(mode="json", exclude={"provenance"})
    return hashlib.sha1(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def row_document(t: GoalTable, ind: Indicator) -> str:
    """What a row is embedded and matched as: its project, its place in the grid, its words."""
    return _row_doc(t.project_name or t.title, ind.level2, ind.level3, ind.description)


def _row_doc(project: str | None, level2: str | None, level3: str | None, description: str | None) -> str:
    return "｜".join(p for p in (project or "", level2 or "", level3 or "", description or "") if p)


def table_document(t: GoalTable) -> str:
    return "｜".join(x for x in [t.project_name or t.title or "", t.purpose or "", *t.goals[:6]] if x)[:1000]


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


# 指标1: / 1. / （一） in front of a name, and punctuation, do not make a row different.
_NAME_PREFIX = re.compile(r"^(?:指标\d+[:：]?|\d+[.、．)]|[（(][一二三四五六七八九十\d]+[)）])")
_PUNCT = re.compile(r"[\s\"'“”‘’《》（）()\[\]【】、，,。.;；:：!！?？·\-_/]+")


def dup_key(level3: str | None, value: str | None) -> str:
    """Rows with the same name and the same target (however spelled) are near-duplicates."""
    name = unicodedata.normalize("NFKC", level3 or "")
    name = _PUNCT.sub("", _NAME_PREFIX.sub("", _norm(name)))
    target = TargetValue.parse(value).render() if value else ""
    return f"{name}|{_norm(target)}"


class _Catalogue:
    """Everything lexical search and filtering need, as arrays held in memory (fine at 100k rows)."""

    def __init__(self, ids: list[str], metas: list[dict[str, Any]], docs: list[str], tokenizer: str,
                 *, rows: bool) -> None:
        self.ids = ids
        self.metas = metas
        self.pos = {i: n for n, i in enumerate(ids)}
        self.bm25 = BM25(docs, tokenizer=tokenizer)
        tids = [m["table_id"] for m in metas]
        self.table_code: dict[str, int] = {}
        self.table_codes = np.array([self.table_code.setdefault(t, len(self.table_code)) for t in tids],
                                    dtype=np.int64)
        self.sector = np.array([m.get("sector") or "" for m in metas], dtype=str)
        self.region = np.array([m.get("region") or "" for m in metas], dtype=str)
        self.year = np.array([int(m.get("year") or 0) for m in metas], dtype=np.int64)
        self.quality = np.array([float(m.get("quality", 1.0)) for m in metas], dtype=np.float32)
        if rows:
            self.slot = np.array([m.get("slot") or "" for m in metas], dtype=str)
            self.level1n = np.array([m.get("level1n") or "" for m in metas], dtype=str)
            keys = [m.get("dup") or dup_key(m.get("level3"), m.get("value")) for m in metas]
            codes: dict[str, int] = {}
            self.dup_codes = np.array([codes.setdefault(k, len(codes)) for k in keys], dtype=np.int64)
            self.dup_counts = np.bincount(self.dup_codes, minlength=len(codes))

    def __len__(self) -> int:
        return len(self.ids)


class CorpusIndex:
    """Rows and tables of the corpus in chromadb, searchable by words, meaning or both.

    Thread-safe: builds take a lock; searches read an immutable catalogue snapshot.
    """

    def __init__(
        self,
        client: Any,
        embedder: Embedder,
        *,
        prefix: str = "zhibiao",
        row_quality: RowQuality | None = None,
        tokenizer: str = DEFAULT_TOKENIZER,
        cache_dir: Path | None = None,
    ) -> None:
        self.client = client
        self.cache_dir = cache_dir  # where catalogue snapshots live; None keeps them in memory only
        self.embedder = embedder
        self.prefix = prefix
        self.row_quality = row_quality
        self.tokenizer = tokenizer
        self._lock = threading.RLock()
        self._rows_cat: _Catalogue | None = None
        self._tables_cat: _Catalogue | None = None
        self._qcache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._stale = False
        # Reciprocal-rank fusion: k and the weight of each list (tuned by evaluation/retrieval.py).
        self.rrf_k = RRF_K
        self.weights = dict(FUSION_WEIGHTS)
        # "convex": alpha * BM25/max + (1 - alpha) * cosine rescaled over the candidates.
        self.fusion = FUSION
        self.alpha = ALPHA
        self.table_weight = TABLE_WEIGHT
        self._rows = self._collection("rows")
        self._tables = self._collection("tables")

    # -- construction ------------------------------------------------------------------------
    @classmethod
    def open(
        cls, settings: Any, embedder: Embedder, *, row_quality: RowQuality | None = None,
        tokenizer: str = DEFAULT_TOKENIZER,
    ) -> CorpusIndex:
        # Snapshots only beside a local store: a Chroma server may be written by other clients.
        cache_dir = settings.index_dir if settings.index.mode != "http" else None
        return cls(make_client(settings), embedder, prefix=settings.index.collection_prefix,
                   row_quality=row_quality, tokenizer=tokenizer, cache_dir=cache_dir)

    def _collection(self, kind: str) -> Any:
        name = f"{self.prefix}_{kind}"
        meta = {"embedder": self.embedder.name, "dim": self.embedder.dim, "schema": SCHEMA,
                "hnsw:space": "cosine"}
        ef = chroma_adapter(self.embedder)
        names = {getattr(c, "name", c) for c in self.client.list_collections()}
        if name in names:
            try:
                col = self.client.get_collection(name, embedding_function=ef)
                old = col.metadata or {}
                if old.get("embedder") == self.embedder.name and old.get("schema") == SCHEMA:
                    return col
            except Exception:
                pass
            self._drop_snapshots()
            self.client.delete_collection(name)
            self._stale = True
        return self.client.create_collection(name, metadata=meta, embedding_function=ef)

    # -- build -------------------------------------------------------------------------------
    def build(self, tables: Iterable[GoalTable], *, progress: bool = False) -> BuildReport:
        """Make the store hold exactly `tables`; unchanged tables cost one hash each."""
        t0 = time.perf_counter()
        report = BuildReport(rebuilt=self._stale)
        tables = list({t.id: t for t in tables}.values())  # a repeated id: the last one wins
        with self._lock:
            _, existing = _get_all(self._tables)
            have = {m["table_id"]: _unpack(m).get("table_hash") for m in existing}
            wanted = {t.id for t in tables}
            removed = [tid for tid in have if tid not in wanted]
            hashes = {t.id: table_hash(t) for t in tables}
            changed = [t for t in tables if have.get(t.id) != hashes[t.id]]
            report.tables_unchanged = len(tables) - len(changed)
            if changed or removed:
                self._drop_snapshots()  # before any write, so a crash mid-build cannot leave a stale one
            stale = removed + [t.id for t in changed if t.id in have]
            for s in range(0, len(stale), 100):
                chunk = stale[s: s + 100]
                self._rows.delete(where={"table_id": {"$in": chunk}})
                self._tables.delete(ids=[_table_key(tid) for tid in chunk])
            report.tables_removed = len(removed)

            ids, docs, metas = [], [], []
            tids, tdocs, tmetas = [], [], []
            for t in changed:
                h = hashes[t.id]
                quality = self._quality(t)
                for i, ind in enumerate(t.indicators):
                    ids.append(f"{_table_key(t.id)}:{i}:{h}")
                    docs.append(row_document(t, ind))
                    metas.append(_row_meta(t, i, ind, h, quality[i] if i < len(quality) else 1.0, docs[-1]))
                tids.append(_table_key(t.id))
                tdocs.append(table_document(t))
                tmetas.append(_pack({"table_id": t.id, "table_hash": h,
                                     "project_name": t.project_name or t.title or "",
                                     "department": t.department or "", "sector": t.sector or "",
                                     "region": t.region or "", "year": t.year or 0, "rows": len(t.indicators),
                                     "doc": tdocs[-1]}))
            report.embed_seconds = self._add(self._rows, ids, docs, metas, progress=progress)
            # Tables last: a build stopped half-way leaves tables without a hash, so the next
            # build redoes them (upsert keeps the rows already written).
            report.embed_seconds += self._add(self._tables, tids, tdocs, tmetas, progress=False)
            report.tables_added, report.rows_added = len(changed), len(ids)
            if changed or removed or self._stale:
                self._rows_cat = self._tables_cat = None
            self._stale = False
        report.seconds = time.perf_counter() - t0
        return report

    def _quality(self, t: GoalTable) -> list[float]:
        if self.row_quality is None:
            return [1.0] * len(t.indicators)
        try:
            return [min(1.0, max(0.0, float(q))) for q in self.row_quality(t)]
        except Exception:
            return [0.5] * len(t.indicators)

    def _add(
        self, col: Any, ids: list[str], docs: list[str], metas: list[dict[str, Any]], *, progress: bool
    ) -> float:
        """Embed and write in batches; a batch is written while the next one is embedded."""
        from concurrent.futures import Future, ThreadPoolExecutor

        embed_s = 0.0
        steps: Iterable[int] = range(0, len(ids), _BATCH)
        if progress and len(ids) > _BATCH:
            from tqdm import tqdm

            steps = tqdm(steps, desc="建立索引 / indexing", unit="批", total=-(-len(ids) // _BATCH))
        pending: Future[None] | None = None
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="zhibiao-index-write") as pool:
            for s in steps:
                t0 = time.perf_counter()
                vecs = np.asarray(self.embedder.embed_documents(docs[s: s + _BATCH]), dtype=np.float32)
                embed_s += time.perf_counter() - t0
                if pending is not None:
                    pending.result()  # one write in flight: keeps order and memory bounded
                pending = pool.submit(col.upsert, ids=ids[s: s + _BATCH], metadatas=metas[s: s + _BATCH],
                                      embeddings=vecs)
            if pending is not None:
                pending.result()
        return embed_s

    def status(self) -> dict[str, Any]:
        return {"embedder": self.embedder.name, "dim": self.embedder.dim, "schema": SCHEMA,
                "tokenizer": self.tokenizer, "fusion": self.fusion, "tables": self._tables.count(),
                "rows": self._rows.count(),
                "collections": [self._rows.name, self._tables.name]}

    # -- search ------------------------------------------------------------------------------
    def embed_query(self, query: str) -> np.ndarray:
        """The query's vector, cached (the UI and the evaluation ask the same query several times)."""
        with self._lock:
            v = self._qcache.get(query)
            if v is not None:
                self._qcache.move_to_end(query)
                return v
        v = np.asarray(self.embedder.embed_query(query), dtype=np.float32)
        with self._lock:
            self._qcache[query] = v
            while len(self._qcache) > 256:
                self._qcache.popitem(last=False)
        return v

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
        query_vector: Any = None,
    ) -> list[RowHit]:
        """The best k indicator rows for `query`; near-duplicates shown once with their count."""
        _check_mode(mode)
        cat = self._catalogue("rows")
        if not len(cat) or not (query or "").strip() or k <= 0:
            return []
        mask = _row_mask(cat, level1=level1, level2=level2, sector=sector, region=region, year=year,
                         exclude=exclude_table_ids)
        pool = max(k * 5, 100)
        ranked = self._fuse(cat, self._rows, query, mask, pool, mode, query_vector=query_vector,
                            exact=_exact_filters(level1, level2, sector, year), exclude=exclude_table_ids)
        hits: list[RowHit] = []
        seen: set[int] = set()
        for idx, score in ranked:
            m = cat.metas[idx]
            code = int(cat.dup_codes[idx])
            if collapse and code in seen:
                continue
            seen.add(code)
            hits.append(RowHit(
                table_id=m["table_id"], row=int(m["row"]),
                indicator=Indicator.model_validate({f: (m.get(f) or None) for f in _FIELDS}),
                project_name=m.get("project_name") or None, score=score, quality=float(cat.quality[idx]),
                duplicates=int(cat.dup_counts[code]), sector=m.get("sector") or None,
                year=m.get("year") or None, region=m.get("region") or None,
                department=m.get("department") or None, source=m.get("source") or None,
            ))
            if len(hits) >= k:
                break
        return hits

    def search_tables(
        self, query: str, k: int = 5, *, sector: str | None = None, region: str | None = None,
        year: int | None = None, mode: Mode = "hybrid", exclude_table_ids: Sequence[str] = (),
        query_vector: Any = None,
    ) -> list[TableHit]:
        """The k published tables whose project, purpose and goals are closest to `query`."""
        _check_mode(mode)
        cat = self._catalogue("tables")
        if not len(cat) or not (query or "").strip() or k <= 0:
            return []
        mask = _base_mask(cat, sector=sector, region=region, year=year, exclude=exclude_table_ids)
        out = []
        exact = {f: v for f, v in (("sector", sector), ("year", int(year) if year else None)) if v}
        ranked = self._fuse(cat, self._tables, query, mask, max(k * 4, 20), mode, quality=False,
                            query_vector=query_vector, exact=exact, exclude=exclude_table_ids)
        for idx, score in ranked[:k]:
            m = cat.metas[idx]
            out.append(TableHit(table_id=m["table_id"], project_name=m.get("project_name") or None,
                                score=score,
                                department=m.get("department") or None, sector=m.get("sector") or None,
                                year=m.get("year") or None, region=m.get("region") or None,
                                rows=int(m.get("rows") or 0)))
        return out

    def _fuse(
        self, cat: _Catalogue, col: Any, query: str, mask: np.ndarray, pool: int, mode: Mode, *,
        quality: bool = True, query_vector: Any = None, exact: dict[str, Any] | None = None,
        exclude: Sequence[str] = (),
    ) -> list[tuple[int, float]]:
        lex: list[int] = []
        bm25 = np.zeros(0, dtype=np.float32)
        dense: list[tuple[int, float]] = []
        if mode in ("lexical", "hybrid"):
            lex, bm25 = _top_lexical(cat, query, mask, pool)
        if mode in ("dense", "hybrid"):
            qv = (self.embed_query(query) if query_vector is None
                  else np.asarray(query_vector, dtype=np.float32))
            # A shorter dense list: HNSW cost grows with it, and the fusion gives deep ranks little weight.
            dense = _top_dense(cat, col, qv, mask, min(pool, max(pool // 2, 50)), exact or {}, exclude)
        scores: dict[int, float] = {}
        if self.fusion == "convex":
            alpha = {"hybrid": self.alpha, "lexical": 1.0, "dense": 0.0}[mode]
            scores = _convex(lex, bm25, dense, alpha)
            if mode == "hybrid" and self.table_weight > 0 and col is self._rows:
                # Rows of projects like the query's: the query and a table's project, purpose and
                # goals are the same kind of text, which a sentence encoder compares much better
                # than a long query with a four-word row.
                tcat = self._catalogue("tables")
                tmask = _base_mask(tcat, exclude=exclude)
                tsim = dict(_top_dense(tcat, self._tables, qv, tmask, 50, {}, exclude))
                if tsim:
                    lo, hi = min(tsim.values()), max(tsim.values())
                    by_table = {tcat.metas[i]["table_id"]: (v - lo) / max(hi - lo, 1e-9) for i, v in tsim.items()}
                    for i in scores:
                        # A boost, not a bonus: a row must match by itself (a one-indicator query
                        # must not pull in every row of the closest project).
                        scores[i] *= 1.0 + self.table_weight * by_table.get(cat.metas[i]["table_id"], 0.0)
        else:
            for weight, ranking in ((self.weights["lexical"], lex), (self.weights["dense"], [i for i, _ in dense])):
                for r, idx in enumerate(ranking):
                    scores[idx] = scores.get(idx, 0.0) + weight / (self.rrf_k + r + 1)
        if quality:
            # A clean row from a comparable project beats a slightly closer row a reviewer would flag.
            for idx in scores:
                scores[idx] *= 0.6 + 0.4 * float(cat.quality[idx])
        return sorted(scores.items(), key=lambda kv: -kv[1])

    def _catalogue(self, kind: str) -> _Catalogue:
        with self._lock:
            cached = self._rows_cat if kind == "rows" else self._tables_cat
            if cached is not None:
                return cached
            col = self._rows if kind == "rows" else self._tables
            key = self._snapshot_key(kind, col.count())
            cat = self._load_snapshot(kind, key)
            if cat is None:
                ids, stored = _get_all(col)
                metas = [_unpack(m) for m in stored]
                cat = _Catalogue(ids, metas, [m.get("doc", "") for m in metas], self.tokenizer,
                                 rows=kind == "rows")
                self._save_snapshot(kind, key, cat)
            if kind == "rows":
                self._rows_cat = cat
            else:
                self._tables_cat = cat
            return cat


    def warm(self) -> None:
        """Load (or build and save) both catalogues now rather than on the first search."""
        self._catalogue("rows")
        self._catalogue("tables")

    # -- catalogue snapshots ---------------------------------------------------------------------
    def _snapshot_path(self, kind: str) -> Path | None:
        return None if self.cache_dir is None else self.cache_dir / f"catalogue-{self.prefix}-{kind}.pickle"

    def _snapshot_key(self, kind: str, count: int) -> tuple[Any, ...]:
        return (CATALOGUE_FORMAT, SCHEMA, self.embedder.name, self.tokenizer, kind, count)

    def _load_snapshot(self, kind: str, key: tuple[Any, ...]) -> _Catalogue | None:
        path = self._snapshot_path(kind)
        if path is None or not path.exists():
            return None
        try:
            # Our own file, written by _save_snapshot into the user's data directory.
            with path.open("rb") as fh:
                stored_key, cat = pickle.load(fh)
        except Exception as exc:  # a damaged or foreign file: rebuild from chromadb
            log.warning("catalogue snapshot %s unreadable (%s); rebuilding it", path, exc)
            return None
        if stored_key != key or not isinstance(cat, _Catalogue):
            return None
        return cat

    def _save_snapshot(self, kind: str, key: tuple[Any, ...], cat: _Catalogue) -> None:
        path = self._snapshot_path(kind)
        if path is None:
            return
        try:
            atomic_write_bytes(path, pickle.dumps((key, cat), protocol=pickle.HIGHEST_PROTOCOL))
        except OSError as exc:  # a read-only or full disk costs speed, never a search
            log.warning("could not save catalogue snapshot %s: %s", path, exc)

    def _drop_snapshots(self) -> None:
        for kind in ("rows", "tables"):
            path = self._snapshot_path(kind)
            if path is not None:
                path.unlink(missing_ok=True)


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValueError(
            f"未知的检索方式“{mode}”，可选：{'、'.join(MODES)} / unknown mode, choose one of {MODES}")


def _table_key(table_id: str) -> str:
    return hashlib.sha1(table_id.encode()).hexdigest()[:12]


def _get_all(col: Any, page: int = 5000) -> tuple[list[str], list[dict[str, Any]]]:
    """Every id and metadata record, a page at a time: one get of 100k rows exceeds sqlite's limit
    on bound variables."""
    ids: list[str] = []
    metas: list[dict[str, Any]] = []
    while True:
        got = col.get(include=["metadatas"], limit=page, offset=len(ids))
        ids.extend(got["ids"])
        metas.extend(got["metadatas"] or [])
        if len(got["ids"]) < page:
            return ids, metas


def _pack(meta: dict[str, Any]) -> dict[str, Any]:
    """chromadb metadata: the filter keys as they are, everything else as one compressed ASCII string.

    chromadb indexes string metadata for text matching, and Chinese text costs it far more than ASCII:
    measured on 3000 rows, a 400-character Chinese payload added 1.26 s to the write against 0.17 s for
    400 ASCII characters. Base64 of the zlib-compressed JSON keeps the payload short and ASCII.
    """
    out = {k: meta[k] for k in _FILTER_KEYS if k in meta}
    raw = json.dumps({k: v for k, v in meta.items() if k not in out}, ensure_ascii=False).encode("utf-8")
    out["p"] = base64.b64encode(zlib.compress(raw, 1)).decode("ascii")
    return out


def _unpack(stored: dict[str, Any]) -> dict[str, Any]:
    payload = stored.get("p")
    data: dict[str, Any] = {}
    if isinstance(payload, str):
        data = json.loads(zlib.decompress(base64.b64decode(payload)).decode("utf-8"))
    data.update({k: v for k, v in stored.items() if k != "p"})
    if "doc" not in data and "level3" in data:  # rows do not store their document: it is their cells
        data["doc"] = _row_doc(data.get("project_name"), data.get("level2"), data.get("level3"),
                               data.get("description"))
    return data


def _row_meta(t: GoalTable, i: int, ind: Indicator, h: str, quality: float, doc: str) -> dict[str, Any]:
    meta: dict[str, Any] = {f: (getattr(ind, f) or "") for f in _FIELDS}
    src = t.source_url or (t.provenance.source_file if t.provenance else None)
    meta.update({
        "table_id": t.id, "row": i, "table_hash": h, "project_name": t.project_name or t.title or "",
        "department": t.department or "", "source": src or "",
        "sector": t.sector or "", "region": t.region or "", "year": t.year or 0, "quality": float(quality),
        "slot": slot_key_of(ind.level1, ind.level2) or "", "level1n": _norm(ind.level1),
        "dup": dup_key(ind.level3, ind.value),
    })
    # The document (`doc`, what was embedded) is rebuilt from the cells by _unpack, not stored twice.
    return _pack(meta)


def _base_mask(
    cat: _Catalogue, *, sector: str | None = None, region: str | None = None, year: int | None = None,
    exclude: Sequence[str] = (),
) -> np.ndarray:
    mask = np.ones(len(cat), dtype=bool)
    if exclude:
        codes = [cat.table_code[t] for t in exclude if t in cat.table_code]
        if codes:
            mask &= ~np.isin(cat.table_codes, codes)
    if sector:
        mask &= cat.sector == sector
    if region:
        mask &= np.char.find(cat.region, region) >= 0
    if year:
        mask &= cat.year == int(year)
    return mask


def _row_mask(
    cat: _Catalogue, *, level1: str | None = None, level2: str | None = None, sector: str | None = None,
    region: str | None = None, year: int | None = None, exclude: Sequence[str] = (),
) -> np.ndarray:
    mask = _base_mask(cat, sector=sector, region=region, year=year, exclude=exclude)
    if level2:
        want = slot_key_of(level1, level2) or _norm(level2)
        mask &= cat.slot == want
    if level1:
        l1 = _norm(level1).removesuffix("指标")
        mask &= np.char.find(cat.level1n, l1) >= 0
    return mask


def _top_lexical(cat: _Catalogue, query: str, mask: np.ndarray, pool: int) -> tuple[list[int], np.ndarray]:
    """The best `pool` rows by BM25 and the BM25 scores of every row (-1 where filtered out)."""
    s = cat.bm25.scores(query)
    s = np.where(mask, s, -1.0)
    top = np.argpartition(-s, pool)[:pool] if len(s) > pool else np.arange(len(s))
    top = top[np.argsort(-s[top], kind="stable")]
    return [int(i) for i in top if s[i] > 0], s


def _convex(lex: list[int], bm25: np.ndarray, dense: list[tuple[int, float]], alpha: float) -> dict[int, float]:
    """Score fusion over the union of both candidate lists.

    BM25 is known for every candidate (it was computed for all rows); a candidate the dense list
    missed gets the list's lowest similarity, an upper bound of its own.
    """
    cands = set(lex) | {i for i, _ in dense}
    if not cands:
        return {}
    top = float(max(bm25[list(cands)].max(), 1e-9)) if len(bm25) else 1.0
    sims = dict(dense)
    lo = min(sims.values()) if sims else 0.0
    hi = max(sims.values()) if sims else 1.0
    span = max(hi - lo, 1e-9)
    out = {}
    for i in cands:
        lx = max(float(bm25[i]), 0.0) / top if len(bm25) else 0.0
        dn = (sims.get(i, lo) - lo) / span
        out[i] = alpha * lx + (1 - alpha) * dn
    return out


def _top_dense(
    cat: _Catalogue, col: Any, qv: np.ndarray, mask: np.ndarray, pool: int, exact: dict[str, Any],
    exclude: Sequence[str],
) -> list[tuple[int, float]]:
    """HNSW neighbours that pass `mask`, with their cosine similarity.

    chromadb's where is a metadata scan that grows with the collection (40 ms at 10k rows for one
    excluded table), while asking HNSW for more neighbours costs little, so filters are applied
    here on an enlarged neighbour list; only a filter that keeps under 5% of the rows goes to where.
    """
    allowed = int(mask.sum())
    if allowed == 0:
        return []
    where: dict[str, Any] | None = None
    if allowed >= 0.05 * len(mask):
        n = int(pool * len(mask) / allowed * 1.2) + 1 if allowed < len(mask) else pool
    else:
        clauses: list[dict[str, Any]] = [{f: v} for f, v in exact.items()]
        if exclude:
            clauses.append({"table_id": {"$nin": list(exclude)}})
        if len(clauses) == 1:
            where = clauses[0]
        elif clauses:
            where = {"$and": clauses}
        # Substring filters (region, 一级指标) still apply here: widen by how much they cut.
        matching = _count_exact(cat, exact, exclude) if where else len(mask)
        n = int(pool * matching / allowed * 1.2) + 1
    n = max(1, min(n, len(cat)))
    res = col.query(query_embeddings=[qv], n_results=n, where=where, include=["distances"])
    out = [(cat.pos[i], 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0], strict=True)
           if i in cat.pos and mask[cat.pos[i]]]
    return out[:pool]


def _count_exact(cat: _Catalogue, exact: dict[str, Any], exclude: Sequence[str]) -> int:
    mask = _base_mask(cat, sector=exact.get("sector"), year=exact.get("year"), exclude=exclude)
    if "slot" in exact:
        mask &= cat.slot == exact["slot"]
    return int(mask.sum())


def _exact_filters(
    level1: str | None, level2: str | None, sector: str | None, year: int | None
) -> dict[str, Any]:
    exact: dict[str, Any] = {}
    if level2:
        exact["slot"] = slot_key_of(level1, level2) or _norm(level2)
    if sector:
        exact["sector"] = sector
    if year:
        exact["year"] = int(year)
    return exact


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
