"""Which published projects are like the brief's: the only ones whose rows are offered, valued or cited.

Two tests, both needed. The project names must be close in meaning (USE cosine of the brief's name and
purpose against the published project's name, at least SIMILAR_PROJECT; without an embedder, at least two
shared content bigrams), and the published project's best kind (read from its name with its own table's
行业 as prior) must be one of the brief's kinds, of their sectors or of the sectors the brief's 行业 names
(养老服务中心 and 养老保险中心 read alike and are different trades).

SIMILAR_PROJECT is measured, not assumed: `zhibiao eval comparable` reports, for pairs of blind-labelled
project names, how often a pair above the threshold is of the same kind (precision) and how many same-kind
pairs it admits (recall); docs/eval/report.md carries the figures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assistant.authoring.brief import BriefFacts
from assistant.authoring.candidates import RowHitLike
from assistant.authoring.kinds import KindClassifier
from assistant.authoring.library import KindMatch, Library, match_kinds
from assistant.authoring.words import content_bigrams

SIMILAR_PROJECT = 0.35  # USE cosine between the brief and a published project's name
SHARED_BIGRAMS = 4  # without an embedder: similarity = shared content bigrams / this, floor 0.5
CLOSE_RANK = 25  # only this many of the retrieval's best rows are considered

# (brief text, candidate project names) -> similarity in [0, 1] for each name.
Similarity = Callable[[str, list[str]], list[float]]


class ComparableProjects:
    def __init__(self, library: Library, kinds: KindClassifier | None = None,
                 similarity: Similarity | None = None) -> None:
        self.library = library
        self.kinds = kinds
        self.similarity = similarity
        self._kinds_of_name: dict[tuple[str, str], list[KindMatch]] = {}

    def name_kinds(self, name: str, sector: str | None = None) -> list[KindMatch]:
        """A published project's kinds, from its name and its table's 行业 (the same prior a brief's 行业
        gives: 专项业务费 in a 人社 table is not a procuratorate's); cached, the corpus repeats names."""
        key = (name, sector or "")
        if key not in self._kinds_of_name:
            if len(self._kinds_of_name) > 20_000:
                self._kinds_of_name.clear()
            self._kinds_of_name[key] = (self.kinds.rank(name, sector=sector, limit=2) if self.kinds is not None
                                        else match_kinds(name, 2, library=self.library))
        return self._kinds_of_name[key]

    def find(self, facts: BriefFacts, hits: Sequence[RowHitLike]) -> tuple[list[RowHitLike], dict[int, float]]:
        """Top hits from projects like this one, and each hit's project similarity by id()."""
        hits = list(hits[:CLOSE_RANK])
        if not hits:
            return [], {}
        names = [h.project_name or "" for h in hits]
        brief_text = f"{facts.brief.name} {facts.brief.purpose[:200]}"
        if self.similarity is not None:
            sim_list = self.similarity(brief_text, names)
        else:
            grams = content_bigrams(brief_text)
            sim_list = [min(1.0, len(content_bigrams(n) & grams) / SHARED_BIGRAMS) for n in names]
        floor = SIMILAR_PROJECT if self.similarity is not None else 0.5
        sims = {id(h): float(v) for h, v in zip(hits, sim_list, strict=True)}
        close = [h for h in hits if sims[id(h)] >= floor]
        return self.same_trade(facts, close), sims

    def same_trade(self, facts: BriefFacts, close: list[RowHitLike]) -> list[RowHitLike]:
        # Running costs (运行保障, 机关运行) are alike in name to any 经费 project: they count only when they
        # are what the brief is (a weak kind other than the brief's own best does not make a match).
        if not facts.kinds:
            return close
        own = {m.kind.key for m in facts.kinds if not m.kind.weak or m is facts.kinds[0]}
        sectors = {m.kind.sector for m in facts.kinds[:2] if not m.kind.weak or m is facts.kinds[0]}
        # The sectors the brief's own 行业 names are its trade too (hr_social_security: 人社就业 and 社会保险, so a
        # 劳动监察 brief and a 社保经办 project are of one trade).
        sectors |= {x.name for x in self.library.sectors_named(facts.brief.sector)}
        out = []
        for h in close:
            theirs = self.name_kinds(h.project_name or "", getattr(h, "sector", None))
            if not theirs:
                out.append(h)
                continue
            top = theirs[0].kind
            if top.key in own or (top.sector in sectors and not (top.weak and top.key not in own)):
                out.append(h)
        return out
