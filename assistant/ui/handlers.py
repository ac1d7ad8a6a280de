"""UI handlers: plain functions over services, so they can be unit-tested without a browser.

They take and return plain Python data (lists of rows, strings, dicts). User mistakes raise
`UserError` with a Chinese message; the Gradio layer shows it in the page and keeps the draft.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.models import (
    GoalTable,
    Indicator,
    LintFinding,
    ProjectBrief,
    Severity,
    SuggestedRow,
    Suggestion,
)

if TYPE_CHECKING:
    from assistant.services import Services

log = logging.getLogger(__name__)

GRID_HEADERS = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据", "检查结果", "理由与引用"]
FINDING_HEADERS = ["行", "三级指标", "指标值", "问题", "证据", "原因", "修改建议", "规则"]
GALLERY_HEADERS = ["项目", "二级指标", "三级指标", "指标值", "问题", "原因", "改正后"]
def sector_choices() -> list[tuple[str, str]]:
    """The form's 行业 choices: the sector library's sectors (the value is the library key, which also
    restricts the project kinds the engine considers)."""
    from assistant.authoring.library import GENERAL_SECTOR, load_library

    return [("（不限）", ""), *[(s.name, s.key) for s in load_library().sectors if s.name != GENERAL_SECTOR]]


FLAG_CN = {
    "vague_value": "指标值不可衡量", "self_referential": "自我重复", "no_unit_or_comparator": "缺单位或比较符",
    "wrong_direction": "方向错误", "impossible_value": "恒真或不可能的值", "category_mismatch": "归类不当",
    "activity_not_result": "写的是工作不是结果", "vague_wording": "指标名称笼统", "missing_basis": "缺少确定依据",
    "budget_reference": "未写出金额", "markup": "含网页标记", "percent_words": "百分号写成文字",
    "description_copy": "描述照抄名称", "description_template": "描述栏整表照抄",
}
SEVERITY_MARK = {Severity.ERROR: "✖", Severity.WARNING: "⚠", Severity.INFO: "ℹ"}


class UserError(ValueError):
    """A problem with what the user gave us, said in Chinese."""


# ----------------------------------------------------------------------------- helpers
def number_field(text: Any, what: str) -> float | None:
    """A number typed in a form field (78.71, 1,200, 96万元); empty is None; anything else a UserError."""
    if text is None or not str(text).strip():
        return None
    try:
        x = float(str(text).replace(",", "").replace("，", "").replace("万元", "").strip())
    except ValueError:
        raise UserError(f"{what}应为数字，例如 78.71") from None
    if not math.isfinite(x):
        raise UserError(f"{what}应为有限的数字，例如 78.71")
    if x < 0:
        raise UserError(f"{what}不能为负数，应大于0")
    return x


def _problem_name(f: LintFinding) -> str:
    from assistant.lint import RULES

    rule = RULES.get(f.code)
    return FLAG_CN.get(f.flag) or (rule.title if rule else f.flag)


def _findings_text(findings: list[LintFinding]) -> str:
    if not findings:
        return "✔ 通过"
    return "；".join(f"{SEVERITY_MARK[f.severity]} {f.message}" for f in findings)


def _row_findings(services: Services, ind: Indicator, table: GoalTable | None = None, row: int | None = None) -> list[LintFinding]:
    from assistant.lint import lint_row

    return lint_row(ind, table=table, row=row)


def _explain(r: SuggestedRow) -> str:
    cites = "；".join(f"{c.project_name or c.table_id}第{c.row + 1}行“{c.level3}”{c.value or ''}" for c in r.citations[:3])
    return r.rationale + (f" 参考：{cites}" if cites else "")


def rows_from_grid(grid: Any) -> list[Indicator]:
    """Grid rows (list of lists or a DataFrame) back into indicators; empty rows are dropped."""
    from assistant.ui.draft import table_part

    return [Indicator(level1=c[0] or None, level2=c[1] or None, level3=c[2] or None, description=c[3] or None,
                      value=c[4] or None, basis=c[5] or None) for c in table_part(grid)]


# ----------------------------------------------------------------------------- 编制 (draft)
def make_brief(name: str, purpose: str, budget: Any, department: str, sector: str, year: Any, quantities: str) -> ProjectBrief:
    if not (name or "").strip():
        raise UserError("请填写项目名称。")
    if len(purpose or "") > 5000:
        raise UserError("资金用途/项目概况过长（超过5000字），请精简后再试。")
    y = number_field(year, "年度")
    if y is not None and not 2000 <= y <= 2100:
        raise UserError("年度应为四位年份，例如 2025")
    return ProjectBrief(
        name=name.strip(), purpose=(purpose or "").strip(), budget_wan=number_field(budget, "预算数"),
        department=(department or "").strip() or None, sector=sector or None, year=int(y) if y else None,
        quantities=[q.strip() for q in re.split(r"[\n；;]", quantities or "") if q.strip()],
    )


def suggestion_grid(services: Services, s: Suggestion) -> list[list[str]]:
    grid = []
    for r in s.rows:
        findings = _row_findings(services, r.to_indicator())
        grid.append([r.level1, r.level2, r.level3, r.description, r.target.render(), r.basis,
                     _findings_text(findings), _explain(r)])
    return grid


def alternative_choices(s: Suggestion) -> list[str]:
    return [f"{l2}｜{r.level3}｜{r.target.render()}" for l2, rows in s.alternatives.items() for r in rows]


def draft_suggest(services: Services, *fields: Any) -> tuple[list[list[str]], str, str, dict[str, Any]]:
    brief = make_brief(*fields)
    s = services.suggest(brief)
    notes = [f"引擎：{s.engine}"] + [f"提示：{n}" for n in s.notices]
    counts = Counter(r.value_source for r in s.rows)
    notes.append(
        f"共 {len(s.rows)} 行：{counts.get('brief', 0)} 行数值取自项目说明，{counts.get('corpus', 0)} 行参考已发布项目，"
        f"{counts.get('convention', 0)} 行采用通行标准" + (f"，{counts.get('llm', 0)} 行由大模型提出" if counts.get("llm") else "") + "。"
    )
    return suggestion_grid(services, s), "\n".join(s.goals), "\n\n".join(notes), s.model_dump(mode="json")


def draft_relint(services: Services, grid: Any) -> tuple[list[list[str]], str]:
    """Re-check every edited row; keeps the user's text exactly, updates only the 检查结果 column."""
    rows = rows_from_grid(grid)
    if not rows:
        raise UserError("表格为空：请先生成建议或添加指标行。")
    src = grid.values.tolist() if hasattr(grid, "values") else list(grid)
    src = [r for r in src if any(str(c or "").strip() for c in list(r)[:6])]
    table = GoalTable(id="draft", indicators=rows)
    from assistant.lint import lint_table, score_table

    findings = lint_table(table)
    out = []
    for i, ind in enumerate(rows):
        fs = [f for f in findings if f.row == i]
        explain = str(src[i][7]) if len(src[i]) > 7 and src[i][7] is not None else ""
        out.append([ind.level1 or "", ind.level2 or "", ind.level3 or "", ind.description or "", ind.value or "",
                    ind.basis or "", _findings_text(fs), explain])
    table_level = [f for f in findings if f.row is None]
    errors = sum(f.severity == Severity.ERROR for f in findings)
    summary = f"得分 {score_table(table, findings).score:.0f}/100，{errors} 个错误。" + "".join(
        f"\n- {SEVERITY_MARK[f.severity]} {f.message}" for f in table_level)
    return out, summary


def export_file(grid: Any, meta: dict[str, Any] | None, fmt: str, services: Services, appendix: Any = None,
                appendix_title: str = "说明与引用") -> str:
    from assistant.export import to_bytes

    rows = rows_from_grid(grid)
    if not rows:
        raise UserError("没有可导出的指标行。")
    meta = meta or {}
    table = GoalTable(id=meta.get("id") or "export", indicators=rows,
                      **{k: v for k, v in meta.items() if k in GoalTable.model_fields and k not in ("id", "indicators")})
    from assistant.ui.tempfiles import export_path

    data = to_bytes([table], fmt, appendix=appendix, appendix_title=appendix_title)  # type: ignore[arg-type]
    path = export_path(table.project_name or "绩效目标表", fmt)
    path.write_bytes(data)
    return str(path)


def draft_meta(state: dict[str, Any] | None, goals_text: str) -> dict[str, Any]:
    if not state:
        return {"goals": [g for g in (goals_text or "").splitlines() if g.strip()]}
    b = state.get("brief", {})
    return {
        "project_name": b.get("name"), "department": b.get("department"), "year": b.get("year"),
        "budget_wan": b.get("budget_wan"), "purpose": b.get("purpose") or None, "sector": b.get("sector"),
        "goals": [g for g in (goals_text or "").splitlines() if g.strip()],
    }


# ----------------------------------------------------------------------------- 审核 (review)
def read_submission(services: Services, text: str, file_path: str | None) -> GoalTable:
    """The table to review, read under the limits in a worker process (see assistant.sandbox).

    A paste and an uploaded .txt/.tsv/.md go through the same reader: the paste is read as a .txt
    file named `PASTE_NAME`, whose content decides the layout (Excel/Word clipboard, markdown, ...)."""
    from assistant.sandbox import ingest_untrusted
    from corpus.ingest import PASTE_NAME, IngestError

    max_bytes = services.settings.ui.max_upload_mb * 1024 * 1024
    if file_path:
        p = Path(file_path)
        if p.stat().st_size > max_bytes:
            raise UserError(f"文件过大（{p.stat().st_size / 1048576:.1f} MB），上限为 {services.settings.ui.max_upload_mb} MB。")
        name, data = p.name, p.read_bytes()
    elif (text or "").strip():
        if len(text.encode()) > max_bytes:
            raise UserError("粘贴的内容过长。")
        name, data = PASTE_NAME, text.encode("utf-8")
    else:
        raise UserError("请粘贴目标表内容，或上传 .docx / .xlsx / .txt / .tsv / .md 文件。")
    try:
        result = ingest_untrusted(services.settings, name, data)
    except IngestError as exc:
        raise UserError(str(exc)) from None
    if not result.tables or not any(t.indicators for t in result.tables):
        raise UserError("没有识别出绩效指标行：请确认内容包含“一级指标/二级指标/三级指标/指标值”等列。")
    return max(result.tables, key=lambda t: len(t.indicators))


def review_run(services: Services, text: str, file_path: str | None) -> tuple[list[list[str]], str, dict[str, Any]]:
    """See `assistant.ui.review.review_run` (the 审核 handlers live there)."""
    from assistant.ui import review

    return review.review_run(services, text, file_path)


def review_apply(services: Services, state: dict[str, Any] | None, row_number: Any) -> tuple[list[list[str]], str, dict[str, Any]]:
    """See `assistant.ui.review.review_apply`: rows 3, 3-5, 3,5 ... or all."""
    from assistant.ui import review

    return review.review_apply(services, state, row_number)


def _unresolved_text(imp: Any) -> str:
    return "；".join(f"第{n.row + 1}行“{n.level3 or ''}”：{n.reason}" for n in imp.unresolved_rows)


def review_export(services: Services, state: dict[str, Any] | None, what: str) -> str:
    """See `assistant.ui.review.review_export`."""
    from assistant.ui import review

    return review.review_export(services, state, what)


# ----------------------------------------------------------------------------- 案例 (teaching)
def corpus_findings(services: Services) -> list[tuple[GoalTable, int, LintFinding]]:
    cache = services.__dict__.setdefault("_corpus_findings", {})
    key = id(services.corpus.tables())
    if key not in cache:
        from assistant.lint import lint_table

        out: list[tuple[GoalTable, int, LintFinding]] = []
        for t in services.corpus.tables():
            out.extend((t, f.row, f) for f in lint_table(t) if f.row is not None)
        cache.clear()
        cache[key] = out
    return cache[key]  # type: ignore[no-any-return]


def _rewritten(table: GoalTable, row: int, ind: Indicator, shown_finding: LintFinding) -> str:
    """The row as the fixes rewrite it (二级·三级：指标值), or what is still to be done by hand."""
    from assistant.authoring.improve import apply_fixes
    from assistant.lint import detect_framework, lint_row

    fw = detect_framework(table)
    after = ind
    for _ in range(3):
        new, notes = apply_fixes(after, lint_row(after, table=table, row=row), fw)
        if not notes or new == after:
            break
        after = new
    if after == ind:
        return "需按项目改写：" + shown_finding.fix
    left = [f for f in lint_row(after, table=table, row=row) if f.severity != Severity.INFO]
    shown = f"{after.level2 or ''}·{after.level3 or ''}：{after.value or ''}"
    return shown + ("" if not left else f"（仍需：{left[0].fix}）")


def gallery(services: Services, level2: str, flag: str, limit: int = 60) -> tuple[list[list[str]], list[list[str]]]:
    """Flagged published rows with the rule and a corrected version, and clean examples beside them."""
    from assistant.authoring.framework import slot_key_of

    want_slot = slot_key_of(None, level2) if level2 and level2 != "全部" else None
    bad: list[tuple[str, list[str]]] = []
    seen: set[tuple[str | None, str | None, str]] = set()
    flagged_rows: set[tuple[str, int]] = set()
    for t, row, f in corpus_findings(services):
        ind = t.indicators[row]
        flagged_rows.add((t.id, row))
        if want_slot and slot_key_of(ind.level1, ind.level2) != want_slot:
            continue
        if flag and flag != "全部" and f.flag != flag:
            continue
        key = (ind.level3, ind.value, f.code)
        if key in seen:
            continue
        seen.add(key)
        fixed = _rewritten(t, row, ind, f)
        bad.append((f.flag, [t.project_name or t.id, ind.level2 or "", ind.level3 or "", ind.value or "",
                             _problem_name(f), f.message, fixed]))
    # Interleave the kinds of problem so the first screen shows every one of them.
    by_flag: dict[str, list[list[str]]] = {}
    for flag_name, row_cells in bad:
        by_flag.setdefault(flag_name, []).append(row_cells)
    mixed: list[list[str]] = []
    while len(mixed) < limit and any(by_flag.values()):
        for rows_of_flag in by_flag.values():
            if rows_of_flag and len(mixed) < limit:
                mixed.append(rows_of_flag.pop(0))
    good, gseen = [], set()
    for t in services.corpus.tables():
        for i, ind in enumerate(t.indicators):
            if (t.id, i) in flagged_rows or not ind.level3 or not ind.value:
                continue
            if want_slot and slot_key_of(ind.level1, ind.level2) != want_slot:
                continue
            if (ind.level3, ind.value) in gseen:
                continue
            gseen.add((ind.level3, ind.value))
            good.append([t.project_name or t.id, ind.level2 or "", ind.level3 or "", ind.value or "", ind.basis or ""])
            if len(good) >= limit // 2:
                break
        if len(good) >= limit // 2:
            break
    return mixed, good


def quality_figure(services: Services) -> Any:
    """Share of flagged rows by flag, by department and by year (matplotlib, local CJK font)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    cjk = cjk_font_family(font_manager)
    if cjk:
        plt.rcParams["font.sans-serif"] = [cjk, "DejaVu Sans"]
    else:
        log.warning("no CJK font found for charts: install fonts-noto-cjk (make run does when run as root)")
    plt.rcParams["axes.unicode_minus"] = False
    tables = services.corpus.tables()
    findings = corpus_findings(services)
    total = sum(len(t.indicators) for t in tables) or 1
    by_flag: Counter[str] = Counter()
    flagged_by_table: dict[str, set[int]] = {}
    for t, row, f in findings:
        by_flag[f.flag] += 1
        # A row counts as having a problem on a warning or an error; an info note alone (no published
        # basis, which some sources never print) would paint whole departments at 100%.
        if f.severity != Severity.INFO:
            flagged_by_table.setdefault(t.id, set()).add(row)

    def share(key, min_rows: int = 1) -> dict[str, float]:  # type: ignore[no-untyped-def]
        rows: Counter[str] = Counter()
        bad: Counter[str] = Counter()
        for t in tables:
            k = key(t)
            rows[k] += len(t.indicators)
            bad[k] += len(flagged_by_table.get(t.id, ()))
        return {f"{k}（{rows[k]}行）" if min_rows > 1 else k: bad[k] / rows[k] for k in rows if rows[k] >= min_rows}

    fig, axes = plt.subplots(1, 3, figsize=(16, 4.8))
    flags = by_flag.most_common()
    axes[0].barh([FLAG_CN.get(f, f) for f, _ in flags][::-1], [n / total for _, n in flags][::-1], color="#c0504d")
    axes[0].set_title("各类问题占全部指标行的比例")
    # Departments with a handful of rows would top the chart by chance: at least 5 rows each.
    dep = sorted(share(lambda t: (t.department or "未注明")[:10], min_rows=5).items(), key=lambda kv: -kv[1])[:10]
    axes[1].barh([k for k, _ in dep][::-1], [v for _, v in dep][::-1], color="#4f81bd")
    axes[1].set_title("各部门有警告或错误的指标行比例")
    yr = sorted(share(lambda t: str(t.year or "未注明")).items())
    axes[2].bar([k for k, _ in yr], [v for _, v in yr], color="#9bbb59")
    axes[2].set_title("各年度有警告或错误的指标行比例")
    axes[2].tick_params(axis="x", labelrotation=45)
    percent = matplotlib.ticker.PercentFormatter(1.0)
    axes[0].xaxis.set_major_formatter(percent)
    axes[1].xaxis.set_major_formatter(percent)
    axes[2].yaxis.set_major_formatter(percent)
    fig.tight_layout()
    return fig


_CJK_PREFERRED = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
                  "Noto Sans CJK JP", "Noto Serif CJK SC")
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")


@functools.cache  # the scan touches the disk; once per process is enough
def cjk_font_family(font_manager: Any) -> str | None:
    """A font family that has Chinese glyphs, for matplotlib.

    matplotlib caches the list of system fonts the first time it runs; fonts installed after that
    (make test installs fonts-noto-cjk, possibly after make run drew its first chart) are not in the
    cache, so the font folders are scanned and such files added when no CJK family is known yet.
    """
    def known() -> str | None:
        names = {f.name for f in font_manager.fontManager.ttflist}
        return next((n for n in _CJK_PREFERRED if n in names), None)

    found = known()
    if found:
        return found
    for folder in _FONT_DIRS:
        root = Path(folder).expanduser()
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            name = path.name.lower()
            if path.suffix.lower() in (".ttc", ".otf", ".ttf") and ("cjk" in name or "wqy" in name or "sourcehan" in name):
                try:
                    font_manager.fontManager.addfont(str(path))
                except Exception:  # an unreadable font file is skipped, not fatal
                    continue
    return known()


def quality_chart_png(services: Services) -> str:
    """The quality figure as a PNG file (an <img> in the page, nothing drawn by remote scripts)."""
    import matplotlib.pyplot as plt

    fig = quality_figure(services)
    from assistant.ui.tempfiles import export_path

    path = export_path("corpus_quality", "png")
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return str(path)


# ----------------------------------------------------------------------------- 语料 (corpus)
def corpus_rows(services: Services) -> list[list[Any]]:
    per: dict[str, list[int]] = {}
    for t in services.corpus.tables():
        src = (t.provenance.source_file if t.provenance and t.provenance.source_file else None) or (
            "corpus-extra" if t.source_url else t.id)
        per.setdefault(src, [0, 0])
        per[src][0] += 1
        per[src][1] += len(t.indicators)
    return [[k, v[0], v[1]] for k, v in sorted(per.items())]


def corpus_upload(services: Services, paths: list[str] | None, *, progress: bool = False) -> tuple[str, list[list[Any]]]:
    """Add each file to the corpus (a bad file is reported and skipped), then bring the index up to date.

    With `progress`, tqdm bars are shown (the app turns them into its progress bar)."""
    from corpus.ingest import IngestError

    if not paths:
        raise UserError("请选择要上传的文件。")
    msgs = []
    max_bytes = services.settings.ui.max_upload_mb * 1024 * 1024
    files: Any = paths
    if progress and len(paths) > 1:
        from tqdm import tqdm

        files = tqdm(paths, desc="导入文件", unit="个")
    for p in files:
        path = Path(p)
        if path.stat().st_size > max_bytes:
            msgs.append(f"✖ {path.name}：文件过大，上限 {services.settings.ui.max_upload_mb} MB，未导入。")
            continue
        try:
            tables, summary = services.corpus.add_upload(path.name, path.read_bytes())
        except IngestError as exc:
            msgs.append(f"✖ {path.name}：{exc}")
            continue
        saved = f"（保存为 {summary.file}）" if summary.file != path.name else ""
        again = "，替换了同名文件原有的内容" if summary.replaced else ""
        msgs.append(f"✔ {path.name}{saved}：导入 {len(tables)} 张表，{sum(len(t.indicators) for t in tables)} 行指标{again}。")
    services.prepare(progress=progress)
    services.__dict__.pop("_corpus_findings", None)
    return "\n".join(msgs), corpus_rows(services)


def upload_rows(services: Services) -> list[list[Any]]:
    """Each uploaded file with the tables and rows it holds."""
    return [[u.file, u.tables, u.rows] for u in services.corpus.uploads()]


def upload_names(services: Services) -> list[str]:
    return [u.file for u in services.corpus.uploads()]


def corpus_remove(services: Services, name: str | None) -> tuple[str, list[list[Any]]]:
    """Remove one uploaded file and its tables from the corpus and the index."""
    if not name:
        raise UserError("请选择要移除的上传文件。")
    try:
        summary = services.corpus.remove_upload(name)
    except FileNotFoundError:
        raise UserError(f"没有名为“{name}”的上传文件。") from None
    services.prepare()
    services.__dict__.pop("_corpus_findings", None)
    return f"已移除 {summary.file}（{summary.tables} 张表，{summary.rows} 行指标）。", corpus_rows(services)


def corpus_rebuild(services: Services, *, progress: bool = False) -> tuple[str, list[list[Any]]]:
    info = services.prepare(progress=progress)
    return (f"语料和索引已是最新：{info['tables']} 张表，{info['rows']} 行指标"
            f"（本次新增索引 {info['index_rows_added']} 行）。"), corpus_rows(services)
