"""The working corpus: shipped source documents plus the user's uploads, ingested into one JSON Lines file.

The store never deletes a user's upload: a new upload is saved under `data_dir/uploads` first, then
ingested; if ingestion fails the file is removed again and the corpus is unchanged. The ingested
corpus is rebuilt only when the set of source files (names and content hashes) changes.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.fileio import atomic_write_bytes, atomic_write_text
from assistant.models import GoalTable, read_tables, write_tables
from assistant.settings import Settings

_FINGERPRINT = "corpus.fingerprint.json"


@dataclass
class SourceSummary:
    file: str
    tables: int
    rows: int
    marked: int = 0
    messages: list[str] = field(default_factory=list)


class CorpusStore:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._tables: list[GoalTable] | None = None
        self._by_id: dict[str, GoalTable] = {}
        self._lock = threading.RLock()

    # -- sources -------------------------------------------------------------------------------
    def source_files(self) -> list[Path]:
        files: list[Path] = []
        for root in [*self.settings.corpus_sources, self.settings.uploads_dir]:
            root = Path(root)
            if root.is_file():
                files.append(root)
            elif root.is_dir():
                # README files describe a folder; they are not source documents.
                files.extend(
                    p for p in sorted(root.rglob("*"))
                    if p.is_file() and not p.name.startswith(".") and p.name.lower() != "readme.md"
                )
        return files

    def fingerprint(self) -> str:
        h = hashlib.sha256()
        for p in self.source_files():
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
        """Ingest every source file into the corpus file (atomically)."""
        from corpus.ingest import ingest_paths

        with self._lock:
            result = ingest_paths(self.source_files(), progress=progress)
            write_tables(result.tables, self.settings.tables_path)
            atomic_write_text(
                self.settings.data_dir / _FINGERPRINT, json.dumps({"fingerprint": self.fingerprint()})
            )
            self._set(result.tables)
            return [_summary(r) for r in result.reports]

    def ensure(self, progress: bool = False) -> bool:
        """Rebuild if stale; returns True when a rebuild happened."""
        if self.is_stale():
            self.rebuild(progress=progress)
            return True
        return False

    def add_upload(self, name: str, data: bytes) -> tuple[list[GoalTable], SourceSummary]:
        """Ingest one uploaded document and add it to the corpus; raises IngestError on bad input."""
        from corpus.ingest import ingest_bytes

        safe = Path(name).name or "upload.txt"
        result = ingest_bytes(safe, data)  # raises before anything is written
        if not result.tables:
            from corpus.ingest import IngestError

            raise IngestError(f"“{safe}”中没有找到绩效目标表 / no goal table found in {safe}")
        with self._lock:
            target = self.settings.uploads_dir / safe
            atomic_write_bytes(target, data)
            tables = [*self.tables(), *[t for t in result.tables if t.id not in self._by_id]]
            write_tables(tables, self.settings.tables_path)
            atomic_write_text(
                self.settings.data_dir / _FINGERPRINT, json.dumps({"fingerprint": self.fingerprint()})
            )
            self._set(tables)
        return result.tables, _summary(result.reports[0]) if result.reports else SourceSummary(safe, 0, 0)

    # -- access --------------------------------------------------------------------------------
    def tables(self) -> list[GoalTable]:
        with self._lock:
            if self._tables is None:
                path = self.settings.tables_path
                self._set(read_tables(path) if path.exists() else [])
            assert self._tables is not None
            return self._tables

    def get(self, table_id: str) -> GoalTable | None:
        self.tables()
        return self._by_id.get(table_id)

    def summary(self) -> dict[str, int]:
        tables = self.tables()
        return {"tables": len(tables), "rows": sum(len(t.indicators) for t in tables)}

    def _set(self, tables: Iterable[GoalTable]) -> None:
        self._tables = list(tables)
        self._by_id = {t.id: t for t in self._tables}


def _summary(report: object) -> SourceSummary:
    return SourceSummary(
        file=str(getattr(report, "file", "")),
        tables=int(getattr(report, "tables", 0)),
        rows=int(getattr(report, "rows", 0)),
        marked=len(getattr(report, "marked", []) or []),
        messages=list(getattr(report, "messages", []) or []),
    )
