"""What a draft export carries besides the grid: each row's 理由与引用, and goals that follow the grid.

The grid the clerk exports is not the suggestion any more: rows are edited, swapped for alternatives,
added or removed. Both helpers work from the final rows and the suggestion (`Suggestion` state):
- `rationale_appendix`: a row keeps the rationale and citations of the suggested (or alternative) row
  with the same 三级指标 name, noting a changed value; a row with a name the suggestion never had is
  marked 用户修改.
- `synced_goals`: the 年度绩效目标 are written again from the final rows, unless the clerk edited the
  goals text (it differs from the text last generated), in which case theirs are kept word for word.
"""

from __future__ import annotations

from assistant.export.layout import AppendixRow, citation_text
from assistant.models import Indicator, SuggestedRow, Suggestion, TargetValue, ValueSource

USER_EDITED = "用户修改"
_VALUE_SOURCE = {"brief": "依据项目申报信息", "corpus": "参照已公开同类项目", "convention": "按通行口径", "llm": "模型建议"}


def _key(text: str | None) -> str:
    return "".join((text or "").split())


def _candidates(s: Suggestion) -> list[tuple[SuggestedRow, Suggestion]]:
    """The suggested rows, then the alternatives (a swapped-in row keeps its own rationale)."""
    alts = [r for rows in s.alternatives.values() for r in rows]
    # citation_text reads citations from `s.rows[i]`; alternatives get a one-row suggestion of their own.
    return [(r, s) for r in s.rows] + [(r, s.model_copy(update={"rows": [r]})) for r in alts]


def matched_row(s: Suggestion | None, ind: Indicator) -> tuple[SuggestedRow, str] | None:
    """The suggested row this grid row came from (same 三级指标 name) and its citation text."""
    if s is None or not ind.level3:
        return None
    want = _key(ind.level3)
    for r, owner in _candidates(s):
        if _key(r.level3) == want:
            return r, citation_text(owner, owner.rows.index(r))
    return None


def rationale_appendix(s: Suggestion | None, rows: list[Indicator], table: str = "") -> list[AppendixRow]:
    """Per final row: why it is there and what it cites; 用户修改 for rows the suggestion did not have."""
    out = []
    for i, ind in enumerate(rows):
        hit = matched_row(s, ind)
        if hit is None:
            out.append(AppendixRow(row=i, level3=ind.level3 or "", rationale=USER_EDITED, table=table))
            continue
        r, cites = hit
        why = r.rationale.strip()
        source = _VALUE_SOURCE.get(r.value_source, "")
        if source and source not in why:
            why = f"{why}（指标值{source}）" if why else f"指标值{source}"
        suggested = r.target.render()
        if _key(ind.value) != _key(suggested):
            why += f"（{USER_EDITED}：指标值由“{suggested}”改为“{ind.value or '空'}”）"
        out.append(AppendixRow(row=i, level3=ind.level3 or "", rationale=why, citations=cites, table=table))
    return out


def _lines(text: str | list[str] | None) -> list[str]:
    if isinstance(text, list):
        text = "\n".join(text)
    return [g.strip() for g in (text or "").splitlines() if g.strip()]


def goals_edited(goals_text: str | list[str] | None, last_generated: list[str] | None) -> bool:
    """Whether the clerk changed the goals text since it was generated (whitespace does not count)."""
    return [_key(g) for g in _lines(goals_text)] != [_key(g) for g in _lines(last_generated or [])]


def _as_suggested(s: Suggestion, ind: Indicator) -> SuggestedRow:
    hit = matched_row(s, ind)
    source: ValueSource = "brief"  # a value the clerk typed is the project's own figure
    if hit is not None and _key(hit[0].target.render()) == _key(ind.value):
        source = hit[0].value_source
    return SuggestedRow(level1=ind.level1 or "", level2=ind.level2 or "", level3=ind.level3 or "",
                        description=ind.description or "", target=TargetValue.parse(ind.value), basis=ind.basis or "",
                        rationale="", value_source=source)


def synced_goals(s: Suggestion | None, rows: list[Indicator], goals_text: str | list[str] | None) -> list[str]:
    """The goals to export: the clerk's text when edited, else written again from the final rows."""
    typed = _lines(goals_text)
    if s is None or goals_edited(typed, s.goals):
        return typed
    if s.brief.goals:  # goals the clerk gave in the brief are theirs, not generated
        return list(s.brief.goals)
    from assistant.authoring.table import goal_sentence

    return [goal_sentence(s.brief, [_as_suggested(s, i) for i in rows])]


__all__ = ["USER_EDITED", "goals_edited", "matched_row", "rationale_appendix", "synced_goals"]
