"""审核 tab handlers: read a submission, list its findings, apply fixes, edit and re-check, export.

Plain functions over services and plain data, as in `handlers` (whose names `review_run`,
`review_apply`, `review_export` still import from there). The state dict holds the submitted table
(`table`), the proposed fixes (`improvement`), the findings, and the table as it stands now (`current`),
which fixes and the clerk's edits change.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from assistant.models import GoalTable, Indicator, LintFinding, Severity
from assistant.ui.handlers import (
    SEVERITY_MARK,
    UserError,
    _findings_text,
    _problem_name,
    _unresolved_text,
    read_submission,
    rows_from_grid,
)

if TYPE_CHECKING:
    from assistant.authoring.improve import Improvement
    from assistant.services import Services

ROW_HINT = "例如 3、3-5 或 3,5"
_ALL = ("", "全部", "所有", "全部行", "all")
_RANGE = re.compile(r"^(\d+)\s*(?:-|－|—|–|~|～|至|到)\s*(\d+)$")
_SEP = re.compile(r"[,，、;；\s]+")
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def parse_row_numbers(text: Any, n_rows: int) -> list[int] | None:
    """0-based row indices from what a reviewer types: 3, 3-5, 3,5, 3，5, 3、5, 第3行; None means all rows.

    '4,5' is rows 4 and 5 (never 45); a number outside 1..n_rows is a UserError naming the range."""
    raw = ("" if text is None else str(text)).strip().translate(_FULLWIDTH)
    if raw.lower() in _ALL:
        return None
    raw = re.sub(r"第\s*(\d+)\s*行", r"\1", raw).replace("行", "")
    out: list[int] = []
    for part in _SEP.split(raw):
        if not part:
            continue
        m = _RANGE.match(part)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if a > b:
                a, b = b, a
            nums = list(range(a, b + 1))
        elif part.isdigit():
            nums = [int(part)]
        else:
            raise UserError(f"行号“{part}”看不懂：请写行号，{ROW_HINT}。")
        for k in nums:
            if not 1 <= k <= n_rows:
                raise UserError(f"第 {k} 行不存在：本表共 {n_rows} 行，请写 1 到 {n_rows} 之间的行号，{ROW_HINT}。")
            if k - 1 not in out:
                out.append(k - 1)
    if not out:
        raise UserError(f"请写要采纳修改的行号，{ROW_HINT}。")
    return out


def _state_parts(state: dict[str, Any] | None) -> tuple[Improvement, GoalTable]:
    from assistant.authoring.improve import Improvement

    if not state:
        raise UserError("请先运行审核。")
    return Improvement.model_validate(state["improvement"]), GoalTable.model_validate(state["current"])


def table_grid(services: Services, table: GoalTable) -> list[list[str]]:
    """The revised table as grid rows, each with its own check result."""
    from assistant.lint import lint_table

    findings = lint_table(table)
    return [[i.level1 or "", i.level2 or "", i.level3 or "", i.description or "", i.value or "", i.basis or "",
             _findings_text([f for f in findings if f.row == k]), ""] for k, i in enumerate(table.indicators)]


def review_run(services: Services, text: str, file_path: str | None) -> tuple[list[list[str]], str, dict[str, Any]]:
    table = read_submission(services, text, file_path)
    imp = services.improve(table)
    findings = services.lint(table)
    from assistant.lint import score_table

    scored = score_table(table, findings)
    score = scored.score
    after = score_table(imp.improved).score  # the lint score of the revised table itself
    rows = []
    for f in sorted(findings, key=lambda f: (f.row if f.row is not None else 10**6, f.severity != Severity.ERROR)):
        ind = table.indicators[f.row] if f.row is not None and f.row < len(table.indicators) else None
        rows.append([
            "整表" if f.row is None else str(f.row + 1), (ind.level3 or "") if ind else "", (ind.value or "") if ind else "",
            f"{SEVERITY_MARK[f.severity]} {_problem_name(f)}", f.evidence, f.message,
            f.replacement or f.fix, f.code,
        ])
    errors = sum(f.severity == Severity.ERROR for f in findings)
    summary = (
        f"**{table.project_name or '未命名项目'}**：{len(table.indicators)} 行指标，{len(findings)} 个问题（{errors} 个错误）。"
        f"表格得分 **{score:.0f}/100**，全部采纳修改后 {after:.0f}/100（按修改后的表重新检查）。"
        + ("\n\n" + " ".join(scored.explanation[1:]) if scored.explanation else "")
        + (f"\n\n建议补充 {len(imp.added)} 行：" + "、".join(f"{r.level2}·{r.level3}" for r in imp.added) if imp.added else "")
        + (f"\n\n全部采纳后仍有 {len(imp.unresolved_rows)} 行需要人工修改：" + _unresolved_text(imp)
           if imp.unresolved_rows else "")
        + "\n\n点击问题所在的行可查看并采纳该行的修改；下方“修改后的目标表”可以直接修改，修改后自动重新检查。"
    )
    state = {"table": table.model_dump(mode="json"), "improvement": imp.model_dump(mode="json"),
             "findings": [f.model_dump(mode="json") for f in findings], "current": table.model_dump(mode="json")}
    return rows, summary, state


def review_table(services: Services, state: dict[str, Any] | None) -> list[list[str]]:
    """The table as it stands (the submission until a fix is applied), for the editable grid."""
    _, current = _state_parts(state)
    return table_grid(services, current)


def finding_detail(services: Services, state: dict[str, Any] | None, row_cell: Any) -> tuple[str, str]:
    """What a clicked finding row shows: (the row number for the 行号 box, the problems and the fix)."""
    imp, current = _state_parts(state)
    cell = str(row_cell or "").strip()
    if not cell.isdigit():
        table_level = [LintFinding.model_validate(f) for f in state["findings"] if f.get("row") is None]  # type: ignore[index]
        text = "；".join(f"{f.message}{f.fix}" for f in table_level) or "这是整表的问题。"
        return "", f"**整表**：{text}（整表问题需要人工补充指标行，不能按行采纳。）"
    n = int(cell) - 1
    findings = [LintFinding.model_validate(f) for f in state["findings"] if f.get("row") == n]  # type: ignore[index]
    ind = current.indicators[n] if 0 <= n < len(current.indicators) else None
    lines = [f"**第 {n + 1} 行“{(ind.level3 if ind else '') or ''}”**"]
    lines += [f"- {SEVERITY_MARK[f.severity]} {_problem_name(f)}：{f.message}" for f in findings]
    rw = next((r for r in imp.rewrites if r.row == n), None)
    if rw is None:
        lines.append("\n这一行没有可自动采纳的修改，请在下方表格中直接改写：" + "；".join(f.fix for f in findings if f.fix))
    else:
        before, after = rw.before, rw.after
        changes = [f"{label}：“{getattr(before, k) or ''}” → “{getattr(after, k) or ''}”"
                   for k, label in (("level1", "一级指标"), ("level2", "二级指标"), ("level3", "三级指标"),
                                    ("description", "绩效指标描述"), ("value", "指标值"), ("basis", "指标值确定依据"))
                   if getattr(before, k) != getattr(after, k)]
        lines.append("\n建议修改：" + "；".join(changes) + "。点击“采纳此行修改”应用。")
    return str(n + 1), "\n".join(lines)


def review_apply(services: Services, state: dict[str, Any] | None, row_number: Any) -> tuple[list[list[str]], str, dict[str, Any]]:
    """Apply the fixes of the rows named (3, 3-5, 3,5 ...), or of all rows when empty/"全部"."""
    imp, current = _state_parts(state)
    assert state is not None
    wanted = parse_row_numbers(row_number, max(len(imp.original.indicators), len(current.indicators)))
    if wanted is None:
        kept: list[int] = []
        if current.indicators == imp.original.indicators:
            current = imp.improved.model_copy(update={k: getattr(current, k) for k in _META if getattr(current, k)})
        else:
            # The clerk edited the table: fixes go to the rows still as submitted, edited rows stay theirs.
            rows = list(current.indicators)
            for rw in imp.rewrites:
                if rw.row < len(rows) and rows[rw.row] == rw.before:
                    rows[rw.row] = rw.after
                else:
                    kept.append(rw.row)
            have = {(i.level2, i.level3) for i in rows}
            rows += [a.to_indicator() for a in imp.added if (a.level2, a.level3) not in have]
            current = current.model_copy(update={"indicators": rows})
        n_done = len(imp.rewrites) - len(kept)
        done = f"已采纳全部 {n_done} 处修改" + (f"，并补充 {len(imp.added)} 行" if imp.added else "") + "。"
        if kept:
            done += "您改过的第 " + "、".join(str(n + 1) for n in kept) + " 行保留您的写法。"
        if imp.unresolved_rows:
            done += f"以下 {len(imp.unresolved_rows)} 行无法自动改好，需要人工修改：" + _unresolved_text(imp)
        else:
            done += "修改后的表逐行检查无警告。"
    else:
        by_row = {r.row: r for r in imp.rewrites}
        ok = [n for n in wanted if n in by_row and n < len(current.indicators)]
        missing = [n for n in wanted if n not in ok]
        if not ok:
            raise UserError("第 " + "、".join(str(n + 1) for n in missing) + " 行没有可自动采纳的修改。")
        rows = list(current.indicators)
        for n in ok:
            rows[n] = by_row[n].after
        current = current.model_copy(update={"indicators": rows})
        done = "；".join(f"已采纳第 {n + 1} 行的修改：{by_row[n].reason}" for n in ok)
        if missing:
            done += "。第 " + "、".join(str(n + 1) for n in missing) + " 行没有可自动采纳的修改，请在表中直接改写。"
    state = {**state, "current": current.model_dump(mode="json")}
    return table_grid(services, current), done, state


# Facts of the submission that a fix or an edit of the grid never changes (budget, goals, plan ...).
_META = ("project_name", "project_code", "department", "region", "year", "budget_wan", "fiscal_wan", "purpose",
         "spending_plan", "goals", "title", "sector")


def review_edit(services: Services, state: dict[str, Any] | None, grid: Any) -> tuple[list[list[str]], str, dict[str, Any]]:
    """The clerk edited the revised table: keep their text, re-check every row, report the score."""
    from assistant.lint import lint_table, score_table

    _, current = _state_parts(state)
    assert state is not None
    rows: list[Indicator] = rows_from_grid(grid)
    if not rows:
        raise UserError("修改后的表格为空：请至少保留一行指标。")
    # An edited row keeps the extras (优/良/中/差, 前年/上年) of the row it was, when its name still matches.
    for k, ind in enumerate(rows):
        if k < len(current.indicators) and current.indicators[k].level3 == ind.level3:
            ind.extra = dict(current.indicators[k].extra)
    table = current.model_copy(update={"indicators": rows})
    findings = lint_table(table)
    errors = sum(f.severity == Severity.ERROR for f in findings)
    warnings = sum(f.severity == Severity.WARNING for f in findings)
    summary = f"已按修改后的表重新检查：得分 **{score_table(table, findings).score:.0f}/100**，{errors} 个错误，{warnings} 个警告。" + "".join(
        f"\n- {SEVERITY_MARK[f.severity]} {f.message}" for f in findings if f.row is None)
    out = [[i.level1 or "", i.level2 or "", i.level3 or "", i.description or "", i.value or "", i.basis or "",
            _findings_text([f for f in findings if f.row == k]), ""] for k, i in enumerate(rows)]
    return out, summary, {**state, "current": table.model_dump(mode="json")}


def opinion_file(services: Services, state: dict[str, Any] | None, fmt: str) -> str:
    """The review opinion (审核意见) of the submitted table as .docx or .xlsx."""
    from assistant.export.opinion import build_opinion, opinion_bytes
    from assistant.lint import score_table
    from assistant.ui.handlers import FLAG_CN
    from assistant.ui.tempfiles import export_path

    imp, _ = _state_parts(state)
    assert state is not None
    original = GoalTable.model_validate(state["table"])
    findings = [LintFinding.model_validate(f) for f in state["findings"]]
    names = {f.flag: _problem_name(f) for f in findings} | {k: v for k, v in FLAG_CN.items() if k not in {f.flag for f in findings}}
    op = build_opinion(original, findings, problem_name=names, score=score_table(original, findings).score,
                       score_after=score_table(imp.improved).score)
    try:
        data = opinion_bytes(op, fmt)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    path = export_path(f"{original.project_name or '目标表'}_审核意见", fmt)
    path.write_bytes(data)
    return str(path)


def review_export(services: Services, state: dict[str, Any] | None, what: str) -> str:
    """The revised table (`what` = xlsx/docx/csv/jsonl), or the opinion (`comments`/`comments_xlsx`, `comments_docx`).

    The revised table keeps the submission's facts: 项目资金/预算数, goals, plan, department."""
    if what in ("comments", "comments_xlsx"):
        return opinion_file(services, state, "xlsx")
    if what == "comments_docx":
        return opinion_file(services, state, "docx")
    from assistant.export import FORMATS, to_bytes
    from assistant.ui.tempfiles import export_path

    _, current = _state_parts(state)
    if not current.indicators:
        raise UserError("没有可导出的指标行。")
    if what not in FORMATS:
        raise UserError(f"不支持的导出格式“{what}”，可选：{'、'.join(FORMATS)}。")
    # The table itself, not the grid's six columns: row extras (优/良/中/差, 前年/上年) go out too.
    path = export_path(current.project_name or "绩效目标表", what)
    path.write_bytes(to_bytes([current], what))  # type: ignore[arg-type]
    return str(path)


__all__ = ["finding_detail", "opinion_file", "parse_row_numbers", "review_apply", "review_edit", "review_export",
           "review_run", "review_table", "table_grid"]
