"""Candidates stage: every row the table could hold for one 二级 slot, each with its value, basis and why.

In order of trust: the brief's own facts (counts, rates, deadlines, money standards, the budget), the rows
of comparable published projects (cited), and the sector library's rows for the project's kinds (valued
from comparable published targets when there are some, else by the library's stated basis). A row of a
published project that is not comparable is never a candidate. Each candidate carries the features the
ranking stage orders by (ranking.FEATURES).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from assistant.authoring.brief import BriefFacts, Grade, Quantity, RatioStandard
from assistant.authoring.framework import Slot, slot_key_of
from assistant.authoring.library import NAMED_STANDARD, Candidate, KindMatch, Library, match_kinds
from assistant.authoring.words import bigrams, classify_slot, engine_words, is_down_rate, num_text, similar
from assistant.models import Citation, Indicator, ProjectBrief
from assistant.values import TargetValue, ValueKind

CORPUS_FIRST = 2  # rows of comparable projects per slot placed before the library's
KINDS_USED = 2  # library kinds whose rows are offered (the best by meaning, then the next)
SECOND_KIND = 0.85  # the next kind's rows are offered when its score is at least this share of the best's
MIN_HIT_QUALITY = 0.8  # a published row carried over must be this clean (row lint quality)


class RowHitLike(Protocol):
    table_id: str
    row: int
    indicator: Indicator
    project_name: str | None
    score: float
    quality: float


@dataclass
class Draft:
    slot: str
    level3: str
    description: str
    target: TargetValue
    basis: str
    rationale: str
    source: str  # brief | corpus | convention
    citations: list[Citation] = field(default_factory=list)
    spare_only: bool = False  # offered as an alternative, never placed in the main table
    feats: dict[str, float] = field(default_factory=dict)  # the ranking stage's features (ranking.FEATURES)
    generic: bool = False  # a row any project can use: fills a slot its kinds leave empty, never an alternative

    def indicator(self, s: Slot) -> Indicator:
        return Indicator(
            level1=s.level1, level2=s.level2, level3=self.level3, description=self.description,
            value=self.target.render(), basis=self.basis,
        )


def kinds_used(facts: BriefFacts) -> list[KindMatch]:
    """The best kind, and the next when it is nearly as good or a general one (设备购置 beside 医疗设备):
    a river project's second guess (农村供水) must not bring its rows."""
    kinds = facts.kinds[:KINDS_USED]
    if not kinds:
        return []
    top = kinds[0]
    return [top, *(m for m in kinds[1:] if m.score >= SECOND_KIND * top.score or m.kind.sector == "通用")]


class CandidateStage:
    """`drafts_for(slot, ...)`: the slot's candidates, the brief's own first, alternatives flagged."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._row_sectors: dict[str, frozenset[str]] = {}  # a published 三级指标 -> sectors its words name

    def fits(self, level3: str | None, sectors: set[str]) -> bool:
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

    def drafts_for(
        self, key: str, facts: BriefFacts, hits: Sequence[RowHitLike], comparable: Sequence[RowHitLike],
        sims: dict[int, float] | None = None,
    ) -> list[Draft]:
        sims = sims or {}
        year = facts.budget_year
        drafts: list[Draft] = []
        brief = facts.brief
        used_kinds = kinds_used(facts)
        trades = {m.kind.sector for m in used_kinds}  # a published row naming another sector's trade stays out
        slot_hits = [h for h in hits if slot_key_of(h.indicator.level1, h.indicator.level2) == key]

        # 1. The brief's own facts.
        drafts.extend(brief_drafts(key, facts))

        # 2. What the most comparable published projects measured for this slot, with a value that carries over.
        if key != "cost":
            taken = 0
            for h in comparable:
                if h not in slot_hits or not self.fits(h.indicator.level3, trades):
                    continue
                d = from_hit(key, h)
                if d is None or taken >= CORPUS_FIRST:
                    continue
                taken += 1
                d.feats = {"from_corpus": 1.0, "project_sim": sims.get(id(h), 0.0), "quality": float(h.quality)}
                drafts.append(d)

        # 3. Library rows for the project's kinds, valued from comparable projects or by their stated basis.
        pool: list[tuple[Candidate, int, float, int]] = []  # (candidate, kind position, kind fit, place in list)
        top = used_kinds[0].score if used_kinds and used_kinds[0].score > 0 else 1.0
        for pos, m in enumerate(used_kinds):
            pool.extend((c, pos, m.score / top, n) for n, c in enumerate(c for c in m.kind.candidates if c.slot == key))
        pool.extend((c, -1, 0.0, n) for n, c in enumerate(c for c in self.library.generic if c.slot == key))
        obj = facts.kinds[0].kind.default_obj if facts.kinds else "项目"
        beneficiary = facts.kinds[0].kind.beneficiary if facts.kinds else "服务对象"
        for c, pos, fit, place in pool:
            d = library_draft(c, slot_hits, year, obj, beneficiary, facts, comparable)
            if d is not None:
                d.generic = pos < 0
                d.feats = {"from_library": float(pos >= 0), "generic": float(pos < 0), "second_kind": float(pos > 0),
                           "kind_fit": fit, "has_value": float(bool(c.value)), "standard": float(c.source == "standard"),
                           "corpus_value": float(d.source == "corpus"), "lib_order": 1.0 / (1 + place)}
                drafts.append(d)
        brief_grams = bigrams(f"{brief.name}{brief.purpose}")
        slot_close = [h for h in comparable if h in slot_hits]
        for d in drafts:
            if d.feats:
                grams = bigrams(d.level3)
                d.feats["overlap"] = len(grams & brief_grams) / len(grams) if grams else 0.0
                d.feats["support"] = min(3, sum(similar(h.indicator.level3 or "", d.level3) for h in slot_close)) / 3

        # 4. Other rows of comparable published projects, as alternatives (a row of an unlike project is never
        # offered: 旅游区居民满意度 for an elderly-care brief). Costs are project-specific: only the budget gives them.
        for h in [] if key == "cost" else sorted(comparable, key=lambda h: -(h.score * (0.5 + h.quality))):
            d = from_hit(key, h) if h in slot_hits and self.fits(h.indicator.level3, trades) else None
            if d is not None:
                d.spare_only = True
                drafts.append(d)
        if key == "quantity" and not any(d.source in ("brief", "corpus") and not d.spare_only for d in drafts):
            drafts.insert(0, completion_row(facts))
        return drafts


# -------------------------------------------------------------------------------------------
# The brief's own facts
def brief_drafts(key: str, facts: BriefFacts) -> list[Draft]:
    """The rows a slot takes from the brief itself: its quantities and rates, deadlines, costs."""
    out = [from_quantity(key, q) for q in facts.quantities if classify_slot(q.name, benefit=q.benefit) == key]
    out.extend(grade_draft(g) for g in facts.grades if g.scale.slot == key)
    out.extend(ratio_draft(r) for r in facts.ratios if r.slot == key and key != "cost")  # cost: cost_drafts
    if key == "timeliness":
        out.extend(deadline_drafts(facts))
    if key == "cost":
        out.extend(cost_drafts(facts.brief, facts))
    return out


def from_quantity(key: str, q: Quantity) -> Draft:
    if q.percent:
        comp = "≤" if q.upper or is_down_rate(q.name) else "≥"
        if q.unit == "%" and q.number >= 100:
            comp = ""  # 100% is the target itself; ≥100% reads as a typo
        tv = TargetValue.parse(f"{comp}{num_text(q.number)}{q.unit}")
        desc = f"{q.name}（按统计口径计算的比率）"
    elif q.unit in engine_words().time_units:
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
    return Draft(key, q.name, desc, tv, "计划标准：项目申报计划", f"数值取自项目说明“{q.raw}”。", "brief")


def grade_draft(g: Grade) -> Draft:
    """水质达到III类 -> 水质类别 达到III类, its basis the standard that defines the scale."""
    return Draft(g.scale.slot, g.scale.name, f"按{g.scale.standard}评定的{g.scale.name}", TargetValue.parse(f"达到{g.grade}"),
                 f"国家或行业标准：{g.scale.standard}", f"等级取自项目说明“{g.words}”，按{g.scale.standard}评定。", "brief")


def ratio_draft(r: RatioStandard) -> Draft:
    """按增量部分的10%补助 -> 增量部分后补助比例 ≤10% (成本); 救助比例不低于70% -> a 质量 row."""
    basis = "预算支出标准：项目说明中的补助标准" if r.slot == "cost" else "计划标准：项目说明中的政策标准"
    return Draft(r.slot, r.name, r.description, TargetValue.parse(r.value), basis, f"标准取自项目说明“{r.raw}”。", "brief")


def deadline_drafts(facts: BriefFacts) -> list[Draft]:
    words = engine_words()
    out: list[Draft] = []
    names: set[str] = set()
    for dl in facts.deadlines:
        name, desc = words.deadline_rows.get(dl.verb, words.deadline_default)
        if dl.object and dl.verb == "完成":  # 4月15日前完成全部主体工程 -> 主体工程完成时间
            name, desc = f"{dl.object}完成时间", f"{dl.object}全部完成的时间"
        if name in names and dl.subject:  # two deadlines: each named by what it is for
            name = f"{dl.subject}{name.removeprefix('项目')}"
        names.add(name)
        why = f"完成时限取自项目说明“{dl.words}”" + (f"（{dl.convention}）" if dl.convention else "") + "。"
        out.append(Draft("timeliness", name, desc, TargetValue.parse(dl.value()),
                         "计划标准：项目说明中的完成时限", why, "brief"))
    return out


def cost_drafts(brief: ProjectBrief, facts: BriefFacts) -> list[Draft]:
    out: list[Draft] = []
    b = brief.budget_wan or 0.0
    if not facts.budget_ok:
        out.append(Draft(
            "cost", "项目支出控制", "项目实际支出与预算批复金额的比较", TargetValue.parse("≤预算批复金额"),
            "预算支出标准：项目预算批复", "项目说明未给出预算数，成本以预算批复金额为上限。", "convention",
        ))
    else:
        out.append(Draft(
            "cost", "项目总成本", "项目全年实际支出总额", TargetValue.of(b, "万元", "≤"),
            f"预算支出标准：项目预算{num_text(b)}万元", f"成本上限取自项目预算{num_text(b)}万元，实际支出不得超过预算。",
            "brief",
        ))
    for st in facts.standards:
        out.append(Draft(
            "cost", st.name, f"按政策标准每{st.who}{'每' + st.period if st.period else ''}{st.verb}的金额",
            TargetValue.parse(st.value), f"预算支出标准：项目说明中的{st.verb}标准",
            f"{st.verb}标准取自项目说明“{st.raw}”。", "brief",
        ))
    out.extend(ratio_draft(r) for r in facts.ratios if r.slot == "cost")
    outputs = [q for q in facts.quantities if not q.percent and not q.benefit and q.unit != "年一遇"]
    # Budget / output is a unit cost only when the budget pays for that one output: with 312公里 of
    # roads and 5座 bridges, or vehicles beside a squad's running costs, it is not.
    main = outputs[0] if len(outputs) == 1 and facts.budget_ok else None
    if main and main.number > 0:
        per = b * 10000 / (main.number * (10000 if main.unit.startswith("万") else 1))
        unit = main.unit.removeprefix("万")
        money = "元"
        if per >= 10000:  # 60万元/公里 reads better than 600000元/公里
            per, money = per / 10000, "万元"
        name = f"单位{main.name.removesuffix('数量').removesuffix('人次').removesuffix('人数')}成本"
        out.append(Draft(
            "cost", name, f"项目预算/{main.name}", TargetValue.of(round(per, 2), f"{money}/{unit}", "≤"),
            "预算支出标准：预算总额除以计划数量",
            f"由预算{num_text(b)}万元除以{main.name}{num_text(main.number)}{main.unit}计算得出。", "brief",
        ))
    return out


def completion_row(facts: BriefFacts) -> Draft:
    # 公安办案业务经费 -> 公安办案业务: the task is completed, not the money (money is not a 数量)
    what = re.sub(r"(?:专项)?(?:业务)?(?:经费|资金|补助资金|补贴资金)$", "", facts.kinds[0].kind.label) if facts.kinds else ""
    what = what or "项目"
    return Draft(
        "quantity", f"{what}计划任务完成率", f"实际完成的{what}任务量/计划任务量×100%", TargetValue.parse("100%"),
        "计划标准：项目实施方案和年度工作计划",
        "项目说明未给出具体数量，采用计划完成率表述；请按实施方案改为具体数量（如≥N人次、≥N台）。", "convention",
    )


# -------------------------------------------------------------------------------------------
# Published rows and library rows
def from_hit(key: str, h: RowHitLike) -> Draft | None:
    """A published row carries over when its value is not a project-specific count."""
    ind = h.indicator
    tv = TargetValue.parse(ind.value)
    if not ind.level3 or not tv.measurable or h.quality < MIN_HIT_QUALITY:
        return None
    if len(ind.level3) > 20 or re.search(r"\d|[。；;/÷]", ind.level3):  # a sentence, count or formula, not a name
        return None
    portable = tv.percent or tv.kind in (ValueKind.BOOLEAN, ValueKind.GRADED)
    if not portable:
        return None
    if tv.kind == ValueKind.NUMERIC and tv.number is not None and (tv.text or (tv.percent and tv.number >= 100)):
        # 需达到80%以上 -> ≥80%; ≥100% -> 100%
        tv = TargetValue.of(tv.number, comparator=None if tv.number >= 100 else tv.comparator, percent=True)
    return Draft(
        key, ind.level3, ind.description or ind.level3, tv, ind.basis or "历史标准：同类已发布项目",
        f"同类项目“{project_of(h)}”使用此指标，取值{tv.render()}。", "corpus", [cite(h)],
    )


def library_draft(
    c: Candidate, hits: Sequence[RowHitLike], year: int, obj: str, beneficiary: str, facts: BriefFacts,
    comparable: Sequence[RowHitLike] = (),
) -> Draft | None:
    if c.needs and not any(w in facts.text for w in c.needs):
        return None  # a river project without trees gets no 苗木成活率
    fill = {"obj": obj, "year": year, "beneficiary": beneficiary}
    level3 = c.level3.format(**fill)
    desc = c.description.format(**fill)
    if c.slot == "satisfaction" and beneficiary not in ("", "服务对象") and level3 == "服务对象满意度" and not any(
            h in comparable and similar(h.indicator.level3 or "", level3) for h in hits):
        # Named by the kind's beneficiary (求职者满意度), unless comparable projects say 服务对象满意度 themselves.
        level3 = f"{beneficiary}满意度"
    # Published targets of the same indicator, from comparable projects only (a hospital's 满意度 is not
    # valued from a 人才协会's).
    alike = [h for h in hits if h in comparable and (similar(h.indicator.level3 or "", level3)
             or (c.slot == "satisfaction" and "满意" in (h.indicator.level3 or "")))]
    valued = corpus_value(alike, c.value)
    if valued is not None:
        tv, n, med, lo, hi, _comp = valued
        spread = f"中位数{med}，范围{lo}–{hi}" if n > 1 else f"取值{med}"
        return Draft(
            c.slot, level3, desc, tv, f"历史标准：同类已发布项目{n}例",
            f"参考语料中{n}个同类指标（如“{project_of(alike[0])}”），{spread}。", "corpus", [cite(h) for h in alike[:3]],
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
    return Draft(c.slot, level3, desc, TargetValue.parse(value), c.basis, why, "convention",
                 [cite(h) for h in alike[:2]])


def corpus_value(alike: Sequence[RowHitLike], conventional: str) -> tuple[TargetValue, int, str, str, str, str] | None:
    """Median of comparable published targets of the same kind (percent with percent)."""
    conv = TargetValue.parse(conventional) if conventional else None
    want_percent = conv.percent if conv is not None else None
    vals = []
    for h in alike:
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
    tv = TargetValue.of(med, comparator=None if comp == "=" else comp, percent=True)
    return tv, len(vals), f"{num_text(med)}%", f"{num_text(nums[0])}%", f"{num_text(nums[-1])}%", comp


def cite(h: RowHitLike) -> Citation:
    return Citation(
        table_id=h.table_id, row=h.row, project_name=h.project_name, level3=h.indicator.level3,
        value=h.indicator.value,
    )


def project_of(h: RowHitLike) -> str:
    return h.project_name or h.table_id
