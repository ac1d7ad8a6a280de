"""With an LLM configured, the chat's draft actions run as tools: the model (an OpenAI-compatible stub
on loopback, the only fake) asks for an edit, the same draft operation runs, the grid changes, undo works."""

from __future__ import annotations

import json

import pytest

from assistant.llm.stub_server import StubChatServer
from assistant.models import ProjectBrief
from assistant.services import Services
from assistant.settings import load_settings
from assistant.ui import draft as d
from assistant.ui import handlers as h


@pytest.fixture(scope="module")
def offline(tmp_path_factory):
    return Services(load_settings(profile="test", data_dir=tmp_path_factory.mktemp("chat"), embedding={"name": "hash"}))


@pytest.fixture(scope="module")
def draft(offline):
    s = offline.composer.suggest(ProjectBrief(name="职业技能培训项目", purpose="组织开展职业技能培训3000人次", budget_wan=78.71))
    return s.model_dump(mode="json"), h.suggestion_grid(offline, s)


def _call(name: str, args: dict) -> dict:
    return {"content": None, "tool_calls": [{"id": "call_1", "type": "function",
                                             "function": {"name": name, "arguments": json.dumps(args, ensure_ascii=False)}}]}


def _services(server: StubChatServer, offline: Services) -> Services:
    return Services(offline.settings.model_copy(update={"llm": offline.settings.llm.model_copy(update={
        "provider": "openai", "base_url": server.base_url, "model": "stub", "timeout_s": 10})}))


def test_the_model_edits_a_row_through_the_draft_tool_and_undo_restores_it(offline, draft):
    state, grid = draft
    sat = next(i for i, r in enumerate(grid) if "满意度" in r[2])
    with StubChatServer([_call("edit_row", {"row": sat + 1, "field": "value", "new_text": "≥95%"}),
                         "已将满意度改为≥95%。"]) as server:
        svc = _services(server, offline)
        text, view = d.chat_turn(svc, "满意度提高一点，到95%", grid, "目标", state, None)
    assert view is not None and view.grid[sat][4] == "≥95%"
    assert "改为“≥95%”" in text  # the reply says what changed, from the operation itself
    names = {t["function"]["name"] for t in server.requests[0]["tools"]}
    assert {"edit_row", "add_indicator", "remove_row", "check_table", "draft_new_table", "current_draft"} <= names
    assert "≥95%" in json.dumps(server.requests[1]["messages"], ensure_ascii=False)  # the tool result went back
    _, back = d.chat_turn(svc, "撤销", view.grid, view.goals, view.suggestion, view.book)
    assert back is not None and back.grid[sat][4] == grid[sat][4]


def test_a_bad_row_from_the_model_changes_nothing(offline, draft):
    state, grid = draft
    with StubChatServer([_call("remove_row", {"row": 99}), "抱歉，没有这一行。"]) as server:
        text, view = d.chat_turn(_services(server, offline), "删掉第99行", grid, "", state, None)
    assert view is None and "没有这一行" in text
    assert "没有第99行" in json.dumps(server.requests[1]["messages"], ensure_ascii=False)
