"""The official 项目支出绩效目标表 layout, shared by the .xlsx and .docx writers.

Both writers lay a table out as the same sequence of rows (`table_rows`): title, optional year, 单位：万元,
the header block (label | value), then the grid 一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 |
指标值确定依据 with 一级 cells merged over the rows that share them and 二级 cells merged within each 一级.
Indicator extras (优/良/中/差, 前年/上年 ...) become extra columns after 指标值确定依据 so nothing is lost.
Also here: the appendix records (`AppendixRow`) and the helpers that build them from a suggestion or a review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from assistant.models import GoalTable, LintFinding, Suggestion

TITLE = "项目支出绩效目标表"
GRID_HEADER = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")
GRID_FIELDS = ("level1", "level2", "level3", "description", "value", "basis")
COLUMN_WIDTHS = (7.5, 7, 10, 9.5, 6.5, 8.5)  # in CJK characters at 10 pt; together one A4 portrait text width
EXTRA_WIDTH = 5
UNIT_NOTE = "单位：万元"

# Goals already written as "1、..." / "（1）..." / "目标1：..." keep their own numbering.
_NUMBERED = re.compile(r"^\s*(?:[（(]?\d+[)）]|\d+\s*[、.．]|目标\s*\d+\s*[:：])")


def money(x: float | None) -> str:
    """万元 amounts as finance staff write them: 1.2 -> "1.20", 438.77 -> "438.77", 70 -> "70.00"."""
    if x is None:
        return ""
    text = f"{x:.2f}"
    # Keep more decimals only when the amount has them (amounts converted from 元).
    return text if abs(float(text) - x) < 1e-9 else f"{x:.6f}".rstrip("0")


def goals_text(goals: list[str], *, number: bool = False) -> str:
    """One goal per line, as given; `number=True` adds 1、2、... to goals that carry no number yet.

    Goals read from a published table keep their own numbering, so adding ours by default would change
    them on the way back in.
    """
    goals = [g.strip() for g in goals if g and g.strip()]
    if not number or len(goals) <= 1 or any(_NUMBERED.match(g) for g in goals):
        return "\n".join(goals)
    return "\n".join(f"{n}、{g}" for n, g in enumerate(goals, 1))


# "3月底 20；6月底 50；10月底 80": the ingester's spending plan, milestone then percentage.
_PLAN_PART = re.compile(r"^(?P<label>[^\d，,。；;:：%％]*?(?:\d{1,2}\s*月\s*[底末]?|季度|全年|年底|上半年|下半年))\s*[:：]?\s*"
                        r"(?P<value>[\d.]+\s*[%％]?)$")
PLAN_SLOTS = 5  # milestones that fit beside the label in the six columns


def plan_milestones(plan: str | None) -> list[tuple[str, str]] | None:
    """The plan as (milestone, percentage) pairs when it is written that way, else None (free text)."""
    if not plan:
        return None
    parts = [p.strip() for p in re.split(r"[；;]", plan) if p.strip()]
    pairs = []
    for part in parts:
        m = _PLAN_PART.match(part)
        if not m:
            return None
        pairs.append((m["label"].strip(), m["value"].strip()))
    return pairs if 0 < len(pairs) <= PLAN_SLOTS else None


def header_rows(t: GoalTable, *, number_goals: bool = False) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Label/value pairs of the header block before and after the 预算数 row (which has its own shape)."""
    implementer = t.extra.get("implementer") if isinstance(t.extra, dict) else None
    return [
        ("项目名称", t.project_name or ""),
        ("项目编码", t.project_code or ""),
        ("主管部门", t.department or ""),
        ("实施单位", str(implementer or t.department or "")),
    ], [
        ("资金用途", t.purpose or ""),
        ("资金支出计划", t.spending_plan or ""),
        ("年度绩效目标", goals_text(t.goals, number=number_goals)),
    ]


def budget_cells(t: GoalTable) -> list[str]:
    """预算数 row as the published tables print it: 预算数 | total | 财政资金 | fiscal | 其他资金 | other."""
    other = t.extra.get("other_wan") if isinstance(t.extra, dict) else None  # as the source printed it
    if not isinstance(other, int | float):
        other = None
        if t.budget_wan is not None and t.fiscal_wan is not None and t.budget_wan - t.fiscal_wan > 1e-9:
            other = round(t.budget_wan - t.fiscal_wan, 6)
    return ["预算数", money(t.budget_wan), "财政资金", money(t.fiscal_wan), "其他资金", money(other)]


def extra_columns(t: GoalTable) -> list[str]:
    """Extra indicator columns in first-seen order; internal keys (leading underscore) stay private."""
    keys: list[str] = []
    for ind in t.indicators:
        for k in ind.extra:
            if k not in keys and not str(k).startswith("_"):
                keys.append(k)
    return keys


# Characters XML 1.0 cannot hold (openpyxl and python-docx refuse them); ingested text can carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def printable(text: str) -> str:
    """Cell text that any .xlsx/.docx writer accepts: line breaks as \\n, no XML-illegal characters."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def cell_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list | tuple):
        return " / ".join(cell_text(x) for x in v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def merge_spans(values: list[str | None]) -> list[tuple[int, int]]:
    """Runs of equal consecutive values as (start, end) inclusive, for vertical merges."""
    spans = []
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            spans.append((start, i - 1))
            start = i
    return spans


def level1_spans(t: GoalTable) -> list[tuple[int, int]]:
    return merge_spans([ind.level1 or "" for ind in t.indicators])


def level2_spans(t: GoalTable) -> list[tuple[int, int]]:
    """二级 merges never cross a 一级 boundary."""
    return merge_spans([f"{i.level1 or ''}\x00{i.level2 or ''}" for i in t.indicators])


RowKind = Literal["title", "year", "unit", "field", "budget", "plan_labels", "plan_values", "grid_header", "indicator"]


@dataclass
class LayoutRow:
    """One row of the laid-out table; `cells` has one entry per column ("" for covered cells)."""

    kind: RowKind
    cells: list[str]
    merge_across: tuple[int, int] | None = None  # columns (0-based, inclusive) merged on this row

    def __post_init__(self) -> None:
        self.cells = [printable(c) for c in self.cells]


@dataclass
class Layout:
    title: str
    columns: list[str]
    widths: list[float]
    rows: list[LayoutRow] = field(default_factory=list)
    first_indicator: int = 0  # index into rows of the first indicator row
    vertical: list[tuple[int, int, int]] = field(default_factory=list)  # (column, first row, last row)


def table_layout(t: GoalTable, *, number_goals: bool = False) -> Layout:
    """The official layout of one table as rows of cell text plus the merges, for both writers."""
    extras = extra_columns(t)
    columns = [*GRID_HEADER, *extras]
    ncol = len(columns)
    last = ncol - 1
    # Every table is laid out in the project form, so it carries that form's title whatever its origin;
    # a kind-specific title would also be read back as the project's name when the table has none.
    title = TITLE
    lay = Layout(title=title, columns=columns, widths=[*COLUMN_WIDTHS, *([EXTRA_WIDTH] * len(extras))])

    def full(kind: RowKind, text: str) -> LayoutRow:
        return LayoutRow(kind, [text] + [""] * last, (0, last))

    lay.rows.append(full("title", title))
    if t.year:
        lay.rows.append(full("year", f"（{t.year}年度）"))
    lay.rows.append(full("unit", UNIT_NOTE))
    top, bottom = header_rows(t, number_goals=number_goals)
    for label, value in top:
        lay.rows.append(LayoutRow("field", [label, value] + [""] * (ncol - 2), (1, last)))
    budget = budget_cells(t)
    # With extra columns the 其他资金 amount spreads over them so the block stays a rectangle.
    lay.rows.append(LayoutRow("budget", budget + [""] * (ncol - 6), (5, last) if ncol > 6 else None))
    for label, value in bottom:
        pairs = plan_milestones(t.spending_plan) if label == "资金支出计划" else None
        if pairs:
            # As printed in the published tables: milestones on one row, percentages under them. The label
            # cell is not merged down, so that a reader filling merged cells does not see it twice.
            pad = [""] * (ncol - 1 - len(pairs))
            lay.rows.append(LayoutRow("plan_labels", [label, *(p[0] for p in pairs), *pad]))
            lay.rows.append(LayoutRow("plan_values", ["", *(p[1] for p in pairs), *pad]))
            continue
        lay.rows.append(LayoutRow("field", [label, value] + [""] * (ncol - 2), (1, last)))
    lay.rows.append(LayoutRow("grid_header", list(columns)))
    lay.first_indicator = len(lay.rows)
    for ind in t.indicators:
        cells = [cell_text(getattr(ind, f)) for f in GRID_FIELDS] + [cell_text(ind.extra.get(k)) for k in extras]
        lay.rows.append(LayoutRow("indicator", cells))
    for col, spans in ((0, level1_spans(t)), (1, level2_spans(t))):
        for a, b in spans:
            if b > a:
                lay.vertical.append((col, lay.first_indicator + a, lay.first_indicator + b))
                # Merged cells carry their text once, in the top cell, as in the published files.
                for r in range(a + 1, b + 1):
                    lay.rows[lay.first_indicator + r].cells[col] = ""
    return lay


class AppendixRow(BaseModel):
    """One line of the appendix: why a row was suggested, or what a review found in it.

    `row` is the 0-based index into the table's indicators (-1 for a finding about the whole table);
    `table` names the table when several are exported together.
    """

    row: int
    level3: str = ""
    rationale: str = ""  # 说明/理由
    citations: str = ""  # 引用
    problems: str = ""  # 问题
    fixes: str = ""  # 修改建议
    table: str = ""

    def cells(self) -> list[str]:
        return [printable(c) for c in ("（整表）" if self.row < 0 else str(self.row + 1), self.level3,
                                        self.rationale, self.citations, self.problems, self.fixes)]


APPENDIX_HEADER = ("序号", "三级指标", "说明/理由", "引用", "问题", "修改建议")
APPENDIX_WIDTHS = (3, 8, 15, 15, 13, 12)  # CJK characters
_TABLE_COLUMN_WIDTH = 8


def _appendix_columns(rows: list[AppendixRow]) -> tuple[bool, list[int]]:
    """Whether to name the table, and which of APPENDIX_HEADER to print: 序号 and 三级指标 always, the
    others only when some row fills them (a review has no 引用, a suggestion no 问题)."""
    many = len({a.table for a in rows}) > 1
    filled = [i for i in range(2, len(APPENDIX_HEADER)) if any(a.cells()[i] for a in rows)]
    return many, [0, 1, *(filled or range(2, len(APPENDIX_HEADER)))]


def appendix_header(rows: list[AppendixRow]) -> list[str]:
    many, cols = _appendix_columns(rows)
    return (["所属项目"] if many else []) + [APPENDIX_HEADER[i] for i in cols]


def appendix_widths(rows: list[AppendixRow]) -> list[float]:
    many, cols = _appendix_columns(rows)
    return [float(w) for w in ([_TABLE_COLUMN_WIDTH] if many else []) + [APPENDIX_WIDTHS[i] for i in cols]]


def appendix_cells(rows: list[AppendixRow]) -> list[list[str]]:
    many, cols = _appendix_columns(rows)
    return [([a.table] if many else []) + [a.cells()[i] for i in cols] for a in rows]


def citation_text(s: Suggestion, i: int) -> str:
    cites = s.rows[i].citations
    return "；".join(
        f"{c.project_name or c.table_id} 第{c.row + 1}行：{c.level3 or ''}（{c.value or ''}）"
        + (f"，来源 {c.source}" if c.source else "")
        for c in cites
    )


_VALUE_SOURCE = {"brief": "依据项目申报信息", "corpus": "参照已公开同类项目", "convention": "按通行口径", "llm": "模型建议"}


def appendix_from_suggestion(s: Suggestion, table: str = "") -> list[AppendixRow]:
    """Per suggested row: the rationale (with where the value came from) and the published rows cited."""
    out = []
    for i, r in enumerate(s.rows):
        why = r.rationale.strip()
        source = _VALUE_SOURCE.get(r.value_source, "")
        if source and source not in why:
            why = f"{why}（指标值{source}）" if why else f"指标值{source}"
        out.append(AppendixRow(row=i, level3=r.level3, rationale=why, citations=citation_text(s, i),
                               table=table or s.brief.name))
    return out


def appendix_from_findings(t: GoalTable, findings: list[LintFinding]) -> list[AppendixRow]:
    """Per reviewed row with findings: the problems (rule code and message) and the fixes; table-level last."""
    by_row: dict[int, list[LintFinding]] = {}
    for f in findings:
        by_row.setdefault(f.row if f.row is not None else -1, []).append(f)
    name = t.project_name or t.id
    out = []
    for i, ind in enumerate(t.indicators):
        fs = by_row.get(i, [])
        if fs:
            out.append(AppendixRow(
                row=i, level3=ind.level3 or "", table=name,
                problems="\n".join(f"[{f.code}] {f.message}" for f in fs),
                fixes="\n".join(f"改为：{f.replacement}" if f.replacement else f.fix for f in fs),
            ))
    # Findings whose row is out of range are about the table as a whole, not silently dropped.
    stray = [f for r, fs in by_row.items() if r < 0 or r >= len(t.indicators) for f in fs]
    for f in stray:
        out.append(AppendixRow(row=-1, level3="", table=name, problems=f"[{f.code}] {f.message}", fixes=f.fix))
    return out


@dataclass
class SheetName:
    """Unique Excel sheet names (<= 31 chars, none of []:*?/\\, not blank, unique ignoring case)."""

    used: set[str] = field(default_factory=set)

    def make(self, base: str) -> str:
        chars = ("_" if c in "[]:*?/\\" else " " if c.isspace() else c for c in printable(base or ""))
        clean = "".join(chars).strip().strip("'")[:31]
        clean = clean or "目标表"
        name, n = clean, 2
        while name.lower() in self.used:
            suffix = f"_{n}"
            name = clean[: 31 - len(suffix)] + suffix
            n += 1
        self.used.add(name.lower())
        return name


__all__ = [
    "APPENDIX_HEADER",
    "COLUMN_WIDTHS",
    "GRID_HEADER",
    "TITLE",
    "UNIT_NOTE",
    "AppendixRow",
    "Layout",
    "LayoutRow",
    "SheetName",
    "appendix_cells",
    "appendix_from_findings",
    "appendix_from_suggestion",
    "appendix_header",
    "budget_cells",
    "goals_text",
    "header_rows",
    "level1_spans",
    "level2_spans",
    "merge_spans",
    "money",
    "plan_milestones",
    "table_layout",
]
