"""`zhibiao lint FILE`: readable report, JSON, and exit status 0 / 1 / 2."""

from __future__ import annotations

import json

from assistant.cli import main
from assistant.models import GoalTable, Indicator, write_tables


def _write(tmp_path, value):
    t = GoalTable(id="t1", project_name="就业服务", indicators=[
        Indicator(level1="产出指标", level2="数量指标", level3="服务人次", value="≥100人次"),
        Indicator(level1="满意度指标", level2="服务对象满意度指标", level3="服务对象满意度", value=value),
    ])
    p = tmp_path / "t.jsonl"
    write_tables([t], p)
    return p


def test_error_findings_exit_1_with_a_readable_report(tmp_path, capsys):
    assert main(["lint", str(_write(tmp_path, "≤100%"))]) == 1
    out = capsys.readouterr().out
    assert "第2行" in out and "ZB104" in out and "≥90%" in out and "证据" in out


def test_warnings_only_exit_0(tmp_path, capsys):
    assert main(["lint", str(_write(tmp_path, "≥90%"))]) == 0


def test_json_output(tmp_path, capsys):
    assert main(["lint", "--format", "json", str(_write(tmp_path, "效果明显"))]) == 1
    data = json.loads(capsys.readouterr().out)
    f = next(f for f in data["tables"][0]["findings"] if f["row"] == 1)
    assert f["code"] == "ZB101" and f["replacement"] == "≥90%" and data["errors"] >= 1


def test_unreadable_input_exits_2_with_chinese_message(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    assert main(["lint", str(bad)]) == 2
    assert "错误" in capsys.readouterr().err
    assert main(["lint", str(tmp_path / "missing.jsonl")]) == 2
    assert "找不到" in capsys.readouterr().err
    assert main(["lint", str(tmp_path)]) == 2


def test_rule_catalogue(capsys):
    assert main(["lint", "--list-rules"]) == 0
    assert "ZB101" in capsys.readouterr().out


def test_xlsx_through_the_ingester(tmp_path, capsys):
    """Any file the ingester reads can be linted; the workbook is built here, not committed."""
    import pytest

    pytest.importorskip("corpus.ingest")
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目名称", "就业培训补助"])
    ws.append(["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"])
    ws.append(["产出指标", "数量指标", "培训人次", "培训人次", "≥3000人次", "年度计划"])
    ws.append(["产出指标", "质量指标", "培训合格率", "合格人数/参训人数", "≥90", "年度计划"])
    ws.append(["满意度指标", "服务对象满意度指标", "参训人员满意度", "满意度调查", "≥90%", "年度计划"])
    p = tmp_path / "t.xlsx"
    wb.save(p)
    assert main(["lint", "--format", "json", str(p)]) == 1
    data = json.loads(capsys.readouterr().out)
    f = next(f for f in data["tables"][0]["findings"] if f["code"] == "ZB103")
    assert f["row"] == 1 and f["replacement"] == "≥90%"


class _Stdin:
    def __init__(self, data: bytes) -> None:
        import io

        self.buffer = io.BytesIO(data)


def test_lint_dash_reads_an_excel_paste_from_stdin(monkeypatch, capsys):
    # Excel's clipboard: CRLF rows of equal width, the merged 一级 cell blank in the second row.
    paste = "产出指标\t数量指标\t购置设备数量\t\t120台\t项目计划\r\n\t质量指标\t设备验收合格率\t\t≤100%\t行业标准\r\n"
    monkeypatch.setattr("sys.stdin", _Stdin(paste.encode("gb18030")))
    assert main(["lint", "--format", "json", "-"]) == 1
    data = json.loads(capsys.readouterr().out)
    rows = {f["row"] for f in data["tables"][0]["findings"] if f["severity"] == "error"}
    assert rows == {1}  # the ≤100% on 设备验收合格率 (row 2), nothing from a shifted column


def test_lint_dash_with_nothing_readable_exits_2(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", _Stdin("随便写的几句话\n".encode()))
    assert main(["lint", "-"]) == 2
    assert "标准输入" in capsys.readouterr().err
