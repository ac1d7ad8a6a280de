"""`carry_over(last, facts)`: next year's goal table from last year's, with a row-by-row diff.

What a clerk does by hand after 复制上年指标, done with the evidence: rows the linter passes are kept;
a stated new quantity replaces the old one (matched by unit and the counted thing, read by brief.py);
a unit cost derived from the budget is recomputed, a total-cost row follows the new budget; deadlines
move to the new year (dates.py); a rate target never drops below last year's without a stated reason;
flagged rows are rewritten by `improve` and rows the new year's framework requires are added by the
engine. Every change is one `DiffRow` (二级, 上年, 今年, 原因 in Chinese).
"""

from __future__ import annotations

import calendar
import dataclasses
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, Field

from assistant.authoring.brief import Quantity, analyse
from assistant.authoring.compose import OfflineComposer
from assistant.authoring.dates import find_deadlines
from assistant.authoring.framework import COST, ECONOMIC_COST, slot_key_of
from assistant.authoring.improve import brief_of, fits_project, improve
from assistant.export.layout import AppendixRow
from assistant.lint import lexicon as lx
from assistant.models import GoalTable, Indicator, LintFinding, ProjectBrief, Severity, SuggestedRow
from assistant.values import TargetValue

TableLinter = Callable[[GoalTable], list[LintFinding]]
Change = Literal["kept", "updated", "rewritten", "added", "dropped", "replaced", "unresolved"]
CHANGES: tuple[Change, ...] = ("kept", "updated", "rewritten", "added", "dropped", "replaced", "unresolved")
_TAG = "_carry_row"  # marks a row's origin through `improve`; removed before the table is returned
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?=\s*年)")
_DOWN = ("失业率", "发生率", "差错率", "投诉率", "故障率", "辍学率", "受害率", "事故率", "死亡率", "发病率", "不合格率",
         "流失率", "空置率", "返贫率", "超标率", "损失率", "误差率", "漏报率")


@dataclasses.dataclass
class CarryFacts:
    """This year's facts as the clerk states them."""

    budget_wan: float | None = None
    quantities: list[str] = dataclasses.field(default_factory=list)  # 培训3500人次, one per item
    scope: str = ""  # a changed scope, in words
    year: int | None = None
    reason: str = ""  # why a rate target may drop below last year's


class DiffRow(BaseModel):
    level2: str = ""
    before: str = ""  # 上年: 三级指标：指标值 ("" for an added row)
    after: str = ""  # 今年
    why: str = ""  # 原因
    change: Change = "kept"
    row: int | None = None  # last year's row number (0-based), None for added rows


class Carry(BaseModel):
    last: GoalTable
    table: GoalTable
    diff: list[DiffRow] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # facts that matched no row, table-level changes

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = dict.fromkeys(CHANGES, 0)
        for d in self.diff:
            out[d.change] += 1
        return out


def validate_facts(facts: CarryFacts) -> None:
    """A clear bilingual message for input a carry-over cannot use."""
    b = facts.budget_wan
    if b is None or not math.isfinite(b) or b <= 0:
        raise ValueError("今年预算数应为大于0的数字（万元）/ the new budget must be a positive number of 万元")
    if facts.year is not None and not 2000 <= facts.year <= 2100:
        raise ValueError("预算年度应在2000到2100之间 / the year must be between 2000 and 2100")
    for q in facts.quantities:
        if q.strip() and not _parse_quantity(q):
            raise ValueError(f"无法从“{q}”读出数量和单位，请写成“培训3500人次”这样的形式 / "
                             f"no number with a unit in {q!r}; write it like 培训3500人次")


def cell(ind: Indicator | None) -> str:
    """A row as one diff cell: 三级指标：指标值."""
    if ind is None:
        return ""
    return f"{(ind.level3 or '').strip()}：{(ind.value or '').strip()}"


# -- value updates -----------------------------------------------------------------------------
def _parse_quantity(text: str) -> Quantity | None:
    qs = analyse(ProjectBrief(name="", quantities=[text.strip()])).quantities
    return qs[0] if qs else None


def _bigrams(text: str) -> set[str]:
    s = [c for c in text if "\u4e00" <= c <= "\u9fff" or c.isalnum()]
    return {a + b for a, b in itertools.pairwise(s)} - {"数量", "人数", "人次", "完成", "项目", "指标"}


def _same_unit(a: str | None, b: str | None) -> bool:
    return bool(a and b) and (a or "").removeprefix("万") == (b or "").removeprefix("万")


def _amount(number: float, unit: str) -> float:
    """A count in its base unit (2.1万人 -> 21000)."""
    return number * (10000 if unit.startswith("万") and len(unit) > 1 else 1)


def bare_unit(value: str | None) -> str | None:
    """The unit of a value that is a unit and nothing else (`万亩`, `≥人次`): last year's number left out."""
    core = (value or "").strip().lstrip("≥≤><=＞＜")
    if not core or any(ch.isdigit() for ch in core):
        return None
    return core if core in lx.KNOWN_UNITS and core not in lx.NOT_UNITS else None


def _match_quantity(q: Quantity, rows: list[Indicator], taken: set[int]) -> int | None:
    """The row counting the same thing in the same unit: most shared words, a lone row of that unit.
    A row whose value is its unit alone (`万亩`) counts in that unit."""
    best: tuple[int, int] | None = None
    candidates = []
    for i, r in enumerate(rows):
        tv = r.target
        if i in taken:
            continue
        if tv.number is not None:
            if tv.percent != q.percent or not (q.percent or _same_unit(tv.unit, q.unit)):
                continue
        elif q.percent or not _same_unit(bare_unit(r.value), q.unit):
            continue
        candidates.append(i)
        overlap = len(_bigrams(q.name + q.obj + q.raw) & _bigrams((r.level3 or "") + (r.description or "")))
        if overlap and (best is None or overlap > best[0]):
            best = (overlap, i)
    if best is not None:
        return best[1]
    return candidates[0] if len(candidates) == 1 else None


def _render(old: TargetValue, number: float, unit: str) -> str:
    comparator = old.comparator if old.comparator is not None else ("≥" if old.raw.strip().startswith("≥") else None)
    return TargetValue.of(round(number, 2), unit, comparator).render()


def _shift_years(text: str | None, delta: int) -> str | None:
    if not text or not delta:
        return text
    return _YEAR.sub(lambda m: str(int(m.group(1)) + delta), text)


def _move_deadline(value: str, last_year: int, year: int) -> str | None:
    """`2020年12月31日前` -> `2021年12月31日前`; `12月底前完成` -> `2021年12月底前完成`; None when the value is
    not a deadline alone (words around it are left to the year shift)."""
    found = find_deadlines(value, last_year)
    if len(found) != 1 or len(found[0].words) < len(value.strip()) - 2:
        return None
    d = found[0]
    day = min(d.date.day, calendar.monthrange(year, d.date.month)[1])
    new = dataclasses.replace(d, date=d.date.replace(year=year, day=day)).value()
    return new + (d.verb if d.words.endswith(d.verb) else "")


def _is_down_rate(ind: Indicator) -> bool:
    tv = ind.target
    return (tv.comparator or "").startswith(("≤", "<")) or any(w in (ind.level3 or "") for w in _DOWN)


def _update_values(last: GoalTable, facts: CarryFacts, year: int, delta: int
                   ) -> tuple[list[Indicator], dict[int, list[str]], list[str], list[Indicator], set[int]]:
    """Last year's rows with this year's numbers and dates; the reasons by row; notes; new quantity rows;
    last year's rows that now hold a number the clerk stated."""
    rows = [r.model_copy(update={"extra": {**r.extra, _TAG: i}}) for i, r in enumerate(last.indicators)]
    why: dict[int, list[str]] = {}
    notes: list[str] = []
    extra_rows: list[Indicator] = []
    taken: set[int] = set()
    old_qty: dict[int, float] = {}
    stated: set[int] = set()
    for text in (q for q in facts.quantities if q.strip()):
        q = _parse_quantity(text)
        if q is None:
            continue
        i = _match_quantity(q, rows, taken)
        if i is None:
            if q.percent:
                notes.append(f"今年的“{text}”没有对应的上年比率指标，未使用。")
                continue
            extra_rows.append(Indicator(level1="产出指标", level2="数量指标", level3=q.name,
                                        description=f"{year}年{q.name}", value=TargetValue.of(q.number, q.unit).render(),
                                        basis="计划标准：今年实施方案",
                                        extra={_TAG: len(rows) + len(extra_rows)}))
            notes.append(f"今年的“{text}”没有对应的上年指标，已作为数量指标新增。")
            continue
        taken.add(i)
        old = rows[i].target
        if q.percent and old.number is not None and q.number < old.number and not _is_down_rate(rows[i]) \
                and not facts.reason.strip():
            why.setdefault(i, []).append(f"今年给出的“{text}”低于上年{old.render()}，未说明原因，保持上年目标")
            continue
        old_qty[i] = _amount(old.number or 0, old.unit or "")
        value = _render(old, q.number, q.unit)
        if old.number is None:
            why.setdefault(i, []).append(f"按今年数量“{text}”填写（上年指标值“{rows[i].value}”没有数字）")
        else:
            why.setdefault(i, []).append(f"按今年数量“{text}”更新（上年{old.render()}）")
        rows[i] = rows[i].model_copy(update={"value": value})
        stated.add(i)
    new_b, old_b = facts.budget_wan, last.budget_wan
    for i, r in enumerate(rows):
        tv = r.target
        key = slot_key_of(r.level1, r.level2)
        name = r.level3 or ""
        costish = key == "cost" or "成本" in name or "费用" in name
        if costish and tv.number is None and new_b and bare_unit(r.value) in ("万元", "元"):
            unit = bare_unit(r.value) or "万元"
            value = TargetValue.of(round(new_b * (10000 if unit == "元" else 1), 2), unit, "≤").render()
            rows[i] = r.model_copy(update={"value": value})
            why.setdefault(i, []).append(f"由今年预算{new_b:g}万元填写（上年指标值“{r.value}”没有数字）")
        elif tv.number is None or tv.percent or not tv.unit or not new_b:
            pass
        elif costish and "/" in tv.unit and tv.unit.split("/")[0] in ("元", "万元"):
            per = (re.search(r"/([^/\d]+)$", tv.render()) or re.search(r"/(.+)$", tv.unit))[1]  # type: ignore[index]
            base = next((j for j, x in enumerate(rows) if j != i and not x.target.percent and x.target.number
                         and _same_unit(x.target.unit, per)), None)
            if base is None:
                why.setdefault(i, []).append(f"表中没有以“{per}”计的数量，无法由预算重算单位成本，保留上年标准")
                continue
            q_new = _amount(rows[base].target.number or 0, rows[base].target.unit or "")
            q_old = old_qty.get(base, q_new)
            money = 10000 if tv.unit.startswith("万") else 1
            derived = old_b and q_old and abs(old_b * 10000 / q_old / money - tv.number) <= 0.15 * tv.number
            if not derived:
                why.setdefault(i, []).append("上年单位成本不等于预算除以数量，视为支出标准，保留")
                continue
            value = _render(tv, new_b * 10000 / q_new / money, tv.unit.split("/")[0] + "/" + per)
            rows[i] = r.model_copy(update={"value": value})
            why.setdefault(i, []).append(
                f"由今年预算{new_b:g}万元除以{rows[base].level3}{rows[base].target.render().lstrip('≥≤=')}重算"
                f"（上年{tv.render()}）")
        elif costish and tv.unit in ("万元", "元"):
            money = 10000 if tv.unit == "元" else 1
            total = old_b and abs(tv.number / money - old_b) <= 0.05 * old_b
            if total or any(w in name for w in ("总成本", "总额", "总投入", "预算")):
                rows[i] = r.model_copy(update={"value": _render(tv, new_b * money, tv.unit)})
                why.setdefault(i, []).append(f"总成本随今年预算{new_b:g}万元调整（上年{tv.render()}）")
    for i, r in enumerate(rows):
        upd: dict[str, str | None] = {}
        moved = _move_deadline(r.value or "", last.year or year - 1, year) \
            if slot_key_of(r.level1, r.level2) == "timeliness" or _YEAR.search(r.value or "") else None
        if moved and moved != r.value:
            upd["value"] = moved
        elif delta and _YEAR.search(r.value or ""):
            upd["value"] = _shift_years(r.value, delta)
        for f in ("level3", "description", "basis"):
            shifted = _shift_years(getattr(r, f), delta)
            if shifted != getattr(r, f):
                upd[f] = shifted
        if upd:
            rows[i] = r.model_copy(update=upd)
            if "value" in upd:
                why.setdefault(i, []).append(f"期限移到{year}年（上年{r.value}）")
            else:
                why.setdefault(i, []).append(f"年度改为{year}年")
        # Since 2021 成本指标 is a 一级 of its own (财预〔2021〕101号 framework), not a 二级 under 产出.
        r = rows[i]
        if year >= 2021 and slot_key_of(r.level1, r.level2) == "cost" and "成本" not in (r.level1 or ""):
            rows[i] = r.model_copy(update={"level1": COST, "level2": ECONOMIC_COST})
            why.setdefault(i, []).append(f"{year}年起成本指标为一级指标，移到“成本指标—经济成本指标”")
    return rows, why, notes, extra_rows, stated


def _keep_rates(last: Indicator, now: Indicator, reason: str) -> tuple[Indicator, str | None]:
    """A rate target that fell below last year's goes back, unless the clerk said why."""
    a, b = last.target, now.target
    # Above 100% last year's target was itself wrong (the linter's fix stands).
    if a.percent and b.percent and a.number is not None and b.number is not None and b.number < a.number < 100 \
            and not _is_down_rate(last) and not reason.strip():
        return now.model_copy(update={"value": a.render()}), f"比率目标不低于上年（改写后为{b.render()}，恢复为{a.render()}）"
    return now, None


def _goals(last: GoalTable, facts: CarryFacts, delta: int, changes: list[tuple[Indicator, Indicator]]) -> list[str]:
    goals = [_shift_years(g, delta) or "" for g in last.goals]
    for before, after in changes:
        a, b = before.target, after.target
        if a.number is None or b.number is None or a.percent or a.number == b.number:
            continue
        old, new = a.render().lstrip("≥≤=<>"), b.render().lstrip("≥≤=<>")
        goals = [g.replace(old, new) for g in goals]
    if facts.scope.strip():
        goals.append(f"今年变化：{facts.scope.strip()}")
    return goals


# -- rows no fix could clean: filled from the facts, dropped, replaced, or said -------------------------
_VALUE_FLAGS = ("vague_value", "no_unit_or_comparator")


def _blocking(fs: list[LintFinding]) -> list[LintFinding]:
    return [f for f in fs if f.severity in (Severity.ERROR, Severity.WARNING)]


def _slot(r: Indicator) -> str:
    return slot_key_of(r.level1, r.level2) or (r.level2 or r.level1 or "").strip()


def _invents_count(r: SuggestedRow) -> bool:
    """A count target the clerk did not state (≥1200人 taken from another project): never put in a table
    as this project's number. Rates, deadlines, limits (≤), durations and zero targets are conventions."""
    tv = r.target
    if r.value_source == "brief" or tv.number is None or tv.percent or tv.number == 0:
        return False
    if (tv.comparator or "").startswith(("≤", "<")) or slot_key_of(r.level1, r.level2) == "cost":
        return False
    return (tv.unit or "") not in lx.KNOWN_TIME_UNITS


def _problem(r: Indicator, fs: list[LintFinding], last_year: bool, twin: str | None) -> str:
    """What is wrong with the row, in a clerk's words."""
    parts = []
    v = (r.value or "").strip()
    for f in fs:
        if f.flag == "vague_value" and not any(ch.isdigit() for ch in v):
            parts.append(f"{'上年' if last_year else ''}指标值为空，无法衡量" if not v
                         else f"{'上年' if last_year else ''}指标值“{v}”无数字，无法衡量")
        else:
            parts.append(f.message.rstrip("。"))
    if twin is not None:
        parts.append(f"与本表另一行“{twin}”重复，同一结果不应考核两次")
    return "；".join(dict.fromkeys(parts))


def _to_fill(r: Indicator, fs: list[LintFinding], twin: str | None) -> str:
    """What the clerk would have to fill in to keep the row."""
    name = lx.clean(r.level3) or "该指标"
    if any(f.flag in _VALUE_FLAGS for f in fs):
        if lx.is_rate_name(name):
            return f"请填写今年的{name}目标（如“≥X%”）"
        unit = bare_unit(r.value) or bare_unit(r.target.unit) or lx.unit_hint(name) or "个"
        return f"请填写今年的{name}（如“≥N{unit}”），或续编时写明今年数量（如“{name}N{unit}”）"
    fixes = [f.fix.rstrip("。") for f in fs if f.fix]
    if twin is not None:
        fixes.append("把两行改成不同的考核对象，并在三级指标中写明")
    return "请" + "；".join(dict.fromkeys(fixes)) if fixes else "请按项目实际改写三级指标和指标值"


class _EngineRows:
    """The engine's rows for this project (the same suggestion that adds missing 二级 rows), asked once."""

    def __init__(self, like: GoalTable, composer: OfflineComposer | None) -> None:
        self.like = like
        self.composer = composer
        self._rows: list[SuggestedRow] | None = None

    def rows(self) -> list[SuggestedRow]:
        if self._rows is None:
            self._rows = []
            if self.composer is not None:
                s = self.composer.suggest(brief_of(self.like, getattr(self.composer, "library", None)), exclude_table_ids=(self.like.id,))
                self._rows = list(s.rows) + [r for alts in s.alternatives.values() for r in alts]
        return self._rows

    def replacement(self, rows: list[Indicator], j: int, lint_table: TableLinter) -> tuple[Indicator, SuggestedRow] | None:
        """The engine's first row for row j's 二级 that is new to the table, states no invented count and
        that the linter passes where it would stand (the engine keeps to the project's 行业: `brief_of`)."""
        before = rows[j]
        key = _slot(before)
        names = {lx.clean(r.level3) for r in rows}
        # Rows sharing specific words with the project or the row replaced first (improve's test), then the rest.
        pool = sorted(self.rows(), key=lambda r: not fits_project(r, self.like, before))
        for cand in pool:
            if _slot(cand.to_indicator()) != key or lx.clean(cand.level3) in names or _invents_count(cand):
                continue
            ind = cand.to_indicator().model_copy(update={"level1": before.level1 or cand.level1,
                                                        "level2": before.level2 or cand.level2})
            trial = [*rows[:j], ind, *rows[j + 1:]]
            found = lint_table(self.like.model_copy(update={"indicators": trial}))
            if any(f.row == j for f in _blocking(found)) or any(
                    f.flag == "duplicate" and f.evidence == lx.clean(ind.level3) for f in found):
                continue
            return ind, cand
        return None


def _needed(rows: list[Indicator], j: int, like: GoalTable, lint_table: TableLinter) -> bool:
    """Whether the table without row j draws a table-level warning it did not have (a required 二级 missing)."""
    def table_flags(rs: list[Indicator]) -> set[tuple[str, str]]:
        return {(f.flag, f.evidence or "") for f in _blocking(lint_table(like.model_copy(update={"indicators": rs})))
                if f.row is None}

    return bool(table_flags([*rows[:j], *rows[j + 1:]]) - table_flags(rows))


def _settle(rows: list[Indicator], owners: list[DiffRow], like: GoalTable, lint_table: TableLinter,
            composer: OfflineComposer | None, stated: set[int]) -> tuple[list[Indicator], list[DiffRow]]:
    """Make the carried table pass the linter without inventing a number.

    A row still flagged after the fixes (and after the stated facts filled what they could) is dropped
    when its 二级 keeps another clean row, else replaced by the engine's row for that 二级; only when
    neither is possible does it stay, said as 待人工修改 with the reason. A repeated 三级指标 is a flagged
    row too (the first one stays). A row holding a number the clerk stated is never dropped or replaced."""
    engine = _EngineRows(like, composer)
    done: set[int] = set()  # id() of diff rows decided as unresolved
    for _ in range(4):
        found = lint_table(like.model_copy(update={"indicators": rows}))
        flagged: dict[int, list[LintFinding]] = {}
        for f in _blocking(found):
            if f.row is not None and 0 <= f.row < len(rows):
                flagged.setdefault(f.row, []).append(f)
        twin: dict[int, str] = {}
        first: dict[str, int] = {}
        for j, r in enumerate(rows):
            name = lx.clean(r.level3)
            if name and not lx.is_category_name(name):
                if name in first:
                    twin[j] = name
                    flagged.setdefault(j, [])
                else:
                    first[name] = j
        todo = sorted(j for j in flagged if id(owners[j]) not in done)
        if not todo:
            break
        clean = Counter(_slot(r) for j, r in enumerate(rows) if j not in flagged)
        drop: set[int] = set()
        for j in todo:
            r, d, fs = rows[j], owners[j], flagged[j]
            key, level2 = _slot(r), r.level2 or r.level1 or "该二级指标"
            last_year = bool(d.before) and d.before == cell(r)
            problem = _problem(r, fs, last_year, twin.get(j))
            fill = _to_fill(r, fs, twin.get(j))
            if (d.row is not None and d.row in stated) or (d.row is None and d.change == "added" and "今年新增数量" in d.why):
                d.change = "unresolved"
                d.why = "；".join(x for x in (d.why, f"今年给出的数量已填入此行，但{problem}。{fill}") if x)
                done.add(id(d))
                continue
            if clean[key] > 0:
                drop.add(j)
                d.change, d.after = "dropped", ""
                d.why = f"{problem}；{level2}下还有其他指标，今年删除此行。如需保留，{fill}。"
                continue
            pick = engine.replacement(rows, j, lint_table)
            if pick is not None:
                ind, cand = pick
                rows[j] = ind
                clean[key] += 1
                first[lx.clean(ind.level3)] = j
                d.change = "replaced" if d.row is not None else "added"
                d.after = cell(ind)
                check = "" if fits_project(cand, like, r) else "该指标与本项目名称、目标没有共同的关键词，请核对是否适用；"
                d.why = (f"{problem}；{level2}下没有其他可用的指标，改用引擎的同类指标“{cand.level3} "
                         f"{cand.target.render()}”：{cand.rationale.rstrip('。')}。{check}如需保留原指标，{fill}。")
                continue
            why_not = ("也没有引擎可用的同类指标" if composer is not None
                       else "未接入指标引擎（需要语料索引），无法替换")
            if not _needed(rows, j, like, lint_table):
                drop.add(j)
                d.change, d.after = "dropped", ""
                d.why = (f"{problem}；{level2}下没有其他指标，{why_not}；删除后表中仍有框架要求的各类指标，"
                         f"今年删除此行。如需保留，{fill}。")
                continue
            d.change = "unresolved"
            d.why = f"{problem}；{level2}下没有其他指标，{why_not}，删除会使表中缺少{level2}，请人工修改：{fill}。"
            done.add(id(d))
        rows = [r for j, r in enumerate(rows) if j not in drop]
        owners = [d for j, d in enumerate(owners) if j not in drop]
    return rows, owners


def carry_over(last: GoalTable, facts: CarryFacts, lint_table: TableLinter,
               composer: OfflineComposer | None = None) -> Carry:
    validate_facts(facts)
    year = facts.year or ((last.year + 1) if last.year else None)
    if year is None:
        raise ValueError("上年表没有年度，请给出今年的预算年度 / the table has no year; give --year")
    delta = year - last.year if last.year else 0
    rows, why, notes, extra_rows, stated = _update_values(last, facts, year, delta)
    scope = facts.scope.strip()
    purpose = _shift_years(last.purpose, delta) or ""
    if scope:
        purpose = f"{purpose}；{year}年变化：{scope}" if purpose else scope
    fiscal = facts.budget_wan if last.fiscal_wan is not None and last.fiscal_wan == last.budget_wan else None
    if last.fiscal_wan is not None and fiscal is None:
        notes.append(f"上年财政资金{last.fiscal_wan:g}万元与预算不同，今年财政资金请按批复填写。")
    draft = last.model_copy(update={
        "indicators": rows + extra_rows, "year": year, "budget_wan": facts.budget_wan, "fiscal_wan": fiscal,
        "purpose": purpose or None, "title": _shift_years(last.title, delta),
        "project_name": _shift_years(last.project_name, delta), "goals": [_shift_years(g, delta) or "" for g in last.goals],
    })
    imp = improve(draft, lint_table, composer, replace_stuck=False)
    rewrites = {r.row: r for r in imp.rewrites}
    final: list[Indicator] = []
    owners: list[DiffRow] = []  # the diff row of each row of `final`
    diff: list[DiffRow] = []
    seen: set[int] = set()
    for j, ind in enumerate(imp.improved.indicators):
        origin = ind.extra.get(_TAG)
        if origin is None and j < len(draft.indicators) + len(imp.added):
            # A stuck row improve replaced by the engine's row keeps its place: find it among the rewrites.
            origin = next((r.row for r in imp.rewrites if r.after.level3 == ind.level3 and r.after.value == ind.value
                           and r.row < len(last.indicators) and r.row not in seen), None)
        clean = ind.model_copy(update={"extra": {k: v for k, v in ind.extra.items() if k != _TAG}})
        if origin is None or origin >= len(last.indicators):
            src = next((r for r in imp.added if r.level3 == ind.level3), None)
            why_added = (f"今年新增数量“{ind.level3}”" if origin is not None
                         else f"上年表缺少{ind.level2 or ind.level1}，按{year}年框架由引擎补充"
                         + (f"：{src.rationale}" if src is not None else ""))
            d = DiffRow(level2=ind.level2 or "", before="", after=cell(clean), why=why_added, change="added")
        else:
            seen.add(origin)
            before = last.indicators[origin]
            clean, kept_why = _keep_rates(before, clean, facts.reason)
            reasons = list(why.get(origin, []))
            if origin in rewrites:
                reasons.append("上年指标有问题，已改写：" + rewrites[origin].reason)
            if kept_why:
                reasons.append(kept_why)
            change: Change = "rewritten" if origin in rewrites else "updated" if cell(before) != cell(clean) else "kept"
            if change == "kept":
                reasons = reasons or ["上年指标无问题，保留"]
            d = DiffRow(level2=clean.level2 or before.level2 or "", before=cell(before), after=cell(clean),
                        why="；".join(dict.fromkeys(reasons)), change=change, row=origin)
        final.append(clean)
        owners.append(d)
        diff.append(d)
    for i, before in enumerate(last.indicators):
        if i not in seen:
            diff.append(DiffRow(level2=before.level2 or "", before=cell(before), after="", row=i, change="updated",
                                why="该行在改写中被同类指标取代"))
    final, owners = _settle(final, owners, imp.improved, lint_table, composer, stated)
    # An engine row dropped again was never last year's: it leaves the diff.
    diff = [d for d in diff if not (d.row is None and d.change == "dropped")]
    changes = [(last.indicators[d.row], r) for r, d in zip(final, owners, strict=True) if d.row is not None]
    table = imp.improved.model_copy(update={
        "id": f"{last.id}-{year}", "indicators": final, "goals": _goals(last, facts, delta, changes),
        "source_url": None, "provenance": None,
    })
    return Carry(last=last, table=table, diff=diff, notes=notes)


DIFF_HEADER = ("二级指标", "上年", "今年", "原因")
APPENDIX_TITLE = "与上年对比（上年 | 今年 | 原因）"
CHANGE_CN: dict[str, str] = {"kept": "保留", "updated": "更新", "rewritten": "改写", "added": "新增", "dropped": "删除",
                             "replaced": "替换", "unresolved": "待人工修改"}


def diff_rows(carry: Carry) -> list[list[str]]:
    """The diff as table rows: 二级指标, 上年, 今年, 原因 (the change kind first in 原因)."""
    return [[d.level2, d.before, d.after, f"【{CHANGE_CN[d.change]}】{d.why}"] for d in carry.diff]


def diff_appendix(carry: Carry) -> list[AppendixRow]:
    """The diff as the export appendix: 问题 holds last year's row, 修改建议 this year's, 说明 the reason."""
    return [AppendixRow(row=i, level3=d.level2, rationale=f"【{CHANGE_CN[d.change]}】{d.why}",
                        problems=f"上年：{d.before or '（无）'}", fixes=f"今年：{d.after or '（删除）'}")
            for i, d in enumerate(carry.diff)]


def diff_text(carry: Carry) -> str:
    """The diff for a terminal: one block per row."""
    lines = [f"{carry.last.year or '上年'} → {carry.table.year}：" + "，".join(
        f"{CHANGE_CN[k]}{n}行" for k, n in carry.counts().items() if n)]
    for d in carry.diff:
        lines.append(f"[{CHANGE_CN[d.change]}] {d.level2}\n  上年：{d.before or '（无）'}\n  今年：{d.after or '（删除）'}\n  原因：{d.why}")
    lines += [f"提示：{n}" for n in carry.notes]
    return "\n".join(lines)
