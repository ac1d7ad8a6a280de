"""Goal tables and lint labels read and write the shared JSON Lines formats."""

from __future__ import annotations

import json

import pytest

from assistant.models import GoalTable, Indicator, read_labels, read_tables, write_tables

FORMAT_EXAMPLE = {
    "id": "t001", "source_url": None, "region": "河北省", "department": "某局", "year": 2023, "sector": "education",
    "project_name": "示例项目", "budget_wan": 78.71, "purpose": "资金用途", "goals": ["年度绩效目标 1"],
    "indicators": [{"level1": "产出指标", "level2": "数量指标", "level3": "农村劳动力转移人数",
                    "description": None, "value": "≥3000人", "basis": "年度工作计划", "unknown_cell": 1}],
    "complete": False, "table_kind": "项目支出绩效目标表",
}


def test_reads_format_example_and_ignores_unknown_fields(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps(FORMAT_EXAMPLE, ensure_ascii=False) + "\n\n", encoding="utf-8")
    [t] = read_tables(path)
    assert t.id == "t001" and t.budget_wan == 78.71 and t.year == 2023
    assert t.indicators[0].target.render() == "≥3000人"
    assert t.source_url is None and t.goals == ["年度绩效目标 1"]


def test_round_trip_keeps_every_field(tmp_path):
    t = GoalTable(
        id="a", project_name="培训", budget_wan=10.5, fiscal_wan=10.5, goals=["目标"], year="2024年",
        indicators=[Indicator(level1="产出指标", level2="数量指标", level3="培训人次", value="≥3000人次",
                              extra={"优": "≥3000"})],
    )
    path = tmp_path / "out.jsonl"
    assert write_tables([t, t.model_copy(update={"id": "b"})], path) == 2
    back = read_tables(path)
    assert back[0] == t and back[1].id == "b" and back[0].year == 2024


def test_tolerant_cell_types():
    t = GoalTable.model_validate({"id": "x", "budget_wan": "1,234.5", "year": "", "goals": "一句目标",
                                  "indicators": [{"value": 100, "level3": None}]})
    assert t.budget_wan == 1234.5 and t.year is None and t.goals == ["一句目标"]
    assert t.indicators[0].value == "100"


def test_bad_line_names_its_number(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "ok"}\n{not json}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:2"):
        read_tables(path)


def test_reads_lint_labels(tmp_path):
    path = tmp_path / "labels.jsonl"
    path.write_text('{"table_id": "t001", "row": 0, "level3": "x", "value": "效果明显", "flags": ["vague_value"], '
                    '"note": "why", "extra": 1}\n', encoding="utf-8")
    [label] = read_labels(path)
    assert label.flags == ["vague_value"] and label.row == 0
