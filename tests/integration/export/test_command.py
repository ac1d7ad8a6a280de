"""`zhibiao export`: real files in, real files out, and one clear Chinese line for every bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from assistant.cli import main
from assistant.models import GoalTable, Indicator, write_tables

EXTRA = str(Path(__file__).resolve().parents[3] / "corpus" / "sources" / "corpus_extra_tables.jsonl")


@pytest.fixture
def jsonl(tmp_path):
    path = tmp_path / "tables.jsonl"
    t = GoalTable(id="t1", project_name="再就业业务经费", year=2020, budget_wan=1.2, fiscal_wan=1.2,
                  indicators=[Indicator(level1="产出指标", level2="数量指标", level3="就业困难人员就业人数",
                                        value="≥50 人"),
                              Indicator(level1="满意度指标", level2="服务对象满意度指标", level3="公共就业服务满意度",
                                        value="≥100%")])
    write_tables([t, t.model_copy(update={"id": "t2", "project_name": "工伤保险业务费"})], path)
    return path


def test_xlsx_with_review_appendix(jsonl, tmp_path, capsys):
    out = tmp_path / "out.xlsx"
    assert main(["export", str(jsonl), "--to", "xlsx", "--out", str(out), "--review"]) == 0
    wb = load_workbook(io.BytesIO(out.read_bytes()))
    assert wb.sheetnames == ["再就业业务经费", "工伤保险业务费", "审核意见"]
    # 满意度 ≥100% is a finding the linter reports; it must reach the appendix with its rule code.
    head = [c.value for c in wb["审核意见"][1]]
    assert head == ["所属项目", "序号", "三级指标", "问题", "修改建议"]
    problems = [r[3].value or "" for r in wb["审核意见"].iter_rows(min_row=2)]
    assert any(p.startswith("[") for p in problems)
    assert "已导出 2 张表" in capsys.readouterr().err


def test_format_from_the_file_name_and_table_filter(jsonl, tmp_path):
    out = tmp_path / "one.docx"
    assert main(["export", str(jsonl), "--out", str(out), "--table", "t2"]) == 0
    doc = Document(io.BytesIO(out.read_bytes()))
    assert len(doc.tables) == 1 and any("工伤保险业务费" in c.text for c in doc.tables[0].rows[3].cells)


def test_corpus_extra_to_csv(tmp_path):
    out = tmp_path / "x.csv"
    assert main(["export", EXTRA, "--to", "csv", "--out", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 1 + 171


@pytest.mark.parametrize("case, message", [
    ("missing", "找不到输入文件"),
    ("folder_in", "是文件夹"),
    ("binary_jsonl", "无法读取"),
    ("bad_json", "无法读取"),
    ("empty", "没有绩效目标表"),
    ("no_format", "请用 --to"),
    ("unknown_table", "输入中没有这些表"),
    ("review_csv", "审核意见只能"),
    ("out_is_folder", "输出路径"),
])
def test_bad_input_gives_one_chinese_line(case, message, jsonl, tmp_path, capsys):
    src, out, extra = str(jsonl), str(tmp_path / "o.xlsx"), []
    if case == "missing":
        src = str(tmp_path / "nope.jsonl")
    elif case == "folder_in":
        src = str(tmp_path)
    elif case == "binary_jsonl":
        (tmp_path / "b.jsonl").write_bytes(b"\xff\xfe\x00junk\x9c")
        src = str(tmp_path / "b.jsonl")
    elif case == "bad_json":
        (tmp_path / "c.jsonl").write_text('{"id": "a"}\n{not json\n', encoding="utf-8")
        src = str(tmp_path / "c.jsonl")
    elif case == "empty":
        (tmp_path / "e.jsonl").write_text("\n", encoding="utf-8")
        src = str(tmp_path / "e.jsonl")
    elif case == "no_format":
        out = str(tmp_path / "o.pdf")
    elif case == "unknown_table":
        extra = ["--table", "t9"]
    elif case == "review_csv":
        out, extra = str(tmp_path / "o.csv"), ["--review"]
    elif case == "out_is_folder":
        out = str(tmp_path)
    assert main(["export", src, "--out", out, *extra]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o.xlsx").exists()


def test_garbage_document_is_refused_by_the_ingester(tmp_path, capsys):
    bad = tmp_path / "junk.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["export", str(bad), "--to", "xlsx", "--out", str(tmp_path / "o.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "错误" in err and "Traceback" not in err


def test_docx_of_a_table_far_past_the_old_recursion_limit_exports_and_reads_back(tmp_path, capsys):
    # python-docx's own vertical merge recursed once per row: about 1,000 rows under one 一级 failed.
    from corpus.ingest import ingest_file

    rows = 1500
    src = tmp_path / "big.jsonl"
    write_tables([GoalTable(id="big", project_name="大表", indicators=[
        Indicator(level1="产出指标", level2="数量指标", level3=f"培训人次{i}", value=f"≥{i}人次") for i in range(rows)])], src)
    out = tmp_path / "big.docx"
    assert main(["export", str(src), "--out", str(out)]) == 0
    back = ingest_file(out).tables[0].indicators
    assert len(back) == rows and {i.level1 for i in back} == {"产出指标"} and back[-1].level3 == f"培训人次{rows - 1}"
    tc = Document(str(out)).tables[0]._tbl.xpath(".//w:vMerge")
    assert len(tc) >= 2 * (rows - 1)  # 一级 and 二级 both merged down every row


def test_export_failure_inside_the_writer_exits_2_with_one_line(jsonl, tmp_path, capsys, monkeypatch):
    import assistant.export.docx as docx_export

    def boom(*_a, **_k):
        raise RecursionError("deep")

    monkeypatch.setattr(docx_export, "docx_bytes", boom)
    assert main(["export", str(jsonl), "--out", str(tmp_path / "x.docx")]) == 2
    err = capsys.readouterr().err
    assert "无法导出（RecursionError）" in err and "Traceback" not in err
