"""The draft export in a real browser: after an edit in the grid, the downloaded .xlsx carries the edited
value, goals written again from the edited rows, and the 理由与引用 appendix (read back with openpyxl)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.e2e


def test_export_after_an_edit_carries_the_value_synced_goals_and_the_rationale(page):
    page.get_by_label("项目名称").fill("2025年职业技能提升培训项目")
    page.get_by_label("资金用途 / 项目概况").fill("组织开展职业技能培训3000人次，培训后就业率达到60%，12月底前完成")
    page.get_by_label("预算数（万元）").fill("78.71")
    page.get_by_role("button", name="生成建议").click()
    page.get_by_text("≥3000人次").first.wait_for(timeout=60_000)
    goals_before = page.get_by_label("年度绩效目标（可修改）").input_value()
    assert "满意度达到90%" in goals_before
    names = page.locator("[data-testid^='cell-'][data-col='2']")
    row = next(i for i in range(names.count()) if names.nth(i).inner_text().strip() == "参训人员满意度")
    r = names.nth(row).get_attribute("data-row")
    value = page.locator(f"[data-testid='cell-{r}-4']").first
    value.dblclick()
    page.keyboard.press("Control+A")
    page.keyboard.type("≥95%")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelector(\"[data-testid='cell-{r}-4']\").innerText.trim().split('\\n')[0] === '≥95%'",
                           timeout=30_000)
    page.get_by_text("得分").first.wait_for(timeout=30_000)  # the live re-check ran on the edited grid
    page.get_by_role("button", name="导出", exact=True).click()
    link = page.locator("a[download]").first
    link.wait_for(timeout=60_000)
    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename.endswith(".xlsx")
    with open(info.value.path(), "rb") as fh:
        wb = load_workbook(io.BytesIO(fh.read()))
    assert "理由与引用" in wb.sheetnames
    table = [str(c.value) for row_ in wb.worksheets[0].iter_rows() for c in row_ if c.value is not None]
    assert "≥95%" in table
    goals = next(c for c in table if c.startswith("通过实施"))
    assert "满意度达到95%" in goals and "78.71" in table
    appendix = [[("" if c.value is None else str(c.value)) for c in row_] for row_ in wb["理由与引用"].iter_rows()]
    sat = next(a for a in appendix if "参训人员满意度" in a)
    assert any("改为“≥95%”" in c for c in sat)  # the rationale says the clerk changed the value
    assert len(appendix) - 1 >= 8  # one line per row of the grid
