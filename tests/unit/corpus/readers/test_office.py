"""Real .docx and .xlsx files built in code in the official layout (merged cells) read back identically."""

from __future__ import annotations

import io

import pytest

from assistant.models import GoalTable, Indicator
from corpus.ingest import IngestError, ingest_bytes

GRID = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")


def _source() -> GoalTable:
    rows = [
        ("产出指标", "数量指标", "培训人次", "全年培训人次", "≥3000人次", "年度工作计划"),
        ("产出指标", "数量指标", "宣传资料份数", "印发宣传资料", "10000 份", "工作计划"),
        ("产出指标", "质量指标", "培训合格率", "考核合格人数占培训人数比例", "≥90%", "历史标准"),
        ("产出指标", "时效指标", "补贴发放及时率", "按月发放", "100%", "工作计划"),
        ("效益指标", "社会效益指标", "城镇新增就业人数", "全年新增", "≥8000人", "年度目标"),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "抽样调查", "≥95%", "满意度调查"),
    ]
    return GoalTable(
        id="t", title="项目支出绩效目标表", year=2023, project_name="职业技能提升培训经费",
        project_code="323-0402-JQN-GNRK", department="曹妃甸区人力资源和社会保障局", budget_wan=78.71,
        fiscal_wan=70.0, purpose="用于开展职业技能培训和就业服务", spending_plan="3月底：20；6月底：50；12月底：100",
        goals=["1、完成职业技能培训3000人次", "2、城镇新增就业8000人以上"],
        indicators=[Indicator(**dict(zip(("level1", "level2", "level3", "description", "value", "basis"), r, strict=True)),
                              extra={"备注": "示例"} if i == 0 else {}) for i, r in enumerate(rows)],
    )


def _layout(t: GoalTable) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """Rows of 7 cells (6 official + one extra column) and merges (r1, c1, r2, c2), 0-based."""
    n = 7
    rows: list[list[str]] = []
    merges: list[tuple[int, int, int, int]] = []

    def full(text: str) -> None:
        merges.append((len(rows), 0, len(rows), n - 1))
        rows.append([text] + [""] * (n - 1))

    def field(label: str, value: str) -> None:
        merges.append((len(rows), 1, len(rows), n - 1))
        rows.append([label, value] + [""] * (n - 2))

    full("项目支出绩效目标表")
    full(f"（{t.year}年度）")
    full("单位：万元")
    field("项目名称", t.project_name or "")
    field("项目编码", t.project_code or "")
    field("主管部门", t.department or "")
    field("实施单位", t.department or "")
    rows.append(["预算数", "78.71", "财政资金", "70.00", "其他资金", "8.71", ""])
    merges.append((len(rows) - 1, 5, len(rows) - 1, n - 1))
    field("资金用途", t.purpose or "")
    field("资金支出计划", t.spending_plan or "")
    field("年度绩效目标", "\n".join(t.goals))
    rows.append([*GRID, "备注"])
    first = len(rows)
    for ind in t.indicators:
        rows.append([ind.level1 or "", ind.level2 or "", ind.level3 or "", ind.description or "", ind.value or "",
                     ind.basis or "", ind.extra.get("备注", "")])
    # Merge 一级 down its run and 二级 down its run, text kept in the top cell only.
    for col in (0, 1):
        start = first
        for r in range(first + 1, len(rows) + 1):
            key = tuple(rows[start][: col + 1]) if r < len(rows) else None
            if r == len(rows) or tuple(rows[r][: col + 1]) != key:
                if r - 1 > start:
                    merges.append((start, col, r - 1, col))
                start = r
    for r1, c, r2, c2 in merges:
        if c == c2 and r2 > r1:
            for r in range(r1 + 1, r2 + 1):
                rows[r][c] = ""
    return rows, merges


def _docx(t: GoalTable) -> bytes:
    import docx

    rows, merges = _layout(t)
    doc = docx.Document()
    doc.add_paragraph("附件：项目绩效目标")
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    for r1, c1, r2, c2 in merges:
        table.cell(r1, c1).merge(table.cell(r2, c2))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _xlsx(t: GoalTable) -> bytes:
    import openpyxl

    rows, merges = _layout(t)
    wb = openpyxl.Workbook()
    ws = wb.active
    for cells in rows:
        ws.append([c or None for c in cells])
    for r1, c1, r2, c2 in merges:
        ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


FIELDS = ("title", "kind", "year", "project_name", "project_code", "department", "budget_wan", "fiscal_wan",
          "purpose", "spending_plan", "goals")


@pytest.mark.parametrize("name, build", [("表.docx", _docx), ("表.xlsx", _xlsx)])
def test_official_layout_reads_back_identically(name, build):
    src = _source()
    result = ingest_bytes(name, build(src))
    assert len(result.tables) == 1
    got = result.tables[0]
    for f in FIELDS:
        assert getattr(got, f) == getattr(src, f), f
    assert [i.model_dump() for i in got.indicators] == [i.model_dump() for i in src.indicators]
    assert got.id == "表-t01" and got.provenance and got.provenance.source_file == name
    assert result.reports[0].marked == []


def test_docx_without_a_table_is_a_clear_error():
    import docx

    doc = docx.Document()
    doc.add_paragraph("2023年绩效目标：全年城镇新增就业8000人以上，满意度≥90%。")
    buf = io.BytesIO()
    doc.save(buf)
    with pytest.raises(IngestError, match="没有找到绩效目标表"):
        ingest_bytes("说明.docx", buf.getvalue())


@pytest.mark.parametrize("name", ["坏.docx", "坏.xlsx"])
def test_corrupt_office_files_are_clear_errors(name):
    with pytest.raises(IngestError, match="无法"):
        ingest_bytes(name, b"PK\x03\x04 not really a zip")


def test_csv_in_the_official_layout_with_repeated_level_cells():
    import csv
    import io as _io

    src = _source()
    rows, _ = _layout(src)
    buf = _io.StringIO()
    csv.writer(buf).writerows(rows)
    got = ingest_bytes("表.csv", buf.getvalue().encode("utf-8")).tables[0]
    assert [(i.level1, i.level2, i.level3, i.value) for i in got.indicators] == [
        (i.level1, i.level2, i.level3, i.value) for i in src.indicators
    ]
    assert (got.budget_wan, got.fiscal_wan, got.goals) == (src.budget_wan, src.fiscal_wan, src.goals)
