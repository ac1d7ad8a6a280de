"""Table-level rules: framework coverage, 满意度 for service projects, too few or duplicate
indicators, a cost above the budget, and goals and indicators that do not meet.

Findings here have `row=None`; the evidence names the rows involved. Framework detection:
- "department": the 部门整体 grid (运行成本/管理效率/履职效能/社会效应/可持续发展能力/满意度);
- "2021": 成本指标 as a 一级 (财政部 2021 guidance);
- "2015": 产出/效益/满意度 with 成本 (if any) under 产出.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from assistant.lint import lexicon as lx
from assistant.lint.rules import RULES, Rule, make_finding
from assistant.models import GoalTable, LintFinding, Severity
from assistant.values import GE, GT, ValueKind

TableRule = Callable[[GoalTable], list[LintFinding]]
TABLE_RULES: list[tuple[Rule, TableRule]] = []


def table_rule(code: str, flag: str, severity: Severity, title: str, description: str) -> Callable[[TableRule], TableRule]:
    def deco(fn: TableRule) -> TableRule:
        r = Rule(code, flag, severity, title, description, level="table")
        RULES[code] = r
        TABLE_RULES.append((r, fn))
        fn.rule = r  # type: ignore[attr-defined]
        return fn

    return deco


def _f(fn: TableRule, evidence: str, message: str, fix: str) -> LintFinding:
    r: Rule = fn.rule  # type: ignore[attr-defined]
    return make_finding(r, None, "table", evidence, message, fix)


def detect_framework(table: GoalTable) -> str | None:
    """'department', '2021', '2015' or None (no recognisable 一级 names, e.g. a 决策/过程 grid)."""
    l1 = {lx.level1_key(i.level1) for i in table.indicators}
    if len(l1.intersection(lx.DEPARTMENT_LEVEL1)) >= 2:
        return "department"
    if "cost" in l1:
        return "2021"
    if l1 & {"output", "benefit", "satisfaction"}:
        return "2015"
    if not (l1 - {None}) and any(lx.level2_key(i.level2) for i in table.indicators):
        return "2015"  # forms that print only the 二级 column
    return None


_BENEFIT_L2 = ("economic", "social", "ecological", "sustainable")


@table_rule("ZB201", "missing_level", Severity.WARNING, "缺少框架要求的指标类别",
            "按识别出的指标框架，缺少必需的一级或二级指标（产出的数量、质量、时效，成本，效益，满意度）。")
def missing_levels(table: GoalTable) -> list[LintFinding]:
    """Warning: the table is incomplete for its framework; scoring would leave a dimension unexamined.

    Each missing 一级 is named, then each missing required 二级 of the 一级 that are present:
    2021: 产出(数量/质量/时效), 成本, 效益, 满意度; 2015: the same with 成本 under 产出."""
    fw = detect_framework(table)
    if fw is None or not table.indicators:
        return []
    missing = missing_categories(table, fw)
    if not missing:
        return []
    name = {"department": "部门整体绩效", "2021": "2021年项目支出（成本为一级指标）", "2015": "产出/效益/满意度"}[fw]
    return [_f(missing_levels, "、".join(missing), f"按{name}框架，本表缺少：{'、'.join(missing)}。",
               "补齐缺少的类别，每类至少一个可衡量的三级指标。")]


def missing_categories(table: GoalTable, fw: str | None = None) -> list[str]:
    """The 一级 and required 二级 names the table lacks under its framework, in the form's order."""
    fw = fw or detect_framework(table)
    l1 = {lx.level1_key(i.level1) for i in table.indicators}
    l2 = {lx.level2_key(i.level2) for i in table.indicators}
    if fw == "department":
        return [lx.LEVEL1_CN[k] for k in lx.DEPARTMENT_LEVEL1 if k not in l1]
    if fw is None:
        return []
    has_output = "output" in l1 or bool(l2 & {"quantity", "quality", "timeliness"})
    has_cost = "cost" in l1 or bool(l2 & {"cost", "social_cost", "ecological_cost"})
    has_benefit = "benefit" in l1 or bool(l2.intersection(_BENEFIT_L2))
    has_sat = "satisfaction" in l1 or "satisfaction" in l2
    out: list[str] = []
    if not has_output:
        out.append("产出指标（数量、质量、时效）")
    else:
        out += [lx.LEVEL2_CN[k] for k in ("quantity", "quality", "timeliness") if k not in l2]
    if not has_cost:
        out.append("成本指标" if fw == "2021" else "成本指标（产出指标下）")
    if not has_benefit:
        out.append("效益指标（社会/经济/生态效益或可持续影响）")
    if not has_sat:
        out.append("满意度指标（服务对象满意度）")
    return out


_SERVICE_WORDS = (
    "服务", "培训", "群众", "居民", "学生", "患者", "补贴", "补助", "救助", "就业", "参保", "养老", "医疗", "办事",
    "窗口", "公共", "社区", "农户", "游客", "对象", "民生", "教育", "待遇", "咨询", "帮扶",
)


@table_rule("ZB202", "missing_satisfaction", Severity.WARNING, "服务类项目缺少满意度指标",
            "项目面向群众或服务对象，却没有服务对象满意度指标。")
def missing_satisfaction(table: GoalTable) -> list[LintFinding]:
    """Warning: for a service-facing project the beneficiaries' view is a required dimension."""
    if not table.indicators or detect_framework(table) in ("2015", "2021"):
        return []  # missing_levels names 满意度 for these frameworks
    if any(lx.level1_key(i.level1) == "satisfaction" or lx.level2_key(i.level2) == "satisfaction"
           or "满意" in (i.level3 or "") for i in table.indicators):
        return []
    text = " ".join(x for x in (table.project_name, table.title, table.purpose, *table.goals) if x)
    word = next((w for w in _SERVICE_WORDS if w in text), None)
    if word is None:
        return []
    return [_f(missing_satisfaction, word, f"项目面向服务对象（“{word}”），但没有满意度指标。",
               "增加“满意度指标/服务对象满意度指标”，如“服务对象满意度 ≥90%”（以抽样调查计算）。")]


@table_rule("ZB203", "too_few", Severity.WARNING, "指标过少", "整张表少于3个三级指标，难以全面反映绩效。")
def too_few(table: GoalTable) -> list[LintFinding]:
    """Warning: fewer than three indicators cannot cover output, benefit and satisfaction."""
    n = sum(1 for i in table.indicators if (i.level3 or i.value))
    if n >= 3:
        return []
    return [_f(too_few, f"{n}个", f"本表只有{n}个三级指标。", "至少设置产出、效益、满意度各一个可衡量的三级指标。")]


@table_rule("ZB204", "duplicate", Severity.WARNING, "三级指标重复", "同一三级指标在表中出现多次。")
def duplicates(table: GoalTable) -> list[LintFinding]:
    """Warning: a repeated indicator double-counts one result."""
    names = [lx.clean(i.level3) for i in table.indicators]
    if len(set(names)) == len(names):
        return []  # the common case, without building a Counter
    counts = Counter(n for n in names if n and not lx.is_category_name(n))
    out = []
    for name, k in counts.items():
        if k > 1:
            rows = [str(j + 1) for j, n in enumerate(names) if n == name]
            out.append(_f(duplicates, name, f"三级指标“{name}”出现{k}次（第{'、'.join(rows)}行）。",
                          "合并重复的指标，或改成不同的考核对象。"))
    return out


_TO_WAN = {"元": 1e-4, "千元": 1e-1, "万元": 1.0, "亿元": 1e4}


@table_rule("ZB205", "cost_over_budget", Severity.ERROR, "成本超过项目预算",
            "成本指标的金额大于项目年度资金总额。")
def cost_over_budget(table: GoalTable) -> list[LintFinding]:
    """Error: a cost target above the whole budget is impossible to spend or a typo in the unit."""
    if not table.budget_wan:
        return []
    out = []
    for j, i in enumerate(table.indicators):
        if lx.level2_key(i.level2) != "cost" and lx.level1_key(i.level1) != "cost":
            continue
        tv = i.target
        if tv.kind != ValueKind.NUMERIC or tv.number is None or tv.unit not in _TO_WAN:
            continue
        if tv.text and tv.text.startswith("/"):
            continue  # a unit cost (元/人) is not the total
        if tv.comparator in (GE, GT):
            continue  # reported as a direction problem
        wan = tv.number * _TO_WAN[tv.unit]
        if wan > table.budget_wan * 1.0001:
            out.append(_f(cost_over_budget, f"第{j + 1}行 {i.value}",
                          f"成本“{i.level3}”为{i.value}，超过项目预算{table.budget_wan:g}万元。",
                          f"核对金额和单位，成本不应超过“≤{table.budget_wan:g}万元”。"))
    return out


_STOP_BIGRAMS = frozenset(
    ["工作", "完成", "提高", "提升", "保障", "确保", "开展", "项目", "进一", "一步", "推进", "有效", "加强", "全面", "做好", "持续", "不断", "实现", "按照", "年度", "全年", "相关", "指标", "目标", "情况", "水平", "各项", "促进", "推动", "服务", "管理", "资金", "落实"]
)


@lru_cache(maxsize=16384)
def _bigrams(text: str | None) -> frozenset[str]:
    s = [ch for ch in (text or "") if "\u4e00" <= ch <= "\u9fff"]
    return frozenset({a + b for a, b in itertools.pairwise(s)} - _STOP_BIGRAMS)


@table_rule("ZB206", "goal_unmatched", Severity.INFO, "目标与指标不对应",
            "年度绩效目标中有目标没有对应的指标，或有指标与任何目标都无关。")
def goals_and_indicators(table: GoalTable) -> list[LintFinding]:
    """Info: matched by shared words only, so it advises rather than judges."""
    goals = tuple(g for g in table.goals if len(g.strip()) >= 8)
    if not goals or not table.indicators:
        return []
    # The verdict reads only goals, names, descriptions and 二级, which many tables of one publisher
    # share, so it is cached on them.
    key = tuple((i.level3, i.description, i.level2) for i in table.indicators)
    return [_f(goals_and_indicators, *msg) for msg in _goal_verdicts(goals, key)]


@lru_cache(maxsize=4096)
def _goal_verdicts(
    goals: tuple[str, ...], inds: tuple[tuple[str | None, str | None, str | None], ...]
) -> tuple[tuple[str, str, str], ...]:
    ind_grams = [_bigrams((l3 or "") + (d or "")) for l3, d, _ in inds]
    all_ind = set().union(*ind_grams)
    out = []
    for g in goals:
        if not (_bigrams(g) & all_ind):
            out.append((g[:40], f"目标“{g[:40]}”没有对应的绩效指标。", "为这个目标设置至少一个可衡量的产出或效益指标。"))
    goal_grams = set().union(*(_bigrams(g) for g in goals))
    loose = [
        str(j + 1) for j, ((_, _, l2), gr) in enumerate(zip(inds, ind_grams, strict=True))
        if gr and not (gr & goal_grams) and lx.level2_key(l2) in ("quantity", *_BENEFIT_L2)
    ]
    # Word overlap is a weak signal: only report a few stray rows, never most of the table.
    if loose and len(loose) * 4 <= len(inds):
        out.append(("第" + "、".join(loose) + "行", f"第{'、'.join(loose)}行的指标与年度目标没有共同内容。",
                    "核对这些指标是否反映年度目标；无关的指标应删去或在目标中说明。"))
    return tuple(out)


@table_rule("ZB207", "description_template", Severity.INFO, "描述栏整表照抄三级指标",
            "多数行的绩效指标描述与三级指标一字不差，描述栏没有说明考核口径。")
def description_template(table: GoalTable) -> list[LintFinding]:
    """Info: the form copies the name into the description by template; said once for the table instead of
    once per row (rules.description_copy_template), so a published form is not buried in row findings."""
    from assistant.lint.rules import description_copy_template

    if not description_copy_template(table):
        return []
    rows = [str(i + 1) for i, ind in enumerate(table.indicators)
            if lx.clean(ind.description) and lx.clean(ind.description) == lx.clean(ind.level3)]
    return [_f(description_template, "第" + "、".join(rows) + "行",
               f"有{len(rows)}行的绩效指标描述只是照抄三级指标，没有说明考核什么、怎么统计。",
               "逐行写明统计口径，如“年内完成职业技能培训的人次（以培训台账为准）”。")]
