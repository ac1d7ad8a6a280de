"""Chat model providers behind one registry, imported lazily.

`get_chat_model(settings.llm)` returns a langchain `BaseChatModel`, or None for the offline engine.
- "offline": no model; the offline engine answers.
- "openai": `langchain_openai.ChatOpenAI` against any OpenAI-compatible `base_url` (DeepSeek, DashScope,
  a local vLLM or Ollama).
- "fake": a scripted model that ships with the library (tests and demos use the same code path); its
  replies come from `ZHIBIAO_LLM__FAKE_RESPONSES` or the `responses` argument.
- "record": the provider named by `ZHIBIAO_LLM__RECORD_PROVIDER` (openai by default), every request and
  reply appended to `ZHIBIAO_LLM__RECORD_FILE` (JSON Lines).
- "replay": answers from `ZHIBIAO_LLM__REPLAY_FILE`, JSON Lines of `{"match": TEXT, "reply": TEXT}`
  (see `assistant.llm.recorded`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.settings import LLMSettings


class ProviderError(ValueError):
    """A provider name that does not exist or whose package is missing."""


def _openai(cfg: LLMSettings, **_: Any) -> BaseChatModel:
    try:
        from langchain_openai import ChatOpenAI
    except ImportError as exc:  # pragma: no cover - it is a core dependency
        raise ProviderError("需要安装 langchain-openai / install langchain-openai") from exc
    if not cfg.base_url:
        raise ProviderError("使用大模型需要设置 ZHIBIAO_LLM__BASE_URL / set ZHIBIAO_LLM__BASE_URL")
    key = cfg.api_key.get_secret_value() if cfg.api_key else "not-needed"
    return ChatOpenAI(
        base_url=cfg.base_url, model=cfg.model, api_key=key, timeout=cfg.timeout_s,  # type: ignore[arg-type]
        max_retries=0, temperature=cfg.temperature,
    )


def _fake(cfg: LLMSettings, responses: Sequence[str] | None = None, **_: Any) -> BaseChatModel:
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    return FakeListChatModel(responses=list(responses or ["{}"]))


def _record(cfg: LLMSettings, **kwargs: Any) -> BaseChatModel:
    from assistant.llm.recorded import RecordingChatModel

    if not cfg.record_file:
        raise ProviderError("record 需要设置 ZHIBIAO_LLM__RECORD_FILE / set ZHIBIAO_LLM__RECORD_FILE")
    if cfg.record_provider in ("record", "offline"):
        raise ProviderError(f"record 不能包装“{cfg.record_provider}” / record cannot wrap {cfg.record_provider}")
    inner = get_chat_model(cfg.model_copy(update={"provider": cfg.record_provider}), **kwargs)
    return RecordingChatModel(inner=inner, path=cfg.record_file)


def _replay(cfg: LLMSettings, **_: Any) -> BaseChatModel:
    from assistant.llm.recorded import ReplayChatModel, ReplayError

    if not cfg.replay_file:
        raise ProviderError("replay 需要设置 ZHIBIAO_LLM__REPLAY_FILE / set ZHIBIAO_LLM__REPLAY_FILE")
    try:
        return ReplayChatModel.from_file(cfg.replay_file)
    except ReplayError as exc:
        raise ProviderError(str(exc)) from exc


PROVIDERS: dict[str, Callable[..., BaseChatModel]] = {
    "openai": _openai, "fake": _fake, "record": _record, "replay": _replay,
}


def get_chat_model(cfg: LLMSettings, **kwargs: Any) -> BaseChatModel | None:
    if cfg.provider == "offline":
        return None
    factory = PROVIDERS.get(cfg.provider)
    if factory is None:
        valid = ", ".join(["offline", *PROVIDERS])
        raise ProviderError(f"未知的大模型提供方“{cfg.provider}”，可选：{valid} / unknown provider, choose one of: {valid}")
    return factory(cfg, **kwargs)


def load_prompt(name: str) -> str:
    """A versioned prompt template from the prompts/ folder (e.g. "suggest_system.v1")."""
    from assistant.settings import PROJECT_ROOT

    return (PROJECT_ROOT / "prompts" / f"{name}.md").read_text(encoding="utf-8")
