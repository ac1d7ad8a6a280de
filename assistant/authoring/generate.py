"""The `llm` engine: an LLM improves the offline draft, and can only make it better, never less safe.

Flow: offline draft + retrieved examples -> prompt (corpus text fenced as data) -> JSON -> pydantic
-> lint. Unparseable output gets one retry; rows with error-level findings get one repair round with
the findings; rows still failing, rows for missing 二级 slots, and every row on a timeout or
connection error come from the offline engine, and `Suggestion.notices` says which.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, ValidationError

from assistant.authoring.compose import NEVER_SUGGEST, OfflineComposer, RowHitLike, RowLinter, _cite
from assistant.authoring.framework import Framework, slot_key_of, slots
from assistant.llm import load_prompt
from assistant.models import (
    Citation,
    Indicator,
    LintFinding,
    ProjectBrief,
    Severity,
    SuggestedRow,
    Suggestion,
)
from assistant.values import TargetValue

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

PROMPT_VERSION = "v1"


class _CiteRef(BaseModel):
    table_id: str
    row: int


class _LLMRow(BaseModel):
    level1: str
    level2: str
    level3: str
    description: str = ""
    value: str
    basis: str = ""
    rationale: str = ""
    citations: list[_CiteRef] = Field(default_factory=list)


class _LLMTable(BaseModel):
    goals: list[str] = Field(default_factory=list)
    rows: list[_LLMRow]


class LLMOutputError(ValueError):
    pass


def parse_reply(text: str) -> _LLMTable:
    """The first JSON object in a reply (code fences and chatter around it are tolerated)."""
    text = re.sub(r"```(?:json)?", "", text or "")
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise LLMOutputError("回复中没有 JSON 对象")
    try:
        return _LLMTable.model_validate(json.loads(text[start: end + 1]))
    except (ValueError, ValidationError) as exc:
        raise LLMOutputError(f"JSON 无法解析为目标表：{str(exc)[:200]}") from exc


def fence(text: str) -> str:
    """Corpus or user text placed inside a ```data block cannot close the fence."""
    return (text or "").replace("```", "ˋˋˋ")


class LLMComposer:
    name = "llm"

    def __init__(
        self, model: BaseChatModel, offline: OfflineComposer, lint_row: RowLinter, *, framework: Framework = "2021"
    ) -> None:
        self.model = model
        self.offline = offline
        self.lint_row = lint_row
        self.framework = framework

    def suggest(self, brief: ProjectBrief, *, exclude_table_ids: Sequence[str] = ()) -> Suggestion:
        draft = self.offline.suggest(brief, exclude_table_ids=exclude_table_ids)
        hits = self.offline._retrieve(_facts(brief), exclude_table_ids)[:30]
        messages: list[Any] = [
            ("system", load_prompt(f"suggest_system.{PROMPT_VERSION}").format(
                framework_levels=self._levels_text(), required=self._required_text(draft))),
            ("human", load_prompt(f"suggest_user.{PROMPT_VERSION}").format(
                brief=fence(brief.model_dump_json(exclude_none=True)),
                examples=fence(_examples_text(hits)), draft=fence(_draft_text(draft)))),
        ]
        try:
            table = self._ask(messages)
        except LLMOutputError as exc:
            return _with_notice(draft, f"大模型输出无法解析（{exc}），已使用离线引擎的结果。")
        except Exception as exc:  # timeouts, refused connections, HTTP errors: fall back, say so
            return _with_notice(draft, f"大模型调用失败（{type(exc).__name__}），已使用离线引擎的结果。")

        rows, bad = self._accept(table.rows, hits)
        notices: list[str] = []
        if bad:
            findings_text = "\n".join(
                f"{r.level3}（{r.value}）：" + "；".join(f.message for f in fs) for r, fs in bad
            )
            messages += [("ai", table.model_dump_json()), ("human", load_prompt(
                f"repair_user.{PROMPT_VERSION}").format(findings=fence(findings_text)))]
            try:
                repaired = self._ask(messages)
                rows, bad = self._accept(repaired.rows, hits)
                table = repaired
            except Exception:
                pass  # keep the first answer's good rows; the bad ones fall back below
            if bad:
                notices.append("以下行未通过检查，已改用离线引擎的建议：" + "、".join(r.level3 for r, _ in bad))

        # Fill any required slot the LLM left empty (or whose rows all failed) from the offline draft.
        have = {slot_key_of(r.level1, r.level2) for r in rows}
        fallback_rows = [r for r in draft.rows if slot_key_of(r.level1, r.level2) not in have]
        if fallback_rows:
            notices.append("以下行来自离线引擎：" + "、".join(r.level3 for r in fallback_rows))
        order = {s.level2: i for i, s in enumerate(slots(self.framework).values())}
        merged = sorted([*rows, *fallback_rows], key=lambda r: order.get(r.level2, 99))
        return Suggestion(
            brief=brief, goals=table.goals or draft.goals, rows=merged, alternatives=draft.alternatives,
            notices=notices, engine=self.name,
        )

    # -----------------------------------------------------------------------------------------
    def _ask(self, messages: list[Any]) -> _LLMTable:
        reply = self.model.invoke(messages)
        text = reply.content if isinstance(reply.content, str) else json.dumps(reply.content, ensure_ascii=False)
        try:
            return parse_reply(text)
        except LLMOutputError as exc:
            retry = [*messages, ("ai", text[:2000]), ("human", f"输出无法解析：{exc}。请只输出一个符合格式的 JSON 对象。")]
            reply = self.model.invoke(retry)
            text = reply.content if isinstance(reply.content, str) else str(reply.content)
            return parse_reply(text)

    def _accept(
        self, rows: list[_LLMRow], hits: list[RowHitLike]
    ) -> tuple[list[SuggestedRow], list[tuple[_LLMRow, list[LintFinding]]]]:
        valid = {(h.table_id, h.row): h for h in hits}
        known = {s.level2: s for s in slots(self.framework).values()}
        good: list[SuggestedRow] = []
        bad: list[tuple[_LLMRow, list[LintFinding]]] = []
        for r in rows:
            ind = Indicator(level1=r.level1, level2=r.level2, level3=r.level3, description=r.description,
                            value=r.value, basis=r.basis)
            # Errors, and the warnings the offline engine never suggests either (wrong category, vague…).
            errors = [f for f in self.lint_row(ind) if f.severity == Severity.ERROR or f.flag in NEVER_SUGGEST]
            tv = TargetValue.parse(r.value)
            if r.level2 not in known:
                errors.append(_structural(f"二级指标“{r.level2}”不是本框架的官方名称"))
            if not tv.measurable:
                errors.append(_structural(f"指标值“{r.value}”不可衡量"))
            if errors:
                bad.append((r, errors))
                continue
            # Citations the model made up are dropped: only rows it was shown can be cited.
            cites: list[Citation] = [_cite(valid[(c.table_id, c.row)]) for c in r.citations if (c.table_id, c.row) in valid]
            good.append(SuggestedRow(
                level1=r.level1, level2=r.level2, level3=r.level3, description=r.description or r.level3,
                target=tv, basis=r.basis or "计划标准：项目实施方案", rationale=r.rationale or "由大模型根据项目说明提出。",
                value_source="llm", citations=cites, engine=self.name,
            ))
        return good, bad

    def _levels_text(self) -> str:
        return "；".join(f"{s.level1}/{s.level2}" for s in slots(self.framework).values())

    def _required_text(self, draft: Suggestion) -> str:
        return "、".join(sorted({r.level2 for r in draft.rows}))


def _facts(brief: ProjectBrief):  # type: ignore[no-untyped-def]
    from assistant.authoring.brief import analyse

    return analyse(brief)


def _structural(message: str) -> LintFinding:
    return LintFinding(code="LLM", flag="category_mismatch", severity=Severity.ERROR, message=message, fix="")


def _examples_text(hits: list[RowHitLike]) -> str:
    lines = []
    for h in hits:
        i = h.indicator
        lines.append(" | ".join(str(x or "") for x in (h.table_id, h.row, h.project_name, i.level1, i.level2, i.level3, i.value)))
    return "\n".join(lines) or "（无）"


def _draft_text(s: Suggestion) -> str:
    return "\n".join(f"{r.level1} | {r.level2} | {r.level3} | {r.target.render()} | {r.basis}" for r in s.rows)


def _with_notice(s: Suggestion, notice: str) -> Suggestion:
    return s.model_copy(update={"notices": [*s.notices, notice]})

