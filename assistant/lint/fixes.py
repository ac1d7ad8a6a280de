"""Concrete rewrites for bad 指标值: a measurable alternative chosen from the indicator's name.

Each function returns `(replacement or None, Chinese hint)`. A replacement is only given when it is a
conventional standard that fits whatever the project is (满意度 ≥90%, 验收合格率 100%, a year-end
deadline); a count needs its number from the plan, so it gets a hint (`≥N人`) and no replacement.
"""

from __future__ import annotations

from functools import lru_cache

from assistant.lint import lexicon as lx
from assistant.values import TargetValue

# (name words, value, why) for rates; first match wins.
_RATE_STANDARDS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("满意",), "≥90%", "满意度通常以不低于90%为通行标准"),
    (("验收合格", "验收通过"), "100%", "工程和设备验收合格率通常要求100%"),
    (("覆盖率", "发放率", "到位率", "兑现率", "支付率", "足额"), "100%", "补助、待遇按政策应全部发放到位，通常为100%"),
    (("合格率", "达标率", "通过率", "准确率", "正确率", "完好率"), "≥95%", "合格率、达标率通常以不低于95%为通行标准"),
    (("及时率", "完成率", "办结率", "结案率", "执行率", "落实率"), "≥95%", "及时率、完成率通常以不低于95%为通行标准"),
)


@lru_cache(maxsize=16384)  # a pure function of the name, and names repeat
def rate_standard(name: str | None) -> tuple[str, str] | None:
    """The conventional target for a 正向 rate, with the reason; None for 反向 or unknown rates."""
    s = lx.clean(name)
    if lx.direction(s) == "down":
        return None
    for words, value, why in _RATE_STANDARDS:
        if any(w in s for w in words):
            return value, why
    if lx.is_rate_name(s):
        return "≥90%", "正向比率通常以不低于90%为通行标准"
    return None


# (name words, limit, why): a 时限 / 时长 / 响应时间 measures a duration, so its target is an upper bound.
_TIME_LIMITS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("修复", "维修", "抢修", "排除", "故障"), "≤24小时", "故障修复通常承诺24小时内，请按运维合同的响应时限调整"),
    (("响应", "到场", "到达", "出警", "处置"), "≤30分钟", "现场响应通常以30分钟内为承诺时限，请按实际承诺调整"),
    (("办理", "办结", "审批", "受理", "审核", "答复", "回复"), "≤5个工作日", "办事时限按办事指南的承诺时限填写，请按实际调整"),
)
_DURATION_WORDS = ("时限", "时长", "用时", "响应时间", "修复时间", "办理时间", "办结时间", "到场时间", "处置时间")


@lru_cache(maxsize=16384)
def time_limit(name: str | None) -> tuple[str | None, str] | None:
    """For a duration indicator (故障修复时限, 办结时长): a conventional upper bound and why."""
    s = lx.clean(name)
    if not any(w in s for w in _DURATION_WORDS):
        return None
    for words, value, why in _TIME_LIMITS:
        if any(w in s for w in words):
            return value, why
    return None, "写成“≤N个工作日”或“≤N小时”，N取服务承诺或办事指南的时限"


def deadline(year: int | None) -> str:
    return f"{year}年12月底前完成" if year else "12月底前完成"


def measurable_alternative(
    name: str | None, level2: str | None, value: str | None, year: int | None
) -> tuple[str | None, str]:
    """For a vague value: a replacement (or None) and a hint saying what to write."""
    s = lx.clean(name)
    v = lx.clean(value)
    key = lx.level2_key(level2)
    std = rate_standard(s)
    if std:
        return std[0], f"改为可核验的比率“{std[0]}”（{std[1]}，请按实际情况调整）。"
    if lx.direction(s) == "down" and lx.is_rate_name(s):
        return None, "反向比率应写成上限，如“≤X%”，X取上年实际值或行业标准。"
    limit = time_limit(s)
    if limit:
        if limit[0] is None:
            return None, f"“{s}”考核的是时限（用时长短），应写成上限，{limit[1]}，而不是完成日期。"
        return limit[0], f"“{s}”考核的是时限（用时长短），应写成上限“{limit[0]}”（{limit[1]}），而不是完成日期。"
    sv = s + v  # a word may run from the name into the value
    if key == "timeliness" or any(w in sv for w in ("及时", "按时", "按期", "时间", "时限", "全年")):
        dl = deadline(year)
        return dl, f"时效指标应写明完成期限，如“{dl}”。"
    if s.endswith("性") and key not in ("sustainable",):  # 合规性, 规范性: a yes/no judgement
        return "是", "“…性”类定性指标可写成可判定的“是/否”，并在描述中写明判定标准。"
    if key == "cost" or (key is None and any(w in s for w in ("成本", "费用", "经费", "资金"))):
        return "≤预算批复金额", "成本指标应写成不超过预算的金额，如“≤预算批复金额”或“≤X万元”。"
    if key == "sustainable":
        return "≥3年", "可持续影响可写成持续发挥作用的年限，如“≥3年”（三级指标相应改为“…持续发挥作用年限”）。"
    if key in ("social", "economic", "ecological") or not s:
        return None, (
            "改写为可统计的结果，如“受益人数≥N人”“…覆盖率≥90%”“…增长率≥X%”，N、X取自项目计划或上年实际值。"
        )
    unit = lx.unit_hint(s) or "个"
    return None, f"写成数量目标“≥N{unit}”，N取自年度工作计划或实施方案。"


def with_percent(tv: TargetValue, name: str | None) -> str:
    """`≥90` or `≥90完成比例` under a rate -> `≥90%`; a missing comparator is taken from the direction."""
    comp = tv.comparator
    assert tv.number is not None
    if comp is None:
        comp = "" if tv.number >= 100 else "≤" if lx.direction(name) == "down" else "≥"
    return f"{comp}{_fmt(tv.number)}%"


def with_unit(tv: TargetValue, unit: str) -> str:
    assert tv.number is not None
    return f"{tv.comparator or ''}{_fmt(tv.number)}{unit}"


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:.4f}".rstrip("0").rstrip(".")
