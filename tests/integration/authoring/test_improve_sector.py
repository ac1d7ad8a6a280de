"""Rows improve() and the carry-over offer stay in the project's trade: a 劳动保障监察 table once received
刑事申诉案件办结率 (监察 reads like 检察 by meaning); a 检察院 table still gets its own trade's rows."""

from __future__ import annotations

import pytest

from assistant.authoring.carry import CarryFacts, carry_over
from assistant.authoring.improve import improve
from assistant.lint import lint_table
from assistant.models import GoalTable, Indicator


def _table(tid: str, name: str, department: str | None, rows: list[tuple[str, str, str, str]]) -> GoalTable:
    return GoalTable(id=tid, year=2022, budget_wan=8, project_name=name, department=department,
                     purpose=f"{name}，保障业务正常开展", goals=[f"完成{name}支持的年度工作任务"],
                     indicators=[Indicator(level1=a, level2=b, level3=c, value=d) for a, b, c, d in rows])


LABOUR_ROWS = [
    ("产出指标", "数量指标", "劳动保障监察立案查处案件数", "≥120件"),
    ("产出指标", "质量指标", "案件处置率", "≥90%"),
    ("产出指标", "时效指标", "案件办理时限", "及时"),
    ("效益指标", "社会效益指标", "维护农民工合法权益", "效果明显"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%"),
]
PROCURATORATE_ROWS = [
    ("产出指标", "数量指标", "审查起诉案件数", "≥300件"),
    ("产出指标", "质量指标", "案件质量评查合格率", "≥95%"),
    ("产出指标", "时效指标", "案件办理时效", "及时"),
    ("效益指标", "社会效益指标", "维护社会公平正义", "效果明显"),
    ("满意度指标", "服务对象满意度指标", "案件当事人满意度", "≥90%"),
]


def _names_of_sectors(composer, sectors: set[str]) -> set[str]:
    """三级指标 of the library's kinds of those sectors that no other sector's kind has."""
    mine: set[str] = set()
    theirs: set[str] = set()
    for k in composer.library.kinds:
        (mine if k.sector in sectors else theirs).update(c.level3 for c in k.candidates)
    return mine - theirs


def _offered(table: GoalTable, composer) -> set[str]:
    """The rows improve() and the carry-over put in that the table did not have."""
    own = {r.level3 for r in table.indicators}
    imp = improve(table, lint_table, composer)
    carried = carry_over(table, CarryFacts(budget_wan=9.6), lint_table, composer)
    out = {r.after.level3 for r in imp.rewrites} | {r.level3 for r in imp.added}
    out |= {r.level3 for r in carried.table.indicators}
    return {n for n in out if n and n not in own}


@pytest.mark.parametrize("department", ["某县人力资源和社会保障局", None])
def test_a_labour_inspection_table_gets_no_court_or_procuratorate_rows(shipped, department):
    _, composer = shipped
    t = _table("labour", "劳动监察业务费", department, LABOUR_ROWS)
    offered = _offered(t, composer)
    assert offered  # the flagged row was replaced and missing 二级 added
    courts = _names_of_sectors(composer, {"法院与检察"})
    assert not offered & courts, offered & courts
    assert "刑事申诉案件办结率" not in offered and "检察办案信息化办理率" not in offered
    labour = {c.level3 for k in composer.library.kinds if k.key == "employment.labor_rights" for c in k.candidates}
    assert offered & labour, offered  # what came in is the labour-rights trade's


def test_a_procuratorate_table_gets_its_own_trade_not_labour_rows(shipped):
    _, composer = shipped
    t = _table("proc", "县人民检察院办案业务经费", "某县人民检察院", PROCURATORATE_ROWS)
    offered = _offered(t, composer)
    hr = _names_of_sectors(composer, {"人社就业", "社会保险"})
    assert not offered & hr, offered & hr
    courts = {c.level3 for k in composer.library.kinds if k.sector == "法院与检察" for c in k.candidates}
    assert offered & courts, offered
