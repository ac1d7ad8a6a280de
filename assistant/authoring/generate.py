"""The `llm` engine: an LLM writes the table from the brief's facts, and can only make it better, never less safe.

Flow: the brief's facts, rows of comparable projects, the library rows for the project's kinds and the
offline engine's rows offered as candidates -> prompt (every piece of outside text fenced as data) -> the
first complete JSON object of the reply -> pydantic -> acceptance. A row is accepted only with official
一级/二级 names (synonyms mapped), a distinct name, a measurable value, no floor on a cost and no
error-level or never-suggest lint finding; at most MAX_ROWS rows; free text is stripped of markup and URLs
and capped. Rejected rows get one repair round; a required 二级 left empty is filled from the offline
draft, and `Suggestion.notices` names every row dropped and what replaced it. All model calls of one
request share one deadline (`LLMSettings.request_timeout_s`); past it the offline result is returned.
"""

from __future__ import annotations

import calendar
import json
import queue
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

from assistant.authoring.candidates import RowHitLike, cite, from_quantity
from assistant.authoring.compose import OfflineComposer, PromptContext
from assistant.authoring.framework import Framework, slot_key_of, slots
from assistant.authoring.library import filled
from assistant.authoring.repair import NEVER_SUGGEST, RowLinter, full_rate
from assistant.authoring.words import classify_slot
from assistant.llm import load_prompt
from assistant.models import (
    Citation,
    Indicator,
    ProjectBrief,
    Severity,
    SuggestedRow,
    Suggestion,
)
from assistant.values import TargetValue, named_grade

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

PROMPT_VERSION = "v2"
MAX_ROWS = 30  # rows taken from one answer
MAX_EXAMINED = 60  # rows of one answer looked at (a 10,000-row reply is not linted row by row)
MAX_GOALS = 5
CAPS = {"level3": 30, "description": 200, "basis": 120, "rationale": 300, "goal": 300}
MAX_REPLY_CHARS = 4_000_000  # longer replies are cut before parsing
EXAMPLES = 30  # comparable published rows shown to the model
DEFAULT_REQUEST_TIMEOUT_S = 90.0


# ------------------------------------------------------------------------------------------- schema
def _scalar_text(v: Any) -> Any:
    """Numbers and booleans where text is expected (value: 100) are read as text."""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, int | float):
        return f"{v:g}" if isinstance(v, float) else str(v)
    if v is None:
        return ""
    return v


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

    _text = field_validator("level1", "level2", "level3", "description", "value", "basis", "rationale",
                            mode="before")(_scalar_text)

    @field_validator("citations", mode="before")
    @classmethod
    def _cites(cls, v: Any) -> Any:
        # Citations are optional: ones that are not {"table_id", "row"} are dropped, not a reason to fail.
        if not isinstance(v, list):
            return []
        return [c for c in v if isinstance(c, dict) and isinstance(c.get("table_id"), str)
                and isinstance(c.get("row"), int) and not isinstance(c.get("row"), bool)]


class _LLMTable(BaseModel):
    goals: list[str] = Field(default_factory=list)
    rows: list[_LLMRow]

    @field_validator("goals", mode="before")
    @classmethod
    def _goals(cls, v: Any) -> Any:
        if isinstance(v, str):
            return [v]
        return [g for g in v if isinstance(g, str)] if isinstance(v, list) else []


class LLMOutputError(ValueError):
    pass


class RequestTimeout(TimeoutError):
    """The request's deadline passed before the model answered."""


_FENCED = re.compile(r"```[ \t]*(?:json|JSON)?[ \t]*\n(.*?)```", re.S)
_FIELD_NAMES = {"rows": "指标行", "level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "value": "指标值",
                "goals": "年度绩效目标", "description": "绩效指标描述", "basis": "指标值确定依据"}


def _schema_error(exc: ValidationError) -> str:
    """The first error, naming the field: rows[2].value 缺少."""
    e = exc.errors()[0]
    parts: list[str] = []
    for p in e["loc"]:
        if isinstance(p, int):
            parts[-1] = f"{parts[-1]}[{p}]" if parts else f"[{p}]"
        else:
            parts.append(str(p))
    where = ".".join(parts) or "(根)"
    last = next((str(p) for p in reversed(e["loc"]) if isinstance(p, str)), "")
    what = {"missing": "缺少该字段", "string_type": "应为文本", "list_type": "应为列表", "int_type": "应为整数",
            "dict_type": "应为对象", "model_type": "应为对象"}.get(e["type"], e["msg"])
    return f"字段 {where}{'（' + _FIELD_NAMES[last] + '）' if last in _FIELD_NAMES else ''}{what}"


def parse_reply(text: str) -> _LLMTable:
    """The first complete JSON object of a reply that is a table: inside fenced code blocks first, then
    anywhere (json.JSONDecoder.raw_decode from each '{'), so chatter and prose after it ('{谢谢}') do not
    matter. When no object is a table, the error names the first object's wrong field."""
    text = (text or "")[:MAX_REPLY_CHARS]
    decoder = json.JSONDecoder()
    first_error: str | None = None
    for chunk in [*(m.group(1) for m in _FENCED.finditer(text)), text]:
        i = chunk.find("{")
        while i >= 0:
            try:
                obj, end = decoder.raw_decode(chunk, i)
            except ValueError:
                i = chunk.find("{", i + 1)
                continue
            if isinstance(obj, dict):
                try:
                    return _LLMTable.model_validate(obj)
                except ValidationError as exc:
                    first_error = first_error or _schema_error(exc)
            i = chunk.find("{", end)
    if first_error:
        raise LLMOutputError(f"JSON 不符合目标表格式：{first_error}")
    raise LLMOutputError("回复中没有完整的 JSON 对象")


def fence(text: str) -> str:
    """Corpus or user text placed inside a ```data block cannot close the fence (nor open another)."""
    return re.sub(r"`{3,}|~{3,}", lambda m: "ˋ" * len(m.group()), text or "")


# ------------------------------------------------------------------------------------- free text
_SCRIPT = re.compile(r"<(script|style|iframe|object)\b.*?(?:</\1\s*>|$)", re.S | re.I)
_TAG = re.compile(r"<[^<>]{0,2000}>|<[A-Za-z/!][^<>]*$")
_MD_LINK = re.compile(r"!?\[([^\]\n]{0,300})\]\((?:[^()\n]|\([^()\n]{0,500}\)){0,2000}\)")
_URL_CHARS = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]"
_URL = re.compile(
    rf"(?:https?|ftp|javascript|data|file|vbscript):{_URL_CHARS}*|www\.{_URL_CHARS}+"
    rf"|\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|cn|net|org|top|xyz|io|cc|info|site|vip|me|tk|ru|app|link|club"
    rf"|online|shop|gov|edu|biz|co|ly|gl|icu|work|live|fun)\b(?:[/?#]{_URL_CHARS}*)?", re.I)
_MARKS = re.compile(r"[`*#>|~\\{}\[\]]+|&[a-z]{2,8};|&#\d{1,6};")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str, cap: int) -> str:
    """Plain Chinese text: no HTML, Markdown links or marks, URLs or control characters; at most `cap`."""
    s = (text or "")[: cap * 20]
    s = _CONTROL.sub("", s)
    s = _MD_LINK.sub(r"\1", s)
    s = _SCRIPT.sub("", s)
    s = _TAG.sub("", s)
    s = _URL.sub("", s)
    s = _MARKS.sub("", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s if len(s) <= cap else s[: cap - 1] + "…"


# ----------------------------------------------------------------------------------- level names
@cache
def _level_names() -> tuple[dict[str, str], dict[str, str]]:
    data = yaml.safe_load((Path(__file__).parent / "level_names.yaml").read_text(encoding="utf-8"))
    l1 = {alias: name for name, aliases in data["level1"].items() for alias in [name, *aliases]}
    l2 = {alias: key for key, aliases in data["level2"].items() for alias in aliases}
    return l1, l2


def _squash(s: str) -> str:
    return re.sub(r"[\s　:：/、]+", "", s or "")


def official_levels(level1: str, level2: str, framework: Framework = "2021") -> tuple[str, str, str] | str:
    """(一级, 二级, slot key) in the framework's official names, or the reason the pair is not official."""
    l1_names, l2_names = _level_names()
    l1, l2 = _squash(level1), _squash(level2)
    key = l2_names.get(l2)
    if key is None:
        return f"二级指标“{level2[:20]}”不是官方名称"
    s = slots(framework)[key]
    one = l1_names.get(l1)
    if one is None:
        return f"一级指标“{level1[:20]}”不是官方名称"
    # 成本: a 一级 in 2021, a 二级 under 产出指标 in 2015; either placement means the cost slot.
    allowed = {s.level1} | ({"产出指标", "成本指标"} if key == "cost" else set())
    if one not in allowed:
        return f"二级指标“{s.level2}”不属于一级指标“{one}”"
    return s.level1, s.level2, key


# --------------------------------------------------------------------------------------- outcome
@dataclass
class Rejected:
    level2: str
    level3: str
    value: str
    reasons: list[str]
    slot: str | None = None

    def label(self) -> str:
        return f"“{self.level3[:30]}”（{'；'.join(self.reasons)[:120]}）"


@dataclass
class Outcome:
    """One suggestion with what happened to the model's rows (the evaluation reads this)."""

    suggestion: Suggestion
    reply: str | None = None  # the model's first reply, as text
    table: _LLMTable | None = None  # its parsed table (the raw answer)
    rejected: list[Rejected] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    beyond_cap: int = 0  # rows of the answer past MAX_ROWS accepted (or MAX_EXAMINED looked at)
    filled: list[str] = field(default_factory=list)  # offline rows added for required slots left empty
    calls: int = 0
    error: str | None = None


@dataclass
class _Accepted:
    rows: list[SuggestedRow]
    rejected: list[Rejected]
    duplicates: list[str]
    beyond_cap: int


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()


def invoke_within(model: Any, messages: list[Any], deadline: _Deadline) -> Any:
    """`model.invoke(messages)`, given up when the request's deadline passes (the call's thread is left to
    finish on its own; its HTTP timeout ends it)."""
    left = deadline.left()
    if left <= 0:
        raise RequestTimeout(f"超过请求时限{deadline.seconds:g}秒")
    box: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)

    def run() -> None:
        try:
            box.put((True, model.invoke(messages)))
        except BaseException as exc:
            box.put((False, exc))

    threading.Thread(target=run, daemon=True, name="llm-call").start()
    try:
        ok, value = box.get(timeout=left)
    except queue.Empty:
        raise RequestTimeout(f"超过请求时限{deadline.seconds:g}秒") from None
    if not ok:
        raise value
    return value


def _content(reply: Any) -> str:
    c = getattr(reply, "content", reply)
    return c if isinstance(c, str) else json.dumps(c, ensure_ascii=False)


# ------------------------------------------------------------------------------------- the engine
class LLMComposer:
    name = "llm"

    def __init__(
        self, model: BaseChatModel, offline: OfflineComposer, lint_row: RowLinter, *, framework: Framework = "2021",
        request_timeout_s: float = DEFAULT_REQUEST_TIMEOUT_S,
    ) -> None:
        self.model = model
        self.offline = offline
        self.lint_row = lint_row
        self.framework = framework
        self.request_timeout_s = request_timeout_s

    def suggest(self, brief: ProjectBrief, *, exclude_table_ids: Sequence[str] = ()) -> Suggestion:
        return self.suggest_detailed(brief, exclude_table_ids=exclude_table_ids).suggestion

    def messages(self, brief: ProjectBrief, ctx: PromptContext, draft: Suggestion) -> list[Any]:
        """The system and user prompts of one suggestion (PROMPT_VERSION)."""
        system = load_prompt(f"suggest_system.{PROMPT_VERSION}").format(
            framework_levels=self._levels_text(), required="、".join(slots(self.framework)[k].level2 for k in ctx.keys))
        user = load_prompt(f"suggest_user.{PROMPT_VERSION}").format(
            brief=fence(brief_text(brief)), facts=fence(facts_text(ctx, self.framework)),
            examples=fence(examples_text(ctx.comparable[:EXAMPLES])),
            kinds="、".join(m.kind.label for m in ctx.kinds) or "未识别",
            library=fence(library_text(ctx, self.framework)), candidates=fence(candidates_text(draft)))
        return [("system", system), ("human", user)]

    def suggest_detailed(self, brief: ProjectBrief, *, exclude_table_ids: Sequence[str] = ()) -> Outcome:
        deadline = _Deadline(self.request_timeout_s)
        draft = self.offline.suggest(brief, exclude_table_ids=exclude_table_ids)
        ctx = self.offline.prompt_context(brief, exclude_table_ids=exclude_table_ids)
        messages = self.messages(brief, ctx, draft)
        out = Outcome(suggestion=draft)
        try:
            table = self._ask(messages, deadline, out)
        except LLMOutputError as exc:
            out.error = str(exc)
            out.suggestion = _with_notice(draft, f"大模型输出无法解析（{exc}），已使用离线引擎的结果。")
            return out
        except RequestTimeout:
            out.error = "timeout"
            out.suggestion = _with_notice(
                draft, f"大模型在{self.request_timeout_s:g}秒内没有完成，已使用离线引擎的结果。")
            return out
        except Exception as exc:  # refused connections, HTTP errors, no replay record: fall back, say so
            out.error = f"{type(exc).__name__}: {exc}"[:300]
            out.suggestion = _with_notice(draft, f"大模型调用失败（{type(exc).__name__}），已使用离线引擎的结果。")
            return out
        out.table = table
        valid = {(h.table_id, h.row): h for h in ctx.comparable[:EXAMPLES]}
        first = self._accept(table.rows, valid)
        rows, rejected = first.rows, first.rejected
        notices: list[str] = []
        if rejected and deadline.left() > 0:
            findings = "\n".join(f"{r.level3}（{r.value}）：" + "；".join(r.reasons) for r in rejected)
            repair = [*messages, ("ai", table.model_dump_json()[:20000]), ("human", load_prompt(
                f"repair_user.{PROMPT_VERSION}").format(findings=fence(findings)))]
            try:
                again = self._accept(self._ask(repair, deadline, out, retry=False).rows, valid)
                have = {_key(r.level3) for r in rows}
                fixed = [r for r in again.rows if _key(r.level3) not in have]
                rows = (rows + fixed)[:MAX_ROWS]
                have |= {_key(r.level3) for r in fixed}
                still = {_key(r.level3): r for r in again.rejected}
                rejected = [still.get(_key(r.level3), r) for r in rejected if _key(r.level3) not in have]
            except Exception:
                pass  # keep the first answer's good rows; the rejected ones stay rejected
        out.rejected, out.duplicates, out.beyond_cap = rejected, first.duplicates, first.beyond_cap

        # Fill any required slot the model left empty (or whose rows were all rejected) from the offline draft,
        # and add the offline row of each number the brief states that no accepted row carries.
        framework_slots = slots(self.framework)
        have_slots = {_slot_of_row(r, self.framework) for r in rows}
        fallback = [r for r in draft.rows if _slot_of_row(r, self.framework) not in have_slots]
        names = {_key(r.level3) for r in rows}
        carried = {_amount(r.target) for r in [*rows, *fallback]} - {None}
        stated = _stated_amounts(ctx)
        facts = [r for r in draft.rows if r.value_source == "brief" and r not in fallback
                 and _amount(r.target) in stated and _amount(r.target) not in carried and _key(r.level3) not in names]
        facts = facts[: max(0, MAX_ROWS - len(rows) - len(fallback))]
        fallback += facts
        # The whole table stays within MAX_ROWS: the model's rows give way, last first, in slots that keep another.
        while len(rows) + len(fallback) > MAX_ROWS:
            counts: dict[str | None, int] = {}
            for r in rows:
                counts[_slot_of_row(r, self.framework)] = counts.get(_slot_of_row(r, self.framework), 0) + 1
            drop = next((i for i in range(len(rows) - 1, -1, -1) if counts[_slot_of_row(rows[i], self.framework)] > 1),
                        len(rows) - 1)
            rows.pop(drop)
            out.beyond_cap += 1
        out.filled = [r.level3 for r in fallback]
        by_slot: dict[str | None, list[SuggestedRow]] = {}
        for r in [r for r in fallback if r not in facts]:
            by_slot.setdefault(_slot_of_row(r, self.framework), []).append(r)
        if rejected:
            parts: list[str] = []
            for x in rejected:
                repl = by_slot.get(x.slot)
                parts.append(x.label() + ("，由离线引擎的" + "、".join(f"“{y.level3}”" for y in repl) + "代替"
                                          if repl else "，未替换"))
            notices.append("以下大模型的行未通过检查，已删除：" + "；".join(parts) + "。")
        unexplained = [r for r in fallback if r not in facts
                       and not any(x.slot == _slot_of_row(r, self.framework) for x in rejected)]
        if facts:
            notices.append("项目说明中的这些数字大模型没有列出，已补入离线引擎的行：" + "、".join(
                f"{r.level2}“{r.level3}”{r.target.render()}" for r in facts) + "。")
        if unexplained:
            notices.append("大模型未给出这些二级指标，已补入离线引擎的行：" + "、".join(
                f"{r.level2}“{r.level3}”" for r in unexplained) + "。")
        if first.duplicates:
            notices.append(f"删除了{len(first.duplicates)}个重复的行：" + "、".join(
                f"“{x}”" for x in dict.fromkeys(first.duplicates)) + "。")
        if out.beyond_cap:
            notices.append(f"大模型给出的行过多，另有{out.beyond_cap}行未采用（每张表最多{MAX_ROWS}行）。")
        order = {s.level2: i for i, s in enumerate(framework_slots.values())}
        merged = sorted([*rows, *fallback], key=lambda r: order.get(r.level2, 99))
        goals = [g for g in (clean_text(g, CAPS["goal"]) for g in table.goals[:MAX_GOALS]) if g]
        out.suggestion = Suggestion(
            brief=brief, goals=goals or draft.goals, rows=merged, alternatives=draft.alternatives,
            notices=notices, engine=self.name,
        )
        return out

    # -----------------------------------------------------------------------------------------
    def _ask(self, messages: list[Any], deadline: _Deadline, out: Outcome, *, retry: bool = True) -> _LLMTable:
        out.calls += 1
        text = _content(invoke_within(self.model, messages, deadline))
        if out.reply is None:
            out.reply = text
        try:
            return parse_reply(text)
        except LLMOutputError as exc:
            if not retry or deadline.left() <= 0:
                raise
            again = [*messages, ("ai", text[:2000]), ("human", f"输出无法解析：{exc}。请只输出一个符合格式的 JSON 对象。")]
            out.calls += 1
            return parse_reply(_content(invoke_within(self.model, again, deadline)))

    def _accept(self, rows: list[_LLMRow], valid: dict[tuple[str, int], RowHitLike]) -> _Accepted:
        good: list[SuggestedRow] = []
        bad: list[Rejected] = []
        dups: list[str] = []
        seen: set[str] = set()
        looked = 0
        for r in rows:
            if len(good) >= MAX_ROWS or looked >= MAX_EXAMINED:
                break
            looked += 1
            reasons, row = self.check_row(r, valid)
            k = _key(r.level3)
            if k in seen:
                dups.append(clean_text(r.level3, CAPS["level3"]))
                continue
            seen.add(k)
            if row is None:
                # The slot it was meant for, by its 二级 alone (黑客指标/数量指标 was meant as a count).
                slot = _level_names()[1].get(_squash(r.level2)) or slot_key_of(r.level1, r.level2)
                bad.append(Rejected(r.level2[:20], clean_text(r.level3, 40), clean_text(r.value, 40), reasons, slot))
                continue
            good.append(row)
        return _Accepted(good, bad, dups, len(rows) - looked)

    def check_row(self, r: _LLMRow, valid: dict[tuple[str, int], RowHitLike]) -> tuple[list[str], SuggestedRow | None]:
        """The reasons a model's row is not accepted, or the accepted row."""
        reasons: list[str] = []
        levels = official_levels(r.level1, r.level2, self.framework)
        if isinstance(levels, str):
            reasons.append(levels)
            level1, level2, key = r.level1, r.level2, None
        else:
            level1, level2, key = levels
        level3 = re.sub(r"\s+", "", r.level3 or "")
        if not level3:
            reasons.append("三级指标为空")
        elif clean_text(level3, 10_000) != level3:
            reasons.append("三级指标名称含有网址或标记")
        elif len(level3) > CAPS["level3"]:
            reasons.append(f"三级指标名称超过{CAPS['level3']}个字")
        value = re.sub(r"\s+", "", r.value or "")
        tv = TargetValue.parse(value)
        if not tv.measurable:
            reasons.append(f"指标值“{value[:30]}”不可衡量")
        elif _is_cost(key, level3) and tv.comparator in ("≥", ">") and not tv.percent:
            reasons.append("成本指标只能设上限（≤），不能设下限")
        description = clean_text(r.description, CAPS["description"])
        basis = clean_text(r.basis, CAPS["basis"])
        note = ""
        if not reasons:
            found = self._blocking(level1, level2, level3, description, value, basis)
            wan = _without_wan(tv) if found else None
            if wan is not None and not self._blocking(level1, level2, level3, description, wan.render(), basis):
                # 1.2万条 read as an unknown unit: the same quantity in the plain unit (12000条) is kept.
                note = f"（指标值{value}换算为{wan.render()}）"
                tv, found = wan, []
            full = full_rate(tv) if found else None
            if full is not None and not self._blocking(level1, level2, level3, description, full.render(), basis):
                # 合格率 ≥100%: a rate cannot pass 100%, so the target the model means is 100% itself.
                note = f"（指标值{value}改为{full.render()}）"
                tv, found = full, []
            reasons += found
        if reasons:
            return reasons, None
        # Citations the model made up are dropped: only rows it was shown can be cited.
        cites: list[Citation] = [cite(valid[(c.table_id, c.row)]) for c in r.citations
                                 if (c.table_id, c.row) in valid]
        return [], SuggestedRow(
            level1=level1, level2=level2, level3=level3, description=description or level3, target=tv,
            basis=basis or "计划标准：项目实施方案",
            rationale=(clean_text(r.rationale, CAPS["rationale"]) or "由大模型根据项目说明提出。") + note,
            value_source="llm", citations=cites[:5], engine=self.name,
        )

    def _blocking(self, level1: str, level2: str, level3: str, description: str, value: str, basis: str) -> list[str]:
        """Lint errors, and the warnings the offline engine never suggests either (wrong category, vague…)."""
        ind = Indicator(level1=level1, level2=level2, level3=level3, description=description, value=value,
                        basis=basis)
        return [f.message for f in self.lint_row(ind) if f.severity == Severity.ERROR or f.flag in NEVER_SUGGEST]

    def _levels_text(self) -> str:
        return "；".join(f"{s.level1}/{s.level2}" for s in slots(self.framework).values())


# -------------------------------------------------------------------------------- prompt pieces
def brief_text(b: ProjectBrief) -> str:
    lines = [f"项目名称：{b.name}"]
    if b.purpose:
        lines.append(f"资金用途：{b.purpose}")
    if b.budget_wan is not None:
        lines.append(f"预算：{_num(b.budget_wan)}万元")
    for label, v in (("部门", b.department), ("行业", b.sector), ("地区", b.region), ("预算年度", b.year)):
        if v:
            lines.append(f"{label}：{v}")
    lines += [f"年度绩效目标：{g}" for g in b.goals]
    lines += [f"已知数量：{q}" for q in b.quantities]
    return "\n".join(lines)


def facts_text(ctx: PromptContext, framework: Framework = "2021") -> str:
    f = ctx.facts
    sl = slots(framework)
    lines = []
    for q in f.quantities:
        key = classify_slot(q.name, benefit=q.benefit)
        d = from_quantity(key, q)
        lines.append(f"- {q.name}：{d.target.render()}（{sl[key].level2}）；原文“{q.raw}”")
    for dl in f.deadlines:
        lines.append(f"- 完成时限：{dl.value()}（{sl['timeliness'].level2}）；原文“{dl.words}”"
                     + (f"，{dl.convention}" if dl.convention else ""))
    for st in f.standards:
        lines.append(f"- {st.name}：{st.value}（{sl['cost'].level2}）；原文“{st.raw}”")
    for r in f.ratios:
        lines.append(f"- {r.name}：{r.value}（{sl[r.slot].level2}）；原文“{r.raw}”")
    for g in f.grades:
        lines.append(f"- {g.scale.name}：达到{g.grade}（{sl[g.scale.slot].level2}，按{g.scale.standard}）；原文“{g.words}”")
    if f.brief.budget_wan is not None:
        lines.append(f"- 项目总成本：≤{_num(f.brief.budget_wan)}万元（{sl['cost'].level2}，成本只设上限）")
    lines.append(f"- 预算年度：{f.budget_year}年（日期按此年份写）")
    return "\n".join(lines)


def examples_text(hits: Sequence[RowHitLike]) -> str:
    lines = []
    for h in hits:
        i = h.indicator
        cells = (h.table_id, str(h.row), h.project_name or "", i.level1 or "", i.level2 or "", i.level3 or "",
                 i.value or "")
        lines.append(" | ".join(cells))
    return "\n".join(lines) or "（没有可比项目）"


def library_text(ctx: PromptContext, framework: Framework = "2021") -> str:
    sl = slots(framework)
    year = ctx.facts.budget_year or 2026
    lines = []
    for m in ctx.kinds:
        for c in m.kind.candidates:
            row = filled(c, m.kind, year)
            value = row["value"] if c.value else "[取自项目说明]"
            lines.append(f"{sl[c.slot].level2} | {row['level3']} | {value} | {row['basis']}")
    return "\n".join(dict.fromkeys(lines)) or "（无）"


def candidates_text(s: Suggestion) -> str:
    rows = [*s.rows, *(r for alts in s.alternatives.values() for r in alts)]
    return "\n".join(f"{r.level2} | {r.level3} | {r.target.render()} | {r.basis}" for r in rows) or "（无）"


def _slot_of_row(r: SuggestedRow, framework: Framework) -> str | None:
    levels = official_levels(r.level1, r.level2, framework)
    return levels[2] if isinstance(levels, tuple) else None


_SAME_UNIT = {"名": "人", "万名": "万人", "千米": "公里"}
_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})日|底|末)")


def _amount(tv: TargetValue) -> tuple[float, str] | str | None:
    """What a value states, for comparing two rows: (number, unit) with 万 folded in, or a date."""
    if tv.number is None:
        m = _DATE.search(tv.render())
        if m is None:
            graded = named_grade(tv.render())  # 达到4A级旅游景区: the same grade of the same scale
            return f"{graded[0].key}:{graded[1]}" if graded else None
        year, month = int(m.group(1) or 0), int(m.group(2))
        day = int(m.group(3)) if m.group(3) else calendar.monthrange(year or 2001, month)[1]
        return f"{year}-{month}-{day}"
    unit = "%" if tv.percent else _SAME_UNIT.get(tv.unit or "", tv.unit or "")
    number = tv.number
    if unit.startswith("万") and len(unit) > 1 and not unit.startswith("万元"):
        number, unit = number * 10000, unit[1:]
    return (round(number, 6), unit)


def _stated_amounts(ctx: PromptContext) -> set[tuple[float, str] | str | None]:
    """The numbers and dates the brief itself states (not ones derived from them, like a unit cost)."""
    f = ctx.facts
    values = [from_quantity(classify_slot(q.name, benefit=q.benefit), q).target for q in f.quantities]
    values += [TargetValue.parse(d.value()) for d in f.deadlines]
    values += [TargetValue.parse(st.value) for st in f.standards]
    values += [TargetValue.parse(f"达到{g.grade}") for g in f.grades]  # 创建国家4A级旅游景区, 水质达到III类
    values += [TargetValue.parse(r.value) for r in f.ratios]  # 按增量部分的10%补助, 不超过月平均工资的36倍
    if f.brief.budget_wan is not None:
        values.append(TargetValue.of(f.brief.budget_wan, "万元", "≤"))
    return {_amount(v) for v in values} - {None}


def _without_wan(tv: TargetValue) -> TargetValue | None:
    """≥1.2万条 as ≥12000条 (a count in 万 of a unit), else None."""
    unit = tv.unit or ""
    if tv.percent or tv.number is None or not unit.startswith("万") or len(unit) < 2 or unit.startswith("万元"):
        return None
    return TargetValue.of(round(tv.number * 10000, 6), unit[1:], tv.comparator)


_COST_WORDS = ("成本", "费用", "造价", "单价")


def _is_cost(key: str | None, level3: str) -> bool:
    """A cost row: under the cost slot, or named as a cost wherever the model put it (人均成本)."""
    return key == "cost" or any(w in level3 for w in _COST_WORDS)


def _key(level3: str) -> str:
    return re.sub(r"[\s　，,。.；;：:（）()“”\"'、]+", "", level3 or "")


def _num(x: float) -> str:
    return f"{x:g}"


def _with_notice(s: Suggestion, notice: str) -> Suggestion:
    return s.model_copy(update={"notices": [*s.notices, notice]})
