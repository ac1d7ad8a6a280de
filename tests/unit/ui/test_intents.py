"""The chat's phrasing set: every phrasing's intent and slots, and the share understood (≥ 95%)."""

from __future__ import annotations

import json

import pytest

from assistant.settings import PROJECT_ROOT
from assistant.ui.intents import cn_number, parse

CASES = [json.loads(line) for line in
         (PROJECT_ROOT / "evaluation" / "datasets" / "chat_intents.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]


def _understood(case: dict) -> bool:
    got = parse(case["text"])
    return got.name == case["intent"] and all(got.slots.get(k) == v for k, v in case["slots"].items())


def test_the_phrasing_set_is_understood(capsys):
    assert len(CASES) >= 80
    assert len({c["intent"] for c in CASES}) >= 9
    missed = [c["text"] for c in CASES if not _understood(c)]
    share = 1 - len(missed) / len(CASES)
    with capsys.disabled():
        print(f"\nchat intents understood: {len(CASES) - len(missed)}/{len(CASES)} = {share:.1%}")
    assert share >= 0.95, missed


@pytest.mark.parametrize("text,n", [("3", 3), ("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("两", 2), ("x", None)])
def test_chinese_row_numbers(text, n):
    assert cn_number(text) == n


def test_nonsense_is_help_not_an_action():
    assert parse("").name == "help"
    assert parse("今天吃什么").name == "help"
