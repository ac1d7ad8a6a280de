"""Acceptance: every table exported to .xlsx and .docx reads back as the same GoalTable.

Two readers check the files: the project's ingester (`corpus.ingest.ingest_file`, what a reviewer's
upload goes through) for every table of the five seed documents, and a plain cell reader below
(openpyxl / python-docx, merged cells filled from their top-left cell) for the corpus-extra tables,
which pins the layout itself independently of the ingester's synonym mapping.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from assistant.export import to_bytes
from assistant.export.layout import GRID_HEADER, goals_text, money
from assistant.models import GoalTable, read_tables

SOURCES = Path(__file__).resolve().parents[3] / "corpus" / "sources"
SEEDS = sorted(SOURCES.glob("*.txt"))
EXTRA = SOURCES / "corpus_extra_tables.jsonl"
# What the official layout carries; id, region, sector, source_url and provenance live outside the form, and
# `kind` is told by a layout's shape (部门整体 sections, 活动 columns), which the one official layout does not keep.
FIELDS = ("project_code", "project_name", "department", "year", "budget_wan", "fiscal_wan", "purpose",
          "spending_plan", "goals")


def _xlsx_grid(data: bytes) -> list[list[str]]:
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    grid = [["" if c.value is None else str(c.value) for c in row] for row in ws.iter_rows()]
    for rng in ws.merged_cells.ranges:
        top = grid[rng.min_row - 1][rng.min_col - 1]
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                grid[r - 1][c - 1] = top
    return grid


def _docx_grid(data: bytes) -> list[list[str]]:
    table = Document(io.BytesIO(data)).tables[0]
    return [[c.text for c in row.cells] for row in table.rows]  # python-docx repeats merged cells


def _read_back(grid: list[list[str]]) -> dict:
    head = grid.index(list(GRID_HEADER))
    fields = {row[0]: row for row in grid[:head]}
    budget = fields["预算数"]
    return {
        "project_name": fields["项目名称"][1], "project_code": fields["项目编码"][1],
        "department": fields["主管部门"][1], "year": grid[1][0] if grid[1][0].startswith("（") else "",
        "budget": (budget[1], budget[3]), "purpose": fields["资金用途"][1], "plan": fields["资金支出计划"][1],
        "goals": fields["年度绩效目标"][1],
        "rows": [row[:6] for row in grid[head + 1:]],
    }


def _expected(t: GoalTable) -> dict:
    return {
        "project_name": t.project_name or "", "project_code": t.project_code or "", "department": t.department or "",
        "year": f"（{t.year}年度）" if t.year else "", "budget": (money(t.budget_wan), money(t.fiscal_wan)),
        "purpose": t.purpose or "", "plan": t.spending_plan or "", "goals": goals_text(t.goals),
        "rows": [[i.level1 or "", i.level2 or "", i.level3 or "", i.description or "", i.value or "", i.basis or ""]
                 for i in t.indicators],
    }


@pytest.fixture(scope="module")
def seed_tables() -> list[GoalTable]:
    from corpus.ingest import ingest_file

    return [t for seed in SEEDS for t in ingest_file(seed).tables]


def _cells(t: GoalTable) -> list[dict]:
    # `uncertain` and `raw` describe how a source row was read, not what the table says.
    return [i.model_dump(include={"level1", "level2", "level3", "description", "value", "basis", "extra"})
            for i in t.indicators]


def _same(a: GoalTable, b: GoalTable) -> list[str]:
    diff = [f for f in FIELDS if getattr(a, f) != getattr(b, f)]
    if _cells(a) != _cells(b):
        diff.append("indicators")
    return diff


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_every_seed_table_round_trips_through_the_ingester(fmt, seed_tables, tmp_path):
    from corpus.ingest import ingest_file

    tables = seed_tables
    assert len(tables) >= 40 and sum(len(t.indicators) for t in tables) >= 400
    failures = {}
    for t in tables:
        path = tmp_path / f"{t.id}.{fmt}"
        path.write_bytes(to_bytes([t], fmt))  # type: ignore[arg-type]
        back = ingest_file(path).tables
        if len(back) != 1:
            failures[t.id] = f"{len(back)} tables"
        elif diff := _same(t, back[0]):
            failures[t.id] = ", ".join(diff)
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)


def _squeezed(t: GoalTable) -> list[str]:
    """Every carried cell with whitespace removed and goals joined: what survives any normalisation."""
    cells = [str(getattr(t, f)) for f in FIELDS if f != "goals"] + ["".join(t.goals)]
    cells += [str(c) for row in _cells(t) for c in row.values()]
    return ["".join(c.split()) for c in cells]


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_every_corpus_extra_table_reads_back_cell_for_cell_and_through_the_ingester(fmt, tmp_path):
    from corpus.ingest import ingest_file

    tables = read_tables(EXTRA)
    assert len(tables) == 31
    read_cells = _xlsx_grid if fmt == "xlsx" else _docx_grid

    def trip(data: bytes, name: str) -> GoalTable:
        path = tmp_path / f"{name}.{fmt}"
        path.write_bytes(data)
        [back] = ingest_file(path).tables
        return back

    for t in tables:
        data = to_bytes([t], fmt)  # type: ignore[arg-type]
        # The file holds the verbatim cells ...
        assert _read_back(read_cells(data)) == _expected(t), t.id
        # ... and the ingester reads them back with only its agreed clean-up: these rows are web copies
        # ("产 出 指 标 (50分)", "免 费", goals numbered inside one sentence), which it normalises.
        assert _squeezed(trip(data, t.id)) == _squeezed(t), t.id
