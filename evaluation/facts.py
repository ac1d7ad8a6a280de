"""Fact retention: does the suggested table carry every fact the brief states, in the right 二级?

Sets of briefs, each written blind by a helper acting as a finance clerk (it did not see the engine),
each brief listing the facts it states (a count, a rate, a money standard, a deadline, a grade) with the
number, unit and the 二级 it belongs under:
- `datasets/briefs_facts.jsonl` (tune): 49 briefs for 2026. The engine was changed after looking at its
  misses, so its figures are tuned ones.
- `datasets/briefs_facts_heldout.jsonl` (heldout): 45 briefs for 2027 in 37 sectors, written on 2026-12-01
  after those changes; first measured at 0.876 / 0.748, then looked at on 2026-12-02 (calendar, grades, units,
  the slot of a stated rate were changed after reading its misses), so its later figures are tuned too.
- `datasets/briefs_facts_heldout2.jsonl` (heldout2): 47 briefs for 2027 in 34 sectors, written blind on
  2026-12-02 and measured once before that day's changes (0.840 / 0.722); its misses are not read.
- `datasets/briefs_facts_tune2.jsonl` (tune2): 45 briefs for 2027 in 40 sectors written on 2026-12-02 by a
  helper asked for counts in many wordings, to be read: first measured 0.905 / 0.849, then the engine was
  changed on its misses (tuned).
- `datasets/briefs_facts_heldout3.jsonl` (heldout3): 45 briefs for 2027 in 39 sectors, written blind later on
  2026-12-02 while the engine was changed on the first two sets' misses; measured once those changes were done.
A fact is kept when a suggested row's value carries its number and unit (a deadline: its month and day; a
time limit such as 12小时内: its number and unit; a monthly deadline: the same recurrence; a grade such as
水质达到III类: the same grade of the same scale, assistant/grades.yaml); it is in the
right slot when that row is under the stated 二级.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from assistant.models import ProjectBrief, SuggestedRow
from assistant.values import TargetValue

DATASET = Path(__file__).parent / "datasets" / "briefs_facts.jsonl"
HELDOUT = Path(__file__).parent / "datasets" / "briefs_facts_heldout.jsonl"
HELDOUT2 = Path(__file__).parent / "datasets" / "briefs_facts_heldout2.jsonl"
HELDOUT3 = Path(__file__).parent / "datasets" / "briefs_facts_heldout3.jsonl"
TUNE2 = Path(__file__).parent / "datasets" / "briefs_facts_tune2.jsonl"
_SAME_UNIT = {"名": "人", "人": "人", "千米": "公里", "万名": "万人"}


def read_briefs(path: Path = DATASET) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def brief_of(rec: dict[str, Any]) -> ProjectBrief:
    return ProjectBrief(name=rec["name"], purpose=rec.get("purpose") or "", budget_wan=rec.get("budget_wan"),
                        year=rec.get("year"), goals=list(rec.get("goals") or []),
                        quantities=list(rec.get("quantities") or []))


def _unit(u: str | None) -> str:
    u = unicodedata.normalize("NFKC", u or "").strip()  # 万头（只） as the value parser writes it: 万头(只)
    u = re.sub(r"/(?:生|名|人次)(?=·|$)", "/人", u)  # 5元/生·天 is 5元/人·天: a head is a head
    return _SAME_UNIT.get(u, u)


def _grade_tokens(text: str) -> set[tuple[str, str]]:
    """(scale, grade) pairs named anywhere in the text, spelled one way (AAAA级 = 4A级, III类标准 = III类)."""
    import unicodedata

    from assistant.values import grade_scales

    t = unicodedata.normalize("NFKC", text or "")
    out = set()
    for scale in grade_scales():
        for m in scale.pattern.finditer(t):
            g = re.sub(r"(?:标准|旅游|景区|医院|水质|水体|绿色建筑)", "", m.group())
            g = re.sub(r"^A{1,5}(?=级)", lambda a: f"{len(a.group())}A", g)
            out.add((scale.key, g))
    return out


def _carries(row: SuggestedRow, fact: dict[str, Any]) -> bool:
    t: TargetValue = row.target
    if fact["type"] == "grade" and (named := _grade_tokens(fact["words"])):  # the same grade of the same scale
        return bool(named & _grade_tokens(t.render()))
    if fact["type"] == "grade" and fact.get("number") is None and (rp := re.search(r"(\d+)年一遇", fact["words"])):
        return t.number == float(rp.group(1)) and "年一遇" in t.render()  # 防洪标准达到10年一遇
    if fact["type"] == "deadline" and (fact.get("date") or fact.get("number") is None):
        # A time limit written as a number (12小时内) is compared as a number below.
        if not fact.get("date"):
            return False
        d = _dt.date.fromisoformat(fact["date"])
        text = t.render()
        if not re.search(r"\d", fact["words"]) and fact["words"] in (row.rationale or "") and "月" in text:
            # 汛期前, 春节前: the date of a season is a convention (the engine states its own and quotes the
            # words); the fact is kept when the row is that deadline, whichever day the labeller picked.
            return True
        forms = [f"{d.month}月{d.day}日"]
        if fact["words"].startswith("每月"):  # a deadline every month is kept as the same recurrence
            forms.append(f"每月{d.day}日")
        if d.day == calendar.monthrange(d.year, d.month)[1]:
            forms.append(f"{d.month}月底")
        return any(f in text for f in forms)
    num, unit = fact.get("number"), _unit(fact.get("unit"))
    if num is None or t.number is None:
        return False
    have_unit = "%" if t.percent and not (t.unit or "").endswith("‰") else _unit(t.unit)
    if (t.unit or "") == "‰" or t.raw.endswith("‰"):
        have_unit = "‰"
    # 3.5万亩 is 35000亩: either side may write the scale in the unit or in the number.
    for n, u in _scales(float(num), unit):
        for hn, hu in _scales(t.number, have_unit):
            if abs(hn - n) < 1e-6 * max(1.0, abs(n)) and (u == hu or (u and hu.startswith(u)) or u in _unit(t.render())):
                return True
    return False


def _scales(number: float, unit: str) -> set[tuple[float, str]]:
    """The quantity as written, and in plain units when its unit starts with 万 or 亿 (万亩 -> 亩 ×10000)."""
    out = {(number, unit)}
    for prefix, factor in (("万", 1e4), ("亿", 1e8)):
        if unit.startswith(prefix) and len(unit) > 1:
            out.add((number * factor, unit[1:]))
    return out


def _slot_of(level2: str) -> str:
    """经济成本指标 (2021) is the 成本指标 the clerk means; 服务对象满意度指标 is 满意度指标."""
    if "满意度" in level2:
        return "满意度指标"
    return "成本指标" if "成本" in level2 else level2


def evaluate_facts(composer: Any, briefs: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    briefs = briefs if briefs is not None else read_briefs()
    kept = in_slot = total = 0
    by_type: dict[str, Counter[str]] = {}
    misses = []
    for rec in briefs:
        s = composer.suggest(brief_of(rec))
        for fact in rec["facts"]:
            total += 1
            c = by_type.setdefault(fact["type"], Counter())
            c["facts"] += 1
            rows = [r for r in s.rows if _carries(r, fact)]
            if rows:
                kept += 1
                c["kept"] += 1
                if any(_slot_of(r.level2) == _slot_of(fact["slot"]) for r in rows):
                    in_slot += 1
                    c["in_slot"] += 1
            if not rows or not any(_slot_of(r.level2) == _slot_of(fact["slot"]) for r in rows):
                misses.append({"brief": rec["id"], "words": fact["words"], "slot": fact["slot"],
                               "got": [f"{r.level2}/{r.level3}/{r.target.render()}" for r in rows][:2]})
    n = total or 1
    return {"briefs": len(briefs), "facts": total, "kept": round(kept / n, 4), "in_slot": round(in_slot / n, 4),
            "by_type": {k: {"facts": v["facts"], "kept": round(v["kept"] / v["facts"], 4),
                            "in_slot": round(v["in_slot"] / v["facts"], 4)} for k, v in sorted(by_type.items())},
            "misses": misses}
