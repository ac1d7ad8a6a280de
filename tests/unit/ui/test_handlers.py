"""UI handlers as plain functions: validation, re-linting edits, alternatives, export, offline chat."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from assistant.authoring.compose import OfflineComposer
from assistant.lint import lint_row
from assistant.models import ProjectBrief
from assistant.ui import handlers as h
from assistant.ui.chat import offline_respond


@pytest.fixture(scope="module")
def suggestion():
    return OfflineComposer(None, lint_row).suggest(
        ProjectBrief(name="职业技能培训项目", purpose="组织开展职业技能培训3000人次", budget_wan=78.71, year=2025))


@pytest.mark.parametrize(
    "fields,message",
    [
        (("", "x", "", "", "", "", ""), "项目名称"),
        (("项目", "", "七十万", "", "", "", ""), "预算数应为数字"),
        (("项目", "", "-5", "", "", "", ""), "不能为负数"),
        (("项目", "", "", "", "", "25", ""), "四位年份"),
    ],
)
def test_brief_validation_says_what_is_wrong(fields, message):
    with pytest.raises(h.UserError, match=message):
        h.make_brief(*fields)


def test_brief_parses_fields():
    b = h.make_brief("项目", "用途", "1,234.5", "部门", "education", "2025", "培训3000人次\n购置设备5台")
    assert b.budget_wan == 1234.5 and b.year == 2025 and b.quantities == ["培训3000人次", "购置设备5台"]


def test_relint_keeps_user_text_and_flags_bad_edits(suggestion):
    grid = [[r.level1, r.level2, r.level3, r.description, r.target.render(), r.basis, "", "理由"] for r in suggestion.rows]
    sat = next(i for i, r in enumerate(grid) if "满意度" in r[2])
    grid[sat][4] = "≤100%"
    grid.append(["", "", "", "", "", "", "", ""])  # an empty row the user added is ignored
    out, summary = h.draft_relint(None, grid)  # type: ignore[arg-type]
    assert len(out) == len(suggestion.rows)
    assert out[sat][4] == "≤100%" and out[sat][6].startswith("✖")
    assert out[0][6] == "✔ 通过" and out[0][7] == "理由"
    assert "得分" in summary


def test_relint_of_an_empty_grid_is_a_user_error():
    with pytest.raises(h.UserError):
        h.draft_relint(None, [["", "", "", "", "", "", "", ""]])  # type: ignore[arg-type]


def test_export_writes_the_official_layout(suggestion):
    grid = [[r.level1, r.level2, r.level3, r.description, r.target.render(), r.basis] for r in suggestion.rows]
    path = h.export_file(grid, h.draft_meta(suggestion.model_dump(mode="json"), "目标一\n目标二"), "xlsx", None)  # type: ignore[arg-type]
    ws = load_workbook(path).active
    values = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert "职业技能培训项目" in values and "≤78.71万元" in values
    assert Path(path).suffix == ".xlsx"
    with pytest.raises(h.UserError):
        h.export_file([], {}, "xlsx", None)  # type: ignore[arg-type]


def test_offline_chat_checks_a_row_and_explains_a_value(suggestion):
    answer = offline_respond(None, "这条指标有什么问题：培训合格率 ≥90完成比例", None)  # type: ignore[arg-type]
    assert "≥90%" in answer
    why = offline_respond(None, "为什么参训人员满意度是≥90%？", suggestion.model_dump(mode="json"))  # type: ignore[arg-type]
    assert "参训人员满意度" in why and "通行标准" in why
    assert "不是" not in why  # the draft says ≥90% too
    wrong = offline_respond(None, "为什么参训人员满意度是≥80%？", suggestion.model_dump(mode="json"))  # type: ignore[arg-type]
    assert "不是 ≥80%" in wrong
    alt = offline_respond(None, "给我换一个时效指标", suggestion.model_dump(mode="json"))  # type: ignore[arg-type]
    assert "时效指标" in alt
    assert "我可以离线完成" in offline_respond(None, "今天天气怎么样", None)  # type: ignore[arg-type]


@pytest.mark.parametrize("budget", ["nan", "inf", "-inf"])
def test_a_budget_that_is_not_a_finite_number_is_a_chinese_message(budget):
    with pytest.raises(h.UserError, match="有限的数字"):
        h.make_brief("培训项目", "", budget, "", "", "", "")
