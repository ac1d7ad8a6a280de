"""`improve(table)`: a reviewer's table, rewritten row by row where the linter found a problem, plus
the rows its framework requires but the table lacks, each with the reason."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable

from pydantic import BaseModel, Field

from assistant.authoring.compose import OfflineComposer
from assistant.authoring.framework import slot_key_of, slots
from assistant.authoring.library import Library, load_library
from assistant.lint import lexicon as lx
from assistant.lint.table_rules import detect_framework
from assistant.models import GoalTable, Indicator, LintFinding, ProjectBrief, Severity, SuggestedRow

TableLinter = Callable[[GoalTable], list[LintFinding]]


class RowRewrite(BaseModel):
    row: int
    before: Indicator
    after: Indicator
    findings: list[LintFinding] = Field(default_factory=list)
    reason: str


class RowNote(BaseModel):
    """A row 全部采纳 could not make clean, and why (Chinese)."""

    row: int  # the reviewer's row number; for an added row (`added`) its place in the improved table
    level3: str | None = None
    findings: list[LintFinding] = Field(default_factory=list)
    reason: str
    added: bool = False


class Improvement(BaseModel):
    original: GoalTable
    improved: GoalTable
    rewrites: list[RowRewrite] = Field(default_factory=list)
    added: list[SuggestedRow] = Field(default_factory=list)
    table_findings: list[LintFinding] = Field(default_factory=list)
    unresolved: list[LintFinding] = Field(default_factory=list)  # findings no automatic fix could address
    unresolved_rows: list[RowNote] = Field(default_factory=list)  # per row: what is left and why


def apply_fixes(ind: Indicator, findings: list[LintFinding], framework: str | None = None) -> tuple[Indicator, list[str]]:
    """Apply every finding's concrete replacement to its field; returns the new row and what changed.

    A row moved to another 二级 also moves to that 二级's 一级 (满意度 under 效益 -> 满意度指标/...)."""
    updates: dict[str, str] = {}
    notes: list[str] = []
    for f in findings:
        if f.replacement and f.field in _FIELD_CN and f.field not in updates:
            updates[f.field] = f.replacement
            notes.append(f"{_FIELD_CN[f.field]}改为“{f.replacement}”：{f.message}")
    if "level2" in updates:
        key = slot_key_of(None, updates["level2"])
        if key is not None:
            slot = slots("2015" if framework == "2015" else "2021")[key]
            if slot_key_of(ind.level1, None) != key and lx.level1_key(ind.level1) != lx.level1_key(slot.level1):
                updates["level1"] = slot.level1
    return ind.model_copy(update=updates), notes


def _row_findings(findings: list[LintFinding]) -> dict[int, list[LintFinding]]:
    by_row: dict[int, list[LintFinding]] = {}
    for f in findings:
        if f.row is not None:
            by_row.setdefault(f.row, []).append(f)
    return by_row


def _blocking(fs: list[LintFinding]) -> list[LintFinding]:
    return [f for f in fs if f.severity in (Severity.ERROR, Severity.WARNING)]


# Words every project shares; a replacement row must share something more specific with the table.
_GENERIC = frozenset({"工作", "完成", "项目", "指标", "情况", "服务", "资金", "管理", "年度", "提升", "提高", "保障", "开展",
                      "实施", "建设", "群众", "社会", "质量", "数量", "时效", "成本", "效益", "满意", "意度", "对象",
                      "国家", "规划", "正常", "业务", "合格", "达标", "及时", "率", "人数", "覆盖", "有效"})


def _grams(text: str) -> set[str]:
    s = [ch for ch in text if "\u4e00" <= ch <= "\u9fff" or ch.isalnum()]
    return {a + b for a, b in itertools.pairwise(s)} - _GENERIC


def fits_project(row: SuggestedRow, table: GoalTable, before: Indicator) -> bool:
    """A replacement keeps the project: it shares specific words with the project or the row it replaces,
    so a DR-equipment table never receives a vaccination rate."""
    context = " ".join(x for x in (table.project_name, table.title, table.purpose, *table.goals,
                                   before.level3, before.description) if x)
    return bool(_grams((row.level3 or "") + (row.description or "")) & _grams(context))


def brief_of(table: GoalTable, library: Library | None = None) -> ProjectBrief:
    """The table as the engine's brief. Its 行业 goes along (else the department when its name says one,
    XX县人力资源和社会保障局): a 劳动监察 table reads like a 检察 one by meaning (监察/检察), and only the
    sector keeps another trade's rows (刑事申诉案件办结率) out of it."""
    sector = table.sector
    if not sector and table.department and (library or load_library()).sectors_named(table.department):
        sector = table.department
    return ProjectBrief(
        name=table.project_name or table.title or "项目", purpose=table.purpose or "",
        budget_wan=table.budget_wan, year=table.year, goals=table.goals, department=table.department,
        sector=sector,
    )


def _unify_level1(rows: list[Indicator], framework: str | None) -> list[Indicator]:
    """One spelling per 一级 in the revised table: the official name under the 2021 framework
    (效果指标 -> 效益指标), otherwise the table's own most common spelling."""
    spellings: dict[str | None, Counter[str]] = {}
    for r in rows:
        if r.level1:
            spellings.setdefault(lx.level1_key(r.level1), Counter())[r.level1.strip()] += 1
    out = []
    for r in rows:
        key = lx.level1_key(r.level1)
        if not r.level1 or key not in lx.LEVEL1_CN or key.startswith("dept_"):
            out.append(r)
            continue
        name = lx.LEVEL1_CN[key] if framework == "2021" else spellings[key].most_common(1)[0][0]
        out.append(r if r.level1 == name else r.model_copy(update={"level1": name}))
    return out


_FIELD_CN = {
    "level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "description": "绩效指标描述",
    "value": "指标值", "basis": "指标值确定依据",
}


def improve(table: GoalTable, lint_table: TableLinter, composer: OfflineComposer | None = None, *,
            replace_stuck: bool = True) -> Improvement:
    """Rewrite flagged rows, add missing slots, and re-lint: every row the result still flags is listed in
    `unresolved_rows` with the reason, so 全部采纳 never claims more than it did.

    `replace_stuck=False` leaves a row the fixes could not clean as it is (the carry-over decides between
    dropping and replacing it)."""
    findings = lint_table(table)
    by_row = _row_findings(findings)
    framework = detect_framework(table)
    rewrites: list[RowRewrite] = []
    new_rows = list(table.indicators)
    notes_by_row: dict[int, list[str]] = {}
    # Fixes can uncover further ones (≥80百分率 -> ≥80% -> a rate's standard): up to three passes.
    current = by_row
    for _ in range(3):
        changed = False
        for i, fs in current.items():
            if not 0 <= i < len(new_rows):
                continue
            after, notes = apply_fixes(new_rows[i], fs, framework)
            if notes and after != new_rows[i]:
                new_rows[i] = after
                notes_by_row.setdefault(i, []).extend(notes)
                changed = True
        if not changed:
            break
        current = _row_findings(lint_table(table.model_copy(update={"indicators": new_rows})))
    stuck = sorted(i for i, fs in current.items() if _blocking(fs) and 0 <= i < len(new_rows))

    added: list[SuggestedRow] = []
    replaced: dict[int, str] = {}
    if composer is not None:
        suggestion = composer.suggest(brief_of(table, getattr(composer, "library", None)), exclude_table_ids=(table.id,))
        spare = {id(r): r for r in suggestion.rows}
        names = {(r.level3 or "").strip() for r in new_rows}
        # A row the fixes could not clean is replaced by the suggestion's row for the same 二级, keeping
        # its place, when that row belongs to this project.
        for i in stuck if replace_stuck else ():
            key = slot_key_of(new_rows[i].level1, new_rows[i].level2)
            before = table.indicators[i]
            pick = next((r for r in spare.values() if slot_key_of(r.level1, r.level2) == key
                         and r.level3 not in names and fits_project(r, table, before)), None)
            if pick is None:
                continue
            del spare[id(pick)]
            names.add(pick.level3)
            after = pick.to_indicator().model_copy(update={"level1": before.level1 or pick.level1,
                                                          "level2": before.level2 or pick.level2})
            replaced[i] = (f"原指标“{before.level3}：{before.value}”无法直接改成可衡量的值，"
                           f"改用同类指标“{pick.level3} {pick.target.render()}”：{pick.rationale}")
            new_rows[i] = after
        have = {slot_key_of(r.level1, r.level2) for r in new_rows}
        taken: set[str | None] = set()
        for r in suggestion.rows:
            key = slot_key_of(r.level1, r.level2)
            if key not in have and key not in taken and id(r) in spare:
                taken.add(key)
                added.append(r)
    for i in sorted(set(notes_by_row) | set(replaced)):
        reason = replaced.get(i) or "；".join(notes_by_row[i])
        rewrites.append(RowRewrite(row=i, before=table.indicators[i], after=new_rows[i], findings=by_row.get(i, []),
                                   reason=reason))
    rows = list(new_rows)
    origin: list[int | None] = list(range(len(new_rows)))  # the reviewer's row number, None for added rows
    for r in added:  # next to rows of the same 一级, so merged cells in the export stay contiguous
        same = [i for i, x in enumerate(rows) if lx.level1_key(x.level1) == lx.level1_key(r.level1)]
        at = same[-1] + 1 if same else len(rows)
        rows.insert(at, r.to_indicator())
        origin.insert(at, None)
    rows = _unify_level1(rows, detect_framework(table.model_copy(update={"indicators": rows})))
    improved = table.model_copy(update={"indicators": rows})
    # What is still flagged in the revised table, row by row, by the reviewer's row numbers.
    left = _row_findings(lint_table(improved))
    unresolved_rows: list[RowNote] = []
    unresolved: list[LintFinding] = []
    for j, fs in sorted(left.items()):
        block = _blocking(fs)
        if not block or j >= len(rows):
            continue
        unresolved.extend(f for f in block if f.severity == Severity.ERROR)
        o = origin[j]
        unresolved_rows.append(RowNote(row=o if o is not None else j, level3=rows[j].level3, findings=block,
                                       reason=("补充的行：" if o is None else "") + _why_not(block), added=o is None))
    return Improvement(
        original=table, improved=improved, rewrites=rewrites, added=added,
        table_findings=[f for f in findings if f.row is None], unresolved=unresolved,
        unresolved_rows=unresolved_rows,
    )


def _why_not(fs: list[LintFinding]) -> str:
    """Why no automatic fix: the number or the wording has to come from the project itself."""
    parts = []
    for f in fs:
        if f.flag in ("vague_value", "no_unit_or_comparator"):
            parts.append(f"指标值需要项目计划中的数字或期限，无法自动填写（{f.fix}）")
        elif f.flag in ("vague_wording", "activity_not_result", "self_referential"):
            parts.append(f"三级指标需要按项目实际改写，没有找到同一项目可用的替代指标（{f.fix}）")
        else:
            parts.append(f"{f.message}{f.fix}")
    return "；".join(dict.fromkeys(parts))
