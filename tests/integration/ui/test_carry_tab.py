"""The 续编 tab's handlers over real services (chromadb in a tmp dir, hash embeddings)."""

from __future__ import annotations

import openpyxl
import pytest

from assistant.services import Services
from assistant.settings import load_settings
from assistant.ui import carry_tab as ct
from assistant.ui.handlers import UserError

TABLE = "000_1781007c5bfe5ba4-t01"


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    s = Services(load_settings(data_dir=tmp_path_factory.mktemp("carry"), embedding={"name": "hash"}))
    s.prepare()
    return s


def test_corpus_pick_budget_and_export(services, tmp_path):
    assert TABLE in {v for _, v in ct.corpus_choices(services)}
    grid, diff, summary, state = ct.carry_run(services, TABLE, "", None, "6", "印刷资料1200份", "扩大到全县", "")
    assert "2020年 → 2021年" in summary and "扩大到全县" in summary
    assert any(r[4] == "≤6万元" for r in grid)
    assert any(r[2] == "印刷《保障农民工工资支付条例》份数：1200份" and "1000份" in r[1] for r in diff)
    path = ct.carry_export(services, state, "xlsx")
    wb = openpyxl.load_workbook(path)
    text = " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)
    assert "≤6万元" in text and "上年：成本预算控制数：≤预算批复金额" in text


@pytest.mark.parametrize(("budget", "qty", "words"), [("", "", "预算"), ("abc", "", "数字"), ("-5", "", "大于0"),
                                                      ("5", "很多很多", "数量")])
def test_bad_input_is_a_chinese_message(services, budget, qty, words):
    with pytest.raises(UserError, match=words):
        ct.carry_run(services, TABLE, "", None, budget, qty, "", "")


def test_nothing_chosen_and_no_state(services):
    with pytest.raises(UserError, match="上年的目标表"):
        ct.carry_run(services, None, "", None, "5", "", "", "")
    with pytest.raises(UserError, match="先生成"):
        ct.carry_export(services, None, "xlsx")


WATER = [
    ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"],
    ["产出指标", "数量指标", "新建供水管网长度", "", "≥20公里", "实施方案"],
    ["", "数量指标", "灌区节水改造面积", "", "万亩", "实施方案"],
    ["", "质量指标", "工程验收合格率", "", "100%", "实施方案"],
    ["", "时效指标", "工程完工时间", "", "2025年11月底前", "实施方案"],
    ["成本指标", "经济成本指标", "项目总成本", "", "≤500万元", "预算批复"],
    ["效益指标", "可持续影响指标", "工程设施正常运行年限", "", "≥10年", "设计标准"],
    ["满意度指标", "服务对象满意度指标", "受益群众满意度", "", "≥90%", "满意度调查"],
]


def test_a_dropped_row_is_said_in_chinese_in_the_tab_and_the_export(services):
    from docx import Document

    from tests.clipboard_tables import excel_clipboard

    pasted = excel_clipboard(WATER)
    grid, diff, summary, state = ct.carry_run(services, None, pasted, None, "400", "", "", "2026")
    assert "删除 1 行" in summary
    dropped = [r for r in diff if r[3].startswith("【删除】")]
    assert len(dropped) == 1 and "灌区节水改造面积" in dropped[0][1] and dropped[0][2] == ""
    assert "如需保留" in dropped[0][3] and all("灌区" not in r[2] for r in grid)
    doc = Document(ct.carry_export(services, state, "docx"))
    text = " ".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "【删除】" in text and "今年：（删除）" in text
    # With this year's area stated, the row stays with that number.
    grid, diff, summary, _ = ct.carry_run(services, None, pasted, None, "400", "灌区节水改造面积3万亩", "", "2026")
    assert "删除" not in summary and any(r[2] == "灌区节水改造面积" and r[4] == "3万亩" for r in grid)
