"""Draft exports: each final row's 理由与引用, and goals that follow the grid unless the clerk edited them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from assistant.authoring.compose import OfflineComposer
from assistant.export.draft import USER_EDITED, goals_edited, rationale_appendix, synced_goals
from assistant.lint import lint_row
from assistant.models import Citation, ProjectBrief
from assistant.ui import handlers as h
from assistant.ui.exports import APPENDIX_TITLE, draft_export


@pytest.fixture(scope="module")
def suggestion():
    s = OfflineComposer(None, lint_row).suggest(
        ProjectBrief(name="职业技能培训项目", purpose="组织开展职业技能培训3000人次", budget_wan=78.71, year=2025))
    # A cited row, as the corpus engine gives them (the offline composer without a corpus cites nothing).
    s.rows[1].citations = [Citation(table_id="t1", project_name="某县培训项目", row=2, level3="培训合格率", value="≥90%")]
    return s


def _rows(s):
    return [r.to_indicator() for r in s.rows]


def test_every_row_keeps_its_rationale_and_citations(suggestion):
    ap = rationale_appendix(suggestion, _rows(suggestion))
    assert [a.level3 for a in ap] == [r.level3 for r in suggestion.rows]
    assert all(a.rationale and USER_EDITED not in a.rationale for a in ap)
    assert "某县培训项目" in ap[1].citations and "第3行" in ap[1].citations


def test_an_edited_value_keeps_the_rationale_and_says_what_changed_a_new_name_is_user_edited(suggestion):
    rows = _rows(suggestion)
    sat = next(i for i, r in enumerate(rows) if r.level3 == "参训人员满意度")
    rows[sat] = rows[sat].model_copy(update={"value": "≥95%"})
    rows[0] = rows[0].model_copy(update={"level3": "线上培训课时"})
    ap = rationale_appendix(suggestion, rows)
    assert ap[0].rationale == USER_EDITED and not ap[0].citations
    assert "满意度" in ap[sat].rationale and "“≥90%”改为“≥95%”" in ap[sat].rationale


def test_a_swapped_in_alternative_keeps_its_own_rationale(suggestion):
    alt = suggestion.alternatives["质量指标"][0]
    rows = _rows(suggestion)
    rows[2] = alt.to_indicator()
    assert rationale_appendix(suggestion, rows)[2].rationale.startswith(alt.rationale.strip()[:10])


def test_goals_follow_the_grid_unless_the_clerk_edited_them(suggestion):
    rows = _rows(suggestion)
    sat = next(i for i, r in enumerate(rows) if r.level3 == "参训人员满意度")
    rows[sat] = rows[sat].model_copy(update={"value": "≥95%"})
    generated = "\n".join(suggestion.goals)
    assert "参训人员满意度达到90%" in generated
    synced = synced_goals(suggestion, rows, generated)
    assert "参训人员满意度达到95%" in synced[0] and "达到90%，" not in synced[0].split("培训取证率")[1]
    typed = "通过项目实施，完成培训任务，满意度不低于85%。"
    assert goals_edited(typed, suggestion.goals)
    assert synced_goals(suggestion, rows, typed) == [typed]
    assert not goals_edited("  " + generated + "\n", suggestion.goals)  # whitespace is no edit


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_draft_export_carries_edits_synced_goals_budget_and_the_appendix(suggestion, fmt):
    grid = h.suggestion_grid(None, suggestion)  # type: ignore[arg-type]
    sat = next(i for i, r in enumerate(grid) if r[2] == "参训人员满意度")
    grid[sat][4] = "≥95%"
    path = draft_export(None, grid, suggestion.model_dump(mode="json"), "\n".join(suggestion.goals), fmt)  # type: ignore[arg-type]
    data = Path(path).read_bytes()
    if fmt == "xlsx":
        wb = load_workbook(io.BytesIO(data))
        assert APPENDIX_TITLE in wb.sheetnames
        text = "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
    else:
        doc = Document(io.BytesIO(data))
        text = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells) + "\n".join(
            p.text for p in doc.paragraphs)
        assert APPENDIX_TITLE in text
    assert "≥95%" in text and "参训人员满意度达到95%" in text and "78.71" in text
    assert "“≥90%”改为“≥95%”" in text  # the appendix says the value was changed by the user
