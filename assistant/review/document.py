"""The DocumentReview record: one document's (or several documents') tables, each linted exactly as
`zhibiao lint` lints it, scored, improved with the linter's own fixes, and summarised worst first."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.authoring.improve import Improvement, improve
from assistant.lint import RULES, detect_framework, lint_table, score_table
from assistant.lint.table_rules import missing_categories
from assistant.models import GoalTable, LintFinding, Severity

# Progress callback: (tables done, tables in all, the table just reviewed).
OnTable = Callable[[int, int, GoalTable], None]

# Score bands of the distribution chart and the summary, lowest first.
SCORE_BANDS: tuple[tuple[float, float, str], ...] = (
    (0, 60, "60分以下"), (60, 70, "60–69分"), (70, 80, "70–79分"), (80, 90, "80–89分"), (90, 101, "90分以上"),
)
SEVERITY_CN = {"error": "错误", "warning": "警告", "info": "提示"}
FIELD_CN = {
    "level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "description": "绩效指标描述",
    "value": "指标值", "basis": "指标值确定依据", "table": "全表",
}


class GoalGap(BaseModel):
    """A goal clause that states a measurable target (a number with a unit) no indicator row carries."""

    goal: str  # the whole goal as written
    clause: str  # the clause holding the target
    target: str  # the number and unit, e.g. "3000人次"


class TableReview(BaseModel):
    table: GoalTable
    source: str  # the file it came from
    position: int  # 1-based order in the input, so a reviewer can find it in the document
    score: float
    errors: int
    warnings: int
    infos: int
    framework: str | None = None
    findings: list[LintFinding] = Field(default_factory=list)  # exactly lint_table(table)
    missing: list[str] = Field(default_factory=list)  # missing 一级 / required 二级
    goal_gaps: list[GoalGap] = Field(default_factory=list)
    improvement: Improvement

    @property
    def name(self) -> str:
        return self.table.project_name or self.table.title or self.table.id

    @property
    def revised(self) -> GoalTable:
        return self.improvement.improved

    def rewrite_of(self, row: int | None) -> str:
        """The proposed rewrite of one row as '三级：指标值', or '' when the fixes left it unchanged."""
        if row is None:
            return ""
        for rw in self.improvement.rewrites:
            if rw.row == row:
                a = rw.after
                return f"{a.level3 or ''}：{a.value or ''}"
        return ""


class DocumentReview(BaseModel):
    sources: list[str]
    tables: list[TableReview]  # worst first

    @property
    def rows(self) -> int:
        return sum(len(t.table.indicators) for t in self.tables)

    @property
    def errors(self) -> int:
        return sum(t.errors for t in self.tables)

    @property
    def warnings(self) -> int:
        return sum(t.warnings for t in self.tables)

    def by_problem(self) -> list[tuple[str, int, int, int]]:
        """(problem type, errors, warnings, infos), most frequent problems first."""
        counts: dict[str, Counter[str]] = {}
        for t in self.tables:
            for f in t.findings:
                counts.setdefault(problem_name(f), Counter())[f.severity.value] += 1
        rows = [(k, c["error"], c["warning"], c["info"]) for k, c in counts.items()]
        return sorted(rows, key=lambda r: (-(r[1] + r[2]), -r[3], r[0]))

    def score_distribution(self) -> list[tuple[str, int]]:
        return [(label, sum(1 for t in self.tables if lo <= t.score < hi)) for lo, hi, label in SCORE_BANDS]

    def by_department(self) -> list[tuple[str, int, int, float]]:
        """(department, rows, rows with a warning or error, share): which departments dominate."""
        rows: Counter[str] = Counter()
        bad: Counter[str] = Counter()
        for t in self.tables:
            dep = (t.table.department or "未注明部门").strip()
            rows[dep] += len(t.table.indicators)
            bad[dep] += len({f.row for f in t.findings if f.row is not None and f.severity != Severity.INFO})
        out = [(d, rows[d], bad[d], bad[d] / rows[d] if rows[d] else 0.0) for d in rows]
        return sorted(out, key=lambda r: (-r[2], -r[3], r[0]))

    def summary_lines(self) -> list[str]:
        """The summary in Chinese sentences, for the CLI, the UI and the reports."""
        lines = [f"共审核{len(self.tables)}张表、{self.rows}个指标行：错误{self.errors}个，警告{self.warnings}个。"]
        if self.tables:
            mean = sum(t.score for t in self.tables) / len(self.tables)
            lines.append(f"平均得分{mean:.1f}分；最低{self.tables[0].score:.1f}分（{self.tables[0].name}）。")
            dist = "，".join(f"{label}{n}张" for label, n in self.score_distribution() if n)
            lines.append(f"得分分布：{dist}。")
        top = [f"{name}（错误{e}、警告{w}）" for name, e, w, _ in self.by_problem() if e + w][:5]
        if top:
            lines.append("主要问题：" + "；".join(top) + "。")
        gaps = sum(len(t.goal_gaps) for t in self.tables)
        if gaps:
            lines.append(f"{gaps}条年度目标写明了数量或比例，却没有指标行体现。")
        return lines


def problem_name(f: LintFinding) -> str:
    """A finding's problem type in Chinese: the UI's name for its flag, else the rule's title."""
    from assistant.ui.handlers import FLAG_CN

    rule = RULES.get(f.code)
    return FLAG_CN.get(f.flag) or (rule.title if rule else f.flag)


# A number with a unit of quantity, money or rate; dates (年/月/日 after a number) are deadlines, not targets.
_TARGET = re.compile(
    r"(\d[\d,，]*(?:\.\d+)?)\s*(%|％|万元|亿元|元|万人次|人次|万人|人|户|个|次|项|台|套|所|家|件|场|期|公里|千米|平方米|㎡|"
    r"亩|吨|册|份|座|处|村|辆|张|批|本|篇|条|门|班|名|块|栋|间|床|学时|课时|小时|宗|起|单)"
)
_CLAUSE = re.compile(r"[；;。\n，,、]")


def goal_gaps(table: GoalTable) -> list[GoalGap]:
    """Goal clauses with a stated target whose number appears in no row (name, description or value).

    Deliberately simple: a goal saying 培训3000人次 is covered when some row carries 3000; words alone
    never count as coverage, and a number written differently (3千) is reported, so a reviewer checks it."""
    carried = " ".join(
        (x or "") for ind in table.indicators for x in (ind.level3, ind.description, ind.value)
    ).replace(",", "").replace("，", "")
    numbers = set(re.findall(r"\d+(?:\.\d+)?", carried))
    out: list[GoalGap] = []
    seen: set[str] = set()
    for goal in table.goals:
        # 3,000人次: the thousands comma is not a clause break
        for clause in _CLAUSE.split(re.sub(r"(?<=\d)[,，](?=\d{3}(?!\d))", "", goal)):
            for m in _TARGET.finditer(clause):
                num = m.group(1).replace(",", "").replace("，", "")
                if num.rstrip("0").rstrip(".") in ("", "1") and m.group(2) in ("个", "项", "次"):
                    continue  # 一个/1项 is wording, not a target
                if _same_number(num, numbers) or num + m.group(2) in seen:
                    continue
                seen.add(num + m.group(2))
                out.append(GoalGap(goal=goal.strip(), clause=clause.strip(), target=num + m.group(2)))
    return out


def _same_number(num: str, numbers: set[str]) -> bool:
    try:
        x = float(num)
    except ValueError:
        return False
    return any(_as_float(n) == x for n in numbers)


def _as_float(s: str) -> float | None:
    try:
        return float(s)
    except ValueError:
        return None


def review_table(table: GoalTable, source: str = "", position: int = 0) -> TableReview:
    """One table: the lint findings (the same call `zhibiao lint` makes), its score, the rewrite by the
    linter's fixes, what its framework lacks and which stated goals have no indicator."""
    findings = lint_table(table)
    s = score_table(table, findings)
    fw = detect_framework(table)
    imp = improve(table, lint_table)
    infos = sum(1 for f in findings if f.severity == Severity.INFO)
    return TableReview(
        table=table, source=source, position=position, score=round(s.score, 1), errors=s.errors,
        warnings=s.warnings, infos=infos, framework=fw, findings=findings,
        missing=missing_categories(table, fw) if table.indicators else [], goal_gaps=goal_gaps(table),
        improvement=imp,
    )


def review_tables(
    tables: Sequence[tuple[str, GoalTable]], on_table: OnTable | None = None
) -> DocumentReview:
    """Review (source, table) pairs; the result lists the tables worst first (lowest score, then most
    errors and warnings, then input order)."""
    out: list[TableReview] = []
    for i, (source, t) in enumerate(tables, 1):
        out.append(review_table(t, source, i))
        if on_table is not None:
            on_table(i, len(tables), t)
    out.sort(key=lambda r: (r.score, -r.errors, -r.warnings, r.position))
    return DocumentReview(sources=list(dict.fromkeys(s for s, _ in tables)), tables=out)


def load_document(path: str | Path) -> list[GoalTable]:
    """The goal tables of one file, read by the very loader `zhibiao lint` uses (so findings are equal)."""
    from assistant.commands.lint import _load

    return _load(Path(path))


def review_paths(paths: Iterable[str | Path], on_table: OnTable | None = None) -> DocumentReview:
    """Read every file, then review all their tables together. Raises ValueError (Chinese + English)
    when a file cannot be read or no file holds a goal table."""
    pairs: list[tuple[str, GoalTable]] = []
    for p in paths:
        path = Path(p)
        tables = load_document(path)
        pairs.extend((path.name, t) for t in tables)
    if not pairs:
        raise ValueError("文件中没有找到绩效目标表 / no goal table found")
    return review_tables(pairs, on_table)


def finding_rows(tr: TableReview) -> list[list[str]]:
    """Every finding of one table as cells: 位置, 三级指标, 问题, 级别, 证据, 原因, 修改建议, 建议改写, 规则."""
    t = tr.table
    rows = []
    order = {"error": 0, "warning": 1, "info": 2}
    for f in sorted(tr.findings, key=lambda f: (f.row is None, f.row or 0, order[f.severity.value])):
        where = "全表" if f.row is None else f"第{f.row + 1}行"
        level3 = t.indicators[f.row].level3 or "" if f.row is not None and 0 <= f.row < len(t.indicators) else ""
        fix = f.fix + (f" 建议改为：{f.replacement}" if f.replacement else "")
        rows.append([where, level3, problem_name(f), SEVERITY_CN[f.severity.value], f.evidence, f.message, fix,
                     tr.rewrite_of(f.row), f.code])
    return rows


FINDING_HEADERS = ["位置", "三级指标", "问题类型", "级别", "证据", "原因", "修改建议", "修改后（自动）", "规则"]
REVISED_HEADERS = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据", "改动"]


def revised_rows(tr: TableReview) -> list[list[str]]:
    """The revised table as cells, with a last column saying which rows the fixes changed.

    The review improves with the linter's fixes only (no engine rows), so rows keep their order."""
    changed = {rw.row for rw in tr.improvement.rewrites}
    return [[ind.level1 or "", ind.level2 or "", ind.level3 or "", ind.description or "", ind.value or "",
             ind.basis or "", "已修改" if i in changed else ""] for i, ind in enumerate(tr.revised.indicators)]
