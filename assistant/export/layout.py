"""The official 项目支出绩效目标表 layout, shared by the .xlsx and .docx writers.

Header block (label | value), then the grid 一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 |
指标值确定依据 with 一级 cells merged over the rows that share them and 二级 cells merged within
each 一级. Amounts are in 万元.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from assistant.models import GoalTable, LintFinding, Suggestion

TITLE = "项目支出绩效目标表"
GRID_HEADER = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")
COLUMN_WIDTHS = (12, 14, 24, 30, 14, 24)  # in characters, for A4 portrait
UNIT_NOTE = "单位：万元"


def money(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:.2f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


def header_rows(t: GoalTable) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Label/value pairs of the header block before and after the 预算数 row (which has its own shape)."""
    implementer = t.extra.get("implementer") if isinstance(t.extra, dict) else None
    goals = "\n".join(f"{i}、{g}" for i, g in enumerate(t.goals, 1)) if len(t.goals) > 1 else "".join(t.goals)
    return [
        ("项目名称", t.project_name or t.title or ""),
        ("项目编码", t.project_code or ""),
        ("主管部门", t.department or ""),
        ("实施单位", str(implementer or t.department or "")),
    ], [
        ("资金用途", t.purpose or ""),
        ("资金支出计划", t.spending_plan or ""),
        ("年度绩效目标", goals),
    ]


def budget_cells(t: GoalTable) -> list[str]:
    """预算数 row: label, then 合计 / 财政资金 / 其他资金 with their amounts."""
    other = None
    if t.budget_wan is not None and t.fiscal_wan is not None:
        other = round(t.budget_wan - t.fiscal_wan, 4)
    return ["预算数", "合计", money(t.budget_wan), "财政资金", money(t.fiscal_wan), f"其他资金 {money(other)}".strip()]


def merge_spans(values: list[str | None]) -> list[tuple[int, int]]:
    """Runs of equal consecutive values as (start, end) inclusive, for vertical merges."""
    spans = []
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            spans.append((start, i - 1))
            start = i
    return spans


def level2_spans(t: GoalTable) -> list[tuple[int, int]]:
    """二级 merges never cross a 一级 boundary."""
    keys = [f"{i.level1 or ''}\x00{i.level2 or ''}" for i in t.indicators]
    return merge_spans(keys)  # type: ignore[arg-type]


class AppendixRow(BaseModel):
    """One line of the appendix: why a row was suggested, or what a review found in it."""

    row: int
    level3: str = ""
    rationale: str = ""
    citations: str = ""
    problems: str = ""
    fixes: str = ""


APPENDIX_HEADER = ("序号", "三级指标", "说明/理由", "引用", "问题", "修改建议")


def appendix_from_suggestion(s: Suggestion) -> list[AppendixRow]:
    out = []
    for i, r in enumerate(s.rows):
        cites = "；".join(f"{c.project_name or c.table_id} 第{c.row + 1}行：{c.level3}（{c.value}）" for c in r.citations)
        out.append(AppendixRow(row=i, level3=r.level3, rationale=r.rationale, citations=cites))
    return out


def appendix_from_findings(t: GoalTable, findings: list[LintFinding]) -> list[AppendixRow]:
    by_row: dict[int, list[LintFinding]] = {}
    for f in findings:
        by_row.setdefault(f.row if f.row is not None else -1, []).append(f)
    out = []
    for i, ind in enumerate(t.indicators):
        fs = by_row.get(i, [])
        if fs:
            out.append(AppendixRow(
                row=i, level3=ind.level3 or "",
                problems="；".join(f"[{f.code}] {f.message}" for f in fs),
                fixes="；".join(f.replacement or f.fix for f in fs),
            ))
    for f in by_row.get(-1, []):
        out.append(AppendixRow(row=-1, level3="（整表）", problems=f"[{f.code}] {f.message}", fixes=f.fix))
    return out


@dataclass
class SheetName:
    """Unique Excel sheet names (<= 31 chars, none of []:*?/\\)."""

    used: set[str]

    def make(self, base: str) -> str:
        clean = "".join("_" if c in "[]:*?/\\" else c for c in (base or "目标表"))[:28] or "目标表"
        name, n = clean, 2
        while name in self.used:
            name = f"{clean[:26]}_{n}"
            n += 1
        self.used.add(name)
        return name


__all__ = [
    "APPENDIX_HEADER", "COLUMN_WIDTHS", "GRID_HEADER", "TITLE", "UNIT_NOTE", "AppendixRow", "SheetName",
    "appendix_from_findings", "appendix_from_suggestion", "budget_cells", "header_rows", "level2_spans",
    "merge_spans", "money",
]
