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
- Layout: a row record is its id and its vector, nothing else; a table record carries the table and
  the cells of all its rows as one compressed payload. chromadb writes a sqlite row per metadata key,
  so per-row metadata cost as much as the HNSW insert itself; this layout keeps a build close to the
  embedder's own speed (benchmarks/index_bench.py). Ids say what a record holds: a table record is
  `key:hash:rows`, its rows `key:i:hash`, so a build diffs the store by reading ids alone.
- Filters are masks over the in-memory catalogue; a filter that keeps few rows goes to chromadb as
  the list of allowed ids, so no filter needs metadata in chromadb.
- With a local store the catalogue is also kept on disk beside chromadb, so a restarted app does not
  spend seconds re-reading every record before its first answer. A build that changes anything deletes
  the snapshot before it writes to chromadb; a snapshot whose counts disagree with the store is ignored.
"""

from __future__ import annotations

import base64
import contextlib
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
from collections.abc import Callable, Iterable, Iterator, Sequence
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
SCHEMA = 5  # bump when ids, documents or metadata change: a store of another schema is rebuilt
CATALOGUE_FORMAT = 2  # bump when _Catalogue or BM25 change shape: older snapshots are ignored
RRF_K = 60
FUSION_WEIGHTS = {"lexical": 1.0, "dense": 1.0}
FUSION = "convex"  # measured against "rrf" by evaluation/retrieval.py
ALPHA = 0.8
TABLE_WEIGHT = 1.0
DEFAULT_TOKENIZER = "bigram"  # measured against jieba by evaluation/retrieval.py
_FIELDS = ("level1", "level2", "level3", "description", "value", "basis")
# Texts per embedder call; a batch is written by a second thread while the next is embedded, so
# small batches overlap more of the write (the embedder is as fast at 128 as at 512).
_BATCH = 128
# Rows per chromadb upsert (capped by the client's own limit).
_WRITE_BATCH = 2048
# A filter keeping fewer rows than this goes to chromadb as a list of allowed ids; a wider one is
# applied to an enlarged neighbour list (asking HNSW for more neighbours costs little).
_IDS_FILTER_SHARE = 0.05
_IDS_FILTER_MAX = 20_000  # ... and no longer list than this (a request of 20k ids is ~0.5 MB to a server)
# The cells of a row in a table record's payload, in this order, then quality, slot and dup key.
_ROW_KEYS = (*_FIELDS, "quality", "slot", "dup")


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

    Thread-safe: builds take a lock; searches read an immutable catalogue pair and never wait for a
    build (during one they answer from the catalogue it will replace).
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
        self._lock = threading.RLock()  # builds, and loading the catalogues after one
        self._qlock = threading.Lock()  # the query-vector cache only
        self._pin = threading.local()  # a catalogue pair pinned for this thread's searches (pinned())
        # (rows, tables): replaced whole, so a search reads one consistent pair without the lock.
        self._cats: tuple[_Catalogue, _Catalogue] | None = None
        self._qcache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._stale = False
        self.repairs: list[str] = []  # one line per damaged derived file rebuilt
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
            have: dict[str, list[tuple[str, str, int]]] = {}  # table key -> [(record id, hash, rows)]
            foreign = []  # a record this code did not write (another schema of ids): never kept
            for rid in _get_ids(self._tables):
                parsed = _parse_table_rid(rid)
                if parsed is None:
                    foreign.append(rid)
                else:
                    # Two records for one key: a build stopped between writing a table and deleting
                    # the version it replaced. The one matching the corpus is kept, the other is stale.
                    have.setdefault(parsed[0], []).append((rid, parsed[1], parsed[2]))
            if foreign:
                self._tables.delete(ids=foreign)
            keyed = {_table_key(t.id): t for t in tables}
            hashes = {k: table_hash(t) for k, t in keyed.items()}
            changed = [k for k in keyed if not any(h == hashes[k] for _, h, _ in have.get(k, []))]
            stale = [(k, rid, h, n) for k, recs in have.items() for rid, h, n in recs
                     if k not in keyed or h != hashes[k]]
            report.tables_unchanged = len(keyed) - len(changed)
            report.tables_removed = sum(1 for k in have if k not in keyed)
            if changed or stale:
                if self._cats is None:  # the snapshot still matches the store: the base of the next catalogue
                    self._cats = self._load_snapshot(self._snapshot_key())
                self._drop_snapshots()  # before any write, so a crash mid-build cannot leave a stale one

            ids, docs = [], []
            tids, tdocs = [], []
            for k in changed:
                t, h = keyed[k], hashes[k]
                for i, ind in enumerate(t.indicators):
                    ids.append(_row_rid(k, i, h))
                    docs.append(row_document(t, ind))
                tids.append(_table_rid(k, h, len(t.indicators)))
                tdocs.append(table_document(t))

            def table_metas() -> list[dict[str, Any]]:  # linted on the writer thread, beside the embedder
                return [_table_meta(keyed[k], hashes[k], d, self._quality(keyed[k]))
                        for k, d in zip(changed, tdocs, strict=True)]

            # New records first, rows before tables (one writer thread keeps the order); the records they
            # replace stay until the new catalogue is published, so a search running beside this build
            # answers wholly from the old corpus, and the next one wholly from the new.
            report.embed_seconds = self._add([(self._rows, ids, docs, None), (self._tables, tids, tdocs, table_metas)],
                                             progress=progress)
            report.tables_added, report.rows_added = len(changed), len(ids)
            published = None
            if changed or stale or self._stale:
                keep = {_table_rid(k, hashes[k], len(keyed[k].indicators)) for k in keyed}
                published = self._next_catalogues(keep)
                self._cats = published
            # Only now the replaced records go: table records first (a table record promises its rows).
            for s in range(0, len(stale), 100):
                chunk = stale[s: s + 100]
                self._tables.delete(ids=[rid for _, rid, _, _ in chunk])
                self._rows.delete(ids=[_row_rid(k, i, h) for k, _, h, n in chunk for i in range(n)])
            self._sweep_rows(keyed, hashes)
            if published is not None:
                self._save_snapshot(self._snapshot_key(), published)
            if self._stale and self.cache_dir is not None:
                _remove_orphan_segment_dirs(self.cache_dir)
            self._stale = False
        report.seconds = time.perf_counter() - t0
        return report

    def _sweep_rows(self, keyed: dict[str, GoalTable], hashes: dict[str, str]) -> None:
        """Delete rows no table record owns (left by a build stopped between its row and table
        writes). Counting is cheap, so the ids are only read when the count says something is left."""
        if self._rows.count() == sum(len(t.indicators) for t in keyed.values()):
            return
        expected = {_row_rid(k, i, hashes[k]) for k, t in keyed.items() for i in range(len(t.indicators))}
        orphans = [rid for rid in _get_ids(self._rows) if rid not in expected]
        for s in range(0, len(orphans), 5000):
            self._rows.delete(ids=orphans[s: s + 5000])
        if orphans:
            log.info("removed %d index rows left by an interrupted build", len(orphans))

    def _quality(self, t: GoalTable) -> list[float]:
        if self.row_quality is None:
            return [1.0] * len(t.indicators)
        try:
            return [min(1.0, max(0.0, float(q))) for q in self.row_quality(t)]
        except Exception:
            return [0.5] * len(t.indicators)

    def _add(
        self, parts: list[tuple[Any, list[str], list[str], Callable[[], list[dict[str, Any]]] | None]], *,
        progress: bool,
    ) -> float:
        """Embed `(collection, ids, docs, metadatas)` parts in batches and write them, in order.

        One writer thread works beside the embedder: it makes each part's metadata (a callable, run
        once, first) and upserts while the next texts are embedded (chromadb releases the GIL while
        it writes). Writes are gathered into large upserts: each chromadb call costs ~9 ms on top of
        its rows (3072 rows took 1.0 s in batches of 128 against 0.62 s in one call).
        """
        from concurrent.futures import Future, ThreadPoolExecutor

        write_at = max(_BATCH, min(_WRITE_BATCH, self._max_write_batch()))
        total = sum(-(-len(ids) // _BATCH) for _, ids, _, _ in parts)
        bar = None
        if progress and total > 1:
            from tqdm import tqdm

            bar = tqdm(total=total, desc="建立索引 / indexing", unit="批")
        embed_s = 0.0
        pending: list[Future[None]] = []

        made: dict[int, list[dict[str, Any]]] = {}

        def upsert(n: int, col: Any, ids: list[str], vecs: list[np.ndarray], start: int) -> None:
            kw: dict[str, Any] = {"ids": ids, "embeddings": np.concatenate(vecs)}
            if parts[n][3] is not None:
                if n not in made:  # making them failed: write nothing rather than records without them
                    raise RuntimeError("index metadata could not be made; nothing written for this part")
                kw["metadatas"] = made[n][start: start + len(ids)]
            col.upsert(**kw)

        def write(n: int, col: Any, ids: list[str], vecs: list[np.ndarray], start: int) -> None:
            while len(pending) >= 3:  # bounded memory; the single worker keeps the order
                pending.pop(0).result()
            pending.append(pool.submit(upsert, n, col, ids, vecs, start))

        def make(n: int, fn: Callable[[], list[dict[str, Any]]]) -> None:
            made[n] = fn()

        try:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="zhibiao-index-write") as pool:
                pending.extend(pool.submit(make, n, fn) for n, (_, _, _, fn) in enumerate(parts) if fn is not None)
                for n, (col, ids, docs, _) in enumerate(parts):
                    start, buf = 0, []
                    for s in range(0, len(ids), _BATCH):
                        t0 = time.perf_counter()
                        buf.append(np.asarray(self.embedder.embed_documents(docs[s: s + _BATCH]), dtype=np.float32))
                        embed_s += time.perf_counter() - t0
                        end = min(s + _BATCH, len(ids))
                        if end - start >= write_at or end == len(ids):
                            write(n, col, ids[start:end], buf, start)
                            start, buf = end, []
                        if bar is not None:
                            bar.update(1)
                for f in pending:
                    f.result()
        finally:
            if bar is not None:
                bar.close()
        return embed_s

    def _max_write_batch(self) -> int:
        try:
            return int(self.client.get_max_batch_size())
        except Exception:  # an older or remote client without the call
            return 5000

    def verify(self) -> list[str]:
        """Problems found by a real vector query over a sample of each collection's ids ([] if whole)."""
        from assistant.index.health import check_collection

        problems = []
        for col in (self._rows, self._tables):
            try:
                p = check_collection(col)
            except Exception as exc:  # chromadb reports a damaged segment as an InternalError
                p = f"{col.name}: {type(exc).__name__}: {str(exc)[:200]}"
            if p:
                problems.append(p)
        return problems

    def reset(self) -> None:
        """Empty both collections (the next build writes everything again)."""
        with self._lock:
            self._drop_snapshots()
            for kind in ("rows", "tables"):
                try:
                    self.client.delete_collection(f"{self.prefix}_{kind}")
                except Exception as exc:
                    log.info("could not delete collection %s_%s: %s", self.prefix, kind, exc)
            self._rows = self._collection("rows")
            self._tables = self._collection("tables")
            self._stale = True
            self._cats = None

    def collection_names(self) -> list[str]:
        return [f"{self.prefix}_rows", f"{self.prefix}_tables"]

    def status(self) -> dict[str, Any]:
        return {"embedder": self.embedder.name, "dim": self.embedder.dim, "schema": SCHEMA,
                "tokenizer": self.tokenizer, "fusion": self.fusion, "tables": self._tables.count(),
                "rows": self._rows.count(),
                "collections": [self._rows.name, self._tables.name]}

    # -- search ------------------------------------------------------------------------------
    def embed_query(self, query: str) -> np.ndarray:
        """The query's vector, cached (the UI and the evaluation ask the same query several times)."""
        with self._qlock:
            v = self._qcache.get(query)
            if v is not None:
                self._qcache.move_to_end(query)
                return v
        v = np.asarray(self.embedder.embed_query(query), dtype=np.float32)
        with self._qlock:
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
        cat, tcat = self._pair()  # one pair for the whole search, whatever a build does meanwhile
        if not len(cat) or not (query or "").strip() or k <= 0:
            return []
        mask = _row_mask(cat, level1=level1, level2=level2, sector=sector, region=region, year=year,
                         exclude=exclude_table_ids)
        pool = max(k * 5, 100)
        ranked = self._fuse(cat, self._rows, query, mask, pool, mode, query_vector=query_vector,
                            exclude=exclude_table_ids, tcat=tcat)
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
        ranked = self._fuse(cat, self._tables, query, mask, max(k * 4, 20), mode, quality=False,
                            query_vector=query_vector, exclude=exclude_table_ids)
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
        quality: bool = True, query_vector: Any = None, exclude: Sequence[str] = (), tcat: _Catalogue | None = None,
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
            dense = _top_dense(cat, col, qv, mask, min(pool, max(pool // 2, 50)))
        scores: dict[int, float] = {}
        if self.fusion == "convex":
            alpha = {"hybrid": self.alpha, "lexical": 1.0, "dense": 0.0}[mode]
            scores = _convex(lex, bm25, dense, alpha)
            if mode == "hybrid" and self.table_weight > 0 and col is self._rows:
                # Rows of projects like the query's: the query and a table's project, purpose and
                # goals are the same kind of text, which a sentence encoder compares much better
                # than a long query with a four-word row.
                tcat = tcat if tcat is not None else self._catalogue("tables")
                tmask = _base_mask(tcat, exclude=exclude)
                tsim = dict(_top_dense(tcat, self._tables, qv, tmask, 50))
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

    @contextlib.contextmanager
    def pinned(self) -> Iterator[None]:
        """Every search in this thread inside the block reads one catalogue pair, so an answer made of
        several searches (a suggestion) never mixes the corpus before a build with the one after."""
        if getattr(self._pin, "cats", None) is not None:
            yield
            return
        self._pin.cats = self._pair()
        try:
            yield
        finally:
            self._pin.cats = None

    def _catalogue(self, kind: str) -> _Catalogue:
        cats = self._pair()
        return cats[0] if kind == "rows" else cats[1]

    def _pair(self) -> tuple[_Catalogue, _Catalogue]:
        """The catalogue pair a search reads: the thread's pinned one, else the current one. A search
        during a build answers from the pair the build will replace, never waiting for its lock."""
        pinned = getattr(self._pin, "cats", None)
        if pinned is not None:
            return pinned  # type: ignore[no-any-return]
        cats = self._cats
        if cats is None:
            with self._lock:
                cats = self._cats
                if cats is None:
                    cats = self._load_snapshot(self._snapshot_key())
                    if cats is None:
                        cats = self._read_catalogues()
                        self._save_snapshot(self._snapshot_key(), cats)  # after: reading may drop bad records
                    self._cats = cats
        return cats

    def _read_catalogues(self) -> tuple[_Catalogue, _Catalogue]:
        """Both catalogues from the table records alone (a row record holds nothing but its vector)."""
        rids, stored = _get_all(self._tables)
        return self._make_catalogues(self._parse_records(rids, stored))

    def _next_catalogues(self, keep: set[str]) -> tuple[_Catalogue, _Catalogue]:
        """The catalogues of the table records in `keep`: unchanged ones taken from the current
        catalogue (never modified: searches may be reading it), the others read from chromadb."""
        records: list[tuple[str, dict[str, Any], list[dict[str, Any]]]] = []
        missing = set(keep)
        if self._cats is not None:
            rows_cat, tables_cat = self._cats
            by_table: dict[str, list[tuple[str, dict[str, Any]]]] = {}
            for rrid, rm in zip(rows_cat.ids, rows_cat.metas, strict=True):
                by_table.setdefault(rm["table_id"], []).append((rrid, rm))
            for rid, m in zip(tables_cat.ids, tables_cat.metas, strict=True):
                if rid in missing:
                    records.append((rid, m, [dict(rm, id=rrid) for rrid, rm in by_table.get(m["table_id"], [])]))
                    missing.discard(rid)
        want = sorted(missing)
        for s in range(0, len(want), 1000):
            got = self._tables.get(ids=want[s: s + 1000], include=["metadatas"])
            records.extend(self._parse_records(got["ids"], got["metadatas"] or []))
        return self._make_catalogues(records)

    def _parse_records(self, rids: list[str], stored: list[dict[str, Any]]
                       ) -> list[tuple[str, dict[str, Any], list[dict[str, Any]]]]:
        """Table records as (record id, table fields, rows with their ids).

        A record this code cannot read (a foreign id, a damaged payload) is skipped with a warning and
        deleted: one bad record must not take search down, and without it the next build sees its
        table as missing and writes it again (its rows, now unowned, are swept then).
        """
        records: list[tuple[str, dict[str, Any], list[dict[str, Any]]]] = []
        bad: list[str] = []
        for rid, packed in zip(rids, stored, strict=True):
            parsed = _parse_table_rid(rid)
            try:
                if parsed is None:
                    raise ValueError("not a table record id")
                key, h, _n = parsed
                m = _unpack(packed or {})
                common = {f: m.get(f) for f in _TABLE_KEYS}
                rows = []
                for i, cells in enumerate(m.pop("r", [])):
                    row = dict(zip(_ROW_KEYS, cells, strict=True))
                    row.update(common, row=i, level1n=_norm(row["level1"]), id=_row_rid(key, i, h))
                    row["doc"] = _row_doc(common["project_name"], row["level2"], row["level3"], row["description"])
                    rows.append(row)
            except Exception as exc:
                log.warning("index record %s unreadable (%s); removed, the next build writes it again", rid, exc)
                bad.append(rid)
                continue
            records.append((rid, m, rows))
        if bad:
            self._tables.delete(ids=bad)
        return records

    def _make_catalogues(self, records: list[tuple[str, dict[str, Any], list[dict[str, Any]]]]
                         ) -> tuple[_Catalogue, _Catalogue]:
        records.sort(key=lambda r: r[1].get("table_id") or "")  # a stable order whatever chroma returns
        row_metas = [row for _, _, rows in records for row in rows]
        row_ids = [row.pop("id") for row in row_metas]
        rows_cat = _Catalogue(row_ids, row_metas, [m["doc"] for m in row_metas], self.tokenizer, rows=True)
        tables_cat = _Catalogue([r for r, _, _ in records], [m for _, m, _ in records],
                                [m.get("doc", "") for _, m, _ in records], self.tokenizer, rows=False)
        return rows_cat, tables_cat

    def set_tokenizer(self, tokenizer: str) -> None:
        """Use another lexical tokenizer ("bigram" or "jieba"); the catalogue is rebuilt on next use."""
        with self._lock:
            if tokenizer != self.tokenizer:
                self.tokenizer = tokenizer
                self._cats = None

    def warm(self) -> None:
        """Load (or build and save) both catalogues now rather than on the first search."""
        self._catalogue("rows")

    # -- catalogue snapshots ---------------------------------------------------------------------
    def _snapshot_path(self) -> Path | None:
        return None if self.cache_dir is None else self.cache_dir / f"catalogue-{self.prefix}.pickle"

    def _snapshot_key(self) -> tuple[Any, ...]:
        return (CATALOGUE_FORMAT, SCHEMA, self.embedder.name, self.tokenizer, self._tables.count(),
                self._rows.count())

    def _load_snapshot(self, key: tuple[Any, ...]) -> tuple[_Catalogue, _Catalogue] | None:
        path = self._snapshot_path()
        if path is None or not path.exists():
            return None
        try:
            # Our own file, written by _save_snapshot into the user's data directory.
            with path.open("rb") as fh:
                stored_key, cats = pickle.load(fh)
        except Exception as exc:  # a damaged or foreign file: rebuild from chromadb
            log.warning("catalogue snapshot %s unreadable (%s); rebuilding it", path, exc)
            self.repairs.append(f"索引目录快照 {path.name} 损坏，已重新生成")
            return None
        if stored_key != key or not (isinstance(cats, tuple) and len(cats) == 2
                                     and all(isinstance(c, _Catalogue) for c in cats)):
            return None
        return cats

    def _save_snapshot(self, key: tuple[Any, ...], cats: tuple[_Catalogue, _Catalogue]) -> None:
        path = self._snapshot_path()
        if path is None:
            return
        try:
            atomic_write_bytes(path, pickle.dumps((key, cats), protocol=pickle.HIGHEST_PROTOCOL))
        except OSError as exc:  # a read-only or full disk costs speed, never a search
            log.warning("could not save catalogue snapshot %s: %s", path, exc)

    def _drop_snapshots(self) -> None:
        path = self._snapshot_path()
        if path is not None:
            path.unlink(missing_ok=True)
            for kind in ("rows", "tables"):  # schema 4 kept one file per collection
                path.with_name(f"catalogue-{self.prefix}-{kind}.pickle").unlink(missing_ok=True)


_UUID_DIR = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _remove_orphan_segment_dirs(index_dir: Path) -> None:
    """Delete the vector folders of collections chromadb has deleted but left on disk.

    chromadb's local delete_collection drops the collection from its catalogue but not its HNSW
    folder (chroma-core/chroma#5520, open), so every embedder change would leave the old index
    behind (hundreds of MB at 100k rows). A folder is removed only if it is named like a segment id
    and chromadb's own catalogue lists no segment by that id; any doubt keeps everything.
    """
    import shutil
    import sqlite3

    try:
        with sqlite3.connect(f"file:{index_dir / 'chroma.sqlite3'}?mode=ro", uri=True) as db:
            live = {str(r[0]) for r in db.execute("SELECT id FROM segments")}
    except sqlite3.Error as exc:
        log.info("not cleaning old index folders (%s)", exc)
        return
    if not live:
        return
    for d in index_dir.iterdir():
        if d.is_dir() and _UUID_DIR.match(d.name) and d.name not in live:
            shutil.rmtree(d, ignore_errors=True)
            log.info("removed the folder of a deleted index collection: %s", d.name)


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValueError(
            f"未知的检索方式“{mode}”，可选：{'、'.join(MODES)} / unknown mode, choose one of {MODES}")


def _table_key(table_id: str) -> str:
    return hashlib.sha1(table_id.encode()).hexdigest()[:12]


def _table_rid(key: str, h: str, rows: int) -> str:
    return f"{key}:{h}:{rows}"


def _parse_table_rid(rid: str) -> tuple[str, str, int] | None:
    parts = rid.split(":")
    if len(parts) != 3 or not parts[2].isdigit():
        return None
    return parts[0], parts[1], int(parts[2])


def _row_rid(key: str, i: int, h: str) -> str:
    return f"{key}:{i}:{h}"


def _get_ids(col: Any, page: int = 20000) -> list[str]:
    ids: list[str] = []
    while True:
        got = col.get(include=[], limit=page, offset=len(ids))["ids"]
        ids.extend(got)
        if len(got) < page:
            return ids


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


def _pack(meta: dict[str, Any], keep: Sequence[str] = ("table_id",)) -> dict[str, Any]:
    """chromadb metadata: `keep` as they are, everything else as one compressed ASCII string.

    chromadb indexes string metadata for text matching, and Chinese text costs it far more than ASCII:
    measured on 3000 rows, a 400-character Chinese payload added 1.26 s to the write against 0.17 s for
    400 ASCII characters. Base64 of the zlib-compressed JSON keeps the payload short and ASCII.
    """
    out = {k: meta[k] for k in keep if k in meta}
    raw = json.dumps({k: v for k, v in meta.items() if k not in out}, ensure_ascii=False).encode("utf-8")
    out["p"] = base64.b64encode(zlib.compress(raw, 1)).decode("ascii")
    return out


def _unpack(stored: dict[str, Any]) -> dict[str, Any]:
    payload = stored.get("p")
    data: dict[str, Any] = {}
    if isinstance(payload, str):
        data = json.loads(zlib.decompress(base64.b64decode(payload)).decode("utf-8"))
    data.update({k: v for k, v in stored.items() if k != "p"})
    return data


# What a table record says about its table (rows repeat these in the catalogue).
_TABLE_KEYS = ("table_id", "table_hash", "project_name", "department", "source", "sector", "region", "year")


def _table_meta(t: GoalTable, h: str, doc: str, quality: list[float]) -> dict[str, Any]:
    """A table record: the table's fields, its document and every row's cells, quality and keys."""
    src = t.source_url or (t.provenance.source_file if t.provenance else None)
    rows = []
    for i, ind in enumerate(t.indicators):
        cells: list[Any] = [getattr(ind, f) or "" for f in _FIELDS]
        rows.append([*cells, quality[i] if i < len(quality) else 1.0, slot_key_of(ind.level1, ind.level2) or "",
                     dup_key(ind.level3, ind.value)])
    return _pack({
        "table_id": t.id, "table_hash": h, "project_name": t.project_name or t.title or "",
        "department": t.department or "", "source": src or "", "sector": t.sector or "",
        "region": t.region or "", "year": t.year or 0, "rows": len(t.indicators), "doc": doc, "r": rows,
    })


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


def _top_dense(cat: _Catalogue, col: Any, qv: np.ndarray, mask: np.ndarray, pool: int) -> list[tuple[int, float]]:
    """HNSW neighbours that pass `mask`, with their cosine similarity.

    A filter that keeps few rows goes to chromadb as the list of allowed ids (~20-45 ms at 100k rows,
    about what a metadata where costs); a wider one is applied here to an enlarged neighbour list,
    which costs HNSW little.
    """
    allowed = int(mask.sum())
    if allowed == 0:
        return []
    ids: list[str] | None = None
    if allowed == len(mask):
        n = pool
    elif allowed >= _IDS_FILTER_SHARE * len(mask) or allowed > _IDS_FILTER_MAX:
        n = int(pool * len(mask) / allowed * 1.2) + 1
    else:
        ids = [cat.ids[j] for j in np.flatnonzero(mask)]
        n = pool
    n = max(1, min(n, allowed if ids is not None else len(cat)))
    try:
        res = col.query(query_embeddings=[qv], n_results=n, ids=ids, include=["distances"])
    except Exception:
        if ids is None:
            raise
        # chromadb fails the whole query when one allowed id is not in the collection (a build running
        # beside this search has just replaced it): ask again with the ids that are there.
        ids = col.get(ids=ids, include=[])["ids"]
        if not ids:
            return []
        res = col.query(query_embeddings=[qv], n_results=min(n, len(ids)), ids=ids, include=["distances"])
    out = [(cat.pos[i], 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0], strict=True)
           if i in cat.pos and mask[cat.pos[i]]]
    return out[:pool]


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
