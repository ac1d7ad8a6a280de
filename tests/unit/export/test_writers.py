"""The official layout in .xlsx and .docx: header block, grid, vertical merges, page set-up, atomicity."""

from __future__ import annotations

import csv
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from assistant.export import appendix_from_findings, export, to_bytes
from assistant.export.layout import GRID_HEADER
from assistant.models import GoalTable, Indicator, LintFinding, Severity, read_tables

ROWS = [
    ("产出指标", "数量指标", "培训人次", "≥3000人次"), ("产出指标", "数量指标", "培训期数", "≥10期"),
    ("产出指标", "质量指标", "培训合格率", "≥90%"), ("成本指标", "经济成本指标", "项目总成本", "≤78.71万元"),
    ("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%"),
]
TABLE = GoalTable(
    id="t1", project_name="职业技能培训项目", project_code="130000-001", department="某区人力资源和社会保障局",
    year=2024, budget_wan=78.71, fiscal_wan=70, purpose="开展职业技能培训", spending_plan="按季度支出",
    goals=["完成培训3000人次", "培训合格率不低于90%"],
    indicators=[Indicator(level1=a, level2=b, level3=c, description=f"{c}的说明", value=v, basis="计划标准") for a, b, c, v in ROWS],
)


def _ranges(ws):
    return {str(r) for r in ws.merged_cells.ranges}


def test_xlsx_layout():
    ws = load_workbook(io.BytesIO(to_bytes([TABLE], "xlsx"))).active
    cells = {c.value: c for row in ws.iter_rows() for c in row if c.value}
    assert ws["A1"].value == "项目支出绩效目标表" and "A1:F1" in _ranges(ws)
    assert cells["项目名称"].offset(column=1).value == "职业技能培训项目"
    assert cells["单位：万元"].alignment.horizontal == "right"
    head = cells["一级指标"].row
    assert [ws.cell(row=head, column=c).value for c in range(1, 7)] == list(GRID_HEADER)
    # 产出指标 spans three rows, 数量指标 two; 成本 and 满意度 single rows stay unmerged.
    assert f"A{head + 1}:A{head + 3}" in _ranges(ws) and f"B{head + 1}:B{head + 2}" in _ranges(ws)
    assert ws.cell(row=head + 4, column=5).value == "≤78.71万元"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.page_setup.fitToWidth == 1
    assert ws.cell(row=head + 1, column=3).alignment.wrap_text


def test_docx_layout():
    doc = Document(io.BytesIO(to_bytes([TABLE], "docx")))
    assert doc.paragraphs[0].text == "项目支出绩效目标表"
    tbl = doc.tables[0]
    texts = [[c.text for c in row.cells] for row in tbl.rows]
    head = next(i for i, r in enumerate(texts) if r[0] == "一级指标")
    assert texts[head] == list(GRID_HEADER)
    assert texts[head + 1][0] == texts[head + 3][0] == "产出指标"  # merged cell seen from every row
    assert tbl.cell(head + 1, 0)._tc is tbl.cell(head + 3, 0)._tc
    assert tbl.cell(head + 1, 1)._tc is tbl.cell(head + 2, 1)._tc
    assert tbl.cell(head + 3, 1)._tc is not tbl.cell(head + 2, 1)._tc
    assert any(r[0] == "项目名称" and r[1] == "职业技能培训项目" for r in texts)
    sec = doc.sections[0]
    assert round(sec.page_width.mm) == 210 and round(sec.page_height.mm) == 297


def test_many_tables_and_review_appendix():
    other = TABLE.model_copy(update={"id": "t2", "project_name": "职业技能培训项目"})
    f = LintFinding(code="ZB101", flag="vague_value", severity=Severity.ERROR, row=2, field="value",
                    evidence="效果明显", message="指标值不可衡量", fix="改为可衡量的值", replacement="≥90%")
    wb = load_workbook(io.BytesIO(to_bytes([TABLE, other], "xlsx", appendix=appendix_from_findings(TABLE, [f]),
                                           appendix_title="审核意见")))
    assert len(wb.sheetnames) == 3 and len(set(wb.sheetnames)) == 3
    ap = wb["审核意见"]
    assert ap["E2"].value.startswith("[ZB101]") and ap["F2"].value == "≥90%"
    doc = Document(io.BytesIO(to_bytes([TABLE, other], "docx", appendix=[])))
    assert len(doc.tables) == 3


def test_csv_and_jsonl(tmp_path):
    rows = list(csv.reader(io.StringIO(to_bytes([TABLE], "csv").decode("utf-8-sig"))))
    assert rows[0][2:] == list(GRID_HEADER) and len(rows) == 6 and rows[1][6] == "≥3000人次"
    export([TABLE], "jsonl", tmp_path / "t.jsonl")
    assert read_tables(tmp_path / "t.jsonl") == [TABLE]


def test_interrupted_export_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "out.xlsx"
    export([TABLE], "xlsx", path)
    before = path.read_bytes()

    import assistant.fileio as fileio

    def broken_fsync(fd):
        raise OSError("disk full")

    monkeypatch.setattr(fileio.os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        export([TABLE.model_copy(update={"project_name": "新"})], "xlsx", path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]  # no temp file left behind


def test_unknown_format():
    with pytest.raises(ValueError, match="不支持"):
        to_bytes([TABLE], "pdf")  # type: ignore[arg-type]
