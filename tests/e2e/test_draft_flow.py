"""The 编制 draft in a real browser: swap into a chosen row and undo, a reload keeps the draft, and the
对话 tab's edits, additions, explanations and checks act on the grid the clerk sees."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

NAME = "2025年职业技能提升培训项目"
PURPOSE = "组织开展职业技能培训3000人次，培训后就业率达到60%，12月底前完成"


def _grid_text(page) -> str:
    return page.locator("#draft-grid").text_content() or ""


def _draft(page) -> None:
    page.get_by_label("项目名称").fill(NAME)
    page.get_by_label("资金用途 / 项目概况").fill(PURPOSE)
    page.get_by_label("预算数（万元）").fill("78.71")
    page.get_by_role("button", name="生成建议").click()
    page.get_by_text("≥3000人次").first.wait_for(timeout=90_000)


def _pick(page, elem_id: str, text: str) -> None:
    page.locator(f"#{elem_id} input").click()
    page.get_by_role("option", name=text).first.click()


def _chat(page, message: str, expect: str) -> str:
    page.get_by_role("tab", name="对话").click()
    page.get_by_label("问题", exact=True).fill(message)
    page.get_by_role("button", name="发送").click()
    bubble = page.locator("#chatbot .message").last if page.locator("#chatbot").count() else None
    page.get_by_text(expect).last.wait_for(timeout=90_000)
    return bubble.inner_text() if bubble is not None else ""


def test_swap_into_a_chosen_row_then_undo(page):
    _draft(page)
    page.locator("#draft-alt input").click()
    option = page.get_by_role("option").first
    chosen = option.inner_text()
    level2, level3 = chosen.split("｜")[:2]
    option.click()
    page.locator("#draft-alt-target input").click()
    targets = [t.strip() for t in page.get_by_role("option").all_inner_texts()]
    assert targets[-1] == "作为新行添加"
    row_choice = next(t for t in targets if t.startswith("第"))  # a row of that 二级, not only the first
    replaced = row_choice.split("：", 1)[1].rsplit(" ", 1)[0]
    page.get_by_role("option", name=row_choice).first.click()
    page.get_by_role("button", name="替换所选行").click()
    page.get_by_text(f"已用“{level3}”替换").first.wait_for(timeout=30_000)
    text = _grid_text(page)
    assert level3 in text and replaced not in text
    assert "得分" in page.locator("#draft-summary").inner_text()  # the swapped grid was checked again
    page.get_by_role("button", name="撤销").click()
    page.get_by_text("已撤销").first.wait_for(timeout=30_000)
    page.wait_for_function("t => document.querySelector('#draft-grid').innerText.includes(t)", arg=replaced,
                           timeout=30_000)
    assert level3 not in _grid_text(page)
    assert level2


def test_regenerate_asks_before_overwriting_an_edited_grid(page):
    _draft(page)
    page.locator("#draft-undo").wait_for()
    # A value no suggested row has (≥95% is a common target and may come back with the new table).
    _chat(page, "把满意度改成≥93%", "改为“≥93%”")
    page.get_by_role("tab", name="编制").click()
    page.get_by_role("button", name="生成建议").click()
    page.locator("#draft-overwrite").wait_for(state="visible", timeout=30_000)
    assert "≥93%" in _grid_text(page)  # nothing replaced yet
    page.locator("#draft-overwrite").click()
    page.wait_for_function("() => !document.querySelector('#draft-grid').innerText.includes('≥93%')", timeout=90_000)


def test_reload_keeps_the_draft(page):
    _draft(page)
    _chat(page, "第3行的指标值改为≥98%", "改为“≥98%”")
    page.get_by_role("tab", name="编制").click()
    page.wait_for_function("() => localStorage.getItem('zhibiao-draft') !== null", timeout=30_000)
    page.wait_for_timeout(1500)  # the browser copy is rewritten after the grid's change event
    page.reload(wait_until="domcontentloaded")
    page.get_by_role("tab", name="编制").wait_for(timeout=60_000)
    page.wait_for_function("() => (document.querySelector('#draft-grid') || {}).textContent?.includes('≥98%')",
                           timeout=60_000)
    assert page.get_by_label("项目名称").input_value() == NAME
    assert "3000" in page.get_by_label("资金用途 / 项目概况").input_value()
    assert "≥3000人次" in _grid_text(page)
    assert page.get_by_label("年度绩效目标（可修改）").input_value().strip()


def test_chat_changes_adds_explains_and_checks_the_grid(page, shot):
    _draft(page)
    _chat(page, "把满意度改成≥95%", "改为“≥95%”")
    page.get_by_role("tab", name="编制").click()
    assert "≥95%" in _grid_text(page)
    rows_before = _grid_text(page).count("✔") + _grid_text(page).count("ℹ") + _grid_text(page).count("⚠")
    _chat(page, "再加一个就业率的指标", "已添加第")
    page.get_by_role("tab", name="编制").click()
    assert "参训人员培训后就业率" in _grid_text(page) or "就业率" in _grid_text(page)
    assert _grid_text(page).count("✔") + _grid_text(page).count("ℹ") + _grid_text(page).count("⚠") > rows_before
    _chat(page, "为什么满意度是≥95%？", "最初建议为")  # answered from the edited grid, not the first suggestion
    _chat(page, "帮我检查这张表", "检查了当前表格")
    shot(page, "chat")
    page.get_by_role("tab", name="编制").click()
    page.get_by_role("button", name="撤销").click()
    page.get_by_text("已撤销").first.wait_for(timeout=30_000)
    assert page.external_requests == []


def test_chat_drafts_a_road_maintenance_table(page):
    _chat(page, "帮我写一个农村公路养护项目的指标", "农村公路")
    page.get_by_role("tab", name="编制").click()
    page.wait_for_function("() => document.querySelector('#draft-grid').innerText.includes('公路')", timeout=60_000)
    assert "成活率" not in _grid_text(page)
