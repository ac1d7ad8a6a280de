"""Every word class of assistant/lint/vocabulary.yaml with its examples: `pass` rows raise no warning or
error, `flag` rows raise the code named beside them."""

from __future__ import annotations

import pytest

from assistant.lint import lexicon as lx
from assistant.lint import lint_table
from assistant.models import GoalTable, Indicator, Severity

_L1 = {"数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标", "经济成本指标": "成本指标",
       "满意度指标": "满意度指标", "服务对象满意度指标": "满意度指标"}


def _examples(kind: str) -> list[tuple[str, list[str]]]:
    return [(key, row) for key, cls in lx.VOCABULARY.items() for row in (cls.get("examples") or {}).get(kind, [])]


def _codes(row: list[str]) -> set[str]:
    l2, l3, value = row[:3]
    ind = Indicator(level1=_L1.get(l2, "效益指标"), level2=l2, level3=l3, value=value)
    found = lint_table(GoalTable(id="v", indicators=[ind]), learned=False)
    return {f.code for f in found if f.row is not None and f.severity in (Severity.WARNING, Severity.ERROR)}


def test_every_class_has_words_and_examples() -> None:
    assert lx.VOCABULARY
    for key, cls in lx.VOCABULARY.items():
        assert cls.get("words"), key
        assert (cls.get("examples") or {}).get("pass") or (cls.get("examples") or {}).get("flag"), key


@pytest.mark.parametrize(("key", "row"), _examples("pass"))
def test_pass_examples_raise_nothing(key: str, row: list[str]) -> None:
    assert _codes(row) == set(), (key, row)


@pytest.mark.parametrize(("key", "row"), _examples("flag"))
def test_flag_examples_raise_their_code(key: str, row: list[str]) -> None:
    assert row[3] in _codes(row), (key, row)
