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
from typing import TYPE_CHECKING, Any

from assistant.models import Indicator, Suggestion
from assistant.values import TargetValue

if TYPE_CHECKING:
    from assistant.services import Services

HELP = (
    "我可以离线完成这些事情：\n"
    "1. 解释当前草稿中某个指标值的来由，例如“为什么满意度是≥90%？”\n"
    "2. 给出某个二级指标的备选，例如“给我换一个时效指标”\n"
    "3. 查找同类项目用过的指标，例如“类似的培训项目都用什么指标？”\n"
    "4. 检查一条指标，例如“这条指标有什么问题：培训合格率 效果明显”\n"
    "5. 起草一张表，例如“帮我写一个教学设备购置项目的指标，预算150万元”\n"
    "离线时我不能自由回答与绩效指标无关的问题；配置大模型后可以更灵活地对话。"
)

_LEVEL2_WORDS = {"数量": "数量指标", "质量": "质量指标", "时效": "时效指标", "成本": "经济成本指标",
                 "社会效益": "社会效益指标", "经济效益": "经济效益指标", "生态效益": "生态效益指标",
                 "可持续": "可持续影响指标", "满意度": "服务对象满意度指标"}


def respond(services: Services, message: str, draft: dict[str, Any] | None) -> str:
    message = (message or "").strip()
    if not message:
        return "请输入问题。\n\n" + HELP
    if len(message) > 2000:
        return "问题太长了，请精简到2000字以内。"
    if services.chat_model is not None:
        try:
            return agent_respond(services, message, draft)
        except Exception as exc:  # the LLM is optional; never leave the user without an answer
            return f"（大模型暂时不可用：{type(exc).__name__}，以下为离线回答）\n\n" + offline_respond(services, message, draft)
    return offline_respond(services, message, draft)


def offline_respond(services: Services, message: str, draft: dict[str, Any] | None) -> str:
    s = Suggestion.model_validate(draft) if draft else None
    if m := re.search(r"(?:有什么问题|有何问题|哪里不对|检查一下|帮我看看)[:：]?\s*(.+)$", message):
        return _check_row(services, m.group(1))
    if "为什么" in message or "依据" in message or "怎么来" in message:
        return _why(message, s)
    if re.search(r"换一?个|备选|替换|其他的?.{0,4}指标", message):
        return _alternatives(message, s)
    if re.search(r"类似|同类|别人|其他项目|都用什么|用过", message):
        return _similar(services, message)
    if re.search(r"帮我(?:写|起草|编制|生成)|生成.{0,6}指标|起草", message):
        return _draft(services, message)
    return HELP


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
        l2 = h.indicator.level2 or "其他"
        key = f"{h.indicator.level3}（{h.indicator.value}）"
        by_l2.setdefault(l2, Counter())[key] += h.duplicates
        example.setdefault(key, h.project_name or h.table_id)
    lines = [f"与“{q}”相近的已发布项目常用这些指标："]
    for l2, c in by_l2.items():
        tops = "；".join(f"{k}，见“{example[k]}”" for k, _ in c.most_common(3))
        lines.append(f"- {l2}：{tops}")
    return "\n".join(lines)


def _draft(services: Services, message: str) -> str:
    from assistant.models import ProjectBrief

    name = re.sub(r"^.*?(?:帮我(?:写|起草|编制|生成)一?个?|起草一?个?)", "", message)
    name = re.split(r"[，,。的]指标|[，,。]", name)[0].strip() or "新项目"
    budget = re.search(r"预算\s*(\d+(?:\.\d+)?)\s*万", message)
    brief = ProjectBrief(name=name, purpose=message, budget_wan=float(budget.group(1)) if budget else None)
    s = services.suggest(brief)
    lines = [f"为“{name}”起草了 {len(s.rows)} 行指标（详细编辑请用“编制”页）："]
    lines += [f"- {r.level2}｜{r.level3}｜{r.target.render()}" for r in s.rows]
    return "\n".join(lines)


# ------------------------------------------------------------------------------ LLM agent
MAX_TOOL_STEPS = 3  # model turns that may call tools; then one answer without tools
MAX_CALLS_PER_STEP = 4  # tool calls run from one model turn
MAX_TOOL_RESULT = 4000  # characters of one tool result shown to the model


def agent_respond(services: Services, message: str, draft: dict[str, Any] | None,
                  max_steps: int = MAX_TOOL_STEPS) -> str:
    """A small tool-calling loop: the model may call search / lint / suggest / improve in at most
    `max_steps` turns, then answers in plain Chinese. Tool results are fenced as data with the same
    escaping as corpus text; all calls share the request's deadline (`llm.request_timeout_s`)."""
    from langchain_core.messages import HumanMessage, SystemMessage, ToolMessage
    from langchain_core.tools import tool

    from assistant.authoring.generate import _Deadline, fence, invoke_within
    from assistant.llm import load_prompt

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
        """为新项目生成绩效目标表建议。"""
        from assistant.models import ProjectBrief

        # The offline engine: a tool must not start another round of model calls inside this one.
        with services.index.pinned():
            s = services.composer.suggest(ProjectBrief(name=name, purpose=purpose, budget_wan=budget_wan))
        return json.dumps([{"二级": r.level2, "三级": r.level3, "指标值": r.target.render(), "理由": r.rationale}
                           for r in s.rows], ensure_ascii=False)

    @tool
    def current_draft() -> str:
        """当前编制页草稿的各行及其理由。"""
        if not draft:
            return "（无草稿）"
        s = Suggestion.model_validate(draft)
        return json.dumps([{"三级": r.level3, "指标值": r.target.render(), "理由": r.rationale} for r in s.rows],
                          ensure_ascii=False)

    deadline = _Deadline(services.settings.llm.request_timeout_s)
    tools = {t.name: t for t in (search_indicators, lint_indicator, suggest_table, current_draft)}
    plain_model = services.chat_model
    model = plain_model.bind_tools(list(tools.values()))
    msgs: list[Any] = [SystemMessage(load_prompt("chat_system.v1")), HumanMessage(message)]
    for _ in range(max_steps):
        ai = invoke_within(model, msgs, deadline)
        calls = getattr(ai, "tool_calls", None) or []
        if not calls:
            return _final(services, message, draft, ai.content)
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
                except Exception as exc:  # bad arguments from the model: tell it, do not fail the answer
                    result = f"工具调用失败：{type(exc).__name__}"
            msgs.append(ToolMessage(content=f"```data\n{fence(result[:MAX_TOOL_RESULT])}\n```",
                                    tool_call_id=call.get("id") or call["name"]))
    # The tool steps are used up: one last turn without tools, for an answer in words.
    msgs.append(HumanMessage("请根据以上资料，直接用简体中文回答用户的问题，不要再调用工具，不要输出代码块或 JSON。"))
    ai = invoke_within(plain_model, msgs, deadline)
    return _final(services, message, draft, ai.content)


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
