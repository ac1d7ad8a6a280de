"""Wiring: `build_services(settings)` returns one object that holds every service the UI and CLI use.

Nothing is loaded at construction time; each service is created on first use and then reused, so
the CLI's quick commands stay quick and the app pays for the embedder once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from assistant.corpus_store import CorpusStore
from assistant.settings import Settings, load_settings

if TYPE_CHECKING:
    from assistant.authoring.compose import OfflineComposer
    from assistant.authoring.improve import Improvement
    from assistant.authoring.kinds import KindClassifier
    from assistant.embeddings import Embedder
    from assistant.index import CorpusIndex
    from assistant.models import GoalTable, LintFinding, ProjectBrief, Suggestion


log = logging.getLogger(__name__)


def row_quality(table: GoalTable) -> list[float]:
    """Per-row lint quality (0..1), used by the index to rank good examples first."""
    from assistant.lint import score_table

    return list(score_table(table).row_scores)


@dataclass
class Services:
    settings: Settings = field(default_factory=load_settings)
    _build_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    repairs: list[str] = field(default_factory=list)  # what start-up and builds rebuilt, for the status line

    @cached_property
    def corpus(self) -> CorpusStore:
        return CorpusStore(self.settings)

    @cached_property
    def embedder(self) -> Embedder:
        from assistant.embeddings import get_embedder

        return get_embedder(self.settings.embedding.name)

    @cached_property
    def index(self) -> CorpusIndex:
        from assistant.index import CorpusIndex

        return CorpusIndex.open(self.settings, self.embedder, row_quality=row_quality)

    @cached_property
    def kinds(self) -> KindClassifier:
        """Project kinds by meaning, over the sector library; example vectors cached in the data folder."""
        from assistant.authoring.kinds import KindClassifier

        return KindClassifier(embedder=self.embedder, embedder_name=self.settings.embedding.name,
                              cache_dir=self.settings.data_dir / "cache")

    @cached_property
    def composer(self) -> OfflineComposer:
        from assistant.authoring.compose import OfflineComposer
        from assistant.embeddings import NameSimilarity
        from assistant.lint import lint_row

        return OfflineComposer(self.index, lint_row, similarity=NameSimilarity(self.embedder), kinds=self.kinds)

    @cached_property
    def chat_model(self) -> Any:
        from assistant.llm import get_chat_model

        return get_chat_model(self.settings.llm)

    # -- operations ----------------------------------------------------------------------------
    def prepare(self, progress: bool = False) -> dict[str, Any]:
        """Make the corpus and the index current; cheap when nothing changed.

        Damaged derived files (corpus.jsonl, chroma.sqlite3, HNSW segments, the catalogue snapshot) are
        rebuilt from the source documents, which are never modified. `repairs` says what was rebuilt,
        one line each; the original errors are logged. Before the server first opens a local store it
        is checked from a child process (damaged HNSW files can crash the process that loads them); after
        every build the vectors just written are checked by a query over a sample of ids.
        """
        from assistant.index.health import discard_local, probe_local

        with self._build_lock:
            repairs: list[str] = []
            rebuilt = self.corpus.ensure(progress=progress)
            repairs += _drain(self.corpus.repairs)
            local = self.settings.index.mode != "http"
            if local and "index" not in self.__dict__:
                prefix = self.settings.index.collection_prefix
                problems = probe_local(self.settings.index_dir, [f"{prefix}_rows", f"{prefix}_tables"])
                if problems:
                    log.warning("index damaged, rebuilding it from the corpus: %s", "; ".join(problems))
                    discard_local(self.settings.index_dir)
                    repairs.append("索引文件损坏（" + _short(problems[0]) + "），已从源文件重建")
            try:
                index = self.index
            except Exception as exc:  # the store cannot be opened at all (e.g. a damaged chroma.sqlite3)
                if not local:
                    raise
                log.warning("index could not be opened (%s: %s); rebuilding it", type(exc).__name__, exc)
                discard_local(self.settings.index_dir)
                repairs.append(f"索引无法打开（{type(exc).__name__}），已从源文件重建")
                index = self.index
            tables = self.corpus.tables()
            report = index.build(tables, progress=progress)
            problems = index.verify()
            if problems:
                log.warning("index incomplete after a build, rebuilding it: %s", "; ".join(problems))
                index.reset()
                report = index.build(tables, progress=progress)
                repairs.append("索引不完整（" + _short(problems[0]) + "），已从源文件重建")
            index.warm()  # the first question after start-up should not pay for reading the store
            repairs += _drain(index.repairs)
            self.repairs.extend(repairs)
        return {"corpus_rebuilt": rebuilt, "index_rows_added": report.rows_added, "repairs": repairs,
                **self.corpus.summary()}

    def suggest(self, brief: ProjectBrief, *, exclude_table_ids: Sequence[str] = ()) -> Suggestion:
        model = self.chat_model
        # One answer, one corpus: every search of this suggestion reads the same index snapshot.
        with self.index.pinned():
            if model is None:
                return self.composer.suggest(brief, exclude_table_ids=exclude_table_ids)
            from assistant.authoring.generate import LLMComposer
            from assistant.lint import lint_row

            return LLMComposer(model, self.composer, lint_row,
                               request_timeout_s=self.settings.llm.request_timeout_s,
                               ).suggest(brief, exclude_table_ids=exclude_table_ids)

    def improve(self, table: GoalTable) -> Improvement:
        from assistant.authoring.improve import improve
        from assistant.lint import lint_table

        with self.index.pinned():
            return improve(table, lint_table, self.composer)

    def lint(self, table: GoalTable) -> list[LintFinding]:
        from assistant.lint import lint_table

        return lint_table(table)

    def engine_label(self) -> str:
        if self.settings.llm.provider == "offline":
            return "离线引擎（检索 + 规则 + 模板）"
        return f"大模型 {self.settings.llm.model}（{self.settings.llm.base_url or self.settings.llm.provider}）"

    def status_line(self) -> str:
        s = self.corpus.summary()
        line = f"引擎：{self.engine_label()} ｜ 语料：{s['tables']} 张目标表，{s['rows']} 条指标"
        if self.repairs:
            line += " ｜ 已修复：" + "；".join(dict.fromkeys(self.repairs))
        return line


def _drain(lines: list[str]) -> list[str]:
    out = list(lines)
    lines.clear()
    return out


def _short(problem: str) -> str:
    """What is damaged and how, without chromadb's internals (those are in the log)."""
    parts = problem.split(": ")
    return ": ".join(parts[:2]) if len(parts) > 2 else problem[:80]


def build_services(settings: Settings | None = None) -> Services:
    return Services(settings or load_settings())
