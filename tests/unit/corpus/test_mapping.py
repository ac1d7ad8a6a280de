"""The five seed documents against hand-checked golden files (every field of every row), and the
layout rules that produced them: continuation cells, glued cells, shifted department rows, prose."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.ingest import ingest_bytes, ingest_file

ROOT = Path(__file__).resolve().parents[3]
SOURCES = ROOT / "corpus" / "sources"
GOLDEN = ROOT / "tests" / "golden" / "seeds"
SEEDS = sorted(p.stem for p in GOLDEN.glob("*.jsonl"))
# Tables / indicator rows per seed, as counted by hand in the documents.
COUNTS = {
    "000_1781007c5bfe5ba4": (9, 54),
    "001_9ef801cc83c252a6": (23, 101),
    "002_2b2695376b0debb2": (17, 154),
    "003_61c5a3a787465ec8": (44, 259),
    "004_5db865f9cb2dfe94": (2, 76),
}


def test_every_seed_has_a_golden_file():
    assert sorted(COUNTS) == SEEDS


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_matches_golden_field_by_field(stem):
    got = [json.loads(t.to_json()) for t in ingest_file(SOURCES / f"{stem}.txt").tables]
    want = [json.loads(line) for line in (GOLDEN / f"{stem}.jsonl").read_text("utf-8").splitlines() if line]
    assert (len(got), sum(len(t["indicators"]) for t in got)) == COUNTS[stem]
    assert [t["id"] for t in got] == [t["id"] for t in want]
    for g, w in zip(got, want, strict=True):
        for key in w:
            if key == "indicators":
                continue
            assert g[key] == w[key], (w["id"], key)
        assert len(g["indicators"]) == len(w["indicators"]), w["id"]
        for n, (gr, wr) in enumerate(zip(g["indicators"], w["indicators"], strict=True)):
            assert gr == wr, (w["id"], n)


def _one(text: str):
    res = ingest_bytes("t.txt", text.encode("utf-8"))
    return res.tables, res.reports[0]


def test_markdown_blank_level_cells_continue_the_row_above():
    tables, _ = _one(
        "1、测试经费绩效目标表\n\n| 项目名称 | 测试经费 | | |\n|---|---|---|---|\n"
        "| 预算规模及资金用途 | 预算数 | 12.5 | 其中：财政资金 | 10 |\n"
        "| 一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 | 指标值确定依据 |\n"
        "| 产 出 指 标 | 数量指标 | 培训人数 | 培训人数 | ≥ 100人 | 计划 |\n"
        "| | 质量指标 | 合格率 | 合格率 | ≥90% | 计划 |\n"
        "| 满意度指标 | 服务对象满意度指标 | 满意度 | 满意度 | ≥90% | 调查 |\n"
    )
    (t,) = tables
    assert (t.project_name, t.budget_wan, t.fiscal_wan) == ("测试经费", 12.5, 10.0)
    assert [(i.level1, i.level2, i.value) for i in t.indicators] == [
        ("产出指标", "数量指标", "≥ 100人"), ("产出指标", "质量指标", "≥90%"), ("满意度指标", "服务对象满意度指标", "≥90%"),
    ]


def test_tab_rows_with_omitted_and_glued_cells():
    tables, report = _one(
        "1.测试绩效目标表\n一级指标\t二级指标\t三级指标\t绩效指标描述\t指标值\t指标值确定依据\n"
        "产出指标\t数量指标\t人数\t人数\t≥10人\t政策\n"
        "质量指标\t合格率\t合格率\t≥90%\t政策\n"
        "效益指标、社会效益指标\t稳定\t稳定水平\t提高\t政策\n"
        "效益指标、经济效益指标、经济效益\t依据相关政策\n"
    )
    (t,) = tables
    rows = [(i.level1, i.level2, i.level3, i.value, i.basis, i.uncertain) for i in t.indicators]
    assert rows[1] == ("产出指标", "质量指标", "合格率", "≥90%", "政策", False)
    assert rows[2] == ("效益指标", "社会效益指标", "稳定", "提高", "政策", False)
    assert rows[3][:3] == ("效益指标", "经济效益指标", "经济效益") and rows[3][5] is True
    assert report.marked and report.marked[0][1] == 3 and "经济效益" in report.marked[0][2]


def test_prose_with_numbers_is_not_a_table():
    with pytest.raises(ValueError, match="没有找到绩效目标表"):
        _one("绩效指标：全年城镇新增就业8000人以上，失业人员实现再就业1700人以上。\n满意度≥90%。\n")
