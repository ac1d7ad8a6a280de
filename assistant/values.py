"""Parsing of raw 指标值 strings into `TargetValue`.

Published tables write the same target in dozens of ways (`≥95%`, `95%以上`, `不低于95%`, `≥95百分比`,
`$\\geq$ 95`); the parser reduces them to comparator, number(s), unit and residual text, and renders a
canonical form. It never raises: anything it cannot read becomes a qualitative value.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict


class ValueKind(StrEnum):
    NUMERIC = "numeric"  # comparator? number unit?
    RANGE = "range"  # lower-upper unit
    BOOLEAN = "boolean"  # 是 / 否
    GRADED = "graded"  # 达到/部分达到/未达到, 优/良/中/差
    DEADLINE = "deadline"  # 12月底前, 年底前完成
    REFERENCE = "reference"  # ≤预算批复金额: a comparator against a named amount
    QUALITATIVE = "qualitative"  # free text
    EMPTY = "empty"


# Comparators are stored as the symbols a finance clerk writes.
GE, LE, GT, LT, EQ = "≥", "≤", ">", "<", "="

_SYMBOL_FIXES = [
    (re.compile(r"\$?\\(?:geq|ge|geqslant)\$?"), GE),
    (re.compile(r"\$?\\(?:leq|le|leqslant)\$?"), LE),
    (re.compile(r">=|=>|≧|⩾"), GE),
    (re.compile(r"<=|=<|≦|⩽"), LE),
    (re.compile(r"[═＝]"), EQ),
    (re.compile(r"[～〜]"), "~"),
    (re.compile(r"[—–−－]"), "-"),
    (re.compile(r"[﹪]"), "%"),
]
# Every character a `_SYMBOL_FIXES` pattern needs: a value with none of them (most) skips the substitutions.
_SYMBOL_CHARS = re.compile(r"[\\><=≧⩾≦⩽═＝～〜—–−－﹪]")
_WHITESPACE = re.compile(r"\s+")

# Word comparators in front of a number, longest first.
_PREFIX_WORDS: list[tuple[str, str]] = sorted(
    [
        ("大于等于", GE), ("大于或等于", GE), ("高于等于", GE), ("不低于", GE), ("不少于", GE),
        ("不小于", GE), ("至少", GE), ("达到", GE), ("超过", GT), ("大于", GT), ("高于", GT),
        ("多于", GT), ("小于等于", LE), ("小于或等于", LE), ("不高于", LE), ("不超过", LE),
        ("不多于", LE), ("不大于", LE), ("控制在", LE), ("低于", LT), ("少于", LT), ("小于", LT),
        ("等于", EQ), ("为", EQ),
    ],
    key=lambda p: -len(p[0]),
)
_PREFIX_FIRST = frozenset(w[0] for w, _ in _PREFIX_WORDS)  # a value starting otherwise has no word comparator

# Words after the number/unit that carry the comparator.
_SUFFIX_WORDS: list[tuple[str, str | None]] = sorted(
    [
        ("及以上", GE), ("以上", GE), ("或以上", GE), ("及以下", LE), ("以下", LE), ("或以下", LE),
        ("以内", LE), ("之内", LE), ("内", LE), ("左右", None),
    ],
    key=lambda p: -len(p[0]),
)

_PERCENT_WORDS = ("百分比", "百分率", "百分之", "佰分比", "%")

# Measure words seen in published tables, longest first so 万人次 wins over 万人 and 人.
_UNITS = sorted(
    """万元 亿元 千元 元 万人次 人次 万人 人 户次 万户 户 个工作日 工作日 个月 个百分点 百分点 个 项 次 天 日 年 月 周
    小时 分钟 人数 分值 家 所 台 套 件 份 册 本 场 期 批次 批 条 名 辆 座 处 间 栋 公里 千米 米 平方米 万平方米 亩 万亩 公顷
    吨 万吨 立方米 万立方米 千瓦 床 张 篇 部 类 种 校 班 课时 学时 学分 分 个点 点 人天 人日 户数 单 笔 宗 起 例
    村 镇 乡 街道 社区 平台 系统 期次 轮 遍 季度 台套 台次 车次 架次 小时/天 元/人 元/月 元/年 人/年 次/年 ‰""".split(),
    key=len,
    reverse=True,
)
# One alternation in the same order: `match` returns the first unit of `_UNITS` that starts the text.
_UNIT_RE = re.compile("|".join(map(re.escape, _UNITS)))

_BOOLEAN = {"是", "否", "有", "无", "是/否", "是否"}
# Grades on a defined scale are checkable; 较好/好/一般 are not (they are the vague values reviewers flag).
_GRADES = {
    "达到", "部分达到", "未达到", "达到/部分达到/未达到", "达标", "优", "良", "中", "差", "优良", "优秀",
    "良好", "合格", "不合格", "优/良/中/差", "优秀/良好/合格/不合格",
}
_DEADLINE = re.compile(
    r"^(?:截止(?:时间|日期)?[:：]?)?(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})(?:月|(?=底|末))(?:(?P<d>\d{1,2})[日号])?"
    r"(?P<tail>(?:底|末|中旬|上旬|下旬)?(?:前|之前|以前|内|完成|前完成)?)"
    r"|^(?:截止(?:时间|日期)?[:：]?)?(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.]\d{1,2}"
)
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+")
_RANGE_SEP = re.compile(r"^(?:-|~|至|到)")
_HAN_RUN = re.compile(r"^[\u4e00-\u9fffA-Za-z/·²³]+")
_GRADE_LIST = re.compile(r"(?:[优良中差好较一般合格达到部分未]+/){1,4}[优良中差好较一般合格达到部分未]+")


class TargetValue(BaseModel):
    """A parsed 指标值. `raw` is kept verbatim; everything else is derived from it."""

    model_config = ConfigDict(frozen=True)

    raw: str
    kind: ValueKind
    comparator: str | None = None
    number: float | None = None
    upper: float | None = None
    unit: str | None = None
    percent: bool = False
    text: str | None = None

    @classmethod
    def parse(cls, raw: str | None) -> TargetValue:
        return _parse_cached(raw or "")

    @classmethod
    def of(
        cls, number: float, unit: str | None = None, comparator: str | None = GE, *, percent: bool = False
    ) -> TargetValue:
        """Build a value from its parts (used by the suggestion engine)."""
        unit = "%" if percent else unit
        rendered = f"{comparator or ''}{_fmt(number)}{unit or ''}"
        return cls.parse(rendered)

    @property
    def measurable(self) -> bool:
        """True when a reviewer could check the target at year end without judgement calls."""
        return self.kind not in (ValueKind.QUALITATIVE, ValueKind.EMPTY)

    @property
    def has_number(self) -> bool:
        return self.number is not None

    def render(self) -> str:
        """Canonical rendering: `≥95%`, `≤78.71万元`, `90%-95%`, or the text itself."""
        if self.kind == ValueKind.RANGE and self.number is not None and self.upper is not None:
            u = "%" if self.percent else (self.unit or "")
            return f"{_fmt(self.number)}{u}-{_fmt(self.upper)}{u}"
        if self.kind == ValueKind.NUMERIC and self.number is not None:
            if self.text:  # qualifying words (1年内持续发挥作用): keep the writer's order
                return normalize(self.raw)
            u = "%" if self.percent else (self.unit or "")
            return f"{self.comparator or ''}{_fmt(self.number)}{u}"
        if self.kind == ValueKind.REFERENCE:
            return f"{self.comparator}{self.text}"
        return self.text if self.text is not None else self.raw.strip()

    def __str__(self) -> str:
        return self.render()


def _fmt(x: float) -> str:
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.6f}".rstrip("0").rstrip(".")


GRADES_FILE = Path(__file__).with_name("grades.yaml")


@dataclass(frozen=True)
class GradeScale:
    key: str
    name: str  # the row's name (水质类别)
    slot: str  # the 二级 slot key it belongs under
    standard: str  # the published standard that defines the scale
    context: tuple[str, ...]  # a brief must name one of these near the grade (empty: the grade names itself)
    pattern: re.Pattern[str]  # the grade itself, on NFKC-normalised text


@lru_cache(maxsize=1)
def grade_scales() -> tuple[GradeScale, ...]:
    data = yaml.safe_load(GRADES_FILE.read_text(encoding="utf-8"))
    try:
        return tuple(GradeScale(e["key"], e["name"], e["slot"], e["standard"], tuple(e.get("context") or ()),
                                re.compile(unicodedata.normalize("NFKC", e["grade"]))) for e in data["scales"])
    except (KeyError, TypeError, re.error) as exc:
        raise ValueError(f"grades.yaml 格式错误：{exc!r} / malformed grade scales") from exc


_GRADE_LEAD = ("达到", "不低于", "符合", "保持", "按", "国家", "优于")
_GRADE_TAIL = ("及以上", "以上", "标准", "要求")


def named_grade(text: str) -> tuple[GradeScale, str] | None:
    """(scale, grade) when the whole text is a grade of a defined scale, with lead and tail words allowed."""
    t = unicodedata.normalize("NFKC", text or "").strip()
    for w in _GRADE_LEAD:
        t = t.removeprefix(w)
    for w in _GRADE_LEAD:
        t = t.removeprefix(w)
    for w in _GRADE_TAIL:
        t = t.removesuffix(w)
    if not t or len(t) > 16:
        return None
    for scale in grade_scales():
        m = scale.pattern.fullmatch(t)
        if m:
            return scale, m.group()
    return None


def normalize(raw: str) -> str:
    """Full-width to half-width, comparator spellings unified, white space removed."""
    s = unicodedata.normalize("NFKC", raw)
    if _SYMBOL_CHARS.search(s):
        for pat, rep in _SYMBOL_FIXES:
            s = pat.sub(rep, s)
    s = _WHITESPACE.sub("", s)
    return s.strip("。；;，,")


# The linter normalises every 指标值 the parser has just read: one cache serves both.
normalize_cached = lru_cache(maxsize=65536)(normalize)


@lru_cache(maxsize=65536)
def _parse_cached(raw: str) -> TargetValue:
    try:
        return _parse(raw)
    except Exception:  # the contract is "never raise"; an odd string is just text
        return TargetValue(raw=raw, kind=ValueKind.QUALITATIVE, text=raw.strip())


# `TargetValue.parse` for a str (not None) without the classmethod call: the linter's per-row entry.
parse_text = _parse_cached


def _parse(raw: str) -> TargetValue:
    s = normalize_cached(raw)
    if not s or s in {"-", "/", "无数据", "空"}:
        return TargetValue(raw=raw, kind=ValueKind.EMPTY, text=s)
    if s in _BOOLEAN:
        return TargetValue(raw=raw, kind=ValueKind.BOOLEAN, text=s)
    if named_grade(s) is not None:  # 达到III类, 四级公路标准, 4A级: a grade a published standard defines
        return TargetValue(raw=raw, kind=ValueKind.GRADED, text=s)
    if s in _GRADES or _GRADE_LIST.fullmatch(s):
        return TargetValue(raw=raw, kind=ValueKind.GRADED, text=s)

    fm = _FORMULA_RESULT.search(s)
    if fm and ("*" in s or "×" in s):  # 2人/次*5趟*20天=200人次: the target is the result
        tail = _parse(fm.group("val"))
        if tail.kind == ValueKind.NUMERIC and not tail.text:
            return tail.model_copy(update={"raw": raw, "text": s[: fm.start()]})

    comparator: str | None = None
    rest = s
    # 控制在2.0%以内 / 不低于95%: a word comparator first, then maybe a symbol as well.
    for word, comp in (_PREFIX_WORDS if rest[:1] in _PREFIX_FIRST else ()):
        if rest.startswith(word) and _NUMBER.match(rest[len(word):].lstrip(GE + LE + "<>=")):
            comparator, rest = comp, rest[len(word):]
            break
    if rest[:1] in (GE, LE, GT, LT, EQ):
        comparator, rest = rest[0], rest[1:]
        # `≥=95%`, `>=`: already folded; a second symbol is noise
        if rest[:1] in (EQ, GE, LE):
            rest = rest[1:]

    m = _NUMBER.match(rest)
    if not m and comparator is None:
        labelled = _labelled_number(s, raw)
        if labelled is not None:
            return labelled
    if not m:
        if _is_deadline(s) or s.startswith(("年底", "年内", "年末", "当年", "本年度内", "年度内")):
            return TargetValue(raw=raw, kind=ValueKind.DEADLINE, text=s)
        if comparator and rest:
            return TargetValue(raw=raw, kind=ValueKind.REFERENCE, comparator=comparator, text=rest)
        return TargetValue(raw=raw, kind=ValueKind.QUALITATIVE, text=s)

    # A date such as 2023年12月底前 or 12月31日前 is a deadline, not the number 12.
    if comparator is None and _is_deadline(rest):
        return TargetValue(raw=raw, kind=ValueKind.DEADLINE, text=s)

    number = float(m.group().replace(",", ""))
    rest = rest[m.end():]
    percent, unit, rest = _take_unit(rest)

    upper: float | None = None
    rng = _RANGE_SEP.match(rest)
    if rng:
        m2 = _NUMBER.match(rest[rng.end():])
        if m2:
            upper = float(m2.group().replace(",", ""))
            rest = rest[rng.end() + m2.end():]
            p2, u2, rest = _take_unit(rest)
            percent = percent or p2
            unit = unit or u2

    for word, suffix_comp in _SUFFIX_WORDS:
        if rest.startswith(word):
            if comparator is None and suffix_comp is not None:
                comparator = suffix_comp
            rest = rest[len(word):]
            break

    text = rest or None
    if upper is not None:
        lo, hi = sorted((number, upper))
        return TargetValue(
            raw=raw, kind=ValueKind.RANGE, number=lo, upper=hi, unit=unit, percent=percent,
            comparator=None, text=text,
        )
    return TargetValue(
        raw=raw, kind=ValueKind.NUMERIC, comparator=comparator, number=number, unit=unit,
        percent=percent, text=text,
    )


_LABELLED = re.compile(r"^(?P<label>[\u4e00-\u9fff]{2,16}?)(?P<val>(?:[≥≤<>=]|不低于|不少于|不超过|不高于|达到)?\d.*)$")
_FORMULA_RESULT = re.compile(r"=(?P<val>\d[^=]*)$")


def _labelled_number(s: str, raw: str) -> TargetValue | None:
    """`非税收入完成率95%以上` -> ≥95% with the label kept as text."""
    lm = _LABELLED.match(s)
    if lm:
        tail = _parse(lm.group("val"))
        if tail.kind in (ValueKind.NUMERIC, ValueKind.RANGE) and not tail.text and tail.unit:
            return tail.model_copy(update={"raw": raw, "text": lm.group("label")})
    return None


# 每月10日前发放: a deadline that recurs every month (or quarter), checkable at each one.
_RECURRING = re.compile(r"^每(?:个)?(?:月|季度|季)(?:的)?\d{1,2}[日号](?:之?前|以前)?(?:完成|发放|到位|拨付|报送)?$")


def _is_deadline(s: str) -> bool:
    """12月底前, 2023年6月30日, 2022-12-31, 3月底, 每月10日前: a date, not a quantity of months."""
    if _RECURRING.match(s):
        return True
    dl = _DEADLINE.match(s)
    if not dl:
        return False
    if dl.group("iy"):
        return True
    return bool(dl.group("d") or dl.group("tail") or dl.end() == len(s))


def _take_unit(rest: str) -> tuple[bool, str | None, str]:
    """Split a leading unit off `rest`: (is percent, unit, remainder)."""
    for w in _PERCENT_WORDS:
        if rest.startswith(w):
            return True, "%", rest[len(w):]
    m = _UNIT_RE.match(rest)
    if m:
        return False, m.group(), rest[m.end():]
    run = None if _RANGE_SEP.match(rest) else _HAN_RUN.match(rest)
    if run:
        word = run.group()
        # Cut at the first comparator suffix (以上, 以内, ...): `1年内` keeps 年, `≥90完成比例` keeps 完成比例.
        cut = len(word)
        for sw, _ in _SUFFIX_WORDS:
            i = word.find(sw)
            if 0 <= i < cut:
                cut = i
        head = word[:cut]
        if 0 < len(head) <= 4:
            return False, head, rest[len(head):]
    return False, None, rest
