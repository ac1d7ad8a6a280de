"""The 续编（上年表） tab in the browser: pick a corpus table, set a budget, see the diff."""

from __future__ import annotations


def test_carry_picks_a_corpus_table_and_shows_the_diff(page, shot):
    page.get_by_role("tab", name="续编（上年表）").click()
    box = page.locator("#carry-pick input")
    box.click()
    box.fill("000_1781007c5bfe5ba4-t01")
    page.get_by_role("option").filter(has_text="000_1781007c5bfe5ba4-t01").first.click()
    page.get_by_label("今年预算（万元）").fill("6")
    page.locator("#carry-run").click()
    page.get_by_text("2020年 → 2021年").first.wait_for(timeout=120_000)
    diff = page.locator("#carry-diff")
    diff.get_by_text("≤6万元").first.wait_for(timeout=10_000)  # the cost row follows the new budget
    assert diff.get_by_text("上年指标无问题，保留").count() >= 1
    assert diff.get_by_text("成本预算控制数：≤预算批复金额").count() >= 1  # last year's cell beside this year's
    shot(page, "carry")
    assert page.external_requests == []
