"""The replay provider: recorded answers chosen by what the request says, chosen from settings."""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from assistant.llm import ProviderError, get_chat_model
from assistant.llm.recorded import ReplayChatModel, ReplayError
from assistant.settings import LLMSettings, load_settings


def _write(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_first_matching_record_and_the_last_user_message_first(tmp_path):
    f = _write(tmp_path / "r.jsonl", [{"match": "项目名称：甲", "reply": "甲的回答"},
                                      {"match": "请修正", "reply": "修正后的回答"},
                                      {"match": "甲", "reply": "不会用到"}])
    m = ReplayChatModel.from_file(f)
    assert m.invoke([SystemMessage("项目名称：乙"), HumanMessage("项目名称：甲")]).content == "甲的回答"
    # A repair turn: the last user message is searched first.
    msgs = [HumanMessage("项目名称：甲"), AIMessage("{}"), HumanMessage("请修正这些行")]
    assert m.invoke(msgs).content == "修正后的回答"
    # The system message is not a user message: no match there.
    with pytest.raises(ReplayError, match="没有与请求匹配的记录"):
        m.invoke([SystemMessage("项目名称：甲"), HumanMessage("别的项目")])


def test_settings_choose_replay_from_the_environment(tmp_path, monkeypatch):
    f = _write(tmp_path / "r.jsonl", [{"match": "x", "reply": "y"}])
    monkeypatch.setenv("ZHIBIAO_LLM__PROVIDER", "replay")
    monkeypatch.setenv("ZHIBIAO_LLM__REPLAY_FILE", str(f))
    model = get_chat_model(load_settings().llm)
    assert isinstance(model, ReplayChatModel) and model.invoke("x").content == "y"


@pytest.mark.parametrize("content, words", [
    ("", None), ('{"match": "", "reply": "y"}\n', "match 须为非空文本"), ("not json\n", "第1行"),
])
def test_bad_replay_files_are_clear_errors(tmp_path, content, words):
    cfg = LLMSettings(provider="replay", replay_file=tmp_path / "missing.jsonl")
    with pytest.raises(ProviderError, match="无法读取回放文件"):
        get_chat_model(cfg)
    if words:
        (tmp_path / "bad.jsonl").write_text(content, encoding="utf-8")
        with pytest.raises(ProviderError, match=words):
            get_chat_model(LLMSettings(provider="replay", replay_file=tmp_path / "bad.jsonl"))
    with pytest.raises(ProviderError, match="REPLAY_FILE"):
        get_chat_model(LLMSettings(provider="replay"))
    with pytest.raises(ProviderError, match="RECORD_FILE"):
        get_chat_model(LLMSettings(provider="record"))
    with pytest.raises(ProviderError, match="replay"):
        get_chat_model(LLMSettings(provider="nope"))
