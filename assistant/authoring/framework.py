"""Indicator frameworks: which 一级/二级 a project table must cover, and their official names.

- "2021": 财政部 2021 guidance for 项目支出 (成本指标 is a 一级 with 经济成本/社会成本/生态环境成本).
- "2015": the older 产出/效益/满意度 grid, where 成本指标 is a 二级 under 产出指标.
The suggestion engine, the evaluation's coverage metric and the UI read the requirements from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Framework = Literal["2021", "2015"]

OUTPUT, BENEFIT, SATISFACTION, COST = "产出指标", "效益指标", "满意度指标", "成本指标"
QUANTITY, QUALITY, TIMELINESS = "数量指标", "质量指标", "时效指标"
ECONOMIC_COST = "经济成本指标"
SOCIAL, ECONOMIC, ECOLOGICAL, SUSTAINABLE = "社会效益指标", "经济效益指标", "生态效益指标", "可持续影响指标"
SERVED_SATISFACTION = "服务对象满意度指标"

# Canonical short names ("数量", "成本") -> official 二级 names, so callers can speak either.
SHORT_LEVEL2 = {
    "数量": QUANTITY, "质量": QUALITY, "时效": TIMELINESS, "成本": ECONOMIC_COST,
    "经济成本": ECONOMIC_COST, "社会效益": SOCIAL, "经济效益": ECONOMIC, "生态效益": ECOLOGICAL,
    "可持续影响": SUSTAINABLE, "满意度": SERVED_SATISFACTION, "服务对象满意度": SERVED_SATISFACTION,
}


@dataclass(frozen=True)
class Slot:
    """One 二级 position in a framework."""

    level1: str
    level2: str
    key: str  # stable short key: quantity, quality, timeliness, cost, social, economic, ecological, ...


def slots(framework: Framework = "2021") -> dict[str, Slot]:
    cost = Slot(COST, ECONOMIC_COST, "cost") if framework == "2021" else Slot(OUTPUT, "成本指标", "cost")
    return {
        "quantity": Slot(OUTPUT, QUANTITY, "quantity"),
        "quality": Slot(OUTPUT, QUALITY, "quality"),
        "timeliness": Slot(OUTPUT, TIMELINESS, "timeliness"),
        "cost": cost,
        "social": Slot(BENEFIT, SOCIAL, "social"),
        "economic": Slot(BENEFIT, ECONOMIC, "economic"),
        "ecological": Slot(BENEFIT, ECOLOGICAL, "ecological"),
        "sustainable": Slot(BENEFIT, SUSTAINABLE, "sustainable"),
        "satisfaction": Slot(SATISFACTION, SERVED_SATISFACTION, "satisfaction"),
    }


# Always required; economic / ecological are added when the project is of that kind.
BASE_REQUIRED = ("quantity", "quality", "timeliness", "cost", "social", "sustainable", "satisfaction")


def required_keys(*, economic: bool = False, ecological: bool = False) -> list[str]:
    keys = list(BASE_REQUIRED)
    if economic:
        keys.insert(keys.index("social") + 1, "economic")
    if ecological:
        keys.insert(keys.index("sustainable"), "ecological")
    return keys


def slot_key_of(level1: str | None, level2: str | None) -> str | None:
    """Which slot a published row's 一级/二级 belongs to (tolerant of spacing and short names)."""
    l2 = (level2 or "").replace(" ", "")
    l1 = (level1 or "").replace(" ", "")
    table = [
        ("满意度", "satisfaction"), ("数量", "quantity"), ("质量", "quality"), ("时效", "timeliness"),
        ("成本", "cost"), ("社会效益", "social"), ("经济效益", "economic"), ("生态效益", "ecological"),
        ("可持续", "sustainable"),
    ]
    for word, key in table:
        if word in l2:
            return key
    if "满意" in l1:
        return "satisfaction"
    if "成本" in l1:
        return "cost"
    return None
