"""Any text in any field exports to .xlsx and .docx and comes back cell for cell (property-based)."""

from __future__ import annotations

import io

from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from assistant.export import to_bytes
from assistant.export.layout import GRID_HEADER, printable
from assistant.models import GoalTable, Indicator

# Mostly CJK and the symbols of 指标值, plus control characters, line breaks, "=" and spaces.
_ALPHABET = st.sampled_from([*"产出指标效益满意度≥≤=%＞<>（）()、，。；:：/\\[]*?'\" \t\n\r\x00\x07\x0b\x1f\ufffe",
                             "a", "Z", "9", "0", ".", "-", "_", "𠀀", "\u200b"])
_TEXT = st.text(_ALPHABET, max_size=40)


def _table(name: str, cells: list[tuple[str, str, str, str]]) -> GoalTable:
    return GoalTable(id="p", project_name=name, goals=[name],
                     indicators=[Indicator(level1="产出指标", level2="数量指标", level3=a, description=b, value=c,
                                           basis=d) for a, b, c, d in cells])


def _expected_rows(t: GoalTable) -> list[list[str]]:
    return [[printable(getattr(i, f) or "") for f in ("level3", "description", "value", "basis")] for i in t.indicators]


_CELLS = st.lists(st.tuples(_TEXT, _TEXT, _TEXT, _TEXT), min_size=1, max_size=3)
_SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(name=_TEXT, cells=_CELLS)
def test_xlsx_takes_any_text(name, cells):
    t = _table(name, cells)
    ws = load_workbook(io.BytesIO(to_bytes([t], "xlsx"))).worksheets[0]
    grid = [["" if c.value is None else str(c.value) for c in row] for row in ws.iter_rows()]
    head = grid.index(list(GRID_HEADER))
    assert [r[2:6] for r in grid[head + 1:]] == _expected_rows(t)
    assert 1 <= len(ws.title) <= 31


@_SETTINGS
@given(name=_TEXT, cells=_CELLS)
def test_docx_takes_any_text(name, cells):
    t = _table(name, cells)
    table = Document(io.BytesIO(to_bytes([t], "docx"))).tables[0]
    grid = [[c.text for c in row.cells] for row in table.rows]
    head = grid.index(list(GRID_HEADER))
    # python-docx reads a tab run back as "\t" and every line as its own paragraph, as written.
    assert [r[2:6] for r in grid[head + 1:]] == _expected_rows(t)
