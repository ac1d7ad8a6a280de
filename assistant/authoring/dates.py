"""Deadlines a brief states, in every form a clerk writes them, turned into a concrete date.

`9月1日前交付使用`, `10月底前完成`, `第三季度完成`, `上半年完成`, `汛期前完成`, `开学前`, `春节前`, `年底前`
each become a `Deadline` with the date a reviewer can check and the brief's own words, which the rationale
quotes. Seasonal words (汛期前, 开学前) map to the date their convention names, said as a convention.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import functools
import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

CALENDAR_FILE = Path(__file__).with_name("calendar.yaml")


@dataclass(frozen=True)
class Calendar:
    """calendar.yaml: festivals and seasons a clerk writes a deadline by, each with the date taken and why."""

    fixed: dict[str, tuple[int, int, str]]  # 五一 -> (4, 30, note): the day before the festival
    lunar: dict[str, tuple[str, dict[int, tuple[int, int]], tuple[int, int] | None]]  # 端午 -> (name, by year, fallback)
    seasons: dict[str, tuple[int, int, str]]  # 汛期 -> (5, 31, note)

    def words(self) -> list[str]:
        return sorted([*self.fixed, *self.lunar, *self.seasons], key=len, reverse=True)


@functools.cache
def calendar_words(path: Path = CALENDAR_FILE) -> Calendar:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        fixed = {w: (int(e["month"]), int(e["day"]), str(e["note"])) for e in data["fixed_festivals"] for w in e["words"]}
        seasons = {w: (int(e["month"]), int(e["day"]), str(e["note"])) for e in data["seasons"] for w in e["words"]}
        lunar = {}
        for name, e in data["lunar_festivals"].items():
            by_year = {int(y): (int(md[0]), int(md[1])) for y, md in e["dates"].items()}
            fb = e.get("fallback")
            for w in e["words"]:
                lunar[w] = (str(name), by_year, (int(fb[0]), int(fb[1])) if fb else None)
    except (KeyError, TypeError, IndexError, ValueError) as exc:
        raise ValueError(f"{path.name} 格式错误：{exc!r} / malformed calendar file") from exc
    return Calendar(fixed, lunar, seasons)


_VERB = r"(?P<verb>完成|实施完毕|交付使用|交付|投入使用|竣工|完工|建成|上线|上线运行|到位|发放到位|发放|拨付|验收|开工|启动)?"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("date", re.compile(r"(?:(?P<y>20\d\d)\s*年)?(?P<m>1[0-2]|0?[1-9])\s*月(?P<d>[12]\d|3[01]|0?[1-9])\s*[日号](?:之?前|以前)" + _VERB)),
    ("before_month", re.compile(r"(?:(?P<y>20\d\d)\s*年)?(?<![\d.])(?P<m>1[0-2]|0?[1-9])\s*月(?:份)?(?:之前|以前|前)" + _VERB)),
    ("month_end", re.compile(r"(?:(?P<y>20\d\d)\s*年)?(?P<m>1[0-2]|0?[1-9])\s*月(?:份)?(?P<tail>底|末|中旬|上旬|下旬)?(?:之?前|以前)?" + _VERB.replace(")?", ")"))),
    ("month_end", re.compile(r"(?:(?P<y>20\d\d)\s*年)?(?P<m>1[0-2]|0?[1-9])\s*月(?:份)?(?P<tail>底|末)(?:之?前|以前)" + _VERB)),
    ("before_quarter", re.compile(r"(?:(?P<y>20\d\d)\s*年)?第?(?P<q>[一二三四1-4])季度(?:之前|前|以前)" + _VERB)),
    ("quarter", re.compile(r"(?:(?P<y>20\d\d)\s*年)?第?(?P<q>[一二三四1-4])季度(?:末|底)?(?:之?前|以前|内)?" + _VERB)),
    ("half", re.compile(r"(?:(?P<y>20\d\d)\s*年)?(?P<h>上|下)半年(?:之?前|以前|内)?" + _VERB)),
    ("year_end", re.compile(r"(?:(?P<y>20\d\d)\s*年)?(?:年底|年末|年内|年度内)(?:之?前|以前)?" + _VERB)),
    ("monthly", re.compile(r"每月(?P<d>[12]\d|3[01]|0?[1-9])\s*[日号](?:之?前|以前)" + _VERB)),
    ("named", re.compile(r"(?:(?P<y>20\d\d)\s*年)?(?P<s>" + "|".join(calendar_words().words()) + r")节?(?:之?前|以前)" + _VERB)),
]
_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class Deadline:
    date: _dt.date
    words: str  # the brief's own words, quoted in the rationale
    verb: str  # 完成, 交付使用, 发放 …: names the row (项目交付使用时间)
    convention: str = ""  # for a seasonal word: how the date was chosen
    day_given: bool = False  # 5月31日前 stays 5月31日前; 第二季度 becomes 6月底前
    subject: str = ""  # the words before it in its clause (秋季学期补助于11月底前发放 -> 秋季学期补助)
    object: str = ""  # what is finished, after the verb (4月15日前完成全部主体工程 -> 主体工程)
    monthly: bool = False  # 每月10日前: a deadline every month; `date` is the year's first one

    def value(self) -> str:
        """The 指标值: `2027年9月1日前`, or `2027年12月底前` for a month's end the brief did not name by day."""
        d = self.date
        if self.monthly:
            return f"每月{d.day}日前"
        if not self.day_given and d.day == calendar.monthrange(d.year, d.month)[1]:
            return f"{d.year}年{d.month}月底前"
        return f"{d.year}年{d.month}月{d.day}日前"


def _month_end(year: int, month: int) -> _dt.date:
    return _dt.date(year, month, calendar.monthrange(year, month)[1])


def find_deadlines(text: str, year: int) -> list[Deadline]:
    """Every deadline in the text, in order, each once (the first pattern to claim a span wins)."""
    taken: list[tuple[int, int]] = []
    out: list[tuple[int, Deadline]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            d = _parse(kind, m, year)
            if d is None:
                continue
            past = re.search(r"((?:19|20)\d\d)$", text[max(0, m.start() - 120): m.start()])  # 2000年底前建成的小区: 2000 + 年底
            if past and int(past.group(1)) < year - 1:
                continue
            taken.append((m.start(), m.end()))
            lead = re.split(r"[，,。；;：:、\s]", text[max(0, m.start() - 120): m.start()])[-1]
            subject = re.sub(r"^(?:并|且|须|应|要|力争|确保|计划|预计|全部|均)+|(?:于|在|须|应|要|均|并|全部)+$", "", lead)
            tail = re.split(r"[，,。；;：:、\s（(]", text[m.end(): m.end() + 120])[0] if g_verb(m) else ""
            obj = re.sub(r"^(?:全部|所有|各项|全面|主要)+", "", tail)
            out.append((m.start(), replace(d, subject=subject[-10:], object=obj if 2 <= len(obj) <= 10 else "")))
    out.sort(key=lambda x: x[0])
    return [d for _, d in out]


def g_verb(m: re.Match[str]) -> bool:
    """The deadline ends in its verb (…前完成), so what follows is the thing finished."""
    return bool(m.groupdict().get("verb"))


def _parse(kind: str, m: re.Match[str], year: int) -> Deadline | None:
    g = m.groupdict()
    y = int(g["y"]) if g.get("y") else year
    if y < year - 1:
        return None  # 2000年底前建成的老旧小区 describes what is worked on; it is not this project's deadline
    verb = g.get("verb") or "完成"
    words = m.group().strip()
    try:
        if kind == "date":
            date = _dt.date(y, int(g["m"]), int(g["d"]))
            return Deadline(date, words, verb, day_given=True)
        if kind == "before_month":  # 4月前: before April begins
            month = int(g["m"])
            return Deadline(_month_end(y, month - 1) if month > 1 else _dt.date(y - 1, 12, 31), words, verb)
        if kind == "month_end":
            month, tail = int(g["m"]), g.get("tail") or "底"
            if tail == "上旬":
                return Deadline(_dt.date(y, month, 10), words, verb)
            if tail == "中旬":
                return Deadline(_dt.date(y, month, 20), words, verb)
            return Deadline(_month_end(y, month), words, verb)
        if kind == "before_quarter":  # 第三季度前: before the quarter starts
            q = _QUARTER[g["q"]]
            return Deadline(_month_end(y, 3 * (q - 1)) if q > 1 else _dt.date(y - 1, 12, 31), words, verb)
        if kind == "quarter":
            return Deadline(_month_end(y, 3 * _QUARTER[g["q"]]), words, verb)
        if kind == "half":
            return Deadline(_month_end(y, 6 if g["h"] == "上" else 12), words, verb)
        if kind == "year_end":
            return Deadline(_month_end(y, 12), words, verb)
        if kind == "monthly":
            return Deadline(_dt.date(y, 1, int(g["d"])), words, verb, day_given=True, monthly=True)
        if kind == "named":
            return _named(g["s"], y, words, verb)
    except (ValueError, KeyError):
        return None  # 2月30日: not a date; leave it to the reviewer
    return None


def _named(word: str, year: int, words: str, verb: str) -> Deadline | None:
    """A festival or a season (calendar.yaml): the day before a festival, a season's conventional date."""
    cal = calendar_words()
    if word in cal.seasons:
        mm, dd, why = cal.seasons[word]
        return Deadline(_dt.date(year, mm, dd), words, verb, why, day_given=True)
    if word in cal.fixed:
        mm, dd, why = cal.fixed[word]
        return Deadline(_dt.date(year, mm, dd), words, verb, why, day_given=True)
    name, by_year, fallback = cal.lunar[word]
    if year in by_year:
        mm, dd = by_year[year]
        day = _dt.date(year, mm, dd) - _dt.timedelta(days=1)
        return Deadline(day, words, verb, f"{name}前取{year}年{name}（{mm}月{dd}日）的前一天", day_given=True)
    if fallback is None:
        return None  # the calendar does not list this year: leave it to the reviewer
    day = _dt.date(year, *fallback) - _dt.timedelta(days=1)
    return Deadline(day, words, verb, f"{name}前取{day.month}月{day.day}日（{name}日期因年份而异，请核对）", day_given=True)


def budget_year(given: int | None, name: str, today: _dt.date | None = None) -> tuple[int, str]:
    """The budget year and why: the form's year, else a year in the project name, else next year from
    October on (when next year's budget is drafted), else this year."""
    if given:
        return given, "表单填写的年度"
    if m := re.search(r"(?<!\d)(20[2-9]\d)\s*年", name or ""):
        return int(m.group(1)), "项目名称中的年度"
    today = today or _dt.date.today()
    if today.month >= 10:
        return today.year + 1, f"未填写年度；{today.month}月编制的一般是下一年度预算，取{today.year + 1}年"
    return today.year, f"未填写年度，取当年{today.year}年"
