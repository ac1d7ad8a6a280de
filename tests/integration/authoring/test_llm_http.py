"""The llm engine once over real HTTP, against an OpenAI-compatible server on loopback."""

from __future__ import annotations

import json

from assistant.authoring.compose import OfflineComposer
from assistant.authoring.generate import LLMComposer
from assistant.lint import lint_row
from assistant.llm import get_chat_model
from assistant.llm.stub_server import StubChatServer
from assistant.models import ProjectBrief
from assistant.settings import LLMSettings

BRIEF = ProjectBrief(name="社区养老服务站运营", purpose="为辖区老年人提供助餐服务12000人次", budget_wan=60, year=2025)
ROWS = [
    {"level1": "产出指标", "level2": "数量指标", "level3": "助餐服务人次", "value": "≥12000人次", "basis": "计划标准：项目计划"},
    {"level1": "产出指标", "level2": "质量指标", "level3": "食品安全检查合格率", "value": "100%", "basis": "行业标准"},
    {"level1": "满意度指标", "level2": "服务对象满意度指标", "level3": "老年人满意度", "value": "≥90%", "basis": "行业标准"},
]


def test_chat_openai_over_loopback_http():
    with StubChatServer([json.dumps({"rows": ROWS}, ensure_ascii=False)]) as server:
        model = get_chat_model(LLMSettings(provider="openai", base_url=server.base_url, model="stub", timeout_s=10))
        s = LLMComposer(model, OfflineComposer(None, lint_row), lint_row).suggest(BRIEF)
    assert server.requests and server.requests[0]["model"] == "stub"
    assert "助餐服务12000人次" in json.dumps(server.requests[0], ensure_ascii=False)
    assert s.engine == "llm"
    assert [r.level3 for r in s.rows if r.engine == "llm"] == ["助餐服务人次", "食品安全检查合格率", "老年人满意度"]
    assert {"时效指标", "经济成本指标"} <= {r.level2 for r in s.rows}  # filled from offline, with a notice
    assert s.notices


def test_timeout_falls_back_to_offline():
    with StubChatServer(["{}"], delay_s=3) as server:
        model = get_chat_model(LLMSettings(provider="openai", base_url=server.base_url, model="stub", timeout_s=0.5))
        s = LLMComposer(model, OfflineComposer(None, lint_row), lint_row).suggest(BRIEF)
    assert s.engine == "offline" and any("调用失败" in n for n in s.notices)


def test_record_wraps_openai_and_appends_every_request_and_reply(tmp_path):
    log = tmp_path / "calls.jsonl"
    reply = json.dumps({"rows": ROWS}, ensure_ascii=False)
    with StubChatServer([reply]) as server:
        model = get_chat_model(LLMSettings(provider="record", record_provider="openai", base_url=server.base_url,
                                           model="stub", record_file=log, timeout_s=10))
        s = LLMComposer(model, OfflineComposer(None, lint_row), lint_row).suggest(BRIEF)
        s2 = LLMComposer(model, OfflineComposer(None, lint_row), lint_row).suggest(BRIEF)
    lines = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len(server.requests) == 2
    assert [m["role"] for m in lines[0]["messages"]] == ["system", "user"]
    assert lines[0]["messages"][1]["content"] == server.requests[0]["messages"][1]["content"]
    assert lines[0]["reply"] == reply
    assert s.engine == s2.engine == "llm"
