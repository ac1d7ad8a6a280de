"""The working corpus: shipped source documents plus the user's uploads, ingested into one JSON Lines file.

- Source documents are never modified. Everything else here (corpus.jsonl, its fingerprint, the
  per-file cache) is derived and rebuilt from them when missing, stale or damaged; a repair is said in
  one line (`repairs`) and its cause logged.
- Content-addressed: each source file's tables are cached under the hash of its name, its bytes and
  the ingestion code, so the corpus is always what ingesting every source file gives: an upload that
  replaces a file of the same name replaces its tables at once, and a restart or rebuild gives the same.
- Uploads: the name is normalised (last path part of / or \\, no leading dots, no control or reserved
  characters) and the file kept under uploads/ with that name; every file there is a source (README.md
  included), so an accepted upload is never dropped by a rebuild. A new upload is read (in a worker,
  under the limits) before anything is written; a bad one changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.fileio import atomic_write_bytes, atomic_write_text
from assistant.models import GoalTable, read_tables, write_tables
from assistant.settings import PROJECT_ROOT, Settings

if TYPE_CHECKING:
    from corpus.ingest import FileReport

log = logging.getLogger(__name__)

_FINGERPRINT = "corpus.fingerprint.json"
_CACHE_DIR = "ingested"


@dataclass
class SourceSummary:
    file: str
    tables: int
    rows: int
    marked: int = 0
    messages: list[str] = field(default_factory=list)
    replaced: bool = False  # an upload of the same name was there before
    table_ids: list[str] = field(default_factory=list)


_RESERVED = re.compile(r'[\x00-\x1f\x7f<>:"|?*]+')


def upload_name(name: str) -> str:
    """The file name an upload is kept under: what a user sees of `name`, safe in one folder.

    `..\\..\\x.md` -> `x.md`, `.hidden.md` -> `hidden.md`; README.md stays README.md.
    """
    base = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _RESERVED.sub("_", base).strip().lstrip(". ").strip()
    if not base or set(base) <= {"_"}:
        base = "upload.txt"
    if len(base) > 120:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 120 - len(ext) - 1] + "." + ext) if dot and len(ext) <= 10 else base[:120]
    return base


@cache
def _code_version() -> str:
    """A hash of the ingestion code: cached tables of an older reader or mapping are not reused."""
    h = hashlib.sha256()
    root = PROJECT_ROOT / "corpus"
    for p in sorted([*root.glob("*.py"), *root.glob("readers/*.py")]):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


class CorpusStore:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._tables: list[GoalTable] | None = None
        self._by_id: dict[str, GoalTable] = {}
        self._files: dict[str, SourceSummary] = {}  # upload name -> what it holds, after a rebuild
        self._lock = threading.RLock()
        self.repairs: list[str] = []  # one line per damaged derived file rebuilt since start-up

    # -- sources -------------------------------------------------------------------------------
    def source_files(self) -> list[Path]:
        files: list[Path] = []
        for root in self.settings.corpus_sources:
            root = Path(root)
            if root.is_file():
                files.append(root)
            elif root.is_dir():
                # README files describe a folder of shipped documents; they are not source documents.
                files.extend(
                    p for p in sorted(root.rglob("*"))
                    if p.is_file() and not p.name.startswith(".") and p.name.lower() != "readme.md"
                )
        return files + self.upload_files()

    def upload_files(self) -> list[Path]:
        up = self.settings.uploads_dir
        if not up.is_dir():
            return []
        # Upload names never start with a dot (upload_name); dot files here are unfinished atomic writes.
        return [p for p in sorted(up.iterdir()) if p.is_file() and not p.name.startswith(".")]

    def fingerprint(self) -> str:
        h = hashlib.sha256(_code_version().encode())
        for p in self.source_files():
            h.update(str(p.parent == self.settings.uploads_dir).encode())
            h.update(p.name.encode())
            h.update(hashlib.sha256(p.read_bytes()).digest())
        return h.hexdigest()[:16]

    def is_stale(self) -> bool:
        fp_file = self.settings.data_dir / _FINGERPRINT
        if not self.settings.tables_path.exists() or not fp_file.exists():
            return True
        try:
            return json.loads(fp_file.read_text("utf-8")).get("fingerprint") != self.fingerprint()
        except (OSError, ValueError):
            return True

    # -- ingest --------------------------------------------------------------------------------
    def rebuild(self, progress: bool = False) -> list[SourceSummary]:
        """Ingest every source file (from the per-file cache when unchanged) into the corpus file."""
        with self._lock:
            tables, summaries = self._assemble(self.source_files(), progress=progress)
            write_tables(tables, self.settings.tables_path)
            atomic_write_text(
                self.settings.data_dir / _FINGERPRINT, json.dumps({"fingerprint": self.fingerprint()})
            )
            self._set(tables)
            return summaries

    def ensure(self, progress: bool = False) -> bool:
        """Rebuild if stale or unreadable; returns True when a rebuild happened."""
        with self._lock:
            if not self.is_stale():
                try:
                    self._load()
                    return False
                except Exception as exc:  # a truncated or garbage corpus.jsonl: derived, so rebuilt
                    self._repaired(f"语料文件 {self.settings.tables_path.name} 损坏，已从源文件重建", exc)
            self.rebuild(progress=progress)
            return True

    def add_upload(self, name: str, data: bytes) -> tuple[list[GoalTable], SourceSummary]:
        """Add one uploaded document (or replace the upload of the same name); raises IngestError on
        bad input, before anything is written."""
        from assistant.sandbox import ingest_untrusted

        safe = upload_name(name)
        result = ingest_untrusted(self.settings, safe, data)  # raises before anything is written
        with self._lock:
            target = self.settings.uploads_dir / safe
            replaced = target.exists()
            self._cache_put(self._cache_key(safe, data, upload=True), result.tables, result.reports)
            atomic_write_bytes(target, data)
            self.rebuild()
            summary = self._files.get(safe) or SourceSummary(safe, 0, 0)
            summary.replaced = replaced
            ids = set(summary.table_ids)
            mine = [t for t in self.tables() if t.id in ids]
        return mine, summary

    def remove_upload(self, name: str) -> SourceSummary:
        """Delete one upload and its tables; raises FileNotFoundError for a name that is not there."""
        with self._lock:
            target = self.settings.uploads_dir / upload_name(name)
            if not target.is_file():
                raise FileNotFoundError(f"没有名为“{name}”的上传文件 / no such upload")
            summary = self._files.get(target.name) or SourceSummary(target.name, 0, 0)
            target.unlink()
            self.rebuild()
            return summary

    def uploads(self) -> list[SourceSummary]:
        """Each uploaded file with its tables and rows."""
        with self._lock:
            if not self._files and self.upload_files():
                self._assemble(self.source_files(), progress=False)  # from the cache; writes nothing
            return [self._files.get(p.name) or SourceSummary(p.name, 0, 0) for p in self.upload_files()]

    # -- access --------------------------------------------------------------------------------
    def tables(self) -> list[GoalTable]:
        with self._lock:
            if self._tables is None:
                try:
                    self._load()
                except Exception as exc:
                    self._repaired(f"语料文件 {self.settings.tables_path.name} 损坏，已从源文件重建", exc)
                    self.rebuild()
            assert self._tables is not None
            return self._tables

    def get(self, table_id: str) -> GoalTable | None:
        self.tables()
        return self._by_id.get(table_id)

    def summary(self) -> dict[str, int]:
        tables = self.tables()
        return {"tables": len(tables), "rows": sum(len(t.indicators) for t in tables)}

    # -- internals -----------------------------------------------------------------------------
    def _load(self) -> None:
        path = self.settings.tables_path
        self._set(read_tables(path) if path.exists() else [])

    def _set(self, tables: Iterable[GoalTable]) -> None:
        self._tables = list(tables)
        self._by_id = {t.id: t for t in self._tables}

    def _repaired(self, line: str, exc: BaseException) -> None:
        log.warning("%s: %s: %s", line, type(exc).__name__, str(exc)[:300])
        self.repairs.append(line)

    def _cache_key(self, name: str, data: bytes, *, upload: bool) -> str:
        h = hashlib.sha256(_code_version().encode())
        h.update(b"u" if upload else b"s")
        h.update(name.encode())
        h.update(data)
        return h.hexdigest()[:32]

    def _cache_path(self, key: str) -> Path:
        return self.settings.data_dir / _CACHE_DIR / f"{key}.json"

    def _cache_put(self, key: str, tables: list[GoalTable], reports: list[FileReport]) -> None:
        r = reports[0] if reports else None
        rec = {"tables": [t.model_dump(mode="json") for t in tables],
               "summary": {"file": getattr(r, "file", ""), "messages": list(getattr(r, "messages", []) or []),
                           "marked": len(getattr(r, "marked", []) or [])}}
        try:
            atomic_write_text(self._cache_path(key), json.dumps(rec, ensure_ascii=False))
        except OSError as exc:  # a full disk costs a re-read at the next rebuild, nothing else
            log.warning("could not cache ingested tables: %s", exc)

    def _cache_get(self, key: str) -> tuple[list[GoalTable], dict[str, object]] | None:
        path = self._cache_path(key)
        if not path.exists():
            return None
        try:
            rec = json.loads(path.read_text("utf-8"))
            return [GoalTable.model_validate(t) for t in rec["tables"]], dict(rec["summary"])
        except Exception as exc:  # damaged: read the source again
            log.warning("ingest cache %s unreadable (%s); reading the source again", path.name, exc)
            return None

    def _assemble(self, files: list[Path], *, progress: bool) -> tuple[list[GoalTable], list[SourceSummary]]:
        """Every file's tables (cached by content, else ingested), ids made unique across files."""
        from corpus.ingest import IngestError, ingest_file, make_unique

        it: Iterable[Path] = files
        if progress and len(files) > 1:
            import sys

            from tqdm import tqdm

            it = tqdm(files, desc="导入", unit="个文件", file=sys.stderr)
        tables: list[GoalTable] = []
        summaries: list[SourceSummary] = []
        files_by_upload: dict[str, SourceSummary] = {}
        used: set[str] = set()
        seen: set[str] = set()
        for f in it:
            upload = f.parent == self.settings.uploads_dir
            try:
                data = f.read_bytes()
            except OSError as exc:
                summaries.append(SourceSummary(f.name, 0, 0, messages=[f"无法读取：{exc.strerror}"]))
                continue
            key = self._cache_key(f.name, data, upload=upload)
            used.add(key)
            got = self._cache_get(key)
            if got is None:
                try:
                    res = ingest_file(f, self.settings.limits)
                except IngestError as exc:
                    summaries.append(SourceSummary(f.name, 0, 0, messages=[str(exc)]))
                    continue
                self._cache_put(key, res.tables, res.reports)
                got = self._cache_get(key) or (res.tables, {"messages": [], "marked": 0})
            file_tables, info = got
            for t in file_tables:
                make_unique(t, seen)
            tables.extend(file_tables)
            s = SourceSummary(f.name, len(file_tables), sum(len(t.indicators) for t in file_tables),
                              marked=int(info.get("marked") or 0),  # type: ignore[call-overload]
                              messages=list(info.get("messages") or []),  # type: ignore[call-overload]
                              table_ids=[t.id for t in file_tables])
            summaries.append(s)
            if upload:
                files_by_upload[f.name] = s
        self._files = files_by_upload
        self._sweep_cache(used)
        return tables, summaries

    def _sweep_cache(self, used: set[str]) -> None:
        folder = self.settings.data_dir / _CACHE_DIR
        if not folder.is_dir():
            return
        for p in folder.glob("*.json"):
            if p.stem not in used:
                p.unlink(missing_ok=True)
