"""Wiring: `build_services(settings)` returns one object that holds every service the UI and CLI use.

Nothing is loaded at construction time; each service is created on first use and then reused, so
the CLI's quick commands stay quick and the app pays for the embedder once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from assistant.corpus_store import CorpusStore
from assistant.settings import Settings, load_settings


@dataclass
class Services:
    settings: Settings = field(default_factory=load_settings)

    @cached_property
    def corpus(self) -> CorpusStore:
        return CorpusStore(self.settings)

    def prepare(self, progress: bool = False) -> dict[str, object]:
        """Make the corpus (and everything built from it) current; cheap when nothing changed."""
        rebuilt = self.corpus.ensure(progress=progress)
        return {"corpus_rebuilt": rebuilt, **self.corpus.summary()}

    def status_line(self) -> str:
        s = self.corpus.summary()
        engine = "离线引擎" if self.settings.llm.provider == "offline" else f"大模型 {self.settings.llm.model}"
        return f"引擎：{engine} ｜ 语料：{s['tables']} 张目标表，{s['rows']} 条指标"


def build_services(settings: Settings | None = None) -> Services:
    return Services(settings or load_settings())
