"""The package API: formats, CSV / JSON Lines, write_* helpers and atomic writes."""

from __future__ import annotations

import csv
import io

import pytest

import assistant.fileio as fileio
from assistant.export import export, format_for, to_bytes, write_csv, write_docx, write_jsonl, write_xlsx
from assistant.export.layout import GRID_HEADER
from assistant.models import read_tables


def test_csv_has_a_bom_and_one_line_per_row(table):
    data = to_bytes([table], "csv")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][2:] == list(GRID_HEADER) and len(rows) == 6
    # A value starting with "=" is written behind a quote so a spreadsheet shows it as text.
    assert rows[1][:2] == ["t1", "职业技能培训项目"] and rows[5][6] == "'=100%"


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\",\"y\")", "=cmd|' /C calc'!A0", "+cmd|' /C calc'!A0",
                                  "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_csv_formula_cells_are_quoted_and_read_back_unchanged(table, cell):
    from corpus.ingest import ingest_bytes

    rows = list(table.indicators)
    rows[0] = rows[0].model_copy(update={"level3": cell, "basis": cell})
    t = table.model_copy(update={"indicators": rows})
    got = list(csv.reader(io.StringIO(to_bytes([t], "csv").decode("utf-8-sig"))))
    assert got[1][4] == "'" + cell and got[1][7] == "'" + cell
    assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for r in got for c in r)
    if cell[0] not in "\t\r":  # leading whitespace is not kept by any reader
        back = ingest_bytes("t.csv", to_bytes([t], "csv")).tables[0].indicators[0]
        assert back.basis == cell


def test_jsonl_round_trips_exactly(table, tmp_path):
    write_jsonl([table, table.model_copy(update={"id": "t2"})], tmp_path / "t.jsonl")
    assert read_tables(tmp_path / "t.jsonl") == [table, table.model_copy(update={"id": "t2"})]


def test_write_helpers_produce_each_format(table, tmp_path):
    assert write_xlsx([table], tmp_path / "a.xlsx").read_bytes()[:2] == b"PK"
    assert write_docx([table], tmp_path / "a.docx").read_bytes()[:2] == b"PK"
    assert write_csv([table], tmp_path / "a.csv").stat().st_size > 100
    assert format_for("x/表.XLSX") == "xlsx" and format_for("a.pdf") is None


def test_unknown_format_and_nothing_to_export(table):
    with pytest.raises(ValueError, match="不支持"):
        to_bytes([table], "pdf")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="没有可导出"):
        to_bytes([], "xlsx")


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "jsonl"])
def test_interrupted_write_leaves_the_old_file(table, tmp_path, monkeypatch, fmt):
    path = tmp_path / f"out.{fmt}"
    export([table], fmt, path)
    before = path.read_bytes()
    real_replace = fileio.os.replace

    def crash_before_rename(src, dst):
        # The temp file is fully written at this point: only the rename is missing.
        assert fileio.Path(src).stat().st_size > 0
        raise KeyboardInterrupt

    monkeypatch.setattr(fileio.os, "replace", crash_before_rename)
    with pytest.raises(KeyboardInterrupt):
        export([table.model_copy(update={"project_name": "新项目"})], fmt, path)
    monkeypatch.setattr(fileio.os, "replace", real_replace)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left behind


def test_a_writer_failing_midway_touches_nothing(table, tmp_path, monkeypatch):
    path = tmp_path / "out.xlsx"
    export([table], "xlsx", path)
    before = path.read_bytes()
    import assistant.export.xlsx as xlsx

    def broken(ws, lay):
        raise RuntimeError("boom")

    monkeypatch.setattr(xlsx, "_write_table", broken)
    with pytest.raises(RuntimeError):
        export([table], "xlsx", path)
    assert path.read_bytes() == before and len(list(tmp_path.iterdir())) == 1


def test_goals_numbered_on_request(table):
    from openpyxl import load_workbook

    def goals_cell(data: bytes) -> str:
        ws = load_workbook(io.BytesIO(data)).active
        return next(c.offset(column=1).value for row in ws.iter_rows() for c in row if c.value == "年度绩效目标")

    assert goals_cell(to_bytes([table], "xlsx")) == "完成培训3000人次\n培训合格率不低于90%"
    assert goals_cell(to_bytes([table], "xlsx", number_goals=True)) == "1、完成培训3000人次\n2、培训合格率不低于90%"
