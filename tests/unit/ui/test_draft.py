"""Draft-state operations: history and undo, swapping an alternative into a chosen row, chat edits,
the browser copy of the draft, and the offline chat acting on the grid."""

from __future__ import annotations

import pytest

from assistant.authoring.compose import OfflineComposer
from assistant.lint import lint_row
from assistant.models import ProjectBrief
from assistant.ui import draft as d
from assistant.ui import handlers as h
from assistant.ui.chat import offline_act


@pytest.fixture(scope="module")
def suggestion():
    return OfflineComposer(None, lint_row).suggest(
        ProjectBrief(name="职业技能培训项目", purpose="组织开展职业技能培训3000人次，培训后就业率达到60%，12月底前完成",
                     budget_wan=78.71, year=2025))


@pytest.fixture
def grid(suggestion):
    return h.suggestion_grid(None, suggestion)  # type: ignore[arg-type]


def _row(grid, word):
    return next(i for i, r in enumerate(grid) if word in r[2])


def test_history_push_and_undo_restore_the_earlier_grid(grid):
    book = d.push(None, grid, "目标", None, "修改")
    edited = [list(r) for r in grid]
    edited[0][4] = "≥1人次"
    snap, book = d.undo(book)
    assert snap["grid"] == d.as_rows(grid) and snap["goals"] == "目标" and book["history"] == []
    with pytest.raises(h.UserError, match="没有可以撤销"):
        d.undo(book)
    for n in range(d.HISTORY_LIMIT + 5):
        book = d.push(book, grid, str(n), None, "x")
    assert len(book["history"]) == d.HISTORY_LIMIT and book["history"][-1]["goals"] == str(d.HISTORY_LIMIT + 4)


def test_an_edited_grid_needs_confirmation_before_regenerating(grid):
    book = d.mark_generated(None, grid)
    assert not d.is_edited(grid, book)
    edited = [list(r) for r in grid]
    edited[3][4] = "2025年8月31日前"
    assert d.is_edited(edited, book)
    assert not d.is_edited([], book)  # an empty grid has nothing to lose
    edited[0][6] = "something else"  # the 检查结果 column is not the clerk's content
    assert d.is_edited(edited, book)


def test_swap_goes_into_the_chosen_row_and_is_linted(suggestion, grid):
    state = suggestion.model_dump(mode="json")
    # The alternative whose 二级 has the most rows in the grid, so "which row" is a real choice.
    choice = max(h.alternative_choices(suggestion), key=lambda c: len(d.target_choices(grid, c)))
    level2, level3, _ = choice.split("｜")
    targets = d.target_choices(grid, choice)
    assert targets[-1] == d.ADD_AS_NEW and all(level2 == grid[int(t[1:t.index("行")]) - 1][1] for t in targets[:-1])
    target = targets[-2]  # the last row of that 二级, not the first
    n = int(target[1:target.index("行")]) - 1
    out, said = d.swap(grid, state, choice, target)
    assert out[n][2] == level3 and len(out) == len(grid) and "替换第" in said
    assert out[n][6] != ""  # checked, not an automatic ✔ string set before checking
    assert [r[2] for i, r in enumerate(out) if i != n] == [r[2] for i, r in enumerate(grid) if i != n]
    added, said = d.swap(grid, state, choice, d.ADD_AS_NEW)
    assert len(added) == len(grid) + 1 and added[-1][2] == level3 and "作为第" in said
    with pytest.raises(h.UserError):
        d.swap(grid, state, choice, None)
    with pytest.raises(h.UserError):
        d.swap(grid, None, choice, target)


def test_swapped_in_bad_row_is_flagged(suggestion, grid):
    from assistant.values import TargetValue

    l2 = next(iter(suggestion.alternatives))
    bad = suggestion.alternatives[l2][0].model_copy(update={"target": TargetValue.parse("效果明显")})
    state = suggestion.model_copy(update={"alternatives": {l2: [bad]}}).model_dump(mode="json")
    choice = f"{l2}｜{bad.level3}｜效果明显"
    out, _ = d.swap(grid, state, choice, d.ADD_AS_NEW)
    assert not out[-1][6].startswith("✔")


def test_edit_by_name_and_by_row_number(grid):
    sat = _row(grid, "满意度")
    out, said = d.edit_row(grid, None, "满意度", None, "95%以上")
    assert out[sat][4] == "≥95%" and "≥95%" in said and out[sat][6]
    out, _ = d.edit_row(out, 3, None, "value", "≥98%")
    assert out[2][4] == "≥98%"
    out, _ = d.edit_row(out, 2, None, "basis", "行业标准：项目实施方案")
    assert out[1][5] == "行业标准：项目实施方案"
    out, _ = d.edit_row(out, None, "满意度", None, "参训学员满意度")  # not a value: the name
    assert out[sat][2] == "参训学员满意度"
    bad, _ = d.edit_row(out, None, "参训学员满意度", "value", "≤100%")
    assert bad[sat][6].startswith("✖")
    with pytest.raises(h.UserError, match="没有第99行"):
        d.edit_row(grid, 99, None, None, "1")
    with pytest.raises(h.UserError, match="没有找到"):
        d.edit_row(grid, None, "火箭发射", None, "1")


def test_add_from_the_library_of_the_draft_sector_and_remove(suggestion, grid):
    state = suggestion.model_dump(mode="json")
    out, said = d.add_row(None, grid, state, "就业率")
    assert len(out) == len(grid) + 1 and "就业率" in out[-1][2] and "指标库" in said
    out, said = d.remove_row(out, len(out), None)
    assert d.table_part(out) == d.table_part(grid) and "已删除" in said
    out, _ = d.remove_row(grid, None, "满意度")
    assert not any("满意度" in r[2] for r in out)


def test_explain_answers_from_the_current_grid(suggestion, grid):
    state = suggestion.model_dump(mode="json")
    edited, _ = d.edit_row(grid, None, "满意度", None, "≥95%")
    text = d.explain_row(edited, state, None, None, "为什么满意度是≥95%？")
    assert "≥95%" in text and "最初建议为 ≥90%" in text and "不是" not in text
    asked = d.explain_row(edited, state, None, None, "为什么满意度是≥80%？")
    assert "不是 ≥80%" in asked


def test_check_lists_the_findings_of_the_current_grid(grid):
    edited = [list(r) for r in grid]
    edited[0][4] = "效果明显"
    out, text = d.check_grid(edited)
    assert f"第1行“{grid[0][2]}”" in text and out[0][6].startswith(("✖", "⚠"))


def test_snapshot_round_trips_and_bad_storage_is_ignored(suggestion, grid):
    state = suggestion.model_dump(mode="json")
    fields = ["项目", "用途", "78.71", "", "", "2025", ""]
    saved = d.snapshot(fields, grid, "目标", state, d.push(None, grid, "", None, "x"))
    back = d.restore(saved)
    assert back is not None and back["fields"]["name"] == "项目" and back["grid"] == d.as_rows(grid)
    assert back["goals"] == "目标" and back["suggestion"] == state and len(back["book"]["history"]) == 1
    assert d.restore(None) is None and d.restore("junk") is None and d.restore({"version": 99}) is None
    broken = d.restore({**saved, "suggestion": {"rows": "x"}})
    assert broken is not None and broken["suggestion"] is None and broken["grid"]


def test_chat_edits_the_grid_and_says_what_changed(suggestion, grid):
    state = suggestion.model_dump(mode="json")
    r = offline_act(None, "把满意度改成≥92%", state, grid)  # type: ignore[arg-type]
    assert r.grid is not None and r.grid[_row(grid, "满意度")][4] == "≥92%" and "改为“≥92%”" in r.text
    r2 = offline_act(None, "为什么满意度是≥92%？", state, r.grid)  # type: ignore[arg-type]
    assert r2.grid is None and "≥92%" in r2.text and "最初建议" in r2.text
    r3 = offline_act(None, "删除第2行", state, r.grid)  # type: ignore[arg-type]
    assert r3.grid is not None and len(r3.grid) == len(grid) - 1
    r4 = offline_act(None, "把火箭发射改成100%", state, grid)  # type: ignore[arg-type]
    assert r4.grid is None and "没有找到" in r4.text
    r5 = offline_act(None, "帮我检查这张表", state, grid)  # type: ignore[arg-type]
    assert "检查了当前表格" in r5.text


def test_chat_turn_pushes_history_and_undo_brings_the_grid_back(suggestion, grid):
    state = suggestion.model_dump(mode="json")
    text, view = d.chat_turn(None, "第1行的指标值改为≥3500人次", grid, "目标", state, None)  # type: ignore[arg-type]
    assert view is not None and view.grid[0][4] == "≥3500人次" and len(view.book["history"]) == 1
    text, back = d.chat_turn(None, "撤销", view.grid, view.goals, view.suggestion, view.book)  # type: ignore[arg-type]
    assert back is not None and back.grid[0][4] == "≥3000人次" and "已撤销" in text
    text, again = d.chat_turn(None, "撤销", back.grid, back.goals, back.suggestion, back.book)  # type: ignore[arg-type]
    assert again is None and "没有可以撤销" in text
    _, checked = d.chat_turn(None, "帮我检查这张表", grid, "", state, None)  # type: ignore[arg-type]
    assert checked is not None and checked.book["history"] == []  # a check changes no content
