"""Raw rows -> `GoalTable` records.

A goal table is anchored on its grid header (一级指标 | 二级指标 | 三级指标 ...). The rows between the
previous table (or the nearest title line such as `3、再就业业务经费绩效目标表`) and that header are the
header block, read by label synonyms (项目编码, 项目名称, 预算数, 财政资金, 资金用途, 资金支出计划, 绩效目标 ...).
The grid runs until prose, a table break or the next header block. Three grid shapes are handled:
- positional rows (markdown, cell-per-line, .docx/.xlsx/.csv), where a blank 一级/二级 cell continues
  the row above;
- tab rows whose continuation rows omit leading cells or glue them (`效益指标、经济效益指标、经济效益`),
  placed by recognising level names; a row that cannot be placed with confidence is kept, marked
  `uncertain`, with its raw text;
- the 部门整体绩效目标申报表 (长期/年度 sections, 指标分类, 前年/上年) and the activity table
  (活动编码 ... 优/良/中/差), whose cells are placed by content because page breaks shift them.
Prose never becomes a table: without a grid header there is no table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.models import GoalTable, Indicator, Provenance
from corpus import normalise as nz
from corpus.readers import RawRow
from corpus.sectors import sector_for

# ---------------------------------------------------------------------------------------------- vocab
LEVEL1_NAMES = {
    "产出指标", "效益指标", "效果指标", "满意度指标", "成本指标", "产出", "效益", "满意度",
    # 部门整体 framework
    "运行成本", "管理效率", "履职效能", "社会效应", "可持续发展能力",
}
DEPT_LEVEL1 = ["运行成本", "管理效率", "履职效能", "社会效应", "可持续发展能力", "满意度"]
DEPT_LEVEL2 = {
    "公用经费控制", "在职人员控制", "项目支出成本控制", "战略管理", "预算编制", "预算执行", "绩效管理", "资产管理",
    "财务管理", "经济效益", "社会效益", "生态效益", "体制机制改革", "人才支撑", "科技支撑", "服务对象满意度",
    "联系部门满意度",
}
DEPT_CLASSES = {"绩效基本型", "绩效创新型", "基本型", "创新型", "绩效提升型", "提升型"}

GRID_SYNONYMS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "level3": ("三级指标", "指标名称", "绩效指标"),
    "description": ("绩效指标描述", "指标描述", "指标解释", "指标内容"),
    "value": ("指标值", "目标值", "指标值目标值", "年度指标值", "预期当年实现值", "指标值预期当年实现值"),
    "basis": ("指标值确定依据", "确定依据", "评扣分标准", "指标值说明", "绩效标准", "评分标准"),
}
_GRID_KEY = {k: f for f, ks in GRID_SYNONYMS.items() for k in ks}

# Header-block labels (compared on `nz.key`, i.e. without spaces, colons, brackets, %).
LABELS: dict[str, tuple[str, ...]] = {
    "project_code": ("项目编码", "项目代码"),
    "project_name": ("项目名称", "项目", "专项资金名称", "专项名称"),
    "department": ("主管部门", "部门单位名称", "部门名称", "单位名称", "预算单位"),
    "implementer": ("实施单位",),
    "budget_block": ("预算规模及资金用途", "预算规模"),
    "budget": ("预算数", "预算金额", "资金总额", "年度资金总额", "项目资金", "预算数项目资金", "合计", "项目总预算"),
    "fiscal": ("财政资金", "其中财政资金", "其中财政", "财政拨款", "其中财政拨款"),
    "other": ("其他资金", "其中其他资金"),
    "purpose": ("资金用途", "项目概况", "项目内容"),
    "plan": ("资金支出计划", "支出计划"),
    "goals": ("绩效目标", "年度绩效目标", "年度目标", "长期目标", "总体目标"),
}
_LABEL_KEY = {k: f for f, ks in LABELS.items() for k in ks}

_TITLE = re.compile(r"绩效目标表|目标申报表|绩效目标申报")
_NUM = re.compile(r"^-?\d[\d,]*(?:\.\d+)?$")
_MONTH = re.compile(r"^\d{1,2}\s*月(?:底|末|份)?$")
_GOAL_SPLIT = re.compile(r"(?:(?<=^)|(?<=[\s；;。，,、]))(?=(?:\d{1,2}|[一二三四五六七八九十])\s*[、.．](?!\d))")
_DEPT_LINE = re.compile(
    r"^\s*(\d{3,})\s*([\u4e00-\u9fa5（）()]{2,40}?(?:局|处|中心|大队|支队|队|院|学校|机关|站|所|办公室|委员会|馆|会))[、，,]?\s*(?:单位[:：].*)?$"
)
_VALUE_LIKE = re.compile(r"\d|[≥≤<>＞＜=%％]|是|否|达到|完成|及时|以上|以下")
_REGION = re.compile(
    r"((?:[\u4e00-\u9fa5]{2,7}?(?:省|自治区))?(?:[\u4e00-\u9fa5]{2,4}?市)?(?:[\u4e00-\u9fa5]{2,3}?[区县])?)"
)


@dataclass
class Marked:
    table_id: str
    row: int
    raw: str
    reason: str


@dataclass
class MapResult:
    tables: list[GoalTable] = field(default_factory=list)
    marked: list[Marked] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


@dataclass
class _Doc:
    """Facts the document states once for all its tables."""

    department: str | None = None
    region: str | None = None
    year: int | None = None


# ------------------------------------------------------------------------------------------- helpers
def _is_l1(text: str | None) -> bool:
    return nz.level(text) in LEVEL1_NAMES if text else False


def _is_l2(text: str | None) -> bool:
    t = nz.level(text) or ""
    if not t or t in LEVEL1_NAMES:
        return False
    if t in DEPT_LEVEL2 or re.fullmatch(r"核心业务产出\d*", t):
        return True
    return (t.endswith("指标") and len(t) <= 12 and not t.startswith("服务对象满意度指标")) or t == "服务对象满意度指标"


def _grid_fields(cells: list[str]) -> list[str | None] | None:
    """Field name per column when the row is a grid header, else None."""
    if not any("一级" in c for c in cells):
        return None
    keys = [nz.key(c) for c in cells]
    if not ({"一级指标", "二级指标"} <= set(keys) and ("三级指标" in keys or "指标名称" in keys)):
        return None
    return [_GRID_KEY.get(k) or (f"extra:{nz.clean(c)}" if k else None) for k, c in zip(keys, cells, strict=True)]


def _is_activity_header(cells: list[str]) -> bool:
    if not any("活动" in c for c in cells):
        return False
    keys = {nz.key(c) for c in cells}
    return "活动名称" in keys and ("优" in keys or "绩效指标" in keys)


def _label(cell: str) -> str | None:
    k = nz.key(cell)
    # `项目资金（万元）`, `预算数(万元)`: the unit printed in the label is the unit we keep amounts in.
    return _LABEL_KEY.get(k) or (_LABEL_KEY.get(k[:-2]) if k.endswith("万元") and len(k) > 2 else None)


def _money(text: str | None) -> float | None:
    if not text:
        return None
    t = text.replace(",", "").replace("万元", "").strip()
    return float(t) if _NUM.match(t) else None


def split_goals(text: str) -> list[str]:
    """Goal sentences: one per line, and a line holding `1、... 2、...` is split at the numbers."""
    out: list[str] = []
    for line in re.split(r"\n+", text):
        line = nz.clean(line)
        if not line:
            continue
        parts = [nz.clean(p) for p in _GOAL_SPLIT.split(line)]
        out.extend(p for p in parts if p)
    return out


def _title_name(title: str) -> str:
    """The project name a title line gives: `3、再就业业务经费绩效目标表 TC ...` -> `再就业业务经费`."""
    t = re.sub(r"\s+TC\s.*$", "", title)
    t = nz.clean(t)
    t = re.sub(r"^\s*(?:\d{1,3}\s*[、.．]|[（(]\d{1,3}[)）])\s*", "", t)
    t = re.sub(r"(?:项目支出)?绩效目标表$", "", t).strip()
    t = re.sub(r"的$", "", t)
    return t


def _region_of(text: str) -> str | None:
    for m in _REGION.finditer(text):
        r = m.group(1)
        if r and len(r) >= 3:
            return r
    return None


def scan_document(rows: list[RawRow]) -> _Doc:
    """Department, region and year as the opening lines state them."""
    doc = _Doc()
    head = [r for r in rows[:80] if r.kind != "break"]
    for r in head:
        text = nz.clean(r.text[:2000])
        if doc.year is None:
            m = re.search(r"预算年度[:：]?\s*(20\d\d)", text) or re.search(r"(20\d\d)\s*年(?:度)?\s*(?:部门)?预算", text)
            if m:
                doc.year = int(m.group(1))
        if doc.department is None:
            m = re.search(r"([\u4e00-\u9fa5]{2,30}?(?:人力资源和社会保障局|人事劳动和社会保障局|劳动保险服务中心|社会保障局))", text)
            if m:
                doc.department = re.sub(r"^\d+", "", m.group(1))
    for r in head:
        for c in r.cells:
            # Cell by cell, so a label cell (`名称`) never glues onto the place name.
            text = re.sub(r"^\d+", "", nz.clean(c[:200]))
            m = re.match(r"((?:[\u4e00-\u9fa5]{2,4}?市)?[\u4e00-\u9fa5]{2,3}?[区县])(?:财政局|人力资源|人事劳动)", text) or re.match(
                r"([\u4e00-\u9fa5]{2,4}?市)(?:财政局|人力资源|劳动保险)", text
            )
            if m:
                doc.region = m.group(1)
                break
        if doc.region:
            break
    if doc.region is None and doc.department:
        doc.region = _region_of(doc.department)
    return doc


# ------------------------------------------------------------------------------------------ mapping
def map_rows(rows: list[RawRow], source_file: str, stem: str) -> MapResult:
    res = MapResult()
    doc = scan_document(rows)
    boundary = 0  # rows before this index belong to an earlier table
    last_title: tuple[int, str] | None = None
    dept_facts: dict[str, Any] = {}
    i = 0
    n = len(rows)
    while i < n:
        row = rows[i]
        solo = [c for c in row.cells if c.strip()]
        if (
            (row.kind == "text" or (row.kind == "grid" and len(solo) == 1))
            and solo and len(solo[0]) < 160 and _TITLE.search(solo[0]) and "没有" not in solo[0]
        ):
            # A title line, or a title row merged across a real table (.docx/.xlsx).
            last_title = (i, solo[0])
            i += 1
            continue
        fields = _grid_fields(row.cells) if row.kind != "text" else None
        if fields is not None or (row.kind != "text" and _is_activity_header(row.cells)):
            title_idx, title = (last_title if last_title and last_title[0] >= boundary else (boundary - 1, None))
            start = max(title_idx + 1, boundary)
            index = len(res.tables) + 1
            tid = f"{stem}-t{index:02d}"
            first_key = nz.key(row.cells[0]) if row.cells else ""
            if fields is None:
                table, end = _activity(rows, i, tid, res)
                table.title = nz.clean(title) if title else "活动绩效目标表"
            elif first_key in ("长期绩效指标", "年度绩效指标"):
                section = first_key[:2]
                if last_title and not dept_facts:
                    dept_facts = _header(rows[last_title[0] + 1:i], doc)
                goals_rows = rows[start:i]
                table, end = _department(rows, i, tid, section, res)
                table.title = f"{nz.clean(title or '部门整体绩效目标申报表').lstrip('#').strip()}（{section}绩效指标）"
                goals = _section_goals(goals_rows, section)
                table.goals = goals
                for k, v in dept_facts.items():
                    # Only the unit's own facts: the 项目支出情况 block lists projects, not this table.
                    if k in ("department", "budget_wan", "fiscal_wan", "year") and getattr(table, k, None) in (None, "", []):
                        setattr(table, k, v)
                if table.department:
                    table.project_name = f"{table.department}部门整体绩效目标"
            else:
                facts = _header(rows[start:i], doc)
                table, end = _grid(rows, i, fields, tid, res)
                for k, v in facts.items():
                    setattr(table, k, v)
                if title:
                    table.title = nz.clean(re.sub(r"\s+TC\s.*$", "", title))
                    if not table.project_name:
                        table.project_name = _title_name(title) or None
            table.department = table.department or doc.department
            table.region = table.region or doc.region or (_region_of(table.department) if table.department else None)
            table.year = table.year or doc.year
            table.sector = sector_for(table.department, table.project_name)
            # Without a title line the table starts at its header block (or, with none, at the grid header).
            first_line = rows[title_idx].line_start if title and title_idx >= 0 else (
                rows[start].line_start if start < i and fields is not None else row.line_start)
            table.provenance = Provenance(
                source_file=source_file, table_index=index, line_start=first_line, line_end=rows[end - 1].line_end
            )
            if table.indicators:
                res.tables.append(table)
            else:
                res.messages.append(f"第{row.line_start}行的指标表头下没有指标行，已跳过 / empty grid at line {row.line_start}")
            boundary = end
            i = end
            continue
        i += 1
    if not res.tables:
        _headerless(rows, stem, source_file, doc, res)
    return res


_STRICT_VALUE = re.compile(
    r"^(?:[≥≤<>＞＜=≧≦]|大于|小于|不低于|不高于|不少于|不超过|达到|优于|提高|降低|下降|增长)"
    r"|^\d+(?:\.\d+)?\s*(?:%|％|[\u4e00-\u9fa5/]{1,6})?$"
    r"|(?:%|％)$|^(?:是|否|有效|显著|明显|良好|合格|达标)$|月底前|月前|年底前|日前|^\d{4}年"
)


def _is_value_cell(text: str) -> bool:
    t = nz.clean(text)
    return bool(t) and len(t) <= 24 and bool(_STRICT_VALUE.search(t))


def infer_fields(rows: list[RawRow]) -> list[str | None] | None:
    """Columns of header-less grid rows, from their content: a column of 一级 names (产出指标), one of
    二级 names (数量指标), one of values (≥95%); the text columns before the values are 三级 and 描述,
    the one after is the 依据. None when no value column and level-name column can be told apart."""
    width = max((len(r.cells) for r in rows), default=0)
    if width < 3:
        return None
    cols = [[nz.clean(r.cells[j]) for r in rows if j < len(r.cells) and r.cells[j].strip()] for j in range(width)]

    def share(j: int, test: Any) -> float:
        return sum(bool(test(c)) for c in cols[j]) / len(cols[j]) if cols[j] else 0.0

    fields: list[str | None] = [None] * width
    taken: set[int] = set()
    for name, test in (("level1", _is_l1), ("level2", _is_l2), ("value", _is_value_cell)):
        best = max((j for j in range(width) if j not in taken), key=lambda j: share(j, test), default=None)
        if best is not None and share(best, test) >= 0.5:
            fields[best] = name
            taken.add(best)
    if "value" not in fields or not ({"level1", "level2"} & set(fields)):
        return None
    v = fields.index("value")
    before = [j for j in range(v) if j not in taken and cols[j]]
    if not before:
        return None
    for name, j in zip(("level3", "description"), before, strict=False):
        fields[j] = name
    after = [j for j in range(v + 1, width) if cols[j]]
    if after:
        fields[after[0]] = "basis"
    return fields


def _headerless(rows: list[RawRow], stem: str, source_file: str, doc: _Doc, res: MapResult) -> None:
    """A pasted table without its header row: the first run of cell rows whose columns can be told
    from their content becomes one table."""
    i = 0
    while i < len(rows):
        if rows[i].kind in ("text", "break", "record") or sum(bool(c.strip()) for c in rows[i].cells) < 2:
            i += 1
            continue
        j = i
        while j < len(rows) and rows[j].kind not in ("text", "break", "record"):
            j += 1
        run = [r for r in rows[i:j] if any(c.strip() for c in r.cells)]
        if all(r.kind == "tabs" for r in run):
            # Tab rows of varying width are placed by content row by row (`_place_tabs`).
            fields: list[str | None] | None = ["level1", "level2", "level3", "description", "value", "basis"]
            if not any(_is_l1(c) or _is_l2(c) for r in run for c in r.cells):
                fields = None
        else:
            fields = infer_fields(run)
        if fields is not None:
            tid = f"{stem}-t01"
            table, end = _grid(rows, i - 1, fields, tid, res)
            if table.indicators:
                table.department = doc.department
                table.region = doc.region or (_region_of(doc.department) if doc.department else None)
                table.year = doc.year
                table.sector = sector_for(table.department, table.project_name)
                table.provenance = Provenance(source_file=source_file, table_index=1,
                                              line_start=rows[i].line_start, line_end=rows[end - 1].line_end)
                res.tables.append(table)
                res.messages.append("未找到表头行，已按内容推断各列 / no header row: columns inferred from content")
                return
        i = j


def _header(block: list[RawRow], doc: _Doc) -> dict[str, Any]:
    """Read label/value pairs of a header block into GoalTable fields."""
    out: dict[str, Any] = {}
    purpose: list[str] = []
    goals: list[str] = []
    plan_rows: list[list[str]] = []
    current: str | None = None
    for r in block:
        cells = [c for c in r.cells]
        texts = [nz.clean(c) for c in cells]
        if r.kind == "text":
            t = texts[0]
            m = _DEPT_LINE.match(t)
            if m and not _NUM.match(t):
                dept = re.split(r"\s{2,}|单位[:：]", m.group(2))[0].strip()
                out["department"] = nz.clean(dept)
                continue
            if t.startswith("单位：") or t.startswith("单位:"):
                continue
            if re.fullmatch(r"[（(]\s*(20\d\d)\s*年度?\s*[)）]", t):
                out["year"] = int(re.search(r"20\d\d", t).group(0))  # type: ignore[union-attr]
                continue
            cells, texts = [t], [t]
            if current is None:
                continue
        nonempty = [(j, t) for j, t in enumerate(texts) if t]
        if not nonempty:
            continue
        # A department code line inside a table row (`316001怀来县人力资源和社会保障局 | 单位：万元`).
        m = _DEPT_LINE.match(nonempty[0][1])
        if m and not _NUM.match(nonempty[0][1]) and not _label(nonempty[0][1]) :
            out["department"] = nz.clean(m.group(2))
            continue
        if len(nonempty) == 1 and nonempty[0][1].startswith("单位"):
            continue
        if len(nonempty) == 1 and re.fullmatch(r"[（(]\s*(20\d\d)\s*年度?\s*[)）]", nonempty[0][1]):
            out["year"] = int(nonempty[0][1].strip("（( ")[:4])
            continue
        first_is_label = any(_label(t) is not None for _, t in nonempty)
        if not first_is_label:
            # Continuation of the label above (Word puts wrapped or merged cells on their own row).
            text = "\n".join(t for _, t in nonempty)
            if current == "plan" and not all(_MONTH.match(t) or _NUM.match(t.rstrip("%")) for _, t in nonempty):
                current = "goals" if re.match(r"^\d{1,2}\s*[、.．]", text) else "purpose"
            if current in ("budget_block", "purpose"):
                purpose.append(text)
            elif current == "plan":
                plan_rows.append(list(texts))
            elif current == "goals":
                goals.append("\n".join(c.strip() for c in cells if c.strip()))
            continue
        j = 0
        while j < len(nonempty):
            lab = _label(nonempty[j][1])
            if lab is None:
                j += 1
                continue
            # The value is the next non-label cell (numbers for money labels).
            val = nonempty[j + 1][1] if j + 1 < len(nonempty) and _label(nonempty[j + 1][1]) is None else None
            raw_val = None
            if val is not None:
                raw_val = cells[nonempty[j + 1][0]].strip()
            if lab in ("budget", "fiscal", "other"):
                if val is not None and _money(val) is not None:
                    key = {"budget": "budget_wan", "fiscal": "fiscal_wan", "other": "_other"}[lab]
                    out.setdefault(key, _money(val))
                    j += 2
                    continue
                current = "budget_block"
                j += 1
                continue
            current = lab
            if lab == "plan":
                # Keep cell positions: a share sits under its month (`| | 20 | | 50 |`).
                row_cells = list(texts)
                for k in range(nonempty[j][0] + 1):
                    row_cells[k] = ""
                plan_rows.append(row_cells)
                break
            if lab == "goals":
                if raw_val is not None:
                    goals.append("\n".join(c.strip() for c in cells[nonempty[j + 1][0]:] if c.strip()))
                break
            if lab == "budget_block":
                j += 1
                continue
            if val is not None:
                if lab == "purpose":
                    purpose.append(val)
                elif lab == "project_code":
                    out["project_code"] = val
                elif lab == "project_name":
                    out["project_name"] = val
                elif lab == "department":
                    out["department"] = val
                elif lab == "implementer":
                    out.setdefault("extra", {})["implementer"] = val
                j += 2
                continue
            j += 1
    if purpose:
        out["purpose"] = nz.clean(" ".join(purpose))
    if plan_rows:
        out["spending_plan"] = _plan(plan_rows)
    gl: list[str] = []
    for g in goals:
        gl.extend(split_goals(g))
    out["goals"] = gl
    out.pop("_other", None)
    if out.get("extra", {}).get("implementer") and out["extra"]["implementer"] == out.get("department"):
        out["extra"].pop("implementer")
    return out


def _is_share(t: str) -> bool:
    return bool(_NUM.match(t.replace(" ", "").rstrip("%％")))


def _plan(plan_rows: list[list[str]]) -> str | None:
    """`3月底：20；6月底：50 ...` from month rows and share rows, pairing a share with the month above it."""
    pairs: list[str] = []
    other: list[str] = []
    pending: list[tuple[int, str]] = []
    for row in plan_rows:
        cells = [c.strip() for c in row]
        months = [(k, c.replace(" ", "")) for k, c in enumerate(cells) if _MONTH.match(c)]
        shares = [(k, c) for k, c in enumerate(cells) if c and _is_share(c)]
        rest = [c for c in cells if c and not _MONTH.match(c) and not _is_share(c)]
        other.extend(rest)
        if months and shares:
            # `| 12 月底 | 100 |`: each month takes the share right after it.
            for (k, m) in months:
                nxt = next((c for kk, c in shares if kk > k), None)
                if nxt is not None:
                    pairs.append(f"{m}：{nxt}")
            pending = []
        elif months:
            pending = months
        elif shares and pending:
            # A share row without its empty label cell (tab rows) sits one column to the left.
            offset = 1 if cells and cells[0] and min(k for k, _ in pending) >= 1 else 0
            for k, m in pending:
                if 0 <= k - offset < len(cells) and cells[k - offset]:
                    pairs.append(f"{m}：{cells[k - offset]}")
            pending = []
        elif shares:
            other.extend(c for _, c in shares)
    text = "；".join(pairs)
    if other:
        text = (text + " " if text else "") + nz.clean(" ".join(other))
    return text or None


def _section_goals(block: list[RawRow], section: str) -> list[str]:
    for r in reversed(block):
        texts = [nz.html_text(c) for c in r.cells if c.strip()]
        if texts and nz.key(texts[0]).startswith(section + "目标"):
            rest = texts[1:] or [re.sub(rf"^{section}目标[:：]?", "", texts[0]).strip()]
            return [nz.clean(" ".join(rest))] if any(rest) else []
    return []


def _end_of_grid(row: RawRow) -> bool:
    if row.kind in ("break", "text", "record"):
        return True
    nonempty = [c for c in row.cells if c.strip()]
    if not nonempty:
        return False
    if _grid_fields(row.cells) is not None:
        return True
    lab = _label(nonempty[0])
    return lab is not None and lab not in ("budget",)


def _place_tabs(cells: list[str]) -> tuple[list[str | None], str | None]:
    """Put a tab row's cells into the six grid columns; returns the cells and a reason when unsure."""
    cells = [c for c in cells]
    while cells and not cells[-1].strip():
        cells.pop()
    # Glued level names: `效益指标、经济效益指标、经济效益` is three cells when its parts are level names.
    if cells and "、" in cells[0]:
        parts = [p.strip() for p in cells[0].split("、")]
        if len(parts) >= 2 and _is_l1(parts[0]) and _is_l2(parts[1]):
            cells = parts + cells[1:]
    k = len(cells)
    if k == 6:
        return list(cells), None
    if k > 6:
        return [*list(cells[:5]), "\t".join(cells[5:])], "单元格多于六列 / more than six cells"
    front: list[str | None] = [None, None]
    rest = list(cells)
    # In a continuation row 成本指标 is the 二级 under 产出指标 (older framework), not a new 一级.
    if rest and _is_l1(rest[0]) and not (k < 6 and nz.level(rest[0]) == "成本指标"):
        front[0] = rest.pop(0)
        if rest and _is_l2(rest[0]):
            front[1] = rest.pop(0)
    elif (rest and _is_l2(rest[0])) or k == 5:
        front[1] = rest.pop(0)
    if len(rest) == 4:
        return front + list(rest), None
    out: list[str | None] = [*front, None, None, None, None]
    if not rest:
        return out, "没有三级指标和指标值 / no indicator cells"
    out[2] = rest[0]
    if len(rest) >= 2:
        out[5] = rest[-1]
    middle = rest[1:-1]
    if len(middle) == 1:
        out[4 if _VALUE_LIKE.search(middle[0]) else 3] = middle[0]
    elif len(middle) >= 2:
        out[3], out[4] = middle[0], " ".join(middle[1:])
    return out, "单元格不足，无法确定列 / too few cells to place"


def _grid(rows: list[RawRow], h: int, fields: list[str | None], tid: str, res: MapResult) -> tuple[GoalTable, int]:
    table = GoalTable(id=tid)
    col = {f: j for j, f in enumerate(fields) if f}
    prev: Indicator | None = None
    i = h + 1
    while i < len(rows) and not _end_of_grid(rows[i]):
        r = rows[i]
        i += 1
        if not any(c.strip() for c in r.cells):
            continue
        reason = None
        extra: dict[str, Any] = {}
        if r.kind == "tabs":
            placed, reason = _place_tabs(r.cells)
            get = dict(zip(("level1", "level2", "level3", "description", "value", "basis"), placed, strict=True))
        else:
            cells = list(r.cells) + [""] * max(0, len(fields) - len(r.cells))
            get = {f: (cells[j] if cells[j].strip() else None) for f, j in col.items() if not f.startswith("extra:")}
            for f, j in col.items():
                if f.startswith("extra:") and cells[j].strip():
                    extra[f[6:]] = cells[j].strip()
            if len(r.cells) > len(fields) and any(c.strip() for c in r.cells[len(fields):]):
                reason = "单元格多于表头列数 / more cells than header columns"
                extra["溢出"] = [c for c in r.cells[len(fields):] if c.strip()]
        l1 = nz.level(get.get("level1"))
        l2 = nz.level(get.get("level2"))
        if l1 is None and prev is not None:
            l1 = prev.level1
            if l2 is None:
                l2 = prev.level2
        ind = Indicator(
            level1=l1, level2=l2, level3=nz.cell(get.get("level3")), description=nz.cell(get.get("description")),
            value=nz.value(get.get("value")), basis=nz.cell(get.get("basis")), extra=extra,
        )
        if ind.level3 is None and ind.value is None and ind.description is None:
            reason = reason or "没有三级指标和指标值 / no indicator cells"
        if reason:
            ind.uncertain = True
            ind.raw = "\t".join(r.cells)
            res.marked.append(Marked(tid, len(table.indicators), ind.raw, reason))
        table.indicators.append(ind)
        prev = ind
    return table, i


def _department(rows: list[RawRow], h: int, tid: str, section: str, res: MapResult) -> tuple[GoalTable, int]:
    """部门整体 grid: cells placed by content (level names, 指标分类 at the end, then 依据, 指标值, 上年, 前年)."""
    table = GoalTable(id=tid, kind="department")
    ctx: tuple[str | None, str | None] = (None, None)  # the 一级/二级 block the next row continues
    annual = section == "年度"
    i = h + 1
    while i < len(rows):
        r = rows[i]
        if r.kind in ("break", "text", "record") or _grid_fields(r.cells) is not None:
            break
        first = nz.key(r.cells[0]) if r.cells else ""
        if first.startswith(("年度目标", "长期目标", "<b>")) or ("目标" in first and "b>" in first):
            break
        i += 1
        cells = [c.strip() for c in r.cells if c.strip()]
        keys = [nz.key(c) for c in cells]
        if not cells or set(keys) <= {"近两年指标值", "前年", "上年", "预期当年实现值"}:
            continue
        raw = "\t".join(r.cells)
        l1 = l2 = None
        rest = list(cells)
        if rest and nz.level(rest[0]) in DEPT_LEVEL1:
            l1 = nz.level(rest.pop(0))
        if rest and (nz.level(rest[0]) in DEPT_LEVEL2 or re.fullmatch(r"核心业务产出\d*", nz.level(rest[0]) or "")
                     or (rest[0].strip(". ") == "" and len(rest) > 1 and rest[1].strip(". ") != "")):
            l2 = nz.level(rest.pop(0))
        if not rest or all(c.strip(". ") == "" for c in rest):
            res.messages.append(f"第{r.line_start}行是模板占位行（.....），未作为指标 / placeholder row skipped")
            # The placeholder still opens its 一级/二级 block for the rows below it.
            if l1 is not None:
                ctx = (l1, l2)
            elif l2 is not None:
                ctx = (ctx[0], l2)
            continue
        cls = rest.pop() if rest and nz.level(rest[-1]) in DEPT_CLASSES else None
        tail_n = 4 if annual else 2  # (前年, 上年,) 指标值, 依据
        body = rest
        l3 = body.pop(0) if body else None
        vals = body
        reason = None
        value = basis = last = before = None
        if annual:
            if len(vals) == 4:
                before, last, value, basis = vals
            elif len(vals) == 0:
                pass
            else:
                reason = "年度指标的值列数不符 / annual value cells do not fit"
                basis = vals[-1] if vals else None
                value = vals[-2] if len(vals) >= 2 else None
        else:
            if len(vals) == 2:
                value, basis = vals
            elif len(vals) == 0:
                pass
            elif len(vals) == 3 and l2 is None and l1 is None:
                # A level-2 name the vocabulary does not know: `X | 三级 | 值 | 依据`.
                l2, l3, value, basis = nz.level(l3), vals[0], vals[1], vals[2]
            else:
                reason = "长期指标的值列数不符 / long-term value cells do not fit"
                basis = vals[-1]
                value = vals[-2] if len(vals) >= 2 else None
        del tail_n
        if l1 is not None and l2 is None and ctx[0] is not None and ctx[0] != l1:
            reason = reason or "一级指标换行而二级指标为空（分页错位）/ new level-1 without level-2 (page break shift)"
        if l1 is None:
            l1 = ctx[0]
            if l2 is None:
                l2 = ctx[1]
        ctx = (l1, l2)
        extra: dict[str, Any] = {}
        if annual:
            extra["前年"] = before
            extra["上年"] = last
        if cls:
            extra["指标分类"] = nz.level(cls)
        ind = Indicator(level1=l1, level2=l2, level3=nz.cell(l3), value=nz.value(value), basis=nz.cell(basis),
                        extra={k: v for k, v in extra.items() if v is not None})
        if reason:
            ind.uncertain = True
            ind.raw = raw
            res.marked.append(Marked(tid, len(table.indicators), raw, reason))
        table.indicators.append(ind)
    return table, i


_ACT_FIELDS = {"活动编码": "code", "活动名称": "name", "活动描述": "desc", "预算年度": "year", "绩效目标": "goal",
               "绩效指标": "level3", "指标描述": "description", "优": "优", "良": "良", "中": "中", "差": "差"}


def _activity(rows: list[RawRow], h: int, tid: str, res: MapResult) -> tuple[GoalTable, int]:
    """Activity table: 活动编码/名称/描述/预算年度/绩效目标 (merged down) + 绩效指标/指标描述/优/良/中/差."""
    table = GoalTable(id=tid, kind="activity")
    header = [_ACT_FIELDS.get(nz.key(c)) for c in rows[h].cells]
    carry: dict[str, str] = {}
    goals: list[str] = []
    i = h + 1
    while i < len(rows) and not _end_of_grid(rows[i]):
        r = rows[i]
        i += 1
        cells = [c.replace("\u3000", " ").strip() for c in r.cells]
        if not any(cells):
            continue
        rec = {f: cells[j] for j, f in enumerate(header) if f and j < len(cells) and cells[j]}
        for f in ("code", "name", "desc", "goal"):
            if f in rec:
                carry[f] = rec[f]
        if "year" in rec and "year" not in carry:
            carry["year"] = rec["year"]
        if not rec.get("level3") and not rec.get("优"):
            continue
        extra = {"活动编码": carry.get("code"), "活动名称": nz.cell(carry.get("name"))}
        for g in ("良", "中", "差"):
            if rec.get(g):
                extra[g] = rec[g]
        ind = Indicator(level3=nz.cell(rec.get("level3")), description=nz.cell(rec.get("description")),
                        value=nz.value(rec.get("优")), extra={k: v for k, v in extra.items() if v})
        if len(r.cells) != len(header):
            ind.uncertain = True
            ind.raw = "\t".join(r.cells)
            res.marked.append(Marked(tid, len(table.indicators), ind.raw, "列数与表头不符 / cells do not match header"))
        table.indicators.append(ind)
        if carry.get("goal") and nz.clean(carry["goal"]) not in goals:
            goals.append(nz.clean(carry["goal"]))
    table.goals = goals
    if carry.get("year", "").isdigit():
        table.year = int(carry["year"])
    return table, i
