"""A small goal table with every header field, merges in both 一级 and 二级, and a '=100%' value."""

from __future__ import annotations

import pytest

from assistant.models import GoalTable, Indicator

ROWS = [
    ("产出指标", "数量指标", "培训人次", "≥3000人次"),
    ("产出指标", "数量指标", "培训期数", "≥10期"),
    ("产出指标", "质量指标", "培训合格率", "≥90%"),
    ("成本指标", "经济成本指标", "项目总成本", "≤78.71万元"),
    ("满意度指标", "服务对象满意度指标", "参训人员满意度", "=100%"),
]


@pytest.fixture
def table() -> GoalTable:
    return GoalTable(
        id="t1", project_name="职业技能培训项目", project_code="130000-001", department="某区人力资源和社会保障局",
        year=2024, budget_wan=78.71, fiscal_wan=70, purpose="开展职业技能培训", spending_plan="3月底20%，6月底50%",
        goals=["完成培训3000人次", "培训合格率不低于90%"],
        indicators=[Indicator(level1=a, level2=b, level3=c, description=f"{c}的说明", value=v, basis="计划标准")
                    for a, b, c, v in ROWS],
    )
