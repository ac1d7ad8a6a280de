"""Table stage: from each slot's ordered candidates, the rows of the table and the alternatives.

Every required 二级 gets its quota of rows (QUOTA), raised to hold every fact the brief states for it
(up to MAX_BRIEF_ROWS); no two rows say the same thing; up to ALTERNATIVES further rows per 二级, from the
project's kinds and comparable projects, are offered beside it. The goal sentence is written from the
final rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.authoring.brief import BriefFacts
from assistant.authoring.candidates import Draft, completion_row
from assistant.authoring.framework import Slot
from assistant.authoring.words import classify_slot, engine_words, norm, num_text, similar
from assistant.models import ProjectBrief, SuggestedRow
from assistant.values import ValueKind

# How many rows each slot gets in the main table before the brief's own facts raise it; a table short of
# MIN_ROWS is then topped up (top_up), so alternatives are left to offer beside it.
QUOTA = {
    "quantity": 2, "quality": 2, "timeliness": 1, "cost": 2, "social": 1, "economic": 1, "ecological": 1,
    "sustainable": 1, "satisfaction": 1,
}
# Rows any project can use (项目任务完成率) fill a slot only up to this many: the rest of the quota is for rows
# of the project's own kinds, comparable projects and the brief.
GENERIC_UP_TO = {"quantity": 1, "quality": 2, "timeliness": 1, "cost": 2, "social": 1, "economic": 1, "ecological": 1,
                 "sustainable": 1, "satisfaction": 1}
ALTERNATIVES = 3
MAX_BRIEF_ROWS = 6  # rows one slot may take from the brief's own facts

Check = Callable[[Draft, Slot], SuggestedRow | None]


def brief_facts_in(key: str, facts: BriefFacts) -> int:
    """How many facts the brief states for a slot: each must find a row."""
    own = sum(classify_slot(q.name, benefit=q.benefit) == key for q in facts.quantities)
    own += sum(g.scale.slot == key for g in facts.grades) + sum(r.slot == key for r in facts.ratios if key != "cost")
    if key == "timeliness":
        own += len(facts.deadlines)
    if key == "cost":
        own = 1 + len(facts.standards) + sum(r.slot == "cost" for r in facts.ratios)  # the total and each standard
    return own


def fill_slot(key: str, s: Slot, drafts: list[Draft], facts: BriefFacts, used: set[str], check: Check,
              brief_names: list[str] | None = None, reserve: list[SuggestedRow] | None = None,
              ) -> tuple[list[SuggestedRow], list[SuggestedRow]]:
    """(rows, alternatives) of one slot; `used` holds the names other slots took (a name appears once) and
    `brief_names` the names of the brief's own facts, whatever their slot (no other row may reword one);
    rows any project can use beyond their share go to `reserve` (the last resort of a short table)."""
    brief_names = brief_names if brief_names is not None else []
    accepted: list[SuggestedRow] = []
    spare: list[SuggestedRow] = []
    quota = max(QUOTA[key], min(brief_facts_in(key, facts), MAX_BRIEF_ROWS))
    for d in drafts:
        if norm(d.level3) in used:
            continue
        if d.source != "brief" and any(similar(d.level3, u) for u in brief_names):
            continue  # the brief's 培训后就业率 under 社会效益: no library 参训人员培训后就业率 under 经济效益
        if d.source != "brief" and any(similar(d.level3, r.level3) for r in accepted):
            continue  # 项目(工程)验收合格率 beside 工程验收合格率: one is enough (the brief's own all stay)
        row = check(d, s)
        if row is None:
            continue
        used.add(norm(d.level3))
        if d.generic and len(accepted) >= GENERIC_UP_TO[key]:
            used.discard(norm(d.level3))  # not shown: it stays free for another slot's use
            if reserve is not None and len(reserve) < ALTERNATIVES:
                reserve.append(row)
        elif len(accepted) < quota and not d.spare_only:
            accepted.append(row)
        elif d.generic:
            used.discard(norm(d.level3))  # not shown: it stays free for another slot's use
        else:
            spare.append(row)
        if len(spare) >= ALTERNATIVES:
            break
    if key == "quantity" and not accepted:  # every candidate was rejected: say so, measurably
        row = check(completion_row(facts), s)
        if row is not None:
            accepted.append(row)
    return accepted, spare


MIN_ROWS, MAX_ROWS = 10, 15  # a complete table (the 10–15 rows)
TOP_UP_ORDER = ("quality", "social", "timeliness", "quantity", "sustainable", "economic", "ecological", "satisfaction")


def top_up(per_slot: dict[str, list[SuggestedRow]], alternatives: dict[str, list[SuggestedRow]],
           level2_of: dict[str, str], reserve: dict[str, list[SuggestedRow]] | None = None) -> None:
    """Below MIN_ROWS, the best alternatives (rows of the project's kinds and comparable projects) move into the
    table, one slot at a time in TOP_UP_ORDER, then rows any project can use (`reserve`); never above MAX_ROWS,
    never a cost row (only the budget gives one), never a name already in the table."""
    total = sum(len(v) for v in per_slot.values())
    # An alternative moves in only while its 二级 keeps another to offer; then rows any project can use.
    total = _move(per_slot, alternatives, level2_of, total, keep=1)
    total = _move(per_slot, {level2_of[k]: v for k, v in (reserve or {}).items() if k in level2_of}, level2_of, total)
    total = _move(per_slot, alternatives, level2_of, total)  # still short: the table before the alternatives
    for key in reversed(TOP_UP_ORDER):  # above MAX_ROWS: the brief's own rows stay, others become alternatives
        rows = per_slot.get(key, [])
        while sum(len(v) for v in per_slot.values()) > MAX_ROWS and len(rows) > QUOTA[key]:
            extra = next((r for r in reversed(rows) if r.value_source != "brief"), None)
            if extra is None:
                break
            rows.remove(extra)
            alternatives.setdefault(level2_of[key], []).insert(0, extra)
    for name in [n for n, v in alternatives.items() if not v]:
        del alternatives[name]


def _move(per_slot: dict[str, list[SuggestedRow]], pool: dict[str, list[SuggestedRow]], level2_of: dict[str, str],
          total: int, keep: int = 0) -> int:
    names = {norm(r.level3) for rows in per_slot.values() for r in rows}
    moved = True
    while total < MIN_ROWS and moved:
        moved = False
        for key in TOP_UP_ORDER:
            spare = pool.get(level2_of.get(key, ""), [])
            while spare and norm(spare[0].level3) in names:
                spare.pop(0)
            if key not in per_slot or len(spare) <= keep or total >= MIN_ROWS:
                continue
            row = spare.pop(0)
            per_slot[key].append(row)
            names.add(norm(row.level3))
            total += 1
            moved = True
    return total


_COUNT_SUFFIX = re.compile(r"(数量|人数|人次|户数|长度|面积|场次|次数|期数|批次|量)$")


def goal_sentence(brief: ProjectBrief, rows: list[SuggestedRow]) -> str:
    """One goal sentence written from the final rows: what is delivered, by when, to what standard."""
    parts = []
    for r in rows:
        t = r.target
        if r.level2 == "数量指标" and r.value_source == "brief" and t.number is not None and not t.percent:
            base = _COUNT_SUFFIX.sub("", r.level3) or r.level3
            parts.append(f"完成{base}{num_text(t.number)}{t.unit or ''}")
    for r in rows:
        if r.level2 == "时效指标" and r.value_source == "brief" and r.target.kind == ValueKind.DEADLINE:
            parts.append(f"于{r.target.render().removesuffix('前')}前{r.level3.removesuffix('时间').removeprefix('项目')}")
    for r in rows:
        t = r.target
        if r.level2 in ("质量指标", "社会效益指标", "服务对象满意度指标", "满意度指标") and t.percent \
                and t.number is not None:
            down = (t.comparator or "≥") in ("≤", "<")
            parts.append(f"{r.level3}{'控制在' if down else '达到'}{num_text(t.number)}%{'以内' if down else ''}")
    body = "，".join(parts[:6]) or "按计划完成项目任务"
    name = brief.name.strip()
    # 通过实施社区养老服务中心 reads as if the centre were carried out: say it is a project.
    if not name.endswith(engine_words().project_endings):
        name += "项目"
    return f"通过实施{name}，{body}。"
