"""The offline engine: retrieval + rules + templates, deterministic, no network.

For each 二级 slot the framework requires, candidate rows come from (in order of trust) the brief's
own numbers, comparable published rows found by the index, and the built-in library. Each
candidate's value is chosen as the contract says: a number from the brief first, else the median of
the same indicator's published targets among good examples, else a conventional standard, and the
rationale says which applied. Every row then goes through the linter; a row with an error-level
finding is repaired with the linter's replacement or replaced by the next candidate.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from assistant.authoring.brief import BriefFacts, Quantity, analyse
from assistant.authoring.framework import Framework, Slot, required_keys, slot_key_of, slots
from assistant.authoring.kinds import KindClassifier
from assistant.authoring.library import (
    NAMED_STANDARD,
    Candidate,
    KindMatch,
    Library,
    load_library,
    match_kinds,
)
from assistant.authoring.ranking import Ranker
from assistant.models import (
    Citation,
    Indicator,
    LintFinding,
    ProjectBrief,
    Severity,
    SuggestedRow,
    Suggestion,
)
from assistant.values import TargetValue, ValueKind


class RowHitLike(Protocol):
    table_id: str
    row: int
    indicator: Indicator
    project_name: str | None
    score: float
    quality: float


class RowRetriever(Protocol):
    def search_rows(self, query: str, k: int = 10, *, exclude_table_ids: Sequence[str] = ()) -> Sequence[RowHitLike]: ...


RowLinter = Callable[[Indicator], list[LintFinding]]
# (brief text, candidate project names) -> similarity in [0, 1] for each name.
Similarity = Callable[[str, list[str]], list[float]]

# How many rows each slot gets in the main table (brief quantities may add up to 3 in 数量).
QUOTA = {
    "quantity": 2, "quality": 2, "timeliness": 1, "cost": 2, "social": 1, "economic": 1, "ecological": 1,
    "sustainable": 1, "satisfaction": 1,
}
ALTERNATIVES = 3
CLOSE_RANK = 25  # a published row this high in the retrieval is a comparable project's choice
CORPUS_FIRST = 2  # such rows per slot placed before the built-in library's
SIMILAR_PROJECT = 0.35  # USE cosine between the brief and a published project's name
MAX_BRIEF_ROWS = 6  # rows one slot may take from the brief's own facts
KINDS_USED = 2  # library kinds whose rows are offered (the best by meaning, then the next)
SECOND_KIND = 0.85  # the next kind's rows are offered when its score is at least this share of the best's
# Bigrams too common in project names to say two projects are alike.
_GENERIC_BIGRAMS = frozenset(
    "项目 工作 资金 经费 建设 管理 服务 完成 情况 指标 专项 业务 保障 开展 实施 提高 提升 相关 年度 单位 部门 "
    "财政 预算 补助 使用 合格 及时 满意 意度 成本 效益 质量 数量 时效 发放 人员 对象 社会 经济".split()
)

# Name words that tell a rate's slot when it comes from the brief.
_SLOT_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("satisfaction", ("满意度", "满意率")),
    ("timeliness", ("及时率", "按时", "按期", "时限", "时间", "周期", "办结")),
    ("ecological", ("水质", "空气", "森林覆盖", "绿化覆盖", "排放", "达标排放", "植被", "成活率", "水土")),
    ("economic", ("收入", "增收", "就业率", "带动", "产值", "经济")),
    ("quality", ("合格率", "达标率", "准确率", "完好率", "验收", "优良率", "规范", "完成率", "通过率", "结案率",
                 "发生起数", "发生次数", "事故",
                 "防洪标准", "排涝标准", "防潮标准", "除涝标准")),
    ("cost", ("成本", "费用", "单价", "造价")),
]


# Warnings a suggested row may not carry, from any engine (row-level rules; `zhibiao lint --list-rules`).
NEVER_SUGGEST = frozenset({"category_mismatch", "self_referential", "activity_not_result", "vague_wording"})


def classify_slot(name: str, *, benefit: bool = False) -> str:
    for key, words in _SLOT_WORDS:
        if any(w in name for w in words):
            return key
    return "social" if benefit or name.endswith(("率", "比例", "比重")) else "quantity"


@dataclass
class _Draft:
    slot: str
    level3: str
    description: str
    target: TargetValue
    basis: str
    rationale: str
    source: str
    citations: list[Citation] = field(default_factory=list)
    spare_only: bool = False  # offered as an alternative, never placed in the main table
    feats: dict[str, float] = field(default_factory=dict)  # the ranking stage's features (ranking.FEATURES)
    generic: bool = False  # a row any project can use: fills a slot its kinds leave empty, never an alternative

    def indicator(self, s: Slot) -> Indicator:
        return Indicator(
            level1=s.level1, level2=s.level2, level3=self.level3, description=self.description,
            value=self.target.render(), basis=self.basis,
        )


@dataclass
class PromptContext:
    facts: BriefFacts
    comparable: list[RowHitLike]  # retrieved rows of projects like this one (the offline engine's `close`)
    keys: list[str]  # the required slots
    kinds: list[KindMatch]  # the library kinds whose rows the offline engine offers


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
        self._kinds_of_name: dict[str, list[KindMatch]] = {}
        self._row_sectors: dict[str, frozenset[str]] = {}  # a published 三级指标 -> sectors its words name

    def kinds_for(self, brief: ProjectBrief) -> list[KindMatch]:
        """The brief's project kinds: by meaning when a classifier is wired in, else by keywords."""
        if self.kinds is not None:
            return self.kinds.rank(brief.name, brief.purpose, brief.goals, brief.sector, limit=3)
        text = " ".join(x for x in [brief.name, brief.purpose, *brief.goals, *brief.quantities] if x)
        return match_kinds(text, library=self.library)

    def _name_kinds(self, name: str) -> list[KindMatch]:
        """A published project's kinds, from its name alone (cached: the corpus repeats names)."""
        if name not in self._kinds_of_name:
            if len(self._kinds_of_name) > 20_000:
                self._kinds_of_name.clear()
            self._kinds_of_name[name] = (self.kinds.rank(name, limit=2) if self.kinds is not None
                                         else match_kinds(name, 2, library=self.library))
        return self._kinds_of_name[name]

    # ---------------------------------------------------------------------------------------
    def _prepare(self, brief: ProjectBrief, exclude_table_ids: Sequence[str]
                 ) -> tuple[BriefFacts, list[RowHitLike], list[RowHitLike], dict[int, float], list[str]]:
        """Brief facts, retrieved rows, the comparable ones (with their project similarity), the slots."""
        facts = analyse(brief, self.kinds_for(brief))
        hits = self._retrieve(facts, exclude_table_ids)
        close, sims = self._comparable(facts, hits[:CLOSE_RANK])
        kinds = [m.kind for m in facts.kinds]
        keys = required_keys(
            economic=any(k.economic for k in kinds[:1]) or any(classify_slot(q.name) == "economic" for q in facts.quantities),
            # A rate the brief itself states (水质达标率不低于95%) opens its slot whatever the project kind.
            ecological=any(k.ecological for k in kinds[:2]) or any(
                classify_slot(q.name, benefit=q.benefit) == "ecological" for q in facts.quantities),
        )
        return facts, hits, close, sims, keys

    def _ordered(self, drafts: list[_Draft]) -> list[_Draft]:
        """The brief's own rows first, then the ranked candidates best first, then alternatives only."""
        own = [d for d in drafts if d.source == "brief" and not d.spare_only]
        ranked = [d for d in drafts if d not in own and not d.spare_only]
        if self.ranker is not None:
            # The model orders candidates within tiers: comparable projects' rows and the best kind's first,
            # the second kind's next, rows any project can use last (they only fill a slot the kinds leave
            # empty). Featureless drafts (项目支出控制) keep their place at the front.
            ranker = self.ranker

            def key(d: _Draft) -> tuple[int, float]:
                if not d.feats:
                    return (-1, 0.0)
                tier = 2 if d.feats.get("generic") else 1 if d.feats.get("second_kind") else 0
                return (tier, -ranker.score(d.feats))

            ranked.sort(key=key)
        return own + ranked + [d for d in drafts if d.spare_only]

    def prompt_context(self, brief: ProjectBrief, *, exclude_table_ids: Sequence[str] = ()) -> PromptContext:
        """What the LLM engine shows the model: the brief's facts, rows of comparable projects only, the
        required slots and the library kinds the offline engine would use (the same choices it makes)."""
        facts, _hits, close, _sims, keys = self._prepare(brief, exclude_table_ids)
        return PromptContext(facts=facts, comparable=close, keys=keys, kinds=self._kinds_used(facts))

    def ranked_candidates(self, brief: ProjectBrief, *, exclude_table_ids: Sequence[str] = ()
                          ) -> list[tuple[str | None, str, dict[str, float]]]:
        """(一级 family, 三级指标, features) of every candidate the ranking stage orders: the training data."""
        from evaluation.common import family

        facts, hits, close, sims, keys = self._prepare(brief, exclude_table_ids)
        framework_slots = slots(self.framework)
        out = []
        for key in keys:
            s = framework_slots[key]
            for d in self._drafts_for(key, facts, hits, facts.budget_year, close, sims):
                if d.feats and not d.spare_only and self._checked(d, s) is not None:
                    out.append((family(s.level1, s.level2), d.level3, dict(d.feats)))
        return out

    def suggest(self, brief: ProjectBrief, *, exclude_table_ids: Sequence[str] = ()) -> Suggestion:
        facts, hits, close, sims, keys = self._prepare(brief, exclude_table_ids)
        # The form's year, else the name's (2025年职业技能提升培训项目), else next year from October on.
        year = facts.budget_year
        framework_slots = slots(self.framework)

        rows: list[SuggestedRow] = []
        alternatives: dict[str, list[SuggestedRow]] = {}
        used: set[str] = set()
        for key in keys:
            s = framework_slots[key]
            drafts = self._ordered(self._drafts_for(key, facts, hits, year, close, sims))
            accepted: list[SuggestedRow] = []
            spare: list[SuggestedRow] = []
            own = sum(classify_slot(q.name, benefit=q.benefit) == key for q in facts.quantities)
            if key == "timeliness":
                own += len(facts.deadlines)
            if key == "cost":
                own = 1 + len(facts.standards)  # the total and each stated per-head standard
            # Every fact the brief states is kept (up to a sane cap), whatever the slot's usual quota.
            quota = max(QUOTA[key], min(own, MAX_BRIEF_ROWS))
            for d in drafts:
                if _norm(d.level3) in used:
                    continue
                if d.source != "brief" and any(_similar(d.level3, r.level3) for r in accepted):
                    continue  # 项目(工程)验收合格率 beside 工程验收合格率: one is enough (the brief's own all stay)
                row = self._checked(d, s)
                if row is None:
                    continue
                used.add(_norm(d.level3))
                if len(accepted) < quota and not d.spare_only:
                    accepted.append(row)
                elif d.generic:
                    used.discard(_norm(d.level3))  # not shown: it stays free for another slot's use
                else:
                    spare.append(row)
                if len(spare) >= ALTERNATIVES:
                    break
            if key == "quantity" and not accepted:  # every candidate was rejected: say so, measurably
                row = self._checked(_completion_row(facts), s)
                if row is not None:
                    accepted.append(row)
            rows.extend(accepted)
            if spare:
                alternatives[s.level2] = spare

        goals = list(brief.goals) or [_goal_sentence(brief, rows)]
        return Suggestion(brief=brief, goals=goals, rows=rows, alternatives=alternatives, engine=self.name,
                          notices=list(facts.questions))

    # ---------------------------------------------------------------------------------------
    def _retrieve(self, facts: BriefFacts, exclude: Sequence[str]) -> list[RowHitLike]:
        if self.retriever is None or not facts.query.strip():
            return []
        return list(self.retriever.search_rows(facts.query, k=80, exclude_table_ids=tuple(exclude)))

    def _comparable(self, facts: BriefFacts, hits: list[RowHitLike]) -> tuple[list[RowHitLike], dict[int, float]]:
        """Top hits from projects like this one (by embedding similarity of project names when an embedder
        is wired in, else by shared content words in the names), and each hit's similarity by id()."""
        if not hits:
            return [], {}
        names = [h.project_name or "" for h in hits]
        brief_text = f"{facts.brief.name} {facts.brief.purpose[:200]}"
        if self.similarity is not None:
            sim_list = self.similarity(brief_text, names)
        else:
            grams = _content_bigrams(brief_text)
            sim_list = [min(1.0, len(_content_bigrams(n) & grams) / 4) for n in names]
        floor = SIMILAR_PROJECT if self.similarity is not None else 0.5
        sims = {id(h): float(v) for h, v in zip(hits, sim_list, strict=True)}
        close = [h for h in hits if sims[id(h)] >= floor]
        return self._same_trade(facts, close), sims

    def _same_trade(self, facts: BriefFacts, close: list[RowHitLike]) -> list[RowHitLike]:
        # A name can read alike and mean another trade (养老服务中心 / 养老保险中心): the published project's
        # best kind must be one of the brief's, or of the brief's sectors. Running costs (运行保障, 机关运行)
        # are alike in name to any 经费 project: they count only when they are what the brief is.
        if not facts.kinds:
            return close
        own = {m.kind.key for m in facts.kinds if not m.kind.weak or m is facts.kinds[0]}
        sectors = {m.kind.sector for m in facts.kinds[:2] if not m.kind.weak or m is facts.kinds[0]}
        out = []
        for h in close:
            theirs = self._name_kinds(h.project_name or "")
            if not theirs:
                out.append(h)
                continue
            top = theirs[0].kind
            if top.key in own or (top.sector in sectors and not (top.weak and top.key not in own)):
                out.append(h)
        return out

    def _drafts_for(
        self, key: str, facts: BriefFacts, hits: list[RowHitLike], year: int, comparable: list[RowHitLike],
        sims: dict[int, float] | None = None,
    ) -> list[_Draft]:
        sims = sims or {}
        drafts: list[_Draft] = []
        brief = facts.brief
        sectors = {m.kind.sector for m in self._kinds_used(facts)}
        trades = sectors  # a published row naming another sector's trade is not carried over
        slot_hits = [h for h in hits if slot_key_of(h.indicator.level1, h.indicator.level2) == key]

        # 1. The brief's own numbers.
        for q in facts.quantities:
            if classify_slot(q.name, benefit=q.benefit) == key:
                drafts.append(_from_quantity(key, q))
        if key == "timeliness":
            names: set[str] = set()
            for dl in facts.deadlines:
                name, desc = _DEADLINE_ROWS.get(dl.verb, ("项目完成时间", "项目全部任务完成的时间"))
                if dl.object and dl.verb == "完成":  # 4月15日前完成全部主体工程 -> 主体工程完成时间
                    name, desc = f"{dl.object}完成时间", f"{dl.object}全部完成的时间"
                if name in names and dl.subject:  # two deadlines: each named by what it is for
                    name = f"{dl.subject}{name.removeprefix('项目')}"
                names.add(name)
                why = f"完成时限取自项目说明“{dl.words}”" + (f"（{dl.convention}）" if dl.convention else "") + "。"
                drafts.append(_Draft(key, name, desc, TargetValue.parse(dl.value()),
                                     "计划标准：项目说明中的完成时限", why, "brief"))
        if key == "cost":
            drafts.extend(_cost_drafts(brief, facts))

        # 2. What the most comparable published projects measured for this slot: near the top of the
        # retrieval, sharing the brief's own content words, and with a value that carries over.
        if key != "cost":
            close = [h for h in comparable if h in slot_hits and self._fits(h.indicator.level3, trades)]
            taken = 0
            for h in close:
                d = _from_hit(key, h)
                if d is None or taken >= CORPUS_FIRST:
                    continue
                taken += 1
                d.feats = {"from_corpus": 1.0, "project_sim": sims.get(id(h), 0.0), "quality": float(h.quality)}
                drafts.append(d)

        # 3. Library candidates for the project's kinds, valued from the corpus or by convention.
        pool: list[tuple[Candidate, int, float, int]] = []  # (candidate, kind position, kind fit, place in list)
        used_kinds = self._kinds_used(facts)
        top = used_kinds[0].score if used_kinds and used_kinds[0].score > 0 else 1.0
        for pos, m in enumerate(used_kinds):
            pool.extend((c, pos, m.score / top, n) for n, c in enumerate(c for c in m.kind.candidates if c.slot == key))
        generic = [c for c in self.library.generic if c.slot == key]
        pool.extend((c, -1, 0.0, n) for n, c in enumerate(generic))
        obj = facts.kinds[0].kind.default_obj if facts.kinds else "项目"
        beneficiary = facts.kinds[0].kind.beneficiary if facts.kinds else "服务对象"
        for c, pos, fit, place in pool:
            d = self._from_candidate(c, slot_hits, year, obj, beneficiary, facts, comparable)
            if d is not None:
                d.generic = pos < 0
                d.feats = {"from_library": float(pos >= 0), "generic": float(pos < 0), "second_kind": float(pos > 0),
                           "kind_fit": fit, "has_value": float(bool(c.value)), "standard": float(c.source == "standard"),
                           "corpus_value": float(d.source == "corpus"), "lib_order": 1.0 / (1 + place)}
                drafts.append(d)
        brief_grams = _bigrams(f"{brief.name}{brief.purpose}")
        slot_close = [h for h in comparable if h in slot_hits]
        for d in drafts:
            if d.feats:
                grams = _bigrams(d.level3)
                d.feats["overlap"] = len(grams & brief_grams) / len(grams) if grams else 0.0
                d.feats["support"] = min(3, sum(_similar(h.indicator.level3 or "", d.level3) for h in slot_close)) / 3

        # 4. Other rows of comparable published projects, as alternatives (a row of an unlike project is never
        # offered: 旅游区居民满意度 for an elderly-care brief). Costs are project-specific: only the budget gives them.
        for h in [] if key == "cost" else sorted(comparable, key=lambda h: -(h.score * (0.5 + h.quality))):
            d = _from_hit(key, h) if h in slot_hits and self._fits(h.indicator.level3, trades) else None
            if d is not None:
                d.spare_only = True
                drafts.append(d)
        if key == "quantity" and not any(d.source in ("brief", "corpus") and not d.spare_only for d in drafts):
            drafts.insert(0, _completion_row(facts))
        return drafts

    @staticmethod
    def _kinds_used(facts: BriefFacts) -> list[KindMatch]:
        """The best kind, and the next when it is nearly as good or a general one (设备购置 beside 医疗设备):
        a river project's second guess (农村供水) must not bring its rows."""
        kinds = facts.kinds[:KINDS_USED]
        if not kinds:
            return []
        top = kinds[0]
        return [top, *(m for m in kinds[1:] if m.score >= SECOND_KIND * top.score or m.kind.sector == "通用")]

    def _fits(self, level3: str | None, sectors: set[str]) -> bool:
        """A published row names no trade of a sector the brief is not in (就业补助项目完成程度 for a school
        meal plan): when its words are some kinds' keywords, one of those kinds is of the brief's sectors."""
        name = level3 or ""
        theirs = self._row_sectors.get(name)
        if theirs is None:
            if len(self._row_sectors) > 50_000:
                self._row_sectors.clear()
            theirs = self._row_sectors[name] = frozenset(
                m.kind.sector for m in match_kinds(name, 50, library=self.library))
        return not theirs or bool(theirs & sectors) or "通用" in theirs

    def _from_candidate(
        self, c: Candidate, hits: list[RowHitLike], year: int, obj: str, beneficiary: str, facts: BriefFacts,
        comparable: Sequence[RowHitLike] = (),
    ) -> _Draft | None:
        if c.needs and not any(w in facts.text for w in c.needs):
            return None  # a river project without trees gets no 苗木成活率
        fill = {"obj": obj, "year": year, "beneficiary": beneficiary}
        level3 = c.level3.format(**fill)
        desc = c.description.format(**fill)
        if c.slot == "satisfaction" and beneficiary and level3 == "服务对象满意度":
            level3 = f"{beneficiary}满意度" if beneficiary != "服务对象" else level3
        # Published targets of the same indicator, from comparable projects only (a hospital's 满意度 is not
        # valued from a 人才协会's).
        similar = [h for h in hits if h in comparable and (_similar(h.indicator.level3 or "", level3)
                   or (c.slot == "satisfaction" and "满意" in (h.indicator.level3 or "")))]
        corpus_value = _corpus_value(similar, c.value)
        if corpus_value is not None:
            tv, n, med, lo, hi, _comp = corpus_value
            cites = [_cite(h) for h in similar[:3]]
            spread = f"中位数{med}，范围{lo}–{hi}" if n > 1 else f"取值{med}"
            return _Draft(
                c.slot, level3, desc, tv, f"历史标准：同类已发布项目{n}例",
                f"参考语料中{n}个同类指标（如“{_project_of(similar[0])}”），{spread}。", "corpus", cites,
            )
        if not c.value:
            return None  # a count needs a number from the brief; never invent one
        value = c.value.format(**fill)
        if c.source == "standard":
            why = f"取值依据已发布的标准：{c.basis.split('：', 1)[-1]}。"
        elif c.source == "plan":
            note = c.convention or "按项目实施方案和年度工作计划"
            why = f"项目说明未写完成时限，按项目计划设定（{note.rstrip('。')}）" + (
                "。" if "调整" in note else "，请按实际计划调整。")
        elif NAMED_STANDARD.search(c.basis):  # the document sets the requirement; the number is the convention
            why = f"采用通行做法：{(c.convention or '同类项目常用取值').rstrip('。')}（依据的文件见指标值确定依据，具体数值为惯例）。"
        else:
            why = f"采用通行做法（惯例，并非已发布的标准）：{c.convention or '同类项目常用取值'}。"
        # Published rows are cited beside a library value only when their project is comparable.
        return _Draft(
            c.slot, level3, desc, TargetValue.parse(value), c.basis, why, "convention",
            [_cite(h) for h in similar[:2]],
        )

    def _checked(self, d: _Draft, s: Slot) -> SuggestedRow | None:
        """Lint the row; repair an error with the linter's replacement once, else reject it. A row the
        linter says is in the wrong category, repeats itself, names an activity or is vague is never
        suggested, whoever published it."""
        ind = d.indicator(s)
        found = self.lint_row(ind)
        if any(f.flag in NEVER_SUGGEST for f in found):
            return None
        errors = [f for f in found if f.severity == Severity.ERROR]
        if errors:
            fix = next((f.replacement for f in errors if f.field == "value" and f.replacement), None)
            if fix is None:
                return None
            fixed = TargetValue.parse(fix)
            if d.source == "brief" and d.target.number is not None:
                # The user's own number and unit stay; only the rule's comparator is taken (62% stays 62%).
                # A fix that changes the unit (2.1万名 -> 2.1人) would change the quantity: not suggested.
                same_unit = fixed.percent == d.target.percent and (fixed.percent or fixed.unit == d.target.unit)
                if not same_unit:
                    return None
                fixed = TargetValue.of(d.target.number, "%" if fixed.percent else fixed.unit, fixed.comparator)
                fix = fixed.render()
            d.target = fixed
            d.rationale += f"（原值经规则修正为{fix}）"
            ind = d.indicator(s)
            if any(f.severity == Severity.ERROR for f in self.lint_row(ind)):
                return None
        if not d.target.measurable:
            return None
        t = d.target
        if t.percent and t.number is not None and t.number >= 100 and t.comparator in ("≥", ">"):
            d.target = TargetValue.of(100, comparator=None, percent=True)  # ≥100% (满意度 ≥100%) means 100%
        return SuggestedRow(
            level1=s.level1, level2=s.level2, level3=d.level3, description=d.description, target=d.target,
            basis=d.basis, rationale=d.rationale, value_source=d.source,  # type: ignore[arg-type]
            citations=d.citations, engine=self.name,
        )


# -------------------------------------------------------------------------------------------
def _from_quantity(key: str, q: Quantity) -> _Draft:
    if q.percent:
        comp = "≤" if q.upper or any(w in q.name for w in _DOWN_RATES) else "≥"
        if q.unit == "%" and q.number >= 100:
            comp = ""  # 100% is the target itself; ≥100% reads as a typo
        tv = TargetValue.parse(f"{comp}{_num(q.number)}{q.unit}")
        desc = f"{q.name}（按统计口径计算的比率）"
    elif q.unit in ("分钟", "小时", "个工作日", "工作日"):
        tv = TargetValue.of(q.number, q.unit, "≤")
        desc = f"{q.name}（从受理或发生起计算）"
    elif q.zero:
        tv = TargetValue.parse(f"0{q.unit}")
        desc = f"全年{q.name}（按项目说明须为零）"
    elif q.unit == "年一遇":
        tv = TargetValue.of(q.number, q.unit, "≥")
        desc = "工程建成后达到的设计标准，以重现期计"
    else:
        tv = TargetValue.of(q.number, q.unit, "≥")
        desc = f"全年{q.name.removesuffix('数量')}（计量单位：{q.unit}）"
    return _Draft(key, q.name, desc, tv, "计划标准：项目申报计划", f"数值取自项目说明“{q.raw}”。", "brief")


# What a stated deadline's verb makes of the row (9月1日前交付使用 -> 项目交付使用时间).
_DEADLINE_ROWS = {
    "交付使用": ("项目交付使用时间", "项目完成并交付使用的时间"), "交付": ("项目交付时间", "项目完成并交付的时间"),
    "投入使用": ("项目投入使用时间", "项目建成并投入使用的时间"), "竣工": ("工程竣工时间", "工程竣工并通过验收的时间"),
    "完工": ("工程完工时间", "工程完工并通过验收的时间"), "建成": ("项目建成时间", "项目全部建成的时间"),
    "上线": ("系统上线时间", "系统部署完成并上线运行的时间"), "上线运行": ("系统上线时间", "系统部署完成并上线运行的时间"),
    "发放": ("资金发放时间", "资金全部发放到位的时间"), "发放到位": ("资金发放时间", "资金全部发放到位的时间"),
    "拨付": ("资金拨付时间", "资金全部拨付到位的时间"), "到位": ("项目任务到位时间", "项目任务全部落实到位的时间"),
    "开工": ("项目开工时间", "项目开工建设的时间"), "启动": ("项目启动时间", "项目启动实施的时间"),
    "验收": ("项目验收时间", "项目完成验收的时间"),
}

# Rates where less is better (the brief's own 控制在…以内 says so too).
_DOWN_RATES = ("失业率", "发生率", "差错率", "投诉率", "故障率", "辍学率", "受害率", "事故率", "死亡率", "发病率",
               "不合格率", "流失率", "空置率", "返贫率")


def _cost_drafts(brief: ProjectBrief, facts: BriefFacts) -> list[_Draft]:
    out: list[_Draft] = []
    if facts.budget_ok:
        b = brief.budget_wan or 0.0
        out.append(_Draft(
            "cost", "项目总成本", "项目全年实际支出总额", TargetValue.of(b, "万元", "≤"),
            f"预算支出标准：项目预算{_num(b)}万元", f"成本上限取自项目预算{_num(b)}万元，实际支出不得超过预算。", "brief",
        ))
        for st in facts.standards:
            out.append(_Draft(
                "cost", st.name, f"按政策标准每{st.who}{'每' + st.period if st.period else ''}{st.verb}的金额",
                TargetValue.parse(st.value), f"预算支出标准：项目说明中的{st.verb}标准",
                f"{st.verb}标准取自项目说明“{st.raw}”。", "brief",
            ))
        outputs = [q for q in facts.quantities if not q.percent and not q.benefit and q.unit != "年一遇"]
        # Budget / output is a unit cost only when the budget pays for that one output: with 312公里 of
        # roads and 5座 bridges, or vehicles beside a squad's running costs, it is not.
        main = outputs[0] if len(outputs) == 1 else None
        if main and main.number > 0:
            per = b * 10000 / (main.number * (10000 if main.unit.startswith("万") else 1))
            unit = main.unit.removeprefix("万")
            money = "元"
            if per >= 10000:  # 60万元/公里 reads better than 600000元/公里
                per, money = per / 10000, "万元"
            name = f"单位{main.name.removesuffix('数量').removesuffix('人次').removesuffix('人数')}成本"
            out.append(_Draft(
                "cost", name, f"项目预算/{main.name}", TargetValue.of(round(per, 2), f"{money}/{unit}", "≤"),
                "预算支出标准：预算总额除以计划数量",
                f"由预算{_num(b)}万元除以{main.name}{_num(main.number)}{main.unit}计算得出。", "brief",
            ))
    else:
        out.append(_Draft(
            "cost", "项目支出控制", "项目实际支出与预算批复金额的比较", TargetValue.parse("≤预算批复金额"),
            "预算支出标准：项目预算批复", "项目说明未给出预算数，成本以预算批复金额为上限。", "convention",
        ))
    return out


def _completion_row(facts: BriefFacts) -> _Draft:
    what = facts.kinds[0].kind.label if facts.kinds else "项目"
    return _Draft(
        "quantity", f"{what}计划任务完成率", f"实际完成的{what}任务量/计划任务量×100%", TargetValue.parse("100%"),
        "计划标准：项目实施方案和年度工作计划",
        "项目说明未给出具体数量，采用计划完成率表述；请按实施方案改为具体数量（如≥N人次、≥N台）。", "convention",
    )


def _from_hit(key: str, h: RowHitLike) -> _Draft | None:
    """A published row carries over when its value is not a project-specific count."""
    ind = h.indicator
    tv = TargetValue.parse(ind.value)
    if not ind.level3 or not tv.measurable or h.quality < 0.8:
        return None
    if len(ind.level3) > 20 or re.search(r"\d|[。；;/÷]", ind.level3):  # a sentence, count or formula, not a name
        return None
    portable = tv.percent or tv.kind in (ValueKind.BOOLEAN, ValueKind.GRADED)
    if not portable:
        return None
    if tv.kind == ValueKind.NUMERIC and tv.number is not None and (tv.text or (tv.percent and tv.number >= 100)):
        # 需达到80%以上 -> ≥80%; ≥100% -> 100%
        tv = TargetValue.of(tv.number, comparator=None if tv.number >= 100 else tv.comparator, percent=True)
    return _Draft(
        key, ind.level3, ind.description or ind.level3, tv, ind.basis or "历史标准：同类已发布项目",
        f"同类项目“{_project_of(h)}”使用此指标，取值{tv.render()}。", "corpus", [_cite(h)],
    )


def _corpus_value(similar: list[RowHitLike], conventional: str) -> tuple[TargetValue, int, str, str, str, str] | None:
    """Median of comparable published targets of the same kind (percent with percent)."""
    conv = TargetValue.parse(conventional) if conventional else None
    want_percent = conv.percent if conv is not None else None
    vals = []
    for h in similar:
        tv = TargetValue.parse(h.indicator.value)
        if tv.kind != ValueKind.NUMERIC or tv.number is None or tv.text:
            continue
        if want_percent is not None and tv.percent != want_percent:
            continue
        if want_percent is None or not tv.percent:
            continue  # counts are project-specific; only rates carry over between projects
        if h.quality < 0.5 or tv.number > 100:
            continue
        vals.append(tv)
    if not vals:
        return None
    nums = sorted(v.number for v in vals if v.number is not None)
    # The lower median is a value some published table actually used (no ≥96.5% from averaging 95 and 98).
    med = statistics.median_low(nums)
    comps = [v.comparator or "=" for v in vals]
    comp = max(set(comps), key=comps.count)
    if conv is not None and conv.comparator:
        comp = conv.comparator
    comp_out = None if comp == "=" else comp
    tv = TargetValue.of(med, comparator=comp_out, percent=True)
    return tv, len(vals), f"{_num(med)}%", f"{_num(nums[0])}%", f"{_num(nums[-1])}%", comp


def _cite(h: RowHitLike) -> Citation:
    return Citation(
        table_id=h.table_id, row=h.row, project_name=h.project_name, level3=h.indicator.level3,
        value=h.indicator.value,
    )


def _project_of(h: RowHitLike) -> str:
    return h.project_name or h.table_id


_STRIP_SUFFIX = re.compile(r"(指标|情况|数量|数)$")


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s or "")


def _content_bigrams(text: str) -> set[str]:
    han = "".join(ch for ch in text or "" if "\u4e00" <= ch <= "\u9fff" or ch == " ")
    grams = {w[i: i + 2] for w in han.split() for i in range(len(w) - 1)}
    return grams - _GENERIC_BIGRAMS


def _bigrams(s: str) -> set[str]:
    s = _STRIP_SUFFIX.sub("", _norm(s))
    return {s[i: i + 2] for i in range(len(s) - 1)} or {s}


def _similar(a: str, b: str) -> bool:
    """Same indicator under different wording: containment or bigram Dice >= 0.5."""
    na, nb = _norm(a), _norm(b)
    if not na or not nb:
        return False
    if na in nb or nb in na:
        return min(len(na), len(nb)) >= 3
    x, y = _bigrams(na), _bigrams(nb)
    return 2 * len(x & y) / (len(x) + len(y)) >= 0.5


def _num(x: float) -> str:
    return TargetValue.of(x, comparator=None).render()


def _goal_sentence(brief: ProjectBrief, rows: list[SuggestedRow]) -> str:
    """One goal sentence written from the final rows: what is delivered, by when, to what standard."""
    parts = []
    for r in rows:
        t = r.target
        if r.level2 == "数量指标" and r.value_source == "brief" and t.number is not None and not t.percent:
            base = _COUNT_SUFFIX.sub("", r.level3) or r.level3
            parts.append(f"完成{base}{_num(t.number)}{t.unit or ''}")
    for r in rows:
        if r.level2 == "时效指标" and r.value_source == "brief" and r.target.kind == ValueKind.DEADLINE:
            parts.append(f"于{r.target.render().removesuffix('前')}前{r.level3.removesuffix('时间').removeprefix('项目')}")
    for r in rows:
        t = r.target
        if r.level2 in ("质量指标", "社会效益指标", "服务对象满意度指标", "满意度指标") and t.percent \
                and t.number is not None:
            down = (t.comparator or "≥") in ("≤", "<")
            parts.append(f"{r.level3}{'控制在' if down else '达到'}{_num(t.number)}%{'以内' if down else ''}")
    body = "，".join(parts[:6]) or "按计划完成项目任务"
    name = brief.name.strip()
    # 通过实施社区养老服务中心 reads as if the centre were carried out: say it is a project.
    if not name.endswith(_PROJECT_ENDINGS):
        name += "项目"
    return f"通过实施{name}，{body}。"


_COUNT_SUFFIX = re.compile(r"(数量|人数|人次|户数|长度|面积|场次|次数|期数|批次|量)$")
_PROJECT_ENDINGS = ("项目", "工程", "计划", "行动", "专项", "经费", "资金", "补助", "补贴", "工作", "活动", "建设",
                    "改造", "治理", "购置", "采购", "培训", "服务", "保障", "维修", "修缮")


# Public name for the goal sentence: exports regenerate the goals from the rows the clerk kept.
goal_sentence = _goal_sentence
