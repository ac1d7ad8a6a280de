"""The 对话 tab's brain: plain-word requests answered through the same services.

Offline, deterministic intent matching covers: why a value (为什么满意度是≥90%?), another indicator for
a 二级 (给我换一个时效指标), what comparable projects measured (类似的培训项目都用什么指标?), what is wrong
with a row (这条指标有什么问题: …), and drafting a table (帮我写一个…项目的指标). With an LLM configured it
is a langchain tool-calling agent over the same four tools.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assistant.models import Indicator, Suggestion
from assistant.ui.handlers import UserError as UserErrorType
from assistant.values import TargetValue

if TYPE_CHECKING:
    from assistant.services import Services

HELP = (
    "我可以离线完成这些事情（修改会直接更新“编制”页的表格，可用“撤销”退回）：\n"
    "1. 修改当前表格，例如“把满意度改成≥90%”“第3行的指标值改为≥98%”“第2行的依据改为项目实施方案”\n"
    "2. 增加或删除一行，例如“再加一个培训人次的指标”“删除第5行”\n"
    "3. 解释当前表格中某一行，例如“为什么满意度是≥90%？”\n"
    "4. 检查当前表格，例如“帮我检查这张表”；或检查一条指标：“这条指标有什么问题：培训合格率 效果明显”\n"
    "5. 起草一张新表，例如“帮我写一个农村公路养护项目的指标，预算150万元”\n"
    "6. 给出备选或同类项目的指标，例如“给我换一个时效指标”“类似的培训项目都用什么指标？”\n"
    "离线时我不能自由回答与绩效指标无关的问题；配置大模型后可以更灵活地对话。"
)


@dataclass
class Reply:
    """A chat answer and, when the message changed the draft, the new grid (and suggestion and goals)."""

    text: str
    grid: list[list[str]] | None = None
    suggestion: dict[str, Any] | None = None
    goals: str | None = None
    label: str = ""  # what changed, for the undo history

    @property
    def changed(self) -> bool:
        return self.grid is not None


_LEVEL2_WORDS = {"数量": "数量指标", "质量": "质量指标", "时效": "时效指标", "成本": "经济成本指标",
                 "社会效益": "社会效益指标", "经济效益": "经济效益指标", "生态效益": "生态效益指标",
                 "可持续": "可持续影响指标", "满意度": "服务对象满意度指标"}


def respond(services: Services, message: str, draft: dict[str, Any] | None) -> str:
    return act(services, message, draft).text


def act(services: Services, message: str, draft: dict[str, Any] | None, grid: Any = None) -> Reply:
    """Answer a chat message over the current draft: with an LLM through tools, else offline. Both run
    the same draft operations (assistant.ui.draft), so the grid, the history and undo behave alike."""
    message = (message or "").strip()
    if not message:
        return Reply("请输入问题。\n\n" + HELP)
    if len(message) > 2000:
        return Reply("问题太长了，请精简到2000字以内。")
    if services is not None and services.chat_model is not None:
        try:
            return agent_act(services, message, draft, grid)
        except Exception as exc:  # the LLM is optional; never leave the user without an answer
            r = offline_act(services, message, draft, grid)
            r.text = f"（大模型暂时不可用：{type(exc).__name__}，以下为离线回答）\n\n" + r.text
            return r
    return offline_act(services, message, draft, grid)


def offline_respond(services: Services, message: str, draft: dict[str, Any] | None, grid: Any = None) -> str:
    return offline_act(services, message, draft, grid).text


def draft_grid(draft: dict[str, Any] | None, grid: Any) -> list[list[str]]:
    """The grid the user sees; without one (an API caller), the suggestion's rows."""
    from assistant.ui import draft as d
    from assistant.ui.handlers import _explain

    rows = d.as_rows(grid)
    if rows or not draft:
        return rows
    s = Suggestion.model_validate(draft)
    return [[r.level1, r.level2, r.level3, r.description, r.target.render(), r.basis, "", _explain(r)] for r in s.rows]


def offline_act(services: Services, message: str, draft: dict[str, Any] | None, grid: Any = None) -> Reply:
    from assistant.ui import draft as d
    from assistant.ui.handlers import UserError
    from assistant.ui.intents import parse

    intent = parse(message)
    slots = intent.slots
    s = Suggestion.model_validate(draft) if draft else None
    rows = draft_grid(draft, grid)
    try:
        if intent.name == "check_row":
            return Reply(_check_row(services, slots["text"]))
        if intent.name == "undo":
            return Reply("请点击“编制”页的“撤销”按钮，退回上一步修改。", label="undo")
        if intent.name == "draft":
            return _draft(services, message, slots.get("desc") or "")
        if intent.name == "explain":
            if not rows:
                return Reply(_why(message, s))
            target = slots.get("target") or message
            return Reply(d.explain_row(rows, draft, slots.get("row"), target, message))
        if intent.name == "edit":
            g, said = d.edit_row(rows, slots.get("row"), slots.get("target"), slots.get("field"), slots["new"])
            return Reply(said, grid=g, label="对话修改")
        if intent.name == "remove":
            g, said = d.remove_row(rows, slots.get("row"), slots.get("target"))
            return Reply(said, grid=g, label="对话删除")
        if intent.name == "add":
            g, said = d.add_row(services, rows, draft, slots["what"])
            return Reply(said, grid=g, label="对话添加")
        if intent.name == "check":
            g, said = d.check_grid(rows)
            return Reply(said, grid=g, label="对话检查")
        if intent.name == "alternatives":
            return Reply(_alternatives(message, s))
        if intent.name == "similar":
            return Reply(_similar(services, message))
    except UserError as exc:
        return Reply(str(exc))
    return Reply(HELP)


def _check_row(services: Services, text: str) -> str:
    from assistant.lint import lint_row

    parts = [p for p in re.split(r"[|｜\t,，]\s*|\s+", text.strip()) if p]
    if len(parts) < 2:
        return "请按“三级指标 指标值”的格式给出，例如：培训合格率 效果明显"
    ind = Indicator(level3=parts[0], value=parts[-1], level2=_guess_level2(parts[0]))
    findings = lint_row(ind)
    if not findings:
        return f"“{parts[0]}：{parts[-1]}”没有发现问题，指标值可衡量。"
    lines = [f"“{parts[0]}：{parts[-1]}”有 {len(findings)} 个问题："]
    for f in findings:
        lines.append(f"- [{f.code}] {f.message} 建议：{f.replacement or f.fix}")
    return "\n".join(lines)


def _guess_level2(name: str) -> str | None:
    if "满意" in name:
        return "服务对象满意度指标"
    if any(w in name for w in ("合格率", "达标率", "准确率")):
        return "质量指标"
    if any(w in name for w in ("及时", "时间", "时限")):
        return "时效指标"
    if "成本" in name:
        return "经济成本指标"
    return None


_VALUE_IN_QUESTION = re.compile(r"[≥≤><=＞＜]\s*\d+(?:\.\d+)?\s*%?|\d+(?:\.\d+)?\s*%")


def _why(message: str, s: Suggestion | None) -> str:
    if s is None or not s.rows:
        return ("当前还没有草稿。指标值的一般取法：先用项目说明中的数字；没有时参考同类已发布项目的取值"
                "（中位数和范围）；再没有时采用通行标准（如满意度≥90%、验收合格率100%），并在理由中注明。")
    best, score = None, 0
    for r in s.rows:
        overlap = len(set(r.level3) & set(message)) + (5 if r.level3 in message else 0)
        if overlap > score:
            best, score = r, overlap
    if best is None or score < 2:
        return "没有在当前草稿中找到你问的指标，请说出三级指标名称，例如“为什么参训人员满意度是≥90%？”"
    src = {"brief": "项目说明中的数字", "corpus": "同类已发布项目的取值", "convention": "通行标准", "llm": "大模型的建议"}
    rendered = best.target.render()
    asked = TargetValue.parse(m.group(0)) if (m := _VALUE_IN_QUESTION.search(message)) else None
    note = ""
    if asked is not None and asked.has_number and asked.render() != rendered:
        note = f"（当前草稿中是 {rendered}，不是 {asked.render()}。）"
    cites = "；".join(f"{c.project_name or c.table_id}第{c.row + 1}行“{c.level3}”{c.value or ''}" for c in best.citations[:3])
    return (f"{note}“{best.level3}”取 {rendered}，依据是{src.get(best.value_source, best.value_source)}。"
            f"{best.rationale}" + (f"\n参考：{cites}" if cites else "") + f"\n指标值确定依据：{best.basis}")


def _alternatives(message: str, s: Suggestion | None) -> str:
    level2 = next((v for k, v in _LEVEL2_WORDS.items() if k in message), None)
    if s is None:
        return "请先在“编制”页生成建议，我再给出备选指标。"
    groups = {level2: s.alternatives.get(level2, [])} if level2 else s.alternatives
    lines = []
    for l2, rows in groups.items():
        for r in rows:
            lines.append(f"- {l2}：{r.level3} {r.target.render()}（{r.rationale}）")
    if not lines:
        return f"当前草稿没有{level2 or ''}的备选指标。"
    return "可以替换为：\n" + "\n".join(lines) + "\n在“编制”页的“备选指标”中选择即可替换。"


def _similar(services: Services, message: str) -> str:
    q = re.sub(r"类似的?|同类的?|都用什么指标|用过什么|项目|[?？。]", " ", message).strip() or message
    hits = services.index.search_rows(q, k=40)
    if not hits:
        return "语料中没有找到相近的指标。"
    by_l2: dict[str, Counter[str]] = {}
    example: dict[str, str] = {}
    for h in hits:
        if not h.indicator.level3:
            continue
        l2 = h.indicator.level2 or "其他"
        key = h.indicator.level3 + (f"（{h.indicator.value}）" if h.indicator.value else "")
        by_l2.setdefault(l2, Counter())[key] += h.duplicates
        example.setdefault(key, h.project_name or h.table_id)
    if not by_l2:
        return "语料中没有找到相近的指标。"
    lines = [f"与“{q}”相近的已发布项目常用这些指标："]
    for l2, c in by_l2.items():
        tops = "；".join(f"{k}，见“{example[k]}”" for k, _ in c.most_common(3))
        lines.append(f"- {l2}：{tops}")
    return "\n".join(lines)


def draft_table(services: Services, description: str, message: str = "") -> Reply:
    """A new table from a description, through the engine (services.suggest); it replaces the grid."""
    from assistant.models import ProjectBrief
    from assistant.ui.handlers import suggestion_grid

    name = re.split(r"[，,。；;]", description)[0].strip() or "新项目"
    if not name.endswith(("项目", "工程", "经费", "资金", "补助")):
        name += "项目"
    budget = re.search(r"预算\s*(\d+(?:\.\d+)?)\s*万", message)
    # The purpose is the description itself, without the request words (帮我写一个…), which would
    # otherwise be read as part of the project.
    rest = re.sub(r"^[，,。\s]+", "", message.split(description, 1)[-1]) if description and description in message else ""
    brief = ProjectBrief(name=name, purpose=f"{description}。{rest}".strip("。") if rest else description,
                         budget_wan=float(budget.group(1)) if budget else None)
    s = services.suggest(brief)
    lines = [f"已为“{name}”起草 {len(s.rows)} 行指标，并替换了“编制”页的表格（可用“撤销”恢复原表）："]
    lines += [f"- {r.level2}｜{r.level3}｜{r.target.render()}" for r in s.rows]
    return Reply("\n".join(lines), grid=suggestion_grid(services, s), suggestion=s.model_dump(mode="json"),
                 goals="\n".join(s.goals), label="对话起草")


def _draft(services: Services, message: str, description: str = "") -> Reply:
    return draft_table(services, description or message, message)


# ------------------------------------------------------------------------------ LLM agent
MAX_TOOL_STEPS = 3  # model turns that may call tools; then one answer without tools
MAX_CALLS_PER_STEP = 4  # tool calls run from one model turn
MAX_TOOL_RESULT = 4000  # characters of one tool result shown to the model


def agent_respond(services: Services, message: str, draft: dict[str, Any] | None,
                  max_steps: int = MAX_TOOL_STEPS) -> str:
    return agent_act(services, message, draft, None, max_steps=max_steps).text


def agent_act(services: Services, message: str, draft: dict[str, Any] | None, grid: Any = None,
              max_steps: int = MAX_TOOL_STEPS) -> Reply:
    """A small tool-calling loop: the model may call search / lint / suggest / the draft edits in at most
    `max_steps` turns, then answers in plain Chinese. The draft tools are the offline chat's own
    operations (assistant.ui.draft), so an edit made by the model updates the grid and can be undone.
    Tool results are fenced as data with the same escaping as corpus text; all calls share the request's
    deadline (`llm.request_timeout_s`)."""
    from langchain_core.messages import HumanMessage, SystemMessage, ToolMessage
    from langchain_core.tools import tool

    from assistant.authoring.generate import _Deadline, fence, invoke_within
    from assistant.llm import load_prompt
    from assistant.ui import draft as d

    work: dict[str, Any] = {"grid": draft_grid(draft, grid), "suggestion": draft, "goals": None,
                            "changed": False, "done": []}

    def changed(g: list[list[str]], said: str) -> str:
        work["grid"], work["changed"] = g, True
        work["done"].append(said.split("。")[0] + "。")
        return said

    @tool
    def search_indicators(query: str) -> str:
        """检索同类已发布项目的绩效指标行。"""
        hits = services.index.search_rows(query, k=10)
        return json.dumps([{"项目": h.project_name, "二级": h.indicator.level2, "三级": h.indicator.level3,
                            "指标值": h.indicator.value} for h in hits], ensure_ascii=False)

    @tool
    def lint_indicator(level3: str, value: str) -> str:
        """检查一条指标（三级指标名称和指标值）的问题。"""
        from assistant.lint import lint_row

        fs = lint_row(Indicator(level3=level3, value=value, level2=_guess_level2(level3)))
        return json.dumps([{"问题": f.message, "建议": f.replacement or f.fix} for f in fs], ensure_ascii=False)

    @tool
    def suggest_table(name: str, purpose: str = "", budget_wan: float | None = None) -> str:
        """为新项目生成绩效目标表建议（只查看，不改动当前表格）。"""
        from assistant.models import ProjectBrief

        # The offline engine: a tool must not start another round of model calls inside this one.
        with services.index.pinned():
            s = services.composer.suggest(ProjectBrief(name=name, purpose=purpose, budget_wan=budget_wan))
        return json.dumps([{"二级": r.level2, "三级": r.level3, "指标值": r.target.render(), "理由": r.rationale}
                           for r in s.rows], ensure_ascii=False)

    @tool
    def current_draft() -> str:
        """当前编制页表格的各行（行号从1开始）、检查结果及理由。"""
        if not work["grid"]:
            return "（无草稿）"
        return json.dumps([{"行": i + 1, "二级": r[1], "三级": r[2], "指标值": r[4], "依据": r[5], "检查结果": r[6],
                            "理由": r[7]} for i, r in enumerate(work["grid"])], ensure_ascii=False)

    @tool
    def edit_row(row: int, field: str, new_text: str) -> str:
        """修改当前表格第 row 行（从1开始）的一列：field 为 value（指标值）、level3（三级指标名称）、basis（确定依据）或 description（描述）。"""
        key = field if field in d.COLUMNS else None
        return changed(*d.edit_row(work["grid"], int(row), None, key, new_text))

    @tool
    def add_indicator(what: str) -> str:
        """按名称或二级指标（如“培训人次”“时效”）从指标库或同类项目为当前表格添加一行。"""
        return changed(*d.add_row(services, work["grid"], work["suggestion"], what))

    @tool
    def remove_row(row: int) -> str:
        """删除当前表格第 row 行（从1开始）。"""
        return changed(*d.remove_row(work["grid"], int(row), None))

    @tool
    def check_table() -> str:
        """逐行检查当前表格，返回问题。"""
        g, said = d.check_grid(work["grid"])
        work["grid"] = g
        return said

    @tool
    def draft_new_table(description: str) -> str:
        """按项目描述起草一张新表，替换当前表格。"""
        r = draft_table(services, description, description)
        work["suggestion"], work["goals"] = r.suggestion, r.goals
        return changed(r.grid or [], r.text)

    deadline = _Deadline(services.settings.llm.request_timeout_s)
    tools = {t.name: t for t in (search_indicators, lint_indicator, suggest_table, current_draft, edit_row,
                                 add_indicator, remove_row, check_table, draft_new_table)}
    plain_model = services.chat_model
    model = plain_model.bind_tools(list(tools.values()))
    msgs: list[Any] = [SystemMessage(load_prompt("chat_system.v2")), HumanMessage(message)]

    def reply(content: Any) -> Reply:
        text = _final(services, message, draft, content) if not work["changed"] else (
            plain_answer(content) or "已完成。")
        if work["changed"]:
            text = "".join(work["done"]) + ("\n\n" + text if text not in work["done"] else "")
            return Reply(text, grid=work["grid"],
                         suggestion=work["suggestion"] if work["suggestion"] is not draft else None,
                         goals=work["goals"], label="对话修改（大模型）")
        return Reply(text)

    for _ in range(max_steps):
        ai = invoke_within(model, msgs, deadline)
        calls = getattr(ai, "tool_calls", None) or []
        if not calls:
            return reply(ai.content)
        msgs.append(ai)
        for n, call in enumerate(calls):
            fn = tools.get(call["name"]) if n < MAX_CALLS_PER_STEP else None
            if n >= MAX_CALLS_PER_STEP:
                result = "本轮工具调用次数已达上限"
            elif fn is None:
                result = f"没有名为 {str(call['name'])[:40]} 的工具"
            else:
                try:
                    result = str(fn.invoke(call.get("args", {})))
                except UserErrorType as exc:  # e.g. no such row: the model may correct itself
                    result = f"无法执行：{exc}"
                except Exception as exc:  # bad arguments from the model: tell it, do not fail the answer
                    result = f"工具调用失败：{type(exc).__name__}"
            msgs.append(ToolMessage(content=f"```data\n{fence(result[:MAX_TOOL_RESULT])}\n```",
                                    tool_call_id=call.get("id") or call["name"]))
    # The tool steps are used up: one last turn without tools, for an answer in words.
    msgs.append(HumanMessage("请根据以上资料，直接用简体中文回答用户的问题，不要再调用工具，不要输出代码块或 JSON。"))
    ai = invoke_within(plain_model, msgs, deadline)
    return reply(ai.content)


_CODE_BLOCK = re.compile(r"```.*?(?:```|$)", re.S)
_HAN = re.compile(r"[\u4e00-\u9fff]")


def plain_answer(text: Any) -> str | None:
    """The model's answer as plain Chinese text: code blocks, JSON, HTML and URLs removed; None when
    nothing readable is left (an answer that was only ```data JSON, say)."""
    from assistant.authoring.generate import _TAG, _URL

    s = text if isinstance(text, str) else ""
    s = _CODE_BLOCK.sub("", s)
    s = _TAG.sub("", s)
    s = _URL.sub("", s)
    s = re.sub(r"\n{3,}", "\n\n", s).strip()
    if not s or s[0] in "{[" or len(_HAN.findall(s)) < 2:
        return None
    return s[:4000]


def _final(services: Services, message: str, draft: dict[str, Any] | None, content: Any) -> str:
    answer = plain_answer(content)
    if answer is None:
        from assistant.authoring.generate import fence

        # Quoted corpus text must not open a code block in the chat window either.
        return "（大模型没有给出文字回答，以下为离线回答）\n\n" + fence(offline_respond(services, message, draft))
    return answer
