"""The app in a real headless browser: draft, review, fix, chat, teach, corpus; and no internet."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

BAD_TABLE = """| 一级指标 | 二级指标 | 三级指标 | 指标值 |
|---|---|---|---|
| 产出指标 | 数量指标 | 数量 | 数量 |
| 产出指标 | 质量指标 | 培训合格率 | ≥90完成比例 |
| 效益指标 | 社会效益指标 | 促进就业工作 | 效果明显 |
| 满意度指标 | 服务对象满意度指标 | 群众满意度 | ≤100% |
"""


def _tab(page, name):
    page.get_by_role("tab", name=name, exact=True).click()  # 审核 vs 文档审核


def test_draft_tab_fills_the_form_and_gets_a_table(page, shot):
    page.get_by_label("项目名称").fill("2025年职业技能提升培训项目")
    page.get_by_label("资金用途 / 项目概况").fill("组织开展职业技能培训3000人次，培训后就业率达到60%，12月底前完成")
    page.get_by_label("预算数（万元）").fill("78.71")
    page.get_by_role("button", name="生成建议").click()
    page.get_by_text("≥3000人次").first.wait_for(timeout=60_000)
    assert page.get_by_text("≤78.71万元").count() >= 1
    assert page.get_by_text("满意度").count() >= 1
    shot(page, "draft")
    assert page.external_requests == []


def test_empty_form_gives_a_chinese_message(page):
    page.get_by_role("button", name="生成建议").click()
    page.get_by_text("请填写项目名称").first.wait_for(timeout=20_000)


def test_review_flags_a_bad_table_and_applies_fixes(page, shot):
    _tab(page, "审核")
    page.get_by_label("粘贴目标表（从 Word/Excel 复制，或 Markdown 表格）").fill(BAD_TABLE)
    page.get_by_role("button", name="开始审核").click()
    page.get_by_text("指标值不可衡量").first.wait_for(timeout=60_000)
    assert page.get_by_text("≥90%").count() >= 1  # the corrected value for ≥90完成比例
    page.get_by_role("button", name="全部采纳").click()
    page.get_by_text("已采纳全部").first.wait_for(timeout=30_000)
    shot(page, "review")


def test_chat_answers_a_question(page, shot):
    _tab(page, "对话")
    page.get_by_label("问题", exact=True).fill("这条指标有什么问题：培训合格率 效果明显")
    page.get_by_role("button", name="发送").click()
    page.get_by_text("个问题").first.wait_for(timeout=30_000)
    shot(page, "chat")


def test_teaching_tab_shows_flagged_examples_and_charts(page, shot):
    _tab(page, "案例")
    page.get_by_role("button", name="筛选").click()
    page.get_by_text("改正后").first.wait_for(timeout=30_000)
    page.get_by_role("button", name="生成语料质量图表").click()
    page.locator("#quality-chart img").first.wait_for(timeout=60_000)
    shot(page, "teach")


def test_teaching_tab_browses_the_sector_library(page):
    _tab(page, "案例")
    page.locator("#library-sector input").fill("水利")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="浏览指标库").click()
    page.get_by_text("个项目类型").first.wait_for(timeout=30_000)
    assert page.locator("#library-table").get_by_text("清淤").count() >= 1
    assert page.locator("#library-table").get_by_text("按项目说明填写").count() >= 1


def test_corpus_tab_lists_sources(page, shot):
    _tab(page, "语料")
    page.get_by_text("指标行数").first.wait_for(timeout=20_000)
    assert page.get_by_text("tables.jsonl").count() + page.get_by_text("corpus-extra").count() >= 1
    shot(page, "corpus")
