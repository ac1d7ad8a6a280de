"""`zhibiao carry`: a table file in, this year's table out (.jsonl, .docx), the diff on stderr; bad input exits 2."""

from __future__ import annotations

import docx
import pytest

from assistant.cli import main
from assistant.models import GoalTable, read_tables, write_tables

LAST = GoalTable(id="last", year=2022, budget_wan=30, project_name="2022年职业技能培训项目", indicators=[
    {"level1": "产出指标", "level2": "数量指标", "level3": "职业技能培训人次", "value": "≥3000人次"},
    {"level1": "产出指标", "level2": "质量指标", "level3": "培训合格率", "value": "≥90%"},
    {"level1": "产出指标", "level2": "时效指标", "level3": "培训完成时间", "value": "2022年11月底前"},
    {"level1": "成本指标", "level2": "经济成本指标", "level3": "项目总成本", "value": "≤30万元"},
    {"level1": "效益指标", "level2": "社会效益指标", "level3": "参训人员就业率", "value": "≥60%"},
    {"level1": "满意度指标", "level2": "服务对象满意度指标", "level3": "参训人员满意度", "value": "≥90%"},
])


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("ZHIBIAO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ZHIBIAO_EMBEDDING__NAME", "hash")
    src = tmp_path / "last.jsonl"
    write_tables([LAST], src)
    return tmp_path, src


def test_carry_writes_jsonl_and_docx(env, capsys):
    tmp, src = env
    out = tmp / "this.jsonl"
    assert main(["carry", str(src), "--budget", "36", "--quantity", "培训3600人次", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "2022 → 2023" in err and "上年：职业技能培训人次：≥3000人次" in err
    (t,) = read_tables(out)
    values = {r.level3: r.value for r in t.indicators}
    assert t.year == 2023 and values["职业技能培训人次"] == "≥3600人次" and values["项目总成本"] == "≤36万元"
    assert values["培训完成时间"] == "2023年11月底前"
    out_docx = tmp / "this.docx"
    assert main(["carry", str(src), "--budget", "24", "--year", "2024", "--out", str(out_docx)]) == 0
    d = docx.Document(str(out_docx))
    text = " ".join(c.text for tb in d.tables for row in tb.rows for c in row.cells) + " ".join(p.text for p in d.paragraphs)
    assert "≤24万元" in text and "与上年对比" in text and "2024年11月底前" in text


@pytest.mark.parametrize("args", [["--budget", "abc"], ["--budget", "0"], ["--budget", "5", "--quantity", "很多"],
                                  ["--budget", "5", "--out-ext"]])
def test_bad_input_exits_2_with_both_languages(env, capsys, args):
    tmp, src = env
    if args[-1] == "--out-ext":
        argv = ["carry", str(src), "--budget", "5", "--out", str(tmp / "x.pdf")]
    else:
        argv = ["carry", str(src), *args, "--out", str(tmp / "x.jsonl")]
    with pytest.raises(SystemExit) if args[1] == "abc" else _no_raise():
        assert main(argv) == 2
    err = capsys.readouterr().err
    assert "/" in err and any("\u4e00" <= ch <= "\u9fff" for ch in err)


def test_missing_file_exits_2(tmp_path, capsys):
    assert main(["carry", str(tmp_path / "none.jsonl"), "--budget", "5", "--out", str(tmp_path / "o.jsonl")]) == 2
    assert "找不到文件" in capsys.readouterr().err


class _no_raise:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return False
