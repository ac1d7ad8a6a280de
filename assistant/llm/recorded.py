"""Recorded model answers: `record` wraps a real provider and logs every exchange, `replay` answers from a log.

A record line is `{"messages": [{"role", "content"}, ...], "reply": TEXT}`; a replay line is
`{"match": TEXT, "reply": TEXT}`: the reply of the first record whose `match` occurs in a user message of
the request, the last user message searched first. Replaying is how the LLM path is measured offline
(`zhibiao eval suggest --engine llm --replay FILE`) and how a demo runs without a network.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import ConfigDict

_ROLES = {"human": "user", "ai": "assistant", "system": "system", "tool": "tool"}
_LOCK = threading.Lock()


class ReplayError(LookupError):
    """No record of the replay file matches the request (or the file cannot be read)."""


def message_dicts(messages: Sequence[BaseMessage]) -> list[dict[str, str]]:
    out = []
    for m in messages:
        content = m.content if isinstance(m.content, str) else json.dumps(m.content, ensure_ascii=False)
        out.append({"role": _ROLES.get(m.type, m.type), "content": content})
    return out


def _text(reply: Any) -> str:
    content = getattr(reply, "content", reply)
    return content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)


class RecordingChatModel(BaseChatModel):
    """Every request and reply of `inner` appended to `path` (one JSON line each, thread-safe)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    inner: Any
    path: Path

    @property
    def _llm_type(self) -> str:
        return "zhibiao-record"

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        reply = self.inner.invoke(messages, stop=stop, **kwargs)
        record = {"messages": message_dicts(messages), "reply": _text(reply)}
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with _LOCK:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(line)
        message = reply if isinstance(reply, AIMessage) else AIMessage(content=_text(reply))
        return ChatResult(generations=[ChatGeneration(message=message)])

    def bind_tools(self, tools: Any, **kwargs: Any) -> Any:
        # The tool-bound inner model is recorded the same way.
        return RecordingChatModel(inner=self.inner.bind_tools(tools, **kwargs), path=self.path)


class ReplayChatModel(BaseChatModel):
    """Answers from recorded `{"match", "reply"}` pairs; a request nothing matches is an error, not a guess."""

    records: list[tuple[str, str]]
    source: str = ""

    @classmethod
    def from_file(cls, path: Path) -> ReplayChatModel:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ReplayError(f"无法读取回放文件 {path}：{exc} / cannot read the replay file") from exc
        records = []
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                match, reply = rec["match"], rec["reply"]
            except (ValueError, KeyError, TypeError) as exc:
                raise ReplayError(f"回放文件 {path} 第{n}行不是 {{\"match\", \"reply\"}} 记录 / line {n} is not a "
                                  "match/reply record") from exc
            if not isinstance(match, str) or not match or not isinstance(reply, str):
                raise ReplayError(f"回放文件 {path} 第{n}行的 match 须为非空文本、reply 须为文本 / line {n}: "
                                  "match must be non-empty text and reply text")
            records.append((match, reply))
        return cls(records=records, source=str(path))

    @property
    def _llm_type(self) -> str:
        return "zhibiao-replay"

    def reply_for(self, messages: Sequence[BaseMessage]) -> str:
        users = [m for m in message_dicts(messages) if m["role"] == "user"]
        for m in reversed(users):
            for match, reply in self.records:
                if match in m["content"]:
                    return reply
        head = (users[-1]["content"][:60] if users else "").replace("\n", " ")
        raise ReplayError(f"回放文件{self.source and ' ' + self.source}中没有与请求匹配的记录（最后一条用户消息以“{head}”开头）"
                          " / no replay record matches the request")

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self.reply_for(messages)))])

    def bind_tools(self, tools: Any, **kwargs: Any) -> Any:
        return self  # recorded replies are text; the chat agent then answers with them directly
