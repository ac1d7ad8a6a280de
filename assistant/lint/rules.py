"""Row-level rules: one small function per rule, each registered with its stable code.

A rule reads a `RowContext` (the row, its parsed 指标值 and cleaned names, computed once) and returns
findings. Severity is chosen per rule and stated in its docstring: `error` only for what must not be
filed (the suggestion engine rejects any row with an error), `warning` for wording and structure,
`info` for advice.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from assistant.lint import fixes
from assistant.lint import lexicon as lx
from assistant.models import GoalTable, Indicator, LintFinding, Severity
from assistant.values import EQ, GE, GT, LE, LT, TargetValue, normalize_cached, parse_text
from assistant.values import ValueKind as _ValueKind


class ValueKind:
    """The members of `assistant.values.ValueKind` as plain class attributes (the same objects).

    On Python 3.11 each `ValueKind.NUMERIC` read on the enum class goes through the enum metaclass's
    `__getattr__` hook (about 0.1 µs), and the row rules read a dozen of them per row."""

    NUMERIC = _ValueKind.NUMERIC
    RANGE = _ValueKind.RANGE
    BOOLEAN = _ValueKind.BOOLEAN
    GRADED = _ValueKind.GRADED
    DEADLINE = _ValueKind.DEADLINE
    REFERENCE = _ValueKind.REFERENCE
    QUALITATIVE = _ValueKind.QUALITATIVE
    EMPTY = _ValueKind.EMPTY


if {k for k in vars(ValueKind) if not k.startswith("_")} != set(_ValueKind.__members__):
    raise ImportError("assistant.lint.rules.ValueKind must list every member of assistant.values.ValueKind")


@dataclass(frozen=True)
class Rule:
    """Catalogue entry: what the UI shows and what the evaluation maps onto FORMAT.md flags."""

    code: str
    flag: str
    severity: Severity
    title: str  # Chinese
    description: str  # Chinese
    level: str = "row"  # row | table
    label: str = ""  # the FORMAT.md label the finding counts as when it differs from `flag`

    @property
    def counts_as(self) -> str:
        return self.label or self.flag


class RowContext:
    """Everything the row rules need, computed once per row."""

    __slots__ = (
        "basis_column", "copy_template", "desc", "ind", "l1", "l2", "markup", "measurable", "name", "original", "row",
        "table", "tv", "value", "year",
    )

    def __init__(
        self, ind: Indicator, table: GoalTable | None, row: int | None, basis_column: bool | None = None,
        copy_template: bool | None = None,
    ) -> None:
        self.original = ind
        # Markup pasted from a web page (<b>效果明显</b>, &nbsp;) is reported once and read without it.
        self.markup: dict[str, str] = _markup_cells(ind)
        if self.markup:
            ind = ind.model_copy(update={k: strip_markup(getattr(ind, k)) for k in self.markup})
        self.ind = ind
        self.table = table
        self.row = row
        self.tv: TargetValue = parse_text(ind.value or "")
        self.name = lx.clean(ind.level3)
        self.desc = lx.clean(ind.description)
        self.value = _normalize(ind.value or "")
        if basis_column is None:
            basis_column = table is not None and has_basis_column(table)
        self.basis_column = basis_column
        if copy_template is None:
            copy_template = table is not None and description_copy_template(table)
        self.copy_template = copy_template
        self.l1 = lx.level1_key(ind.level1)
        self.l2 = lx.level2_key(ind.level2)
        self.year = table.year if table is not None else None
        self.measurable = value_is_measurable(self)

    def finding(
        self, rule: Rule, field: str, evidence: str, message: str, fix: str, replacement: str | None = None
    ) -> LintFinding:
        return make_finding(rule, self.row, field, evidence, message, fix, replacement)


_FINDING_FIELDS = frozenset(LintFinding.model_fields)
_MARKUP = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>|&(?:nbsp|amp|lt|gt|quot|#\d+);|\*\*|__")
_CELL_FIELDS = ("level1", "level2", "level3", "description", "value", "basis")


def strip_markup(text: str | None) -> str | None:
    """A cell without HTML tags, entities or markdown emphasis (`<b>效果明显</b>` -> `效果明显`)."""
    if text is None:
        return None
    return _SPACES.sub(" ", _MARKUP.sub(_markup_replacement, text)).strip()


def _markup_replacement(m: re.Match[str]) -> str:
    return " " if m.group(0) == "&nbsp;" else ""


_SPACES = re.compile(r"\s+")


def _markup_cells(ind: Indicator) -> dict[str, str]:
    cells = (ind.level1, ind.level2, ind.level3, ind.description, ind.value, ind.basis)
    # Most rows have no markup at all: one look at all six cells (joined by a character no pattern
    # contains) decides that before any cell is searched.
    joined = "\n".join(filter(None, cells))
    if not ("<" in joined or "&" in joined or "**" in joined or "__" in joined):
        return {}
    out = {}
    for k, v in zip(_CELL_FIELDS, cells, strict=True):
        if v and ("<" in v or "&" in v or "**" in v or "__" in v) and _MARKUP.search(v):
            out[k] = v
    return out


def make_finding(
    rule: Rule, row: int | None, field: str, evidence: str, message: str, fix: str, replacement: str | None = None
) -> LintFinding:
    """A LintFinding without validation: every field is built here with the right type, and even
    `model_construct` (30 µs, it resolves defaults) was the linter's largest single cost on a bad table.
    This sets exactly what `model_construct` sets for a model without extras or private attributes."""
    obj = _new_finding(LintFinding)
    _set(obj, "__dict__", {
        "code": rule.code, "flag": rule.flag, "severity": rule.severity, "row": row, "field": field,
        "evidence": evidence, "message": message, "fix": fix, "replacement": replacement,
    })
    _set(obj, "__pydantic_fields_set__", set(_FINDING_FIELDS))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


_new_finding = LintFinding.__new__
_set = object.__setattr__


_TEMPLATE_MIN_ROWS = 3


def description_copy_template(table: GoalTable) -> bool:
    """Whether the form fills 绩效指标描述 with the 三级指标 by template: at least half of the rows that
    have a description (and at least three) repeat the name word for word. Such a form is told once, at
    table level (ZB207); a lone copied description among real ones is a row that skipped its description."""
    inds = table.indicators
    if len(inds) < _TEMPLATE_MIN_ROWS:
        return False
    described = copies = 0
    for i in inds:
        d = i.description
        if not d:
            continue
        described += 1
        copies += d == i.level3 or (d[0] == (i.level3 or " ")[0] and lx.clean(d) == lx.clean(i.level3))
    return copies >= _TEMPLATE_MIN_ROWS and 2 * copies >= described


def has_basis_column(table: GoalTable) -> bool:
    """Whether the form has a 指标值确定依据 column at all (some row fills it)."""
    return any((i.basis or "").strip() for i in table.indicators)


_normalize = normalize_cached  # shared with the parser, which has just normalised the same value

RowRule = Callable[[RowContext], list[LintFinding]]
RULES: dict[str, Rule] = {}
ROW_RULES: list[tuple[Rule, RowRule]] = []


def rule(code: str, flag: str, severity: Severity, title: str, description: str,
         label: str = "") -> Callable[[RowRule], RowRule]:
    def deco(fn: RowRule) -> RowRule:
        r = Rule(code, flag, severity, title, description, label=label)
        RULES[code] = r
        ROW_RULES.append((r, fn))
        fn.rule = r  # type: ignore[attr-defined]
        return fn

    return deco


# A rule function's catalogue entry (`fn.rule`); attrgetter reads it without a Python call frame.
_r: Callable[[RowRule], Rule] = operator.attrgetter("rule")


def label_of(f: LintFinding) -> str:
    """The FORMAT.md label a finding counts as."""
    r = RULES.get(f.code)
    return r.counts_as if r is not None else f.flag


_YEAR_END = re.compile(
    r"^(?:年底|年末|年内|当年|本年度内|年度内|本年内|当年内)(?:前|之前|内)?(?:完成|全部完成|发放完毕|完工)?$"
    r"|^(?:年底|年末)(?:前|之前)"
)
_SENTENCE_PUNCT = re.compile(r"[，,；;。]")
# (开学前 is a date the school calendar fixes, so 2025年秋季开学前 is a deadline; 汛期前 moves with the year.)
_SEASON = re.compile("汛期|汛前|汛后|雨季|旱季|春节|冬季|夏季|(?:春季|秋季)(?!开学)|农忙|适时")
_BARE_PASS = re.compile(r"^(?:质量)?达标$")
_QUALITY_GRADES = frozenset({"优秀", "良好", "优良", "优", "良"})
_GRADED_NAMES = lx.words("quality_grade_values")  # names whose own assessment defines those grades (考核等次)
_NAME_TARGET = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")


_DIGIT = re.compile(r"\d")


def _has_digit(s: str) -> bool:
    return _DIGIT.search(s) is not None


def _cjk(s: str) -> int:
    return sum(1 for ch in s if "\u4e00" <= ch <= "\u9fff")


def _grades_defined(ind: Indicator) -> bool:
    """The row carries its own 优/良/中/差 scale (activity tables), so a word target is a grade."""
    return bool(ind.extra) and any(k in ind.extra for k in ("良", "中", "差"))


def value_is_measurable(c: RowContext) -> bool:
    """Whether the 指标值 could be checked at year end without a judgement call."""
    tv = c.tv
    v = c.value
    if tv.kind == ValueKind.GRADED and _BARE_PASS.match(v) and not lx.has_measure_noun(c.name.replace("质量", "")):
        return False  # 水质监测 / 达标: which standard? (as 达到设计标准); PM2.5年均浓度 / 达标 names its measure
    if tv.kind == ValueKind.GRADED and v in ("合格", "达标") and lx.category_core(c.ind.level3):
        return False  # 质量 / 合格: the name is only the category, so which standard is passed?
    if tv.kind == ValueKind.GRADED and v in _QUALITY_GRADES and not _grades_defined(c.ind) \
            and not any(w in c.name for w in _GRADED_NAMES):
        return False  # 保洁质量 / 良好: good on which scale? (年度考核等次 / 优秀 has the assessment's grades)
    if tv.kind in (ValueKind.RANGE, ValueKind.BOOLEAN, ValueKind.GRADED):
        return True
    if tv.kind == ValueKind.NUMERIC:
        # `2021年全年` is the budget year, not a target; `2026年汛期前` a season, not a date.
        year = tv.unit == "年" and (tv.number or 0) >= 1900
        return not (year and ("全年" in (tv.text or "") or (_SEASON.search(tv.text or "") and "月" not in v)))
    if tv.kind == ValueKind.DEADLINE:
        if _SEASON.search(v) and "月" not in v:
            return False  # 2026年汛期前: a season, not a date
        return _has_digit(v) or bool(_YEAR_END.match(v))  # 12月底前; 年底前完成 (not 当年的所有时间)
    if tv.kind == ValueKind.REFERENCE:
        ref = tv.text or ""
        return _cjk(ref) >= 2 or _has_digit(ref)  # ≤预算批复金额
    if tv.kind == ValueKind.QUALITATIVE:
        if lx.UNNAMED_STANDARD.match(v):
            return False  # 达到设计标准 / 符合要求: which standard?
        if lx.CHECKABLE_VALUE.match(v) or lx.DEPT_GRADE.match(v) or _grades_defined(c.ind) or lx.EVENT_DONE.match(v) \
                or lx.CHECKABLE_EXTRA.match(v):
            return True
        if lx.CN_NUMBER_UNIT.search(v):
            return True
        # A number inside a sentence (372万元将用于学校运转支出,确保…) is a plan, not a target; a short
        # one the parser could not read (需控制在1‰以内) is left to the other rules.
        return _has_digit(v) and not (_cjk(v) >= 12 and _SENTENCE_PUNCT.search(v))
    return False


# ---------------------------------------------------------------------------------------------
@rule("ZB101", "vague_value", Severity.ERROR, "指标值不可衡量",
      "指标值既没有数字，也没有明确的评价等级（效果明显、持续改善、应保尽保），年底无法核验。")
def unmeasurable_value(c: RowContext) -> list[LintFinding]:
    """Error: a value with no number and no defined grade cannot be checked, so it must not be filed.

    Boolean (是/否), graded (达到/部分达到/未达到, and the 部门整体 grades 健全/基本健全, 规范/基本规范),
    deadline and `≤预算…` values are measurable; so are statements of a defined event (无重大安全事故,
    全覆盖) and a word target whose grades the row defines (activity tables with 良/中/差 columns).
    """
    tv = c.tv
    if c.measurable:
        return []
    if tv.kind == ValueKind.EMPTY and (c.ind.level3 or "").strip() == "":
        return []  # an empty row is the ingester's business, not a vague target
    repl, hint = fixes.measurable_alternative(c.ind.level3, c.ind.level2, c.ind.value, c.year)
    if tv.kind == ValueKind.EMPTY:
        msg = "指标值为空，无法考核。"
    else:
        msg = f"指标值“{c.ind.value}”没有数字或明确的评价等级，年底无法核验是否完成。"
    return [c.finding(_r(unmeasurable_value), "value", c.ind.value or "", msg,
                      hint + "定性指标须写成可判定的等级，如“达到/部分达到/未达到”或“是/否”。", repl)]


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)}


@rule("ZB102", "self_referential", Severity.WARNING, "指标自我重复",
      "三级指标、绩效指标描述和指标值互相重复，或三级指标只是类别名称（数量、完成质量、社会效益），没有给出可考核的内容。")
def self_reference(c: RowContext) -> list[LintFinding]:
    """Warning: repetition carries no information but is not by itself an unfileable target.

    三级 = 描述 alone is the published convention and is not flagged.
    """
    n = c.name
    if not n:
        return []
    r = _r(self_reference)
    core = lx.category_core(n)
    if core:
        return [c.finding(r, "level3", c.ind.level3 or "", f"三级指标“{c.ind.level3}”只是重复了指标类别“{core}”。",
                          "三级指标应写明具体考核对象，如“培训人次”“验收合格率”。")]
    # The value restates the name or the description (持续保障社会发展 -> 持续保障).
    # A one-word value (促进, 推动, 长效, 满意) or a work phrase (开展筛查) is vague or an activity, not a
    # restatement: what repeats the row is a phrase of its own (单位职工满意度, 全面实施全民参保计划, 安全运行).
    v = "" if c.measurable else lx.clean(c.ind.value)
    # A value that copies the whole description is a restatement even when it is a work phrase (加强宣传 ×2).
    if len(v) >= 3 and v == c.desc and not _has_digit(v):
        return [c.finding(r, "value", c.ind.value or "", f"指标值“{c.ind.value}”只是重复了绩效指标描述的字面。",
                          "指标值应给出可核验的目标（数字、期限或“是/否”），不要复述指标名称。")]
    if len(v) >= 3 and not v.startswith(lx.WORK_VALUE_VERBS) and v not in lx.DONE_VALUES and not _has_digit(v):
        d = c.desc
        if v == n or v in n or (len(n) >= 2 and n in v) or (d and (v == d or v in d)):
            src = "三级指标" if (v == n or v in n or n in v) else "绩效指标描述"
            return [c.finding(r, "value", c.ind.value or "", f"指标值“{c.ind.value}”只是重复了{src}的字面。",
                              "指标值应给出可核验的目标（数字、期限或“是/否”），不要复述指标名称。")]
        vb = _bigrams(v)
        # A short value must also start like the name (持续提供…保障 -> 持续保障); 按时完成 under
        # 工作任务及时完成情况 shares words with it but restates nothing.
        similar = len(vb) >= 3 and len(vb & (_bigrams(n) | _bigrams(d))) * 2 >= len(vb)
        if similar and (len(vb) >= 4 or v[:2] == n[:2]):
            return [c.finding(r, "value", c.ind.value or "", f"指标值“{c.ind.value}”基本是三级指标或描述的改写。",
                              "指标值应给出可核验的目标（数字、期限或“是/否”），不要复述指标名称。")]
    # The name carries its own target (非税收入完成率95%以上 with ≥95%).
    target = _name_target(c.ind.level3)
    if target is not None and c.tv.number == target:
        return [c.finding(r, "level3", c.ind.level3 or "", f"三级指标“{c.ind.level3}”把指标值写进了名称。",
                          "三级指标只写考核对象（如“非税收入完成率”），目标值只写在指标值栏。")]
    return []


@lru_cache(maxsize=32768)
def _name_target(level3: str | None) -> float | None:
    m = _NAME_TARGET.search(level3 or "")
    return float(m.group(1)) if m else None


_PERCENTISH = ("比例", "比率", "率", "百分", "满意度")
_PERCENT_WORDS = re.compile("百分比|百分率|百分之|佰分比")
_STATED_RATE = re.compile(r"/\s*(?:\d+(?:\.\d+)?\s*)?(?:十|百|千|万|十万|百万)|/\s*1?0{2,}(?!\d)|[‰‱]|每\s*\d*\s*(?:十|百|千|万)")


@lru_cache(maxsize=16384)
def _stated_rate(raw: str) -> bool:
    return bool(_STATED_RATE.search(raw))
_BARE_SCALES = frozenset({"万", "亿", "千", "百万", "千万"})
_PERSON_COUNT_TAILS = ("人数", "学生数", "人次", "户数", "次数", "个数", "件数", "数量", "场次", "期数")


_LATIN_UNIT = re.compile(r"[A-Za-zμΩ°℃][A-Za-z0-9μΩ°℃/·³²]{0,7}")


@lru_cache(maxsize=4096)
def _real_unit(unit: str) -> bool:
    """A measure word: a known unit, a compound of one (元/亩, 万剂次, 人/万车), or a count of 次."""
    if unit in lx.KNOWN_UNITS or unit.split("/")[0] in lx.KNOWN_UNITS:
        return True
    if _LATIN_UNIT.fullmatch(unit):
        return True  # 2Gbps, 20TB, 10μg/L, 1080P: a symbol unit (a rate name still wants %, checked by the caller)
    if "·" in unit:  # 万羽·次, 头·次, 人·天: a product of two units
        a, _, b = unit.partition("·")
        return bool(a) and bool(b) and _real_unit(a) and _real_unit(b)
    base = unit[1:] if unit.startswith(("万", "亿", "千")) and len(unit) > 1 else unit  # 亿立方米, 千公顷
    if base in lx.KNOWN_UNITS or (len(unit) <= 3 and unit.endswith(("次", "枚", "剂"))) or \
            bool(lx.EXTRA_UNIT_RE.fullmatch(unit)):
        return True
    # A measure word with at most one character before it (万画幅, 人份, 台套): not 完成比例 or 相关文件.
    return len(unit) <= 3 and unit[-1] in lx.MEASURE_CHARS and bool(lx.MEASURE_UNIT_RE.fullmatch(unit)) \
        and unit not in lx.NOT_UNITS


_UNIT_RANGE = re.compile(r"^([^\d~～\-—至到]{1,8})\s*(?:~|～|-|—|至|到)\s*\d+(?:\.\d+)?\s*([^\d]{1,8})$")


@lru_cache(maxsize=4096)
def _unit_range(text: str) -> bool:
    """`°C~24°C` (left of `14℃～24℃` once the first number is read): the same real unit on both ends."""
    m = _UNIT_RANGE.match(text)
    return m is not None and m.group(1).strip() == m.group(2).strip() and _real_unit(m.group(1).strip())


def _unit_in_name(name: str | None) -> bool:
    """`主导制修订国家标准的项目数量(项)`, `项目完成及时率(%)`: the column states the unit."""
    m = lx._UNIT_IN_NAME.search(name or "")
    if m is None:
        return False
    u = m.group(1).strip()
    return u in lx.KNOWN_UNITS or u in ("%", "％")


@rule("ZB103", "no_unit_or_comparator", Severity.ERROR, "数字缺少单位或比较符",
      "指标值有数字但没有计量单位（比率缺%），单位位置写的不是单位（≥90完成比例、≥95优），"
      "单位与指标不符（人数写成百分比、满意度写成人数），或裸数字既无单位也无比较符。")
def number_without_unit(c: RowContext) -> list[LintFinding]:
    """Error: `≥90` for a rate or a bare `2` can be read several ways, so the target is not checkable.

    A number with a real unit but no comparator (`1000份`, `100%`) is accepted: it reads as a point
    target; so is a bare number when the name states the unit (`项目数量(项)` -> `2`). The fix is the
    corrected value (`≥90完成比例` -> `≥90%`).
    """
    tv = c.tv
    if tv.kind != ValueKind.NUMERIC or tv.number is None:
        return []
    r = _r(number_without_unit)
    raw = c.ind.value or ""
    name = c.ind.level3
    rate = lx.is_rate_name(name)
    unit = tv.unit
    if lx.category_core(name):
        rate = rate or tv.percent
    if tv.percent and comp_missing_rate(c):
        d = lx.direction(name)
        repl = f"{'≤' if d == 'down' else '≥'}{fixes._fmt(tv.number)}%"
        return [c.finding(r, "value", raw, f"比率“{name}”的指标值“{raw}”没有比较符，看不出是下限还是上限。",
                          f"改为“{repl}”。", repl)]
    rate = rate or lx.is_satisfaction(name) or c.name.endswith("及时性")
    if tv.percent and not rate and not lx.is_rate_name(c.desc) and _PERCENT_WORDS.search(raw) \
            and not c.name.endswith(_PERSON_COUNT_TAILS) and not lx.category_core(name):
        # 工作实施量 ≥80百分率: a percentage of what? Only a rate is measured in percent.
        return [c.finding(r, "value", raw, f"“{name}”不是比率，指标值却写成百分比“{raw}”。",
                          "比率指标写成“…率 ≥X%”，并在描述中写明分子和分母；数量指标写成“≥N个/人/项”。")]
    if tv.percent:
        # A head count written as a percentage (受助学生数 ≥95百分比).
        if not rate and c.name.endswith(_PERSON_COUNT_TAILS) and not lx.category_core(name) \
                and not lx.is_rate_name(c.desc):  # 新增就业人员数量 described as 同比增长率
            count_unit = lx.unit_hint(name) or "人"
            repl = fixes.with_unit(tv, count_unit)
            return [c.finding(r, "value", raw, f"“{name}”是人数或次数，指标值却用了百分比。",
                              f"写成数量目标，如“{repl}”（请核对数字）。")]
        return []
    if _CLOCK_DEADLINE.match(raw.strip()):
        return []  # 当日24时前: a time of day as the deadline
    if _stated_rate(raw) or (unit is None and lx.RATE_BASE_IN_NAME.search(c.name)):
        return []  # 发病率 ≤1/10万, 死亡率 ≤5‰, 万车死亡率 ≤1.5: a rate stated per population
    if unit is None and tv.text and _real_unit(tv.text):
        return []  # ≤35微克/立方米: a compound unit the parser kept as text
    if unit is None and tv.text and _real_unit(_NOTE_AFTER.sub("", tv.text).strip()):
        return []  # ≤20℃（准低温）: a unit with a note in brackets
    if unit is None and tv.text is None and any(w in (c.ind.description or "") for w in ("无量纲", "量纲一", "无单位")):
        return []  # 臭气浓度 ≤20 described as 无量纲
    if unit is None and tv.text and _unit_range(tv.text):
        return []  # 14℃～24℃: a range with its unit on both ends, which the parser did not read
    if unit is None and (tv.text or "").startswith((":", "：")):
        return []  # 医患比 ≥1:1.5, 师生比 ≤1:18: a ratio needs no unit
    if unit is None and not tv.percent and c.name.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") \
            .endswith(lx.UNITLESS_TAILS):
        return []  # 灌溉水有效利用系数 ≥0.6, 综合评分 ≥85: the measure has no unit
    if unit in _BARE_SCALES and not rate and not lx.unit_hint(name) and not any(w in c.name for w in lx.MONEY_WORDS):
        # 家庭医生签约服务 ≥5万: 5万 what? (用户数 ≥30万 says 户 in its name; an amount says 万元)
        return [c.finding(r, "value", raw, f"指标值“{raw}”只有数量级“{unit}”，缺少计量单位。",
                          f"补上单位，如“{raw}人”“{raw}户”或“{raw}元”（请核对）。")]
    if unit and _real_unit(unit):
        if rate and not any(w in unit for w in ("分", "分值", "个百分点", "百分点", "‰")) and unit not in lx.KNOWN_TIME_UNITS:
            repl = fixes.with_percent(tv, name)
            return [c.finding(r, "value", raw, f"比率指标“{name}”的指标值“{raw}”单位不是%。",
                              f"改为“{repl}”（请核对数字）。", repl)]
        not_money = unit in lx.COUNT_UNITS or (unit in lx.KNOWN_TIME_UNITS and bool(tv.text))
        if (c.l2 == "cost" or c.l1 == "cost") and not_money and not any(
                w in c.name for w in ("数", "人次", "户", "面积", "长度", "时间", "时长", "天数", "周期")):
            return [c.finding(r, "value", raw, f"成本指标的指标值“{raw}”不是金额。",
                              "成本指标应写金额上限，如“≤X万元”或“≤预算批复金额”。", "≤预算批复金额")]
        return []
    if unit and _unit_the_row_names(unit, c):
        return []  # ≥400万像素 described as 有效像素, ≥0.5等 as 等级数: the row says what the unit counts
    if unit:  # a word where the unit belongs: ≥90完成比例, ≥80相关文件, ≥95优
        # The description may say it is a ratio (辍学学生人数占应在校学生人数) when the name does not.
        if rate or any(w in unit for w in _PERCENTISH) or "占" in c.desc or lx.is_rate_name(c.desc):
            repl = fixes.with_percent(tv, name)
            return [c.finding(r, "value", raw, f"“{unit}”不是计量单位，比率应以%表示。",
                              f"改为“{repl}”。", repl)]
        guess = lx.unit_hint(name)
        fixed = fixes.with_unit(tv, guess) if guess else None
        return [c.finding(r, "value", raw, f"“{unit}”不是计量单位。",
                          f"改为“{fixed}”（请核对单位）。" if fixed else "补上计量单位（人、次、个、万元、%等）。", fixed)]
    if _unit_in_name(name):
        return []
    if rate:
        repl = fixes.with_percent(tv, name)
        return [c.finding(r, "value", raw, f"比率指标的指标值“{raw}”缺少“%”。", f"改为“{repl}”。", repl)]
    # Guess a unit only for what is plainly a count; `确保参保人员权益 ≥90` must not become `≥90人`.
    hint = lx.unit_hint(name) if (c.l2 == "quantity" or "数" in c.name or "(" in (name or "")) else None
    if hint:
        repl = fixes.with_unit(tv, hint)
        return [c.finding(r, "value", raw, f"指标值“{raw}”缺少计量单位。",
                          f"补上单位，如“{repl}”（请核对单位）。", repl)]
    return [c.finding(r, "value", raw, f"指标值“{raw}”缺少计量单位。",
                      "补上计量单位（人、次、个、万元、%等），必要时加上比较符（≥、≤）。")]


_CLOCK_DEADLINE = re.compile(r"^(?:每日|当日|当天|次日)?\d{1,2}(?:时|点)(?:\d{1,2}分)?(?:前|之前|以前)(?:完成|清运完毕)?$")
_NOTE_AFTER = re.compile(r"[（(][^（）()]{1,12}[）)]$")


def _unit_the_row_names(unit: str, c: RowContext) -> bool:
    """A short measure word the name or description itself uses (像素 in 有效像素, 等 in 等级数), on a row
    that is not a rate: the row defines its unit. Not 完成比例 or 优, which are no units whatever the text says."""
    base = unit[1:] if unit[:1] in ("万", "千", "亿") and len(unit) > 1 else unit
    return 1 <= len(base) <= 2 and _cjk(base) == len(base) and base not in lx.NOT_UNITS \
        and not any(w in base for w in ("比", "率", "分", "完成", "优", "良", "差")) and not lx.is_rate_name(c.ind.level3) \
        and (base in c.desc or base in c.name.replace(base + base, ""))


def comp_missing_rate(c: RowContext) -> bool:
    """林草成活率 85%: a rate target below 100% needs ≥ or ≤ (100% and 0% are exact targets)."""
    tv = c.tv
    return tv.comparator is None and tv.number is not None and 0 < tv.number < 100 and tv.upper is None \
        and lx.is_rate_name(c.ind.level3) and lx.direction(c.ind.level3) is not None \
        and not lx.category_core(c.ind.level3)


_UP_BAD = (LE, LT)
_DOWN_BAD = (GE, GT)
_BENEFICIARY: tuple[str, ...] = lx.words("beneficiary_words")


@rule("ZB104", "wrong_direction", Severity.ERROR, "比较方向错误",
      "比较符与指标方向相反：正向指标（满意度、合格率、覆盖率、受益人数）应为≥，反向指标（投诉率、故障率、成本）应为≤。")
def wrong_direction(c: RowContext) -> list[LintFinding]:
    """Error: `满意度 ≤100%` or `成本 ≥预算` sets a target that rewards the wrong outcome.

    Judged: rates (a % value), money or time-budget rows, and head counts of beneficiaries under 数量
    (`发放补助人数 ≤757人`). Other counts capped with ≤ (车辆采购数量 ≤1, 就读人数) are limits and are left
    alone, and so are names that only restate a category (完成成本).
    """
    tv = c.tv
    comp = tv.comparator
    if comp is None or comp == EQ or lx.category_core(c.ind.level3):
        return []
    r = _r(wrong_direction)
    raw = c.ind.value or ""
    if tv.number == 0 and comp == GE:
        return []  # ≥0 is met by anything: impossible_value's business, whichever way the measure points
    if comp in _UP_BAD and tv.unit in lx.KNOWN_TIME_UNITS and c.name.endswith(lx.LIFESPAN_WORDS):
        repl = f"≥{fixes._fmt(tv.number or 0)}{tv.unit or ''}"
        return [c.finding(r, "value", raw, f"“{c.ind.level3}”是使用年限，越长越好，指标值却写成上限“{raw}”。",
                          f"改为“{repl}”。", repl)]
    # 辅助性就业残疾人 ≤120人 (在辅助性就业机构就业的残疾人): counted in people, the name need not end in 人数.
    people = c.name.endswith(("人数", "人员数量", "户数", "人次")) or tv.unit in ("人", "人次", "名", "户")
    if comp in _UP_BAD and not tv.percent and tv.number and (c.l2 == "quantity" or _is_benefit(c)) \
            and people and any(w in c.name or w in c.desc for w in _BENEFICIARY):
        repl = f"≥{fixes._fmt(tv.number)}{tv.unit or ''}"
        return [c.finding(r, "value", raw, f"“{c.ind.level3}”是受益人数，越多越好，指标值却写成上限“{raw}”。",
                          f"改为“{repl}”。", repl)]
    d = lx.direction(c.ind.level3)
    if d is None and comp in _DOWN_BAD and _cost_floor(c):
        repl = f"≤{fixes._fmt(tv.number or 0)}{tv.unit or ''}{tv.text or ''}"
        return [c.finding(r, "value", raw, f"“{c.ind.level3}”是成本，应写上限而不是下限“{raw}”。",
                          f"改为“{repl}”。", repl)]
    if d is None:
        return []
    # A cap on a rate no word marks as positive (申请强制执行率 ≤8%, 记账数据退改率 ≤2%) is the author's reading of a
    # rate we do not know; only a known positive rate (合格率, 覆盖率, 满意度) is judged the wrong way round.
    if d == "up" and comp in _UP_BAD and tv.percent and tv.number is not None and lx.known_positive(c.ind.level3):
        std = fixes.rate_standard(c.ind.level3)
        repl = std[0] if std else f"≥{fixes._fmt(tv.number)}%"
        why = f"（{std[1]}）" if std else ""
        return [c.finding(r, "value", raw, f"“{c.ind.level3}”是正向指标，越高越好，指标值却写成“{raw}”。",
                          f"改为“{repl}”{why}。", repl)]
    if d == "down" and comp in _DOWN_BAD:
        # 人均成本 ≥2600元/人: a money amount per something is money too.
        money = tv.kind == ValueKind.REFERENCE or (tv.unit in lx.MONEY_UNITS) or (
            (tv.unit or "").split("/")[0] in lx.MONEY_UNITS)
        harm_count = any(w in c.name for w in lx.HARM_WORDS)  # 重污染天数 ≥2天, 死亡率 ≥1.2人/万车
        if tv.percent or tv.unit == "‰" or money or tv.unit in lx.KNOWN_TIME_UNITS or harm_count \
                or _stated_rate(raw):
            if tv.kind == ValueKind.REFERENCE:
                repl = f"≤{tv.text}"
            elif tv.number is not None:
                unit = "%" if tv.percent else (tv.unit or "")
                repl = f"≤{fixes._fmt(tv.number)}{unit}"
            else:
                return []
            return [c.finding(r, "value", raw, f"“{c.ind.level3}”是反向指标，越低越好，应写上限而不是下限。",
                              f"改为“{repl}”。", repl)]
    return []


# Per whom a floor under 成本 is a standard the beneficiary is owed (人均补助 ≥94元/人·年, 亩均投入 ≥3000元/亩).
_OWED_PER = ("人", "名", "生", "户", "亩", "公顷")


def _cost_floor(c: RowContext) -> bool:
    """A money amount under 成本 written as a floor (站点建设资金 ≥87.5万元, 每个服务站建设补助 ≥2万元/个): what
    the project spends is capped. A floor per person or per 亩 is a standard owed to beneficiaries and is left."""
    tv = c.tv
    if not (c.l2 == "cost" or (c.l2 is None and c.l1 == "cost")) or tv.kind != ValueKind.NUMERIC or not tv.number:
        return False
    unit = tv.unit or ""
    per = (unit + (tv.text or "")).partition("/")[2]  # 元/人 + ·年, 万元 + /村·年
    owed = per.startswith(_OWED_PER) or any(w in c.name for w in ("人均", "平均", "户均", "生均", "亩均"))
    return unit.split("/")[0] in lx.MONEY_UNITS and not owed


@rule("ZB105", "impossible_value", Severity.ERROR, "指标值不可能或无意义",
      "目标必然达成或不可能达成：≥0%、比率超过100%、数量≤0。")
def impossible_value(c: RowContext) -> list[LintFinding]:
    """Error: a target that is trivially met (≥0%) or cannot be met (满意度 >100%) checks nothing.

    A bare `0%` is a point target (事前绩效评估完成率 0% when no project needs one) and is not judged.
    """
    tv = c.tv
    if tv.kind != ValueKind.NUMERIC or tv.number is None:
        return []
    r = _r(impossible_value)
    raw = c.ind.value or ""
    name = c.ind.level3
    n = tv.number
    comp = tv.comparator
    if n == 0 and comp == GE and (tv.percent or tv.unit) \
            and c.l2 not in ("cost", "social_cost", "ecological_cost") and c.l1 != "cost":
        # ≥0 is met by anything, also for 安全事故 ≥0起 (which wants =0起)
        std = fixes.rate_standard(name)
        repl = std[0] if std else None
        return [c.finding(r, "value", raw, f"指标值“{raw}”必然达成，考核不到任何东西。",
                          f"改为有意义的目标{('“' + repl + '”') if repl else '（取自计划或上年实际值）'}。", repl)]
    reverse_rate = (lx.direction(name) == "down" and lx.is_rate_name(name)) or (
        not lx.is_rate_name(name) and lx.direction(c.desc) == "down" and lx.is_rate_name(c.desc))  # 消费者计量投诉: 投诉率
    if tv.percent and n == 100 and comp in (LE, LT) and reverse_rate:
        # 投诉率 ≤100%: true of every rate, so it checks nothing.
        return [c.finding(r, "value", raw, f"反向比率“{name}”写成“{raw}”，任何结果都满足，考核不到任何东西。",
                          "写成有意义的上限，如“≤X%”，X取上年实际值或行业标准。")]
    if tv.percent and n == 100 and comp == GE and (lx.is_bounded_rate(name) or lx.is_satisfaction(name)):
        # ≥100% asks for more than everything; a satisfaction survey never reads 100% for certain.
        sat = lx.is_satisfaction(name)
        repl = "≥95%" if sat else "100%"
        return [c.finding(r, "value", raw, f"“{name}”是比率，不可能超过100%，“{raw}”的写法没有意义。",
                          f"改为“{repl}”" + ("（满意度以抽样调查计，通常写“≥95%”；确需全部满意时写“=100%”）。" if sat
                                             else "（要求全部达到时写“=100%”；允许少量例外时写“≥95%”）。"), repl)]
    # A plan is completed in full at most: 训练计划完成率 ≥190% asks for nothing a plan can mean (≥100% reads as 100%).
    over_done = n > 100 and lx.clean(name).endswith("完成率")
    if tv.percent and (lx.is_bounded_rate(name) or over_done) and (n > 100 or (n == 100 and comp == GT)):
        repl = "100%" if lx.direction(name) != "down" else None
        std = fixes.rate_standard(name)
        if std:
            repl = std[0]
        return [c.finding(r, "value", raw, f"“{name}”是比率，不可能超过100%，指标值“{raw}”无法达成。",
                          f"改为“{repl}”。" if repl else "改为100%以内的目标。", repl)]
    if comp in (LE, LT) and n == 0 and not tv.percent and lx.direction(name) != "down" \
            and c.l2 in ("quantity", None) and tv.unit and tv.unit not in lx.MONEY_UNITS:
        return [c.finding(r, "value", raw, f"数量指标“{name}”的目标“{raw}”意味着什么都不做。",
                          "改为“≥N" + (tv.unit or "") + "”，N取自年度计划。")]
    return []


_CLOCK = re.compile(r"(?<!\d)(?:[01]?\d|2[0-4])[:：][0-5]\d(?!\d)")
_SAT_L2 = {"satisfaction"}
_OUTPUT_L2 = {"quantity", "quality", "timeliness"}
_BENEFIT_L2 = {"economic", "social", "ecological", "sustainable"}
_COST_WORDS = ("成本", "费用", "经费", "资金", "预算", "节约", "节省", "控制", "支出", "补助", "补贴", "标准", "金额",
               "价格", "投资", "开支", "工资", "利率", "费率", "贴息", "损耗", "单价", "损失")
_TIME_WORDS = ("及时", "按时", "按期", "准时", "时间", "时限", "时效", "期限", "进度", "周期", "时长", "尽快", "年", "月",
               "日", "天", "完成率", "到位率", "运行率", "畅通率")
_QUALITY_RATES = ("达标率", "合格率", "准确率", "正确率", "优良率")
_OUTPUT_ONLY = ("完成率", "完成情况", "提供率", "提供信息率", "考务安排", *lx.words("output_rates"))
_OUTCOME_WORDS = ("就业", "收入", "增收", "知晓", "参保", "受益", "维持", "提升", "增长", "降低", "减少", "脱贫")


_INPUT_MONEY = ("投入", "资金", "经费", "预算", "支出", "费用", "成本", "投资")
_SAVED_MONEY = ("减少", "节约", "节省", "降低", "下降", "核减", "审减", "节本", "减支", "减免", "免收")
# A name ending in one of these is a sum of money (救助资金, 慰问金, 奖补资金), not what it buys.
_FUND_TAILS = ("资金", "经费", "慰问金", "奖金", "救助金", "补助金", "抚恤金", "奖励金", "补偿金", "专项金", "余额")


class _NameCats(NamedTuple):
    """What category_mismatch asks of a name, computed once per distinct name."""

    skip: bool  # empty, a placeholder or a restated category
    sat: bool
    timeliness: bool
    cost_word: bool
    rate: bool
    quality_rate: bool
    timely_start: bool
    rate_tail: bool
    input_word: bool
    collected: bool
    fund_word: bool
    count_word: bool
    staff: bool
    money_word: bool
    benefit_money: bool
    output_only: bool
    outcome: bool
    time_name: bool


@lru_cache(maxsize=32768)
def _name_cats(level3: str | None) -> _NameCats:
    name = lx.clean(level3)
    input_word = any(w in name for w in ("费用", "经费", "成本"))
    return _NameCats(
        skip=not name or lx.category_core(name) is not None or _cjk(name) == 0,
        sat="满意度" in name or "满意率" in name,
        timeliness=any(w in name for w in lx.TIMELINESS_WORDS),
        cost_word=any(w in name for w in _COST_WORDS),
        rate=lx.is_rate_name(name),
        quality_rate=name.endswith(_QUALITY_RATES),
        timely_start=name.startswith(("按时", "及时", "按期")) and not name.endswith("率") and "足额" not in name,
        rate_tail=name.endswith("率"),
        input_word=input_word,
        # Money collected, lent or paid out to beneficiaries is the project's output (征缴, 贷款发放);
        # staff costs are not, whatever verb comes before them.
        # The fund itself (救助资金 980万元) is still the input.
        collected=not input_word and not name.endswith(_FUND_TAILS) and any(
            w in name for w in ("征缴", "征收", "收入", "筹集", "贷款", "发放", "兑现", "赔付", "救助", "拨入", "拨付")),
        fund_word=any(w in name for w in ("资金", "经费", "费用", "成本")) or name.endswith(_FUND_TAILS),
        count_word=any(w in name for w in ("次", "人", "户", "个", "项", "份")),
        # 保障在职职工人数, 保障遗属人数: the people the department's own personnel budget keeps.
        staff=(any(w in name for w in lx.STAFF_INPUT_WORDS) or (name.startswith("保障") and any(
            w in name for w in lx.words("kept_staff_words")))) and not _has_digit(name),
        money_word=any(w in name for w in lx.MONEY_WORDS),
        benefit_money=any(w in name for w in ("收入", "增收", "节约", "节省", "效益", "带动", "产值", "销售",
                                             *lx.words("benefit_money_words"))),
        output_only=any(w in name for w in _OUTPUT_ONLY),
        outcome=any(w in name for w in _OUTCOME_WORDS),
        time_name=name.endswith(lx.TIME_NAME_TAILS),
    )


def _output_twin(c: RowContext) -> str | None:
    """The 数量 row of the same table that states the same count (number and unit) about the same thing
    (the names share a word), or None."""
    if c.table is None or c.tv.number is None:
        return None
    grams = _bigrams(c.name)
    for i, other in enumerate(c.table.indicators):
        if i == c.row or lx.level2_key(other.level2) != "quantity":
            continue
        tv = TargetValue.parse(other.value)
        if tv.number == c.tv.number and tv.unit == c.tv.unit and grams & _bigrams(lx.clean(other.level3)):
            return other.level3 or ""
    return None


def _is_benefit(c: RowContext) -> bool:
    return c.l2 in _BENEFIT_L2 or (c.l2 is None and c.l1 == "benefit")


@rule("ZB106", "category_mismatch", Severity.WARNING, "指标类别不符",
      "三级指标不属于所在的二级/一级指标：满意度放在效益下、比率或时效放在成本下、数量放在质量下、"
      "单纯的完成率算作效益、资金投入算作产出数量等。")
def category_mismatch(c: RowContext) -> list[LintFinding]:
    """Warning: the row may be sound but is filed under the wrong heading, which skews scoring."""
    if c.l2 is None:
        return []
    nc = _name_cats(c.ind.level3)
    if nc.skip:
        return []
    r = _r(category_mismatch)
    ev = c.ind.level3 or ""
    tv = c.tv
    # (检验结果准确率 described as 能力验证结果满意率: the name says which rate it is.)
    desc_sat = len(c.desc) <= 16 and c.desc.endswith(("满意度", "满意率")) and not nc.rate_tail
    if (nc.sat or desc_sat) and c.l2 not in _SAT_L2:
        return [c.finding(r, "level2", ev, f"满意度指标“{ev}”放在了“{c.ind.level2}”下。",
                          "移到“满意度指标/服务对象满意度指标”下。", "服务对象满意度指标")]
    if c.l2 in _SAT_L2:
        name_sat = "满意" in c.name or "好评" in c.name  # “好差评”好评率: the government-service rating
        if not name_sat and "满意" not in c.desc:
            return [c.finding(r, "level2", ev, f"“{ev}”不是满意度，却放在了满意度指标下。",
                              "满意度指标下只放服务对象满意度；其他内容移到对应的产出或效益指标下。")]
        other = c.desc + lx.clean(c.ind.value)
        if "满意" not in other and ("率" in other or "占" in c.desc):
            return [c.finding(r, "level2", ev, f"“{ev}”的描述或指标值讲的是“{(c.ind.description or c.ind.value or '')[:20]}”，"
                              "不是满意度。", "满意度指标只考核服务对象的满意程度；其他比率移到产出或效益指标下。")]
        return []
    cost = c.l2 == "cost"
    duration = tv.kind == ValueKind.NUMERIC and tv.unit in lx.KNOWN_TIME_UNITS and not nc.money_word  # 建设工期 ≤8个月
    deadline = tv.kind == ValueKind.DEADLINE and c.measurable  # 2026年11月30日前: a date, whatever the name
    clock = _CLOCK.search(c.value) is not None  # 每日5:00-22:00: hours of the day
    if cost and (nc.timeliness or duration or deadline or clock) and tv.unit not in lx.MONEY_UNITS:
        return [c.finding(r, "level2", ev, f"时效类指标“{ev}”放在了成本指标下。",
                          "移到“产出指标/时效指标”下。", "时效指标")]
    # 运维资金执行率 ≥90% under 成本: how far the money is spent or paid on time is not what it costs.
    spend_rate = c.name.endswith(("执行率", "支付率", "到位率", "拨付率", "完成率", "兑现率"))
    if cost and (not nc.cost_word or spend_rate) and (tv.percent or nc.rate):
        return [c.finding(r, "level2", ev, f"“{ev}”不是成本，却放在了成本指标下。",
                          "成本指标只写金额或成本控制；比率类指标移到质量、时效或效益指标下。")]
    # A count of things (设备采购数量 ≥20台, 培训人次) is an output, under 成本 or 时效 as much as under 质量.
    # ≥2次/日 is a frequency (how often), not an amount of output.
    count_value = (cost or c.l2 == "timeliness") and tv.kind == ValueKind.NUMERIC and not tv.percent \
        and tv.unit in lx.COUNTED_UNITS and not any(w in ev for w in _INCIDENT_WORDS) \
        and not (tv.text or "").startswith(("/", "每"))  # 每季度1次, 每周≥2次: how often, under 时效 a period
    if cost and count_value and not nc.cost_word and not nc.money_word and tv.comparator not in (LE, LT):
        return [c.finding(r, "level2", ev, f"“{ev}”是数量，放在了成本指标下。", "移到“数量指标”下。", "数量指标")]
    if c.l2 == "timeliness" and tv.kind == ValueKind.NUMERIC and not tv.percent and tv.unit \
            and _real_unit(tv.unit) and tv.unit not in lx.KNOWN_TIME_UNITS \
            and any(w in ev for w in _INCIDENT_WORDS) and not nc.timeliness and not nc.rate:
        # 作业安全事故 0起 under 时效: how many incidents is a quality or safety measure, not a time.
        return [c.finding(r, "level2", ev, f"“{ev}”是事故或差错的数量，不是时效。", "移到“质量指标”下。", "质量指标")]
    if c.l2 == "timeliness" and count_value and not nc.timeliness and not nc.rate:
        return [c.finding(r, "level2", ev, f"“{ev}”是数量，放在了时效指标下。", "移到“数量指标”下。", "数量指标")]
    if c.l2 == "timeliness" and nc.quality_rate:
        return [c.finding(r, "level2", ev, f"“{ev}”是质量指标，放在了时效指标下。", "移到“质量指标”下。", "质量指标")]
    if c.l2 == "quality":
        # 按时完成… or a completion date (竣工时间 2026年底前) is timeliness; a rate (及时率) can be either.
        dated = (deadline or nc.time_name) and not nc.rate and not any(w in ev for w in lx.QUALITY_WORDS)
        # 抽检任务完成及时率, 奖补资金兑现及时率, 普查表填报及时率: whether a step was taken on time is timeliness; how fast a service
        # answers (故障修复及时率, 法定传染病报告及时率, 及时受理率, 按期办结率) is how well it performs (quality).
        done_on_time = any(w in ev for w in ("完成及时", "办结及时", "完工及时")) or (
            lx.clean(ev).endswith("及时率") and not any(w in ev for w in _SERVICE_RESPONSE))
        if nc.timely_start or dated or done_on_time:
            return [c.finding(r, "level2", ev, f"“{ev}”讲的是时效，放在了质量指标下。", "移到“时效指标”下。", "时效指标")]
        # 养护里程 ≥1860公里 is an amount of work; 路基宽度 ≥6.5米 (a dimension, …度) is a specification.
        physical = tv.unit in lx.PHYSICAL_UNITS and not any(w in ev for w in lx.QUALITY_WORDS) \
            and not lx.clean(ev).endswith(("度", "距", "径", "深", "宽", "厚", "高", "高程", "净空"))  # 航道维护水深 ≥2.5米
        quality_word = any(w in ev for w in lx.GRADE_WORDS)  # 耕地质量等级提升 ≥0.5个等级
        # 班额 ≤45人/班, 生均图书 ≥30册/生: a per-unit standard is a specification, not an amount of output.
        per_unit = (tv.text or "").startswith(("/", "每")) or c.name.startswith(("生均", "人均", "户均", "每")) \
            or "均" in c.name[:3]
        counted = tv.kind == ValueKind.NUMERIC and not tv.percent and not quality_word and not per_unit and (
            tv.unit in lx.COUNT_UNITS or (tv.unit in lx.COUNTED_UNITS and not any(w in ev for w in lx.QUALITY_WORDS))
            or physical or (tv.unit is None and _unit_in_name(ev) and not nc.rate))
        # 安全事故发生次数 0次 counts failures: a quality measure, not an output.
        if counted and not nc.rate and not any(w in ev for w in _INCIDENT_WORDS):
            return [c.finding(r, "level2", ev, f"“{ev}”是数量，放在了质量指标下。", "移到“数量指标”下。", "数量指标")]
    money_value = tv.unit in lx.MONEY_UNITS and tv.kind == ValueKind.NUMERIC
    if c.l2 == "quantity":
        standard = c.name.endswith("标准") and (tv.text or "").startswith(("/", "每"))  # 补偿标准 =16元/亩·年
        share = tv.percent and nc.rate_tail  # 住院费用直接结算率 ≥70%: a rate about money, not money
        if not nc.collected and not standard and not share and (money_value or nc.fund_word) \
                and (money_value or not nc.count_word):
            return [c.finding(r, "level2", ev, f"“{ev}”是资金投入，不是产出数量。",
                              "资金投入放在成本指标下；数量指标应写产出的实物量（人次、个、项）。", "成本指标")]
        if nc.staff:
            return [c.finding(r, "level2", ev, f"“{ev}”是人员投入，不是产出。",
                              "数量指标应写项目产出，如服务人次、办结件数。")]
        return []
    if c.l2 in _BENEFIT_L2:
        # Under 经济效益 money is the natural measure of the result (审减结算金额, 节本金额): only money going in
        # (资金投入, 项目经费, 投资金额) is misfiled there; under 社会/生态效益 any amount is.
        money_in = c.l2 != "economic" or (any(w in c.name for w in _INPUT_MONEY) and not any(
            w in c.name for w in _SAVED_MONEY))
        if money_value and nc.money_word and not nc.benefit_money and money_in:
            return [c.finding(r, "level2", ev, f"“{ev}”是资金投入，不是效益。",
                              "资金投入放在成本指标下；效益指标应写项目带来的变化。", "成本指标")]
        if nc.output_only and not nc.outcome:
            return [c.finding(r, "level2", ev, f"“{ev}”是工作完成情况（产出），不是效益。",
                              "移到产出指标下；效益指标应写项目带来的变化，如“参训人员就业率”“政策知晓率”。")]
        # 电商培训人次 ≥2000人次 under 社会效益 beside 电商培训 ≥2000人次 under 数量: the output counted again.
        twin = _output_twin(c) if not nc.outcome and tv.kind == ValueKind.NUMERIC and not tv.percent \
            and tv.unit in lx.COUNTED_UNITS else None
        if twin is not None:
            return [c.finding(r, "level2", ev, f"“{ev}”与数量指标“{twin}”是同一个产出数量（{c.ind.value}），不是效益。",
                              "删去重复的一行；效益指标应写产出带来的变化，如“参训人员就业率”“政策知晓率”。")]
    return []


# How work is done (严格审核, 圆满举办): before the verb the name ends with, the value promises the work.
# (及时修复 is a vague time, not work: ZB101.)
_MANNER_WORDS = frozenset({"严格", "圆满", "认真", "顺利", "规范", "依法", "精心", "全面"})
# 按计划轮换, 按要求实施, 提供科技服务: the value promises to do the work (按计划完成 is a vague deadline instead).
_PLANNED_WORK = re.compile(r"^按(?:计划|要求|规定|程序)(?!完成)[\u4e00-\u9fff]{1,4}$|^提供[\u4e00-\u9fff]{2,8}$")
_WORK_NOUNS = tuple(lx.words("work_nouns"))
_INCIDENT_WORDS = ("事故", "差错", "失误", "故障", "投诉", "违规", "违纪", "泄密", "安全事件", "错误", *lx.words("incident_words"))
_RESULT_NOUNS = ("率", "数", "人次", "次数", "场次", "金额", "时间", "天数", "比例", "面积", "长度", "个数", "件数",
                 "户数", "人数", "数量", "覆盖", "合格", "达标", "平均", "人均")


def _is_activity(c: RowContext) -> bool:
    benefit = _is_benefit(c)
    tv = c.tv
    if c.l2 == "economic" and tv.kind == ValueKind.NUMERIC and tv.unit in lx.MONEY_UNITS:
        return False  # 为群众挽回经济损失 ≥8000万元: under 经济效益 an amount of money is the result itself
    # 组织企业参加展会 ≥12场: a counted output of the work -- under 数量 (or an 产出 row of no 二级). Under 质量 or
    # 时效 the count does not make 开展关爱活动 ≥12次 a measure of quality or time: the name is still the work.
    output = not benefit and c.l2 not in ("quality", "timeliness")
    if output and tv.kind == ValueKind.NUMERIC and not tv.percent and tv.unit and _real_unit(tv.unit) \
            and tv.unit in lx.COUNT_UNITS | {"场次", "批次", "人次", "期次", "次"}:
        return False
    if not benefit and tv.kind == ValueKind.NUMERIC and tv.unit is None and _unit_in_name(c.ind.level3):
        return False  # 开展小型水利工程建设(个) 1: the name states what is counted
    return _activity_name(c.ind.level3, benefit)


# The name rules read only the name and one or two flags, and names repeat across a corpus far more
# than rows do, so their verdicts are cached by name.
@lru_cache(maxsize=32768)
def _activity_name(level3: str | None, benefit: bool) -> bool:
    name = lx.clean(level3)
    if not name or lx.category_core(name) or any(w in name for w in ("费用", "经费", "成本")):
        return False  # money is an input (category_mismatch), not an activity
    if name in _WORK_NOUNS:
        return True  # 宣传 / 到位, 检查 / 全覆盖: the 三级 is only the name of a piece of work
    if name.startswith(("推动", "促进")) and name.endswith("发展"):
        return False  # 推动低空经济发展: an aim (a slogan, ZB108), not a piece of work
    verb = name.startswith(lx.ACTIVITY_VERBS)
    doing = ("做好" in name or name.startswith(lx.AIM_VERBS)) and name.endswith(("工作", "管理"))
    task = len(name) >= 10 and name.endswith(("工作", "任务")) and any(w in name for w in ("完成", "开展", "落实"))
    # 政策宣传知晓率 measures what the publicity achieved; 加强政策宣传 does not.
    publicity = benefit and any(w in name for w in ("宣传", "解读")) and not any(w in name for w in (*_RESULT_NOUNS, "年限"))
    if not (verb or doing or task or publicity):
        return False
    counted = any(w in name for w in _RESULT_NOUNS)
    return not (verb and counted and not benefit and not (doing or task))


@rule("ZB107", "activity_not_result", Severity.WARNING, "写的是工作而不是结果",
      "三级指标描述的是要做的工作（加强宣传、做好…工作、按时足额发放补贴），不是可衡量的结果。")
def activity_not_result(c: RowContext) -> list[LintFinding]:
    """Warning: work done is what the money buys, not what the indicator should measure.

    A count of activities under 产出 is a legitimate output (开展培训场次 ≥10场), so a work verb
    followed by a counting noun is left alone outside 效益.
    """
    r = _r(activity_not_result)
    if _is_activity(c):
        return [c.finding(r, "level3", c.ind.level3 or "", f"“{c.ind.level3}”描述的是工作过程，不是可衡量的结果。",
                          "改写为工作带来的结果，如“政策知晓率≥90%”“…人数≥N人”，并给出可核验的指标值。")]
    # The work is in the value or the description instead (飞行检查: 按要求开展; 设备运维: 做好设备运维 / 长期):
    # what is promised is doing the work, and nothing says what it achieves.
    if c.measurable or lx.category_core(c.ind.level3) or not c.name:
        return []
    v = lx.clean(c.ind.value)
    if not _named_work(c.ind.level3) and _vague_name_verdict(c.ind.level3, False, _is_benefit(c), True) is not None:
        return []  # 基本公共卫生服务均等化 / 持续推进: the name is an aim, reported as vague wording
    # A lone aim verb (维护 after 社会和谐稳定, 保障; 有效维护) states the aim, not work: a slogan, not an activity.
    bare = lx.VALUE_ADVERBS.sub("", v) if lx.VALUE_ADVERBS is not None else v
    aim_word = bare in lx.AIM_VERBS and bare not in ("推进", "推动") and v not in lx.DONE_VALUES \
        and not v.startswith(lx.WORK_VALUE_VERBS)
    # 项目申报材料审核 / 严格审核, 体育赛事举办 / 圆满举办: the value only repeats the work the name names.
    # 老字号认定标准 / 严格执行: a manner word before a verb of carrying work out says the same.
    echo = v[:-2] in _MANNER_WORDS and len(v) > 2 and (c.name.endswith(v[-2:]) or v[-2:] in _WORK_NOUNS)
    # 应急演练 / 应急演练, 集采政策宣传 / 宣传到位: the value names the work again, or says it will be done.
    echo = echo or (v == c.name and c.name.endswith(_WORK_NOUNS)) or (v.endswith("到位") and v[:-2] in _WORK_NOUNS)
    work_value = v in lx.DONE_VALUES or echo or (len(v) <= 8 and not aim_word and (v.startswith(lx.WORK_VALUE_VERBS) or any(
        v.endswith(w) for w in ("开展", "推进", "实施", "落实", "维护", "加强", "力度")))) \
        or _PLANNED_WORK.match(v) is not None
    work_desc = c.desc.startswith(lx.WORK_VALUE_VERBS) and c.desc != c.name
    if work_value or work_desc:
        ev = c.ind.value if work_value else c.ind.description
        return [c.finding(r, "value" if work_value else "description", ev or "",
                          f"“{c.ind.level3}”写的是要做的工作（“{ev}”），不是工作的结果。",
                          "写明工作带来的可核验结果，如“…人次≥N”“…完成率≥95%”“…覆盖率≥90%”。")]
    return []


@rule("ZB108", "vague_wording", Severity.WARNING, "三级指标名称含糊",
      "三级指标名称只是口号、类别或一句话（促进就业工作、保持稳定、社会效益、…是否带来经济效益），说不出考核什么。")
def vague_name(c: RowContext) -> list[LintFinding]:
    """Warning: a vague name hides what is measured, even when the value has a number."""
    # 完成率 alone is vague unless the description says what is completed (dev-set policy).
    bare_ok = bool(c.desc) and lx.clean(c.desc) != lx.clean(c.ind.level3)
    tv = c.tv
    # 营造水土保持林 ≥1800亩, 带动脱贫户 ≥150户: a verb with a counted object is an output, not a slogan.
    counted = tv.kind == ValueKind.NUMERIC and not tv.percent and bool(tv.unit) and _real_unit(tv.unit or "") \
        and tv.unit not in lx.KNOWN_TIME_UNITS
    benefit = _is_benefit(c)
    verdict = _vague_name_verdict(c.ind.level3, "得分" in c.desc, benefit, bool((c.ind.value or "").strip()),
                                  bare_ok, counted)
    # Work reported as an activity (ZB107) is reported once, as there (asked only on the rare rows that get this far).
    if verdict is None and benefit and not c.measurable and _AIM_PHRASE.search(c.name) \
            and not activity_not_result(c):
        # 降低群众出行成本 / 有效降低, 为政府决策提供数据支撑 / 有效支撑: an aim with no measure of it.
        verdict = (f"三级指标“{c.ind.level3}”是一句目标，指标值也没有说明考核什么。", _NAMED)
    if verdict is None and benefit and not c.measurable and c.name.endswith(_SLOGAN_TAILS) and len(c.name) <= 12 \
            and not lx.has_measure_noun(c.name) and not activity_not_result(c):
        # 乡村医生队伍稳定 / 稳定, 青少年健康成长 / 明显: a state hoped for, and nothing that measures it.
        verdict = (f"三级指标“{c.ind.level3}”是希望达到的状态，不是可计量的指标。", _NAMED)
    if verdict is None and benefit and tv.percent and c.name.endswith("情况") \
            and not lx.has_measure_noun(c.name[:-2]):
        # 耕地保护情况 =100%: a 情况 is not a ratio; 100% of what?
        verdict = (f"三级指标“{c.ind.level3}”是“…情况”，不是比率，“{c.ind.value}”说不出考核什么。", _NAMED)
    if verdict is None and not c.measurable and _bare_topic(c.ind.level3, benefit) \
            and _topic_says_nothing(c) and not activity_not_result(c):
        # 安全生产 / 绿化成效 with 保持稳定 / 显著: a topic, and a value that does not say what is measured either.
        verdict = (f"三级指标“{c.ind.level3}”只是一个工作领域，指标值也没有说明考核什么。", _NAMED)
    if verdict is None:
        return []
    if _named_work(c.ind.level3) and activity_not_result(c):
        return []  # 大气污染防治工作 / 扎实推进: the row promises work, reported once as ZB107
    return [c.finding(_r(vague_name), "level3", c.ind.level3 or "", verdict[0], verdict[1])]


@lru_cache(maxsize=32768)
def _named_work(level3: str | None) -> bool:
    """A named piece of work (大气污染防治工作, 创建工作), not an aim (促进就业工作) or filler (工作完成情况)."""
    name = lx.clean(level3)
    return name.endswith("工作") and len(name) > 2 and not name.startswith(lx.AIM_VERBS) \
        and not lx.is_generic_name(name) and not _SENTENCE_PUNCT.search(name)


_TOPIC_MAX = 4
_SERVICE_RESPONSE = tuple(lx.words("service_response_words"))
_SLOGAN_TAILS = tuple(lx.words("slogan_tails"))
# Under 效益 a topic of up to six characters with a value that only states the aim is still a slogan
# (医保基金安全 / 有效保障, 安全生产形势 / 持续稳定); longer names usually say what changes.
_BENEFIT_TOPIC_MAX = 6
_ROLE_TOPIC_MAX = 10
# An aim stated as a verb phrase: it leads the name (降低…, 防止…, 为…提供…) or follows a short subject (审计促进…).
_AIM_PHRASE = re.compile(
    "^(?:" + "|".join(lx.AIM_VERBS + lx.words("aim_phrase_verbs")) + ")|^为.{2,}提供|^.{1,4}(?:促进|助力|推动)"
)


def _topic_says_nothing(c: RowContext) -> bool:
    """Whether a bare topic name, read with its 二级 and its value, still names no measure.

    Under 质量/时效 the 二级 names the side measured (车辆维修 under 时效 is the repair's timeliness), and a
    name ending in a money word (活动经费) is an amount: there only the value is vague (ZB101). Under 效益 the
    topic is a slogan when the value only states the aim (促进, 有效保障, 保持稳定) or an effect with nothing
    to measure (显著, 作用明显); a value that says how the topic itself should change (社会治安 持续好转,
    群众出行 更加便捷, 文物安全 得到保障) describes a measure with a vague target, which ZB101 reports.
    """
    if c.l2 in ("quality", "timeliness") or c.name.endswith(lx.MONEY_TAILS):
        return False
    v = lx.clean(c.ind.value)
    if not _is_benefit(c) or (len(v) >= 2 and c.name.endswith(v)):
        return True  # 防灾减灾 / 防灾减灾, 医保基金安全 / 安全: a value that copies the topic says nothing more
    return lx.slogan_value(v)


@lru_cache(maxsize=32768)
def _bare_topic(level3: str | None, benefit: bool) -> bool:
    """A short name with no measured head (安全生产, 维修养护, 防灾减灾): a field of work, not a measure."""
    name = lx.clean(level3)
    # 审计监督作用, 乡村振兴示范带动作用: an 作用 is what a slogan says is 发挥ed, however specific its subject.
    role = benefit and name.endswith("作用")
    limit = _ROLE_TOPIC_MAX if role else _BENEFIT_TOPIC_MAX if benefit else _TOPIC_MAX
    if not 2 <= len(name) <= limit or (len(name) > _TOPIC_MAX and not role and _specific_attribute(name)):
        return False  # 消防安全意识, 园区承载能力: a named state of a named thing, which a survey can measure
    return _cjk(name) == len(name) and not lx.category_core(name) \
        and not lx.has_measure_noun(name) and not _activity_name(level3, benefit) \
        and not name.startswith(lx.ACTIVITY_VERBS)


# A rate with nothing to say what it is a rate of (完成率, 合格率 alone).
_BARE_RATES = frozenset({"合格率", "达标率", "及时率", "覆盖率", "完好率", "准确率", "知晓率", "使用率", "到位率",
                         "执行率", "办结率", "完成率", "满足率", "支付率", "兑现率", "落实率"})
def _specific_attribute(name: str) -> bool:
    """A state word (能力, 意识, 环境, 影响力, 水平) after a specific subject (教师专业能力, 旅游品牌影响力),
    not after a generic one (社会稳定水平, 群众健康水平, 生态环境, 学校发展能力)."""
    tail = next((t for t in lx.ATTRIBUTE_TAILS if name.endswith(t)), None)
    if tail is None:
        return False
    head = name[: -len(tail)]
    # 群众法治意识, 社会消防安全意识: whose the state is (群众, 社会) does not make the state itself generic.
    who = next((w for w in _WHO if head.startswith(w) and len(head) - len(w) >= 2), "")
    head = head[len(who):]
    # 智慧法院应用持续发挥作用: a sentence about the effect, not a named thing's state.
    return len(head) >= 2 and not any(w in head for w in lx.GENERIC_SUBJECTS) and not head.startswith(lx.AIM_VERBS) \
        and "发挥" not in head


_WHO = ("群众", "社会", "公众", "居民", "市民", "村民", "全民")


_AIM_TAILS = ("提高", "改善", "提升", "增强", "优化", "加强", "明显", "显著", "改观", "好转", "加快", "推进")
_NAMED = "改为可计量的名称，如“新增就业人数”“…覆盖率”“…办结率”。"


@lru_cache(maxsize=32768)
def _vague_name_verdict(level3: str | None, score_desc: bool, benefit: bool, has_value: bool,
                        bare_ok: bool = True, counted: bool = False) -> tuple[str, str] | None:
    """(message, fix) when the name is vague; `score_desc`: the description defines a score."""
    name = lx.clean(level3)
    ev = level3 or ""
    if not name or _cjk(name) == 0:
        if has_value:  # a placeholder (`0`, empty) where the name belongs
            return "三级指标为空或只是占位符，看不出考核什么。", "写明具体考核对象，如“受益群众人数”“政策知晓率”。"
        return None
    core = lx.category_core(name)
    if core:
        if "满意" in core and core not in ("满意度", "满意度指标"):
            return None  # 服务对象满意度指标 names a real measure; reported as self-reference
        return f"三级指标“{ev}”只是类别名称，看不出考核什么。", "写明具体考核对象，如“受益群众人数”“政策知晓率”。"
    bare_rate = name.endswith("率") and (name in _BARE_RATES or lx.is_generic_name(name[:-1]))
    if lx.is_generic_name(name) or (bare_rate and not bare_ok):
        return (f"三级指标“{ev}”只有“完成、工作、情况”一类泛词，没有考核对象。",
                "写明考核对象，如“职业技能培训人次”“补贴发放准确率”。")
    aim = name.startswith(lx.AIM_VERBS)
    if "、" in name and any(part.endswith(_AIM_TAILS) for part in name.split("、")):
        # 教学质量提高、办学条件改善: a list of hoped-for improvements, not one measure.
        return (f"三级指标“{ev}”是几句目标口号，不是指标名称。",
                "每个改善写成一个可计量的指标，如“学生体质健康达标率”“标准化教室数量”。")
    # (维护运行水位站、雨量站 ≥126个 lists what is counted: a verb with objects, not a list of aims.)
    sentence = bool(_SENTENCE_PUNCT.search(name)) or "是否" in name[1:] or _cjk(name) > 20 or (aim and "、" in name and not counted)
    # A sentence that describes work is reported once, as an activity; one that states aims is a slogan.
    if sentence and (aim or not _activity_name(level3, benefit)) and (aim or not lx.has_measure_noun(name[-4:])):
        return (f"三级指标“{ev}”是一句话，不是指标名称。",
                "压缩成可计量的名称，如“新增就业人数”“…覆盖率”，说明性文字放到绩效指标描述中。")
    if score_desc:
        return None  # the description defines a score (考务组织工作: 年度综合考核得分)
    if counted and not name.endswith(lx.STRONG_VAGUE_TAILS):
        return None  # 日烘干能力 ≥900吨/日: a capacity with its unit
    if _specific_attribute(name):
        return None  # 农村人居环境, 耕地保护意识: a named thing's state; the value says how it is measured
    if "满意" not in name and name.endswith(lx.STRONG_VAGUE_TAILS):
        return f"三级指标“{ev}”没有可计量的定义。", _NAMED
    if lx.has_measure_noun(name) or name.startswith(lx.ACTIVITY_VERBS):
        return None  # measurable, or reported as an activity
    if aim or name.endswith(lx.VAGUE_NAME_TAILS):
        return f"三级指标“{ev}”是口号式表述，没有可计量的对象。", _NAMED
    return None


_GENERIC_BASIS = (
    "相关文件", "相关政策", "有关文件", "有关政策", "有关规定", "相关规定", "数据合理", "上级要求", "领导要求",
)


@lru_cache(maxsize=8192)
def _generic_basis(basis: str) -> bool:
    b = basis.replace(" ", "")
    return b in ("无", "其他", "/", "-") or any(w in b for w in _GENERIC_BASIS)


@rule("ZB109", "missing_basis", Severity.INFO, "指标值确定依据缺失或空泛",
      "指标值确定依据为空或只写“相关文件”，应写明计划标准、行业标准、历史标准或预算支出标准及其出处。")
def missing_basis(c: RowContext) -> list[LintFinding]:
    """Info: forms without a basis column are common, so an empty basis is only flagged when the
    table has a basis column (some other row fills it)."""
    r = _r(missing_basis)
    basis = (c.ind.basis or "").strip()
    if not basis:
        if not c.basis_column:
            return []
        return [c.finding(r, "basis", "", "指标值确定依据为空。",
                          "写明依据的类型和出处，如“计划标准：年度工作计划”“历史标准：上年实际完成值”。")]
    if _generic_basis(basis):
        return [c.finding(r, "basis", basis, f"指标值确定依据“{basis}”过于笼统。",
                          "写明具体依据，如“计划标准：《××年度工作计划》”“行业标准：××规范”。")]
    return []


@rule("ZB110", "budget_reference", Severity.INFO, "成本写成“≤预算批复金额”",
      "项目预算已知时，成本指标应写出具体金额（≤X万元），而不是“≤预算批复金额”。")
def budget_reference(c: RowContext) -> list[LintFinding]:
    """Info: `≤预算批复金额` is checkable but says nothing the budget line does not; with the budget
    known the fix is the number itself."""
    tv = c.tv
    budget = c.table.budget_wan if c.table is not None else None
    if tv.kind != ValueKind.REFERENCE or tv.comparator not in (LE, LT) or "预算" not in (tv.text or ""):
        return []
    if not budget:
        return [c.finding(_r(budget_reference), "value", c.ind.value or "",
                          f"指标值“{c.ind.value}”没有写出金额，考核时还要另查预算。",
                          "写成具体金额，如“≤X万元”（X为项目预算批复数），或单项成本“≤X元/单位”。")]
    repl = f"≤{fixes._fmt(round(budget, 4))}万元"
    return [c.finding(_r(budget_reference), "value", c.ind.value or "",
                      f"项目预算为{fixes._fmt(round(budget, 4))}万元，指标值“{c.ind.value}”可以直接写成金额。",
                      f"改为“{repl}”（或按单项成本写“≤X元/单位”）。", repl)]


@rule("ZB111", "markup", Severity.WARNING, "单元格含有网页标记",
      "单元格中有HTML标签、转义符或Markdown强调符号（<b>…</b>、&nbsp;、**），导出和填报时会原样出现。")
def markup_in_cell(c: RowContext) -> list[LintFinding]:
    """Warning: pasted markup is not part of the cell; the other rules read the cell without it."""
    out = []
    for field, raw in c.markup.items():
        clean_text = strip_markup(raw) or ""
        out.append(c.finding(_r(markup_in_cell), field, raw, f"“{raw}”含有网页标记。",
                             f"删去标记，写成“{clean_text}”。", clean_text))
    return out


@rule("ZB112", "percent_words", Severity.INFO, "百分号写成了文字",
      "比率的指标值写成“≥80百分率”“≥95百分比”，应写成“≥80%”。")
def percent_in_words(c: RowContext) -> list[LintFinding]:
    """Info: 百分率/百分比 after the number reads as percent, but the form expects the % sign."""
    tv = c.tv
    raw = c.ind.value or ""
    if not tv.percent or tv.number is None or not _PERCENT_WORDS.search(raw):
        return []
    if not (lx.is_rate_name(c.ind.level3) or lx.is_rate_name(c.desc)) or lx.category_core(c.ind.level3):
        return []  # a non-rate with a percentage is number_without_unit's business
    repl = fixes.with_percent(tv, c.ind.level3)
    return [c.finding(_r(percent_in_words), "value", raw, f"指标值“{raw}”的百分号写成了文字。",
                      f"改为“{repl}”。", repl)]


@rule("ZB113", "description_copy", Severity.INFO, "描述照抄三级指标",
      "绩效指标描述与三级指标一字不差，没有说明考核口径（考核什么、怎么统计）。", label="self_referential")
def description_copies_name(c: RowContext) -> list[LintFinding]:
    """Info, not a warning: 描述 = 三级 is how many published forms are filled in, so a row like that may
    still be filed and suggested; the reviewer is told the description adds nothing. Its own flag keeps
    the suggestion engine (which never suggests a self_referential row) from rejecting such rows; for
    the labels it counts as self_referential."""
    if not c.name or not c.desc or c.desc != c.name or lx.category_core(c.name) or c.copy_template:
        return []  # a form that copies throughout is told once, by the table rule ZB207
    return [c.finding(_r(description_copies_name), "description", c.ind.description or "",
                      f"绩效指标描述“{c.ind.description}”只是照抄了三级指标。",
                      "描述应写明统计口径，如“年内完成职业技能培训的人次（以培训台账为准）”。")]
