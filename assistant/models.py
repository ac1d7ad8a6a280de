"""Domain records shared by every part of the assistant.

`GoalTable` and `Indicator` mirror a published 绩效目标表; they read and write the JSON Lines format of
`shared/FORMAT.md` (unknown fields are accepted and ignored). `LintFinding`, `Citation`,
`SuggestedRow`, `Suggestion` and `ProjectBrief` are what the linter and the suggestion engine exchange.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.values import TargetValue

# The official level-1 and level-2 names, used by the linter, the suggestion engine and the UI.
LEVEL1_OUTPUT = "产出指标"
LEVEL1_BENEFIT = "效益指标"
LEVEL1_SATISFACTION = "满意度指标"
LEVEL1_COST = "成本指标"


class _Record(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class Indicator(_Record):
    """One row of the indicator grid, cells as published."""

    level1: str | None = None
    level2: str | None = None
    level3: str | None = None
    description: str | None = None
    value: str | None = None  # the raw 指标值 string; parse with `.target`
    basis: str | None = None
    # Layout-specific columns: 优/良/中/差, 指标分类, 前年/上年, 活动名称, 分值 ...
    extra: dict[str, Any] = Field(default_factory=dict)
    # Set when the ingester could not assign the row's cells with confidence; `raw` keeps the text.
    uncertain: bool = False
    raw: str | None = None

    @field_validator("level1", "level2", "level3", "description", "value", "basis", mode="before")
    @classmethod
    def _text(cls, v: Any) -> Any:
        if v is None:
            return None
        if isinstance(v, int | float):
            return str(v)
        return v

    @property
    def target(self) -> TargetValue:
        return TargetValue.parse(self.value)

    def format_row(self) -> dict[str, Any]:
        """The row in the FORMAT.md shape (extras kept under their own key only when present)."""
        d: dict[str, Any] = {
            "level1": self.level1, "level2": self.level2, "level3": self.level3,
            "description": self.description, "value": self.value, "basis": self.basis,
        }
        if self.extra:
            d["extra"] = self.extra
        if self.uncertain:
            d["uncertain"] = True
            d["raw"] = self.raw
        return d


class Provenance(_Record):
    source_file: str | None = None
    table_index: int | None = None
    line_start: int | None = None
    line_end: int | None = None


class GoalTable(_Record):
    """A 绩效目标表: project facts, goals and the indicator grid."""

    id: str
    title: str | None = None
    kind: Literal["project", "department", "activity"] = "project"
    project_code: str | None = None
    project_name: str | None = None
    department: str | None = None
    region: str | None = None
    year: int | None = None
    sector: str | None = None
    budget_wan: float | None = None
    fiscal_wan: float | None = None  # 财政资金 / 财政拨款
    purpose: str | None = None
    spending_plan: str | None = None
    goals: list[str] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    source_url: str | None = None
    provenance: Provenance | None = None
    extra: dict[str, Any] = Field(default_factory=dict)

    @field_validator("year", mode="before")
    @classmethod
    def _year(cls, v: Any) -> Any:
        if v in ("", None):
            return None
        try:
            return int(str(v).strip()[:4])
        except ValueError:
            return None

    @field_validator("budget_wan", "fiscal_wan", mode="before")
    @classmethod
    def _money(cls, v: Any) -> Any:
        if v in ("", None):
            return None
        try:
            return float(str(v).replace(",", "").replace("万元", "").strip())
        except ValueError:
            return None

    @field_validator("goals", mode="before")
    @classmethod
    def _goals(cls, v: Any) -> Any:
        if v is None:
            return []
        if isinstance(v, str):
            return [v] if v.strip() else []
        return v

    def to_json(self) -> str:
        return json.dumps(self.model_dump(mode="json", exclude_defaults=False), ensure_ascii=False)


def read_tables(path: str | Path) -> list[GoalTable]:
    """Read a JSON Lines file of goal tables; blank lines are skipped, a bad line names its number."""
    return list(iter_tables(path))


def iter_tables(path: str | Path) -> Iterator[GoalTable]:
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield GoalTable.model_validate_json(line)
            except ValueError as exc:
                raise ValueError(f"{path}:{n}: 不是有效的目标表记录 / not a valid goal table: {exc}") from exc


def write_tables(tables: Iterable[GoalTable], path: str | Path) -> int:
    """Write tables as JSON Lines atomically; returns how many were written."""
    from assistant.fileio import atomic_write_text

    lines = [t.to_json() for t in tables]
    atomic_write_text(path, "".join(line + "\n" for line in lines))
    return len(lines)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class LintFinding(_Record):
    """One problem found by one rule, with the evidence and a fix."""

    code: str  # stable rule code, e.g. "ZB101"
    flag: str  # the FORMAT.md label it maps onto, e.g. "vague_value"
    severity: Severity
    row: int | None = None  # index into GoalTable.indicators; None for table-level findings
    field: str | None = None  # level1 | level2 | level3 | description | value | basis | table
    evidence: str = ""  # the words that triggered the rule
    message: str  # why, in Chinese
    fix: str  # how to fix, in Chinese
    replacement: str | None = None  # the corrected cell text, when the rule can compute one


class LintLabel(_Record):
    """A hand label for one indicator row (FORMAT.md lint label format)."""

    table_id: str
    row: int
    level3: str | None = None
    value: str | None = None
    flags: list[str] = Field(default_factory=list)
    note: str | None = None


def read_labels(path: str | Path) -> list[LintLabel]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(LintLabel.model_validate_json(line))
    return out


class Citation(_Record):
    """A published row that informed a suggestion."""

    table_id: str
    row: int
    project_name: str | None = None
    level3: str | None = None
    value: str | None = None
    source: str | None = None  # source file or URL


class ProjectBrief(_Record):
    """What a user tells us about a new project."""

    name: str
    purpose: str = ""
    budget_wan: float | None = None
    department: str | None = None
    sector: str | None = None
    region: str | None = None
    year: int | None = None
    goals: list[str] = Field(default_factory=list)
    quantities: list[str] = Field(default_factory=list)  # free text such as "培训3000人次"


ValueSource = Literal["brief", "corpus", "convention", "llm"]


class SuggestedRow(_Record):
    level1: str
    level2: str
    level3: str
    description: str
    target: TargetValue
    basis: str
    rationale: str
    value_source: ValueSource
    citations: list[Citation] = Field(default_factory=list)
    engine: str = "offline"

    def to_indicator(self) -> Indicator:
        return Indicator(
            level1=self.level1, level2=self.level2, level3=self.level3,
            description=self.description, value=self.target.render(), basis=self.basis,
        )


class Suggestion(_Record):
    brief: ProjectBrief
    goals: list[str] = Field(default_factory=list)
    rows: list[SuggestedRow] = Field(default_factory=list)
    alternatives: dict[str, list[SuggestedRow]] = Field(default_factory=dict)  # keyed by level2
    notices: list[str] = Field(default_factory=list)  # e.g. which rows fell back to the offline engine
    engine: str = "offline"

    def to_table(self, table_id: str = "suggestion") -> GoalTable:
        b = self.brief
        return GoalTable(
            id=table_id, project_name=b.name, department=b.department, region=b.region, year=b.year,
            sector=b.sector, budget_wan=b.budget_wan, purpose=b.purpose or None, goals=self.goals,
            indicators=[r.to_indicator() for r in self.rows],
        )
