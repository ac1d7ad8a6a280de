"""Wiring: `build_services(settings)` returns one object that holds every service the UI and CLI use.

Nothing is loaded at construction time; each service is created on first use and then reused, so
the CLI's quick commands stay quick and the app pays for the embedder once.
"""

from __future__ import annotations

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


def row_quality(table: GoalTable) -> list[float]:
    """Per-row lint quality (0..1), used by the index to rank good examples first."""
    from assistant.lint import score_table

    return list(score_table(table).row_scores)


@dataclass
class Services:
    settings: Settings = field(default_factory=load_settings)
    _build_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

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
        """Make the corpus and the index current; cheap when nothing changed."""
        with self._build_lock:
            rebuilt = self.corpus.ensure(progress=progress)
            report = self.index.build(self.corpus.tables(), progress=progress)
            self.index.warm()  # the first question after start-up should not pay for reading the store
        return {"corpus_rebuilt": rebuilt, "index_rows_added": report.rows_added, **self.corpus.summary()}

    def suggest(self, brief: ProjectBrief, *, exclude_table_ids: Sequence[str] = ()) -> Suggestion:
        model = self.chat_model
        if model is None:
            return self.composer.suggest(brief, exclude_table_ids=exclude_table_ids)
        from assistant.authoring.generate import LLMComposer
        from assistant.lint import lint_row

        return LLMComposer(model, self.composer, lint_row).suggest(brief, exclude_table_ids=exclude_table_ids)

    def improve(self, table: GoalTable) -> Improvement:
        from assistant.authoring.improve import improve
        from assistant.lint import lint_table

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
        return f"引擎：{self.engine_label()} ｜ 语料：{s['tables']} 张目标表，{s['rows']} 条指标"


def build_services(settings: Settings | None = None) -> Services:
    return Services(settings or load_settings())
