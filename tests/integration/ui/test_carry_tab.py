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
