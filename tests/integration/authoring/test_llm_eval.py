"""`evaluation.llm`: recorded answers replayed over the shipped corpus, raw vs pipeline vs offline in one run.

The replies here are written for this test (a strong model's answer would look like them), with two
defects planted in them: a floor on a cost and a made-up 一级 name.
"""

from __future__ import annotations

import json
import subprocess
import sys

from evaluation.facts import read_briefs
from evaluation.llm import evaluate_replay


def _row(l1, l2, l3, value, basis="计划标准：项目实施方案"):
    return {"level1": l1, "level2": l2, "level3": l3, "description": l3, "value": value, "basis": basis,
            "rationale": "数值取自项目说明。", "citations": []}


B01 = [
    _row("产出指标", "数量指标", "理化生分组实验仪器购置数量", "≥48套"),
    _row("产出指标", "数量指标", "交互式智能平板购置数量", "≥30台"),
    _row("产出指标", "数量指标", "实验室改造数量", "≥3间"),
    _row("产出指标", "质量指标", "设备验收合格率", "100%"),
    _row("产出指标", "时效指标", "设备安装调试完成时间", "2026年8月31日前"),
    _row("成本指标", "经济成本指标", "项目总成本", "≤186.5万元"),
    _row("成本指标", "经济成本指标", "单台设备平均成本", "≥2万元/台"),  # planted: a floor on a cost
    _row("效益指标", "社会效益指标", "受益学生人数", "≥2100名"),
    _row("效益指标", "可持续影响指标", "设备使用年限", "≥5年"),
    _row("满意度指标", "服务对象满意度指标", "师生满意度", "≥90%"),
]
B08 = [
    _row("产出指标", "数量指标", "送戏下乡演出场次", "≥120场"),
    _row("产出指标", "数量指标", "上半年完成演出场次", "≥60场"),
    _row("产出指标", "质量指标", "演出节目内容审核通过率", "100%"),
    _row("产出指标", "时效指标", "上半年演出任务完成时间", "2026年6月底前"),
    _row("成本指标", "经济成本指标", "每场演出补助标准", "≤3000元/场"),
    _row("成本指标", "经济成本指标", "项目总成本", "≤36万元"),
    _row("效益指标", "社会效益指标", "观看演出群众人次", "≥3万人次"),
    _row("效益指标", "可持续影响指标", "培育基层文艺团队数量", "≥5个"),
    _row("文化指标", "社会效益指标", "文化获得感", "≥90%"),  # planted: a made-up 一级
    _row("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
]


def test_replayed_answers_are_scored_raw_kept_rejected_and_against_offline(tmp_path, shipped):
    _, composer = shipped
    briefs = [b for b in read_briefs() if b["id"] in ("b01", "b08")]
    replay = tmp_path / "replay.jsonl"
    replay.write_text("".join(json.dumps({"match": f"项目名称：{b['name']}", "reply": json.dumps(
        {"goals": ["按计划完成项目。"], "rows": rows}, ensure_ascii=False)}, ensure_ascii=False) + "\n"
        for b, rows in zip(briefs, (B01, B08), strict=True)), encoding="utf-8")
    r = evaluate_replay(replay, briefs, composer=composer)
    assert r["briefs"] == 2 and r["answer_rows"] == 20 and not r["errors"]
    # Every rejected row is listed with its reason: exactly the two planted defects.
    assert [(x["id"], x["level3"]) for x in r["rejected"]] == [("b01", "单台设备平均成本"), ("b08", "文化获得感")]
    assert "不能设下限" in r["rejected"][0]["reasons"][0] and "一级指标“文化指标”不是官方名称" in r["rejected"][1]["reasons"]
    assert r["rejected_share"] == 0.1
    # Nothing good lost: the pipeline keeps every fact the raw answers kept; its rows are all warning-free.
    assert r["pipeline"]["kept"] >= r["raw"]["kept"] and r["pipeline"]["in_slot"] >= r["raw"]["in_slot"]
    assert r["pipeline"]["lint_clean"] == 1.0 and r["pipeline"]["warning_free"] == 1.0
    assert set(r["offline"]) == set(r["raw"]) == set(r["pipeline"])
    assert {p["id"] for p in r["per_brief"]} == {"b01", "b08"}


def test_eval_command_needs_a_replay_file():
    out = subprocess.run([sys.executable, "-m", "assistant.cli", "eval", "suggest", "--engine", "llm"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "--replay" in out.stderr


def test_the_recorded_prompts_are_what_the_product_sends_today(tmp_path, shipped):
    # evaluation/datasets/llm_prompts.jsonl was recorded through services; the same engine over the same
    # corpus must still send exactly those prompts (else the replayed answers measure an old prompt).
    from assistant.authoring.generate import LLMComposer
    from assistant.lint import lint_row
    from assistant.llm import get_chat_model
    from assistant.llm.stub_server import StubChatServer
    from assistant.settings import LLMSettings
    from evaluation.facts import brief_of
    from evaluation.llm import PROMPTS

    _, composer = shipped
    recorded = {r["id"]: r for r in map(json.loads, PROMPTS.read_text(encoding="utf-8").splitlines())}
    assert len(recorded) == 49
    briefs = [b for b in read_briefs() if b["id"] in ("b01", "b20", "b44")]
    log = tmp_path / "calls.jsonl"
    with StubChatServer(['{"rows": []}']) as server:
        model = get_chat_model(LLMSettings(provider="record", base_url=server.base_url, model="stub",
                                           record_file=log, timeout_s=30))
        for b in briefs:
            LLMComposer(model, composer, lint_row).suggest(brief_of(b))
    calls = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines()]
    for b, call in zip(briefs, calls, strict=True):
        assert [m["content"] for m in call["messages"]] == [recorded[b["id"]]["system"], recorded[b["id"]]["user"]]
