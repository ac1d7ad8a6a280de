"""The offline engine: brief facts -> candidates -> ranking -> table -> lint and repair. No network.

Each stage is a module of its own, tested alone and shared with the LLM engine (generate.py):
  brief.py / dates.py   the brief's facts, one typed record (numbers, units, objects, rates, standards, dates)
  comparable.py         which published projects are like this one (the only ones offered or cited)
  candidates.py         every row a slot could hold, with value, basis and rationale
  ranking.py            the order candidates are taken in (the library author's, or a learned model's)
  repair.py             lint each row; repair an error once, reject what cannot be suggested
  table.py              the rows per slot (every brief fact kept), alternatives, the goal sentence
This module wires them: `OfflineComposer.suggest(brief)` -> Suggestion.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from assistant.authoring.brief import BriefFacts, analyse
from assistant.authoring.candidates import CandidateStage, Draft, RowHitLike, cite, from_quantity, kinds_used
from assistant.authoring.comparable import ComparableProjects, Similarity
from assistant.authoring.framework import Framework, Slot, required_keys, slots
from assistant.authoring.kinds import KindClassifier
from assistant.authoring.library import KindMatch, Library, load_library, match_kinds
from assistant.authoring.ranking import Ranker, order
from assistant.authoring.repair import NEVER_SUGGEST, RowLinter, checked_row
from assistant.authoring.table import fill_slot, goal_sentence, top_up
from assistant.authoring.words import classify_slot
from assistant.models import ProjectBrief, SuggestedRow, Suggestion

# Names other modules import from here (the engine's public surface).
__all__ = [
    "NEVER_SUGGEST",
    "OfflineComposer",
    "PromptContext",
    "RowHitLike",
    "RowLinter",
    "RowRetriever",
    "Similarity",
    "cite",
    "classify_slot",
    "from_quantity",
]

RETRIEVE_K = 80  # published rows retrieved per brief


class RowRetriever(Protocol):
    def search_rows(self, query: str, k: int = 10, *, exclude_table_ids: Sequence[str] = ()) -> Sequence[RowHitLike]: ...


@dataclass
class PromptContext:
    facts: BriefFacts
    comparable: list[RowHitLike]  # retrieved rows of projects like this one
    keys: list[str]  # the required slots
    kinds: list[KindMatch]  # the library kinds whose rows the offline engine offers


@dataclass
class _Prepared:
    facts: BriefFacts
    hits: list[RowHitLike]
    close: list[RowHitLike]
    sims: dict[int, float]
    keys: list[str]


class OfflineComposer:
    """`suggest(brief)` -> Suggestion; the retriever and the linter are injected."""

    name = "offline"

    def __init__(
        self,
        retriever: RowRetriever | None,
        lint_row: RowLinter,
        *,
        framework: Framework = "2021",
        similarity: Similarity | None = None,
        kinds: KindClassifier | None = None,
        library: Library | None = None,
        ranker: Ranker | None = None,
    ) -> None:
        self.retriever = retriever
        self.lint_row = lint_row
        self.framework = framework
        self.similarity = similarity
        self.library = library or (kinds.library if kinds is not None else load_library())
        self.kinds = kinds
        self.ranker = ranker  # None: the library author's order (the measured better one, see ranking.py)
        self.comparable = ComparableProjects(self.library, kinds, similarity)
        self.candidates = CandidateStage(self.library)

    def kinds_for(self, brief: ProjectBrief) -> list[KindMatch]:
        """The brief's project kinds: by meaning when a classifier is wired in, else by keywords."""
        if self.kinds is not None:
            return self.kinds.rank(brief.name, brief.purpose, brief.goals, brief.sector, limit=3)
        text = " ".join(x for x in [brief.name, brief.purpose, *brief.goals, *brief.quantities] if x)
        return match_kinds(text, library=self.library)

    # ---------------------------------------------------------------------------------------
    def _prepare(self, brief: ProjectBrief, exclude_table_ids: Sequence[str]) -> _Prepared:
        """Brief facts, retrieved rows, the comparable ones (with their project similarity), the slots."""
        facts = analyse(brief, self.kinds_for(brief))
        hits = self._retrieve(facts, exclude_table_ids)
        close, sims = self.comparable.find(facts, hits)
        kinds = [m.kind for m in facts.kinds]
        keys = required_keys(
            economic=any(k.economic for k in kinds[:1]) or any(classify_slot(q.name) == "economic" for q in facts.quantities),
            # A rate the brief itself states (水质达标率不低于95%) opens its slot whatever the project kind.
            ecological=any(k.ecological for k in kinds[:2]) or any(
                classify_slot(q.name, benefit=q.benefit) == "ecological" for q in facts.quantities),
        )
        return _Prepared(facts, hits, close, sims, keys)

    def _retrieve(self, facts: BriefFacts, exclude: Sequence[str]) -> list[RowHitLike]:
        if self.retriever is None or not facts.query.strip():
            return []
        return list(self.retriever.search_rows(facts.query, k=RETRIEVE_K, exclude_table_ids=tuple(exclude)))

    def _drafts(self, key: str, p: _Prepared) -> list[Draft]:
        return self.candidates.drafts_for(key, p.facts, p.hits, p.close, p.sims)

    def _check(self, d: Draft, s: Slot) -> SuggestedRow | None:
        return checked_row(d, s, self.lint_row, self.name)

    def prompt_context(self, brief: ProjectBrief, *, exclude_table_ids: Sequence[str] = ()) -> PromptContext:
        """What the LLM engine shows the model: the brief's facts, rows of comparable projects only, the
        required slots and the library kinds the offline engine would use (the same choices it makes)."""
        p = self._prepare(brief, exclude_table_ids)
        return PromptContext(facts=p.facts, comparable=p.close, keys=p.keys, kinds=kinds_used(p.facts))

    def ranked_candidates(self, brief: ProjectBrief, *, exclude_table_ids: Sequence[str] = ()
                          ) -> list[tuple[str | None, str, dict[str, float]]]:
        """(一级 family, 三级指标, features) of every candidate the ranking stage orders: the training data."""
        from evaluation.common import family

        p = self._prepare(brief, exclude_table_ids)
        framework_slots = slots(self.framework)
        out = []
        for key in p.keys:
            s = framework_slots[key]
            for d in self._drafts(key, p):
                if d.feats and not d.spare_only and self._check(d, s) is not None:
                    out.append((family(s.level1, s.level2), d.level3, dict(d.feats)))
        return out

    def suggest(self, brief: ProjectBrief, *, exclude_table_ids: Sequence[str] = ()) -> Suggestion:
        p = self._prepare(brief, exclude_table_ids)
        framework_slots = slots(self.framework)
        per_slot: dict[str, list[SuggestedRow]] = {}
        alternatives: dict[str, list[SuggestedRow]] = {}
        used: set[str] = set()
        brief_names = [q.name for q in p.facts.quantities]
        reserve: dict[str, list[SuggestedRow]] = {}
        for key in p.keys:
            s = framework_slots[key]
            accepted, spare = fill_slot(key, s, order(self._drafts(key, p), self.ranker), p.facts, used, self._check,
                                        brief_names, reserve.setdefault(key, []))
            per_slot[key] = accepted
            if spare:
                alternatives[s.level2] = spare
        top_up(per_slot, alternatives, {key: framework_slots[key].level2 for key in p.keys}, reserve)
        rows = [r for key in p.keys for r in per_slot[key]]
        goals = list(brief.goals) or [goal_sentence(brief, rows)]
        return Suggestion(brief=brief, goals=goals, rows=rows, alternatives=alternatives, engine=self.name,
                          notices=list(p.facts.questions))
