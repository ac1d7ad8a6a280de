"""Operations on the 编制 draft: the history used by 撤销, swapping in an alternative, chat edits.

A grid is the list of rows the page shows (GRID_HEADERS: six table columns, 检查结果, 理由与引用). A
"book" is the draft's bookkeeping, a JSON-able dict kept in the page state and the browser:
`history` (earlier versions, newest last) and `generated` (the six columns the last 生成建议 produced,
to tell whether the clerk edited the grid since). Every function returns new values; none mutates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assistant.models import Suggestion
from assistant.ui.handlers import UserError, draft_relint

if TYPE_CHECKING:
    from assistant.services import Services

HISTORY_LIMIT = 20
ADD_AS_NEW = "作为新行添加"
COLUMNS = {"level1": 0, "level2": 1, "level3": 2, "description": 3, "value": 4, "basis": 5}
FIELD_CN = {"level3": "三级指标", "value": "指标值", "basis": "指标值确定依据", "description": "绩效指标描述",
            "level1": "一级指标", "level2": "二级指标"}
GRID_WIDTH = 8
VALUE_SOURCE_CN = {"brief": "项目说明中的数字", "corpus": "同类已发布项目的取值", "convention": "通行标准",
                   "llm": "大模型的建议"}


# ----------------------------------------------------------------------------- grid basics
def as_rows(grid: Any) -> list[list[str]]:
    """The grid as a list of 8-cell string rows; empty rows dropped (DataFrame or list of lists)."""
    if grid is None:
        return []
    if hasattr(grid, "values") and hasattr(grid, "columns"):
        grid = grid.values.tolist()
    out = []
    for r in grid:
        cells = [("" if c is None else str(c)) for c in list(r)[:GRID_WIDTH]]
        cells += [""] * (GRID_WIDTH - len(cells))
        if any(c.strip() for c in cells[:6]):
            out.append(cells)
    return out


def table_part(grid: Any) -> list[list[str]]:
    """The six table columns of each row, trimmed: what counts as the clerk's content."""
    return [[c.strip() for c in r[:6]] for r in as_rows(grid)]


def relint(grid: Any) -> tuple[list[list[str]], str]:
    """Every row checked again (a swapped or chat-edited row is checked like any other)."""
    rows = as_rows(grid)
    if not rows:
        return [], "表格为空。"
    return draft_relint(None, rows)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- history
def new_book(book: dict[str, Any] | None = None) -> dict[str, Any]:
    b = dict(book or {})
    b.setdefault("history", [])
    b.setdefault("generated", None)
    return b


def push(book: dict[str, Any] | None, grid: Any, goals: str | None, suggestion: dict[str, Any] | None,
         label: str) -> dict[str, Any]:
    """The book with the state before a change appended (at most HISTORY_LIMIT versions kept)."""
    b = new_book(book)
    snap = {"grid": as_rows(grid), "goals": goals or "", "suggestion": suggestion, "label": label}
    b["history"] = [*b["history"], snap][-HISTORY_LIMIT:]
    return b


def undo(book: dict[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the version before the last change, the book without it)."""
    b = new_book(book)
    if not b["history"]:
        raise UserError("没有可以撤销的修改。")
    *rest, last = b["history"]
    return last, {**b, "history": rest}


def mark_generated(book: dict[str, Any] | None, grid: Any) -> dict[str, Any]:
    return {**new_book(book), "generated": table_part(grid)}


def is_edited(grid: Any, book: dict[str, Any] | None) -> bool:
    """True when the grid holds rows that are not exactly what 生成建议 last produced."""
    current = table_part(grid)
    if not current:
        return False
    return current != (new_book(book)["generated"] or [])


# ----------------------------------------------------------------------------- alternatives
def target_choices(grid: Any, alt_choice: str | None) -> list[str]:
    """Where an alternative can go: each grid row of its 二级 (第N行：名称 值), then 作为新行添加."""
    level2 = (alt_choice or "").split("｜")[0]
    out = [f"第{i + 1}行：{r[2]} {r[4]}".strip() for i, r in enumerate(as_rows(grid)) if level2 and r[1].strip() == level2]
    return [*out, ADD_AS_NEW]


def _row_number(target: str | None) -> int | None:
    m = re.match(r"第(\d+)行", target or "")
    return int(m.group(1)) - 1 if m else None


def swap(grid: Any, suggestion: dict[str, Any] | None, alt_choice: str | None, target: str | None
         ) -> tuple[list[list[str]], str]:
    """Put the chosen alternative into the chosen row (or as a new row); the result is linted again."""
    if not suggestion or not alt_choice:
        raise UserError("请先生成建议，再选择一个备选指标。")
    if not target:
        raise UserError("请选择要替换的行，或选择“作为新行添加”。")
    from assistant.ui.handlers import _explain

    s = Suggestion.model_validate(suggestion)
    level2, level3, _ = [*alt_choice.split("｜"), "", ""][:3]
    alt = next((r for r in s.alternatives.get(level2, []) if r.level3 == level3), None)
    if alt is None:
        raise UserError("没有找到这个备选指标，请重新生成建议。")
    rows = as_rows(grid)
    new = [alt.level1, alt.level2, alt.level3, alt.description, alt.target.render(), alt.basis, "", _explain(alt)]
    n = _row_number(target)
    if target == ADD_AS_NEW or n is None:
        rows.append(new)
        said = f"已将“{alt.level3}”作为第{len(rows)}行添加。"
    else:
        if not 0 <= n < len(rows):
            raise UserError(f"表中没有第{n + 1}行，请重新选择要替换的行。")
        said = f"已用“{alt.level3}”替换第{n + 1}行“{rows[n][2]}”。"
        rows[n] = new
    out, summary = relint(rows)
    return out, said + summary


# ----------------------------------------------------------------------------- chat edits
def _overlap(a: str, b: str) -> int:
    return len(set(a) & set(b))


def common_run(a: str, b: str) -> int:
    """Length of the longest run of characters both strings share (满意度 in 为什么满意度是… and 参训人员满意度)."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def find_row(grid: Any, row: int | None = None, target: str | None = None) -> int:
    """The 0-based row a chat message means: 第N行, a 三级 name (exact, contained, or closest), or a 二级."""
    rows = as_rows(grid)
    if not rows:
        raise UserError("当前没有草稿表格：请先在“编制”页生成建议，或说“帮我写一个…项目的指标”。")
    t = (target or "").strip()
    if row is None and (m := re.search(r"第\s*([0-9一二三四五六七八九十两]+)\s*[行条项]", t)):
        from assistant.ui.intents import cn_number

        row = cn_number(m.group(1))
    if row is not None:
        if not 1 <= row <= len(rows):
            raise UserError(f"表中只有 {len(rows)} 行，没有第{row}行。")
        return row - 1
    t = re.sub(r"(?:这一?行|那一?行|这个指标|这条|指标)$", "", t).strip() or t
    if not t:
        raise UserError("请说明是哪一行，例如“第3行”或三级指标的名称。")
    for i, r in enumerate(rows):
        if r[2].strip() == t:
            return i
    contained = [i for i, r in enumerate(rows) if r[2].strip() and (t in r[2] or r[2].strip() in t)]
    if contained:
        return contained[0]
    level2 = [i for i, r in enumerate(rows) if r[1].strip() and (t in r[1] or r[1].replace("指标", "") in t)]
    if len(level2) == 1:
        return level2[0]
    # A whole question (为什么满意度是≥90%？): the row sharing the longest run of characters with it.
    runs = [common_run(t, r[2]) for r in rows]
    best = max(range(len(rows)), key=lambda i: (runs[i], -len(rows[i][2])))
    if runs[best] >= 2 and runs.count(runs[best]) == 1:
        return best
    raise UserError(f"当前表格中没有找到“{t}”：请说出三级指标的名称，或用“第N行”。")


def _value_text(new: str) -> str:
    """A value as the tables write it: 95%以上 -> ≥95%; other text kept as the clerk said it."""
    from assistant.values import TargetValue

    t = TargetValue.parse(new)
    return t.render() if t.has_number else new


def _looks_like_value(new: str) -> bool:
    return bool(re.search(r"\d|[≥≤<>＞＜%％]|以上|以下|不低于|不高于|不超过", new))


def edit_row(grid: Any, row: int | None, target: str | None, field: str | None, new: str) -> tuple[list[list[str]], str]:
    """One cell changed; field None means the value when the new text reads as one, else the name."""
    rows = as_rows(grid)
    i = find_row(rows, row, target)
    key = field or ("value" if _looks_like_value(new) else "level3")
    text = _value_text(new) if key == "value" else new.strip()
    if not text:
        raise UserError("请说明要改成什么，例如“把满意度改成≥90%”。")
    old = rows[i][COLUMNS[key]]
    rows[i] = list(rows[i])
    rows[i][COLUMNS[key]] = text
    if key in ("value", "level3", "basis"):
        rows[i][7] = f"（已按对话修改{FIELD_CN[key]}：{old or '空'} → {text}）" + (rows[i][7] or "")
    out, summary = relint(rows)
    return out, f"已将第{i + 1}行“{rows[i][2]}”的{FIELD_CN[key]}由“{old}”改为“{text}”。检查结果：{out[i][6]}。{summary}"


def remove_row(grid: Any, row: int | None, target: str | None) -> tuple[list[list[str]], str]:
    rows = as_rows(grid)
    i = find_row(rows, row, target)
    gone = rows.pop(i)
    if not rows:
        return [], f"已删除第{i + 1}行“{gone[2]}”，表格已空。"
    out, summary = relint(rows)
    return out, f"已删除第{i + 1}行“{gone[2]}”（{gone[1]}）。{summary}"


def add_row(services: Services | None, grid: Any, suggestion: dict[str, Any] | None, what: str
            ) -> tuple[list[list[str]], str]:
    """A row for `what`: a draft alternative, else the sector library, else a comparable published row."""
    rows = as_rows(grid)
    found = find_indicator(services, what, suggestion, rows)
    if found is None:
        raise UserError(f"指标库和同类项目中都没有找到与“{what}”相近的指标，请直接在表格中添加一行。")
    new, where = found
    rows.append(new)
    out, summary = relint(rows)
    return out, (f"已添加第{len(out)}行：{new[1]}·{new[2]}，指标值 {new[4] or '（待填写）'}（{where}）。"
                 f"检查结果：{out[-1][6]}。{summary}")


def _level2_named(what: str) -> str | None:
    from assistant.authoring.framework import SHORT_LEVEL2

    w = what.replace("指标", "").strip()
    return SHORT_LEVEL2.get(w) or next((v for v in SHORT_LEVEL2.values() if v == what), None)


def _matches(what: str, name: str) -> int:
    """How well an indicator name answers `what` (0 = not at all)."""
    if not name:
        return 0
    if what in name:
        return 100 + len(what)
    run = common_run(what, name)
    return run if run >= max(2, -(-len(what) * 3 // 5)) else 0


def _brief_number(unit: str, suggestion: dict[str, Any] | None) -> str | None:
    """A count the brief states in this unit (培训3000人次 -> ≥3000人次)."""
    if not unit or not suggestion:
        return None
    b = suggestion.get("brief") or {}
    text = " ".join([b.get("purpose") or "", *(b.get("quantities") or [])])
    m = re.search(r"(\d+(?:\.\d+)?)\s*" + re.escape(unit), text)
    return f"≥{m.group(1)}{unit}" if m else None


def find_indicator(services: Services | None, what: str, suggestion: dict[str, Any] | None,
                   rows: list[list[str]]) -> tuple[list[str], str] | None:
    """A new row for `what` and where it came from, from the draft's own alternatives, the sector library
    (the draft's sector and project kinds first) or comparable published rows; None when nothing fits."""
    from assistant.authoring.framework import slot_key_of, slots
    from assistant.authoring.library import filled, load_library, match_kinds
    from assistant.ui.handlers import _explain

    have = {r[2].strip() for r in rows}
    level2 = _level2_named(what)
    s = Suggestion.model_validate(suggestion) if suggestion else None
    if s is not None:
        for l2, alts in s.alternatives.items():
            for a in alts:
                if a.level3 in have:
                    continue
                if (level2 and l2 == level2) or (not level2 and _matches(what, a.level3)):
                    return ([a.level1, a.level2, a.level3, a.description, a.target.render(), a.basis, "", _explain(a)],
                            "取自本草稿的备选指标")
    lib = load_library()
    brief = (suggestion or {}).get("brief") or {}
    sector = lib.sector_named(brief.get("sector"))
    project_text = f"{brief.get('name') or ''} {brief.get('purpose') or ''}"
    own = [m.kind for m in match_kinds(project_text, library=lib)] if project_text.strip() else []
    # The draft's sector: the form's 行业, else that of the project's best-matching kind.
    sector_name = sector.name if sector else (own[0].sector if own else None)
    own = [k for k in own if sector_name is None or k.sector == sector_name]
    pools = [*own, *[k for k in lib.kinds if sector_name and k.sector == sector_name and k not in own]]
    slot_of = slots("2021")
    best: tuple[int, Any, Any] | None = None
    for rank, kind in enumerate([*pools, None]):
        cands = kind.candidates if kind is not None else lib.generic
        for c in cands:
            name = filled(c, kind, brief.get("year") or 2026)["level3"]
            if name in have:
                continue
            score = 100 if level2 and slot_of[c.slot].level2 == level2 else (0 if level2 else _matches(what, name))
            if score and (best is None or score - rank * 0.01 > best[0]):
                best = (score - rank * 0.01, c, kind)  # type: ignore[assignment]
        if best is not None and rank < len(own):
            break  # the project's own kind answered: do not look further
    if best is not None:
        _, c, kind = best
        f = filled(c, kind, brief.get("year") or 2026)
        slot = slot_of[c.slot]
        value = (c.value and f["value"]) or _brief_number(c.unit, suggestion) or ""
        src = f"{kind.sector}·{kind.label}" if kind is not None else "通用指标"
        why = c.convention or ("数值须按项目说明填写" if not value else "数值取自项目说明")
        return ([slot.level1, slot.level2, f["level3"], f["description"], value, f["basis"], "",
                 f"取自指标库（{src}）。{why}"], f"取自指标库：{src}")
    if services is not None:
        for h in services.index.search_rows(what, k=20):
            ind = h.indicator
            if not ind.level3 or ind.level3 in have or not _matches(what, ind.level3):
                continue
            key = slot_key_of(ind.level1, ind.level2)
            hit_slot = slot_of.get(key or "")
            l1, l2 = (hit_slot.level1, hit_slot.level2) if hit_slot else (ind.level1 or "", ind.level2 or "")
            project = h.project_name or h.table_id
            return ([l1, l2, ind.level3, ind.description or ind.level3, ind.value or "", ind.basis or "", "",
                     f"参考同类已发布项目“{project}”的“{ind.level3}”{ind.value or ''}，请按本项目核对数值。"],
                    f"参考同类项目“{project}”")
    same = next((i for i, r in enumerate(rows) if _matches(what, r[2])), None)
    if same is not None:
        raise UserError(f"表中已有第{same + 1}行“{rows[same][2]}”（{rows[same][4]}），指标库和同类项目中没有别的相近指标；"
                        "如需修改，可以说“把第{same + 1}行的指标值改为…”。".replace("{same + 1}", str(same + 1)))
    return None


def explain_row(grid: Any, suggestion: dict[str, Any] | None, row: int | None, target: str | None,
                message: str = "") -> str:
    """Why this row: from the CURRENT grid (value, basis, 理由与引用), noting an edit since the suggestion."""
    rows = as_rows(grid)
    i = find_row(rows, row, target or message)
    r = rows[i]
    lines = [f"第{i + 1}行“{r[2]}”（{r[1]}）当前的指标值是 {r[4] or '（空）'}。"]
    if suggestion:
        s = Suggestion.model_validate(suggestion)
        orig = next((x for x in s.rows if x.level3 == r[2].strip()), None)
        if orig is not None and orig.target.render() == r[4].strip():
            lines.append(f"这一值来自{VALUE_SOURCE_CN.get(orig.value_source, orig.value_source)}。")
        elif orig is not None:
            lines.append(f"这一值已被修改（最初建议为 {orig.target.render()}），下面的理由针对最初的建议，请按修改后的值核对依据。")
    from assistant.values import TargetValue

    asked = re.search(r"[≥≤><=＞＜]\s*\d+(?:\.\d+)?\s*%?|\d+(?:\.\d+)?\s*%", message)
    if asked and TargetValue.parse(asked.group(0)).render() != TargetValue.parse(r[4]).render():
        lines.append(f"（表中当前为 {r[4]}，不是 {TargetValue.parse(asked.group(0)).render()}。）")
    lines.append(f"指标值确定依据：{r[5] or '（未填写）'}")
    if r[7].strip():
        lines.append(f"理由与引用：{r[7].strip()}")
    if r[6].strip():
        lines.append(f"检查结果：{r[6].strip()}")
    return "\n".join(lines)


def check_grid(grid: Any) -> tuple[list[list[str]], str]:
    """The lint findings of the current grid, row by row."""
    rows = as_rows(grid)
    if not rows:
        raise UserError("当前没有草稿表格：请先在“编制”页生成建议。")
    out, summary = relint(rows)
    bad = [f"- 第{i + 1}行“{r[2]}”：{r[6]}" for i, r in enumerate(out) if not r[6].startswith("✔")]
    head = f"检查了当前表格的 {len(out)} 行：" + ("逐行均通过。" if not bad else f"{len(bad)} 行有问题：")
    return out, "\n".join([head, *bad, summary])


# ----------------------------------------------------------------------------- page-level steps
FORM_FIELDS = ("name", "purpose", "budget", "department", "sector", "year", "quantities")


@dataclass
class DraftView:
    """What the 编制 tab shows after a step: grid, goals, suggestion (the engine's answer) and the book."""

    grid: list[list[str]]
    goals: str
    suggestion: dict[str, Any] | None
    book: dict[str, Any]
    message: str = ""


def regenerate(services: Services, fields: Sequence[Any], grid: Any, goals: str | None,
               suggestion: dict[str, Any] | None, book: dict[str, Any] | None, *, force: bool = False
               ) -> tuple[str | None, DraftView | None]:
    """生成建议: (a warning, None) when the grid holds the clerk's edits and `force` is not set; else the
    new suggestion, with the old grid kept in the history so 撤销 brings it back."""
    if not force and is_edited(grid, book):
        return ("⚠ 表格中有您修改过的内容，重新生成会覆盖这些修改。点击“确认覆盖”继续（之后仍可用“撤销”恢复），"
                "或保留当前表格。"), None
    from assistant.ui.handlers import draft_suggest

    g, goals_text, note, state = draft_suggest(services, *fields)
    b = push(book, grid, goals, suggestion, "生成建议") if as_rows(grid) else new_book(book)
    return None, DraftView(g, goals_text, state, mark_generated(b, g), note)


def undo_view(book: dict[str, Any] | None) -> DraftView:
    snap, b = undo(book)
    return DraftView(snap["grid"], snap.get("goals") or "", snap.get("suggestion"), b,
                     f"已撤销：{snap.get('label') or '上一步修改'}。")


def swap_view(grid: Any, goals: str | None, suggestion: dict[str, Any] | None, book: dict[str, Any] | None,
              alt_choice: str | None, target: str | None) -> DraftView:
    g, said = swap(grid, suggestion, alt_choice, target)
    return DraftView(g, goals or "", suggestion, push(book, grid, goals, suggestion, "替换备选指标"), said)


def chat_turn(services: Services, message: str, grid: Any, goals: str | None, suggestion: dict[str, Any] | None,
              book: dict[str, Any] | None) -> tuple[str, DraftView | None]:
    """One chat message over the draft: (the answer, the new view when the draft changed)."""
    from assistant.ui.chat import act
    from assistant.ui.intents import parse

    if parse(message).name == "undo":
        try:
            view = undo_view(book)
        except UserError as exc:
            return str(exc), None
        return view.message, view
    reply = act(services, message, suggestion, grid)
    if reply.grid is None:
        return reply.text, None
    new_suggestion = reply.suggestion if reply.suggestion is not None else suggestion
    same = table_part(reply.grid) == table_part(grid) and new_suggestion is suggestion
    b = new_book(book) if same else push(book, grid, goals, suggestion, reply.label or "对话修改")
    if reply.suggestion is not None:
        b = mark_generated(b, reply.grid)
    return reply.text, DraftView(reply.grid, reply.goals if reply.goals is not None else (goals or ""),
                                 new_suggestion, b, reply.text)


def snapshot(fields: Sequence[Any], grid: Any, goals: str | None, suggestion: dict[str, Any] | None,
             book: dict[str, Any] | None) -> dict[str, Any]:
    """The whole draft as one JSON-able value, for the browser's storage."""
    return {"version": 1, "fields": {k: ("" if v is None else v) for k, v in zip(FORM_FIELDS, fields, strict=False)},
            "grid": as_rows(grid), "goals": goals or "", "suggestion": suggestion, "book": new_book(book)}


def restore(saved: Any) -> dict[str, Any] | None:
    """A stored draft checked back into shape; None when there is none or it is not one of ours."""
    if not isinstance(saved, dict) or saved.get("version") != 1:
        return None
    raw = saved.get("fields")
    fields: dict[str, Any] = raw if isinstance(raw, dict) else {}
    suggestion = saved.get("suggestion")
    if suggestion is not None:
        try:
            Suggestion.model_validate(suggestion)
        except ValueError:
            suggestion = None
    book = saved.get("book") if isinstance(saved.get("book"), dict) else None
    return {"fields": {k: str(fields.get(k) or "") for k in FORM_FIELDS}, "grid": as_rows(saved.get("grid")),
            "goals": str(saved.get("goals") or ""), "suggestion": suggestion, "book": new_book(book)}
