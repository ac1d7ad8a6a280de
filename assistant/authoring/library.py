"""The sector indicator library: project kinds and their indicators, read from `corpus/library/*.yaml`.

The knowledge lives in data files an expert can edit (format: `corpus/library/README.md`); this module
validates them with pydantic when they are loaded, and turns them into the `ProjectKind` / `Candidate`
records the engine uses. A value in the library is there only because a named standard, a stated
convention or the project plan gives it; a count never has one (it comes from the brief).

Recognising which kinds a brief is lives in `assistant.authoring.kinds`; `match_kinds` here is the
keyword-only matcher (the baseline that module is measured against, and the fallback with no embedder).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

LIBRARY_DIR = Path(__file__).resolve().parents[2] / "corpus" / "library"

# 二级 name -> engine slot key; the 一级 follows from the slot (framework.slots).
LEVEL2_SLOTS: dict[str, str] = {
    "数量指标": "quantity", "质量指标": "quality", "时效指标": "timeliness", "成本指标": "cost",
    "经济效益指标": "economic", "社会效益指标": "social", "生态效益指标": "ecological",
    "可持续影响指标": "sustainable", "满意度指标": "satisfaction", "服务对象满意度指标": "satisfaction",
}
SECTORS: tuple[str, ...] = (
    "教育", "卫生健康", "疾控", "医保", "文化和旅游", "文物", "体育", "广电", "农业农村", "乡村振兴", "水利",
    "林业草原", "自然资源", "生态环境", "气象", "交通运输", "住房城乡建设", "城市管理与环卫", "公安", "司法",
    "法院与检察", "应急管理与消防", "民政", "养老", "残联", "退役军人", "市场监管", "科技", "工业和信息化", "商务",
    "人社就业", "社会保险", "机关运行与后勤", "宣传", "统计与档案", "粮食和物资储备", "通用",
)
GENERAL_SECTOR = "通用"
_PLACEHOLDERS = re.compile(r"\{(\w+)\}")
_ALLOWED_PLACEHOLDERS = {"obj", "year", "beneficiary"}
NAMED_STANDARD = re.compile(r"《[^》]+》|GB(?:/T)?\s*\d|[A-Z]{2,}/T?\s*\d+")
# Words that make a name vague. 有效/良好/基本 are left to values: 灌溉水有效利用系数 and 基本养老保险 are names.
_VAGUE = ("明显", "显著", "较好", "进一步", "持续改善", "逐步", "大幅", "稳步")
_VAGUE_VALUE = (*_VAGUE, "有效", "良好", "基本")
# Units of things counted: such a value is never a default (it comes from the brief), except 0 (0起事故).
_COUNT_UNITS = frozenset(
    "人次 万人次 人 万人 名 户 万户 个 项 次 台 套 件 份 册 本 场 期 批次 批 条 辆 座 处 间 栋 公里 千米 米 平方米 "
    "万平方米 亩 万亩 公顷 吨 万吨 立方米 万立方米 所 家 张 床 篇 部 村 镇 乡 校 班 课时 学时 起 例 宗 笔".split())
_PAY_WORDS = ("补贴", "补助", "救助", "津贴", "资助", "抚恤", "慰问", "低保", "奖补", "生活保障", "供养", "助学")
_ACTIVITY_HEADS = ("开展", "加强", "做好", "落实", "推进", "推动", "组织", "实施", "促进", "提高", "提升", "强化")


class LibraryError(ValueError):
    """A library file that cannot be used; the message names the file and the line."""


# --------------------------------------------------------------------------------------------
# The file format (validated on load)
class IndicatorEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    level2: str
    name: str
    description: str
    unit: str | None = None
    value: str | None = None
    source: Literal["standard", "convention", "plan"] | None = None
    basis: str | None = None
    convention: str | None = None
    needs: list[str] = Field(default_factory=list)

    @field_validator("level2")
    @classmethod
    def _level2(cls, v: str) -> str:
        if v not in LEVEL2_SLOTS:
            raise ValueError(f"二级指标“{v}”不在 {'、'.join(LEVEL2_SLOTS)} 之中")
        return v

    @field_validator("name", "description")
    @classmethod
    def _text(cls, v: str) -> str:
        if not v:
            raise ValueError("不能为空")
        bad = set(_PLACEHOLDERS.findall(v)) - _ALLOWED_PLACEHOLDERS
        if bad:
            raise ValueError(f"未知的占位符 {{{', '.join(sorted(bad))}}}（可用 {{obj}} {{year}} {{beneficiary}}）")
        return v

    @model_validator(mode="after")
    def _value_rules(self) -> IndicatorEntry:
        from assistant.values import TargetValue

        slot = LEVEL2_SLOTS[self.level2]
        if any(w in self.name for w in _VAGUE) or self.name.startswith(_ACTIVITY_HEADS):
            raise ValueError(f"三级指标“{self.name}”是空泛或工作性的写法")
        if not self.value:
            if slot not in ("quantity", "cost") and not self.unit:
                raise ValueError("没有指标值的指标须是数量或成本（写明 unit），其数值来自项目说明")
            if self.source or self.convention:
                raise ValueError("没有指标值时不写 source / convention")
            return self
        value = self.value.replace("{year}", "2026")
        tv = TargetValue.parse(value)
        if not tv.measurable:
            raise ValueError(f"指标值“{self.value}”不可衡量")
        if any(w in self.value for w in _VAGUE_VALUE):
            raise ValueError(f"指标值“{self.value}”是空泛的写法")
        if self.source is None or not self.basis:
            raise ValueError("有指标值时须写 source（standard / convention / plan）和 basis（指标值确定依据）")
        if self.source == "standard" and not NAMED_STANDARD.search(self.basis):
            raise ValueError(f"source: standard 须在 basis 中写明标准名称（《…》或标准号），现为“{self.basis}”")
        if self.source == "convention" and not self.convention:
            raise ValueError("source: convention 须用 convention 说明这是什么惯例")
        if self.source == "convention" and self.basis.startswith("行业标准") and not NAMED_STANDARD.search(self.basis):
            raise ValueError(f"通行做法不是已发布的行业标准：basis 写“其他标准：…”，或写明标准名称（现为“{self.basis}”）")
        is_count = not tv.percent and tv.unit in _COUNT_UNITS
        if is_count and (tv.number or 0) > 0 and self.source != "standard":
            raise ValueError(f"数量“{self.value}”不能有默认值：数量只来自项目说明")
        return self


class ObjectEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: str
    unit: str


class KindEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    key: str
    label: str
    examples: list[str] = Field(min_length=5)
    keywords: list[str] = Field(min_length=1)
    objects: list[ObjectEntry] = Field(default_factory=list)
    beneficiary: str = "服务对象"
    object: str = "项目"
    economic: bool = False
    ecological: bool = False
    fallback: bool = False  # the rows any project can use (通用); never detected as a kind itself
    not_in: list[str] = Field(default_factory=list)  # phrases whose words are not this kind's keywords
    indicators: list[IndicatorEntry] = Field(min_length=8)

    @field_validator("key")
    @classmethod
    def _key(cls, v: str) -> str:
        if not re.fullmatch(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*", v):
            raise ValueError(f"kind key “{v}” 须为 <sector>.<kind>，小写英文字母、数字和下划线")
        return v

    @model_validator(mode="after")
    def _slots(self) -> KindEntry:
        names = [i.name for i in self.indicators]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise ValueError(f"重复的三级指标：{'、'.join(sorted(dup))}")
        return self


class SectorFile(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    sector: str
    key: str
    aliases: list[str] = Field(default_factory=list)
    kinds: list[KindEntry] = Field(min_length=1)

    @field_validator("sector")
    @classmethod
    def _sector(cls, v: str) -> str:
        if v not in SECTORS:
            raise ValueError(f"行业“{v}”不在行业表中（{'、'.join(SECTORS)}）")
        return v

    @model_validator(mode="after")
    def _kind_prefix(self) -> SectorFile:
        for k in self.kinds:
            if not k.key.startswith(self.key + "."):
                raise ValueError(f"kind key “{k.key}” 须以本文件的 key “{self.key}.” 开头")
        return self


# --------------------------------------------------------------------------------------------
# What the engine uses
@dataclass(frozen=True)
class Candidate:
    slot: str  # quantity | quality | timeliness | cost | social | economic | ecological | sustainable | satisfaction
    level3: str
    description: str
    value: str  # "" when the value must come from the brief or the corpus
    basis: str  # 指标值确定依据
    convention: str = ""  # why this value, said in the rationale as a convention
    needs: tuple[str, ...] = ()  # offered only when the brief says one of these (苗木成活率 needs 造林…)
    unit: str = ""  # a count's unit (台, 人次)
    source: str = ""  # standard | convention | plan | "" (from the brief)
    kind: str = ""  # the kind key it belongs to


@dataclass(frozen=True)
class ProjectKind:
    key: str
    label: str
    keywords: tuple[str, ...]
    candidates: tuple[Candidate, ...]
    economic: bool = False
    ecological: bool = False
    beneficiary: str = "服务对象"
    default_obj: str = "项目"
    not_in: tuple[str, ...] = ()
    sector: str = GENERAL_SECTOR
    examples: tuple[str, ...] = ()
    objects: tuple[tuple[str, str], ...] = ()  # (name, unit)

    @property
    def pays_people(self) -> bool:
        """A subsidy kind: the people paid are its output (受助学生数 under 数量), not a benefit."""
        return any(w in self.label for w in _PAY_WORDS)

    @property
    def weak(self) -> bool:
        """Running costs (机关运行, 运行保障): alike in name to nearly any 经费 project, so never proof that
        two projects are comparable."""
        return self.sector == "机关运行与后勤" or any(w in self.label for w in ("运行保障", "运转", "日常运行"))


@dataclass(frozen=True)
class Sector:
    name: str
    key: str
    aliases: tuple[str, ...]
    file: str


@dataclass
class Library:
    sectors: list[Sector]
    kinds: list[ProjectKind]  # detectable kinds (fallback kinds excluded)
    generic: tuple[Candidate, ...]  # rows any project can use
    digest: str  # of the files' bytes: keys caches of derived data (example vectors)
    by_key: dict[str, ProjectKind] = field(default_factory=dict)

    keyword_kinds: dict[str, list[int]] = field(default_factory=dict)  # keyword -> indexes of kinds using it

    def __post_init__(self) -> None:
        self.by_key = {k.key: k for k in self.kinds}
        for i, k in enumerate(self.kinds):
            for w in dict.fromkeys(k.keywords):
                self.keyword_kinds.setdefault(w, []).append(i)

    def kinds_with_keywords_in(self, text: str) -> list[int]:
        """Indexes of the kinds one of whose keywords occurs in the text (each keyword tested once)."""
        found: set[int] = set()
        for w, idx in self.keyword_kinds.items():
            if w in text:
                found.update(idx)
        return sorted(found)

    @property
    def indicator_count(self) -> int:
        return sum(len(k.candidates) for k in self.kinds) + len(self.generic)

    def sectors_named(self, text: str | None) -> list[Sector]:
        """The sectors a form's 行业 field names: a Chinese name, key or alias (hr_social_security names both
        人社就业 and 社会保险); else those whose name it contains (卫生健康局); [] when unknown."""
        t = (text or "").strip()
        if not t:
            return []
        exact = [s for s in self.sectors if t in (s.name, s.key) or t in s.aliases]
        if exact:
            return exact
        return [s for s in self.sectors if s.name != GENERAL_SECTOR
                and (s.name in t or any(len(a) >= 2 and a in t for a in s.aliases))]

    def sector_named(self, text: str | None) -> Sector | None:
        found = self.sectors_named(text)
        return found[0] if found else None

    def search(self, words: str, sector: str | None = None) -> list[ProjectKind]:
        """Kinds whose label, examples, keywords or indicator names contain every word."""
        terms = [w for w in re.split(r"\s+", words.strip()) if w]
        out = []
        for k in self.kinds:
            if sector and k.sector != sector:
                continue
            hay = " ".join([k.label, *k.examples, *k.keywords, *(c.level3 for c in k.candidates)])
            if all(t in hay for t in terms):
                out.append(k)
        return out


def _candidate(e: IndicatorEntry, kind: str) -> Candidate:
    return Candidate(
        slot=LEVEL2_SLOTS[e.level2], level3=e.name, description=e.description, value=e.value or "",
        basis=e.basis or ("预算支出标准：项目预算批复" if LEVEL2_SLOTS[e.level2] == "cost" else "计划标准：项目实施方案"),
        convention=e.convention or "", needs=tuple(e.needs), unit=e.unit or "", source=e.source or "", kind=kind,
    )


def _kind(e: KindEntry, sector: str) -> ProjectKind:
    return ProjectKind(
        key=e.key, label=e.label, keywords=tuple(e.keywords),
        candidates=tuple(_candidate(i, e.key) for i in e.indicators), economic=e.economic,
        ecological=e.ecological, beneficiary=e.beneficiary, default_obj=e.object, not_in=tuple(e.not_in),
        sector=sector, examples=tuple(e.examples), objects=tuple((o.name, o.unit) for o in e.objects),
    )


class _LineLoader(yaml.SafeLoader):
    """Records the line of every mapping, to name it in an error (used only after a failure)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    out = yaml.SafeLoader.construct_mapping(loader, node)
    out["__line__"] = node.start_mark.line + 1
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _error_line(text: str, loc: tuple[Any, ...]) -> int | None:
    try:
        data: Any = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError:
        return None
    line = data.get("__line__") if isinstance(data, dict) else None
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(data, dict):
            line = data.get("__line__", line)
    return line


def parse_file(path: Path) -> SectorFile:
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"第{mark.line + 1}行" if mark is not None else ""
        raise LibraryError(f"{path.name}{where}：YAML 格式错误 / invalid YAML: {e}") from None
    if not isinstance(data, dict):
        raise LibraryError(f"{path.name}：应为一个映射（sector / key / kinds） / expected a mapping")
    try:
        return SectorFile.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = tuple(err["loc"])
        line = _error_line(text, loc)
        where = f"第{line}行" if line else ""
        path_s = ".".join(str(p) for p in loc)
        raise LibraryError(f"{path.name}{where}（{path_s}）：{err['msg']}") from None


def load_files(paths: Iterable[Path]) -> Library:
    sectors: list[Sector] = []
    kinds: list[ProjectKind] = []
    generic: list[Candidate] = []
    seen_keys: dict[str, str] = {}
    h = hashlib.sha1()
    for path in sorted(paths):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
        f = parse_file(path)
        if f.key != path.stem:
            raise LibraryError(f"{path.name}：key “{f.key}” 须与文件名一致（{path.stem}）")
        sectors.append(Sector(f.sector, f.key, tuple(f.aliases), path.name))
        for k in f.kinds:
            if k.key in seen_keys:
                raise LibraryError(f"{path.name}：kind key “{k.key}” 与 {seen_keys[k.key]} 重复")
            seen_keys[k.key] = path.name
            if k.fallback:
                generic.extend(_candidate(i, k.key) for i in k.indicators)
            else:
                kinds.append(_kind(k, f.sector))
    return Library(sectors=sectors, kinds=kinds, generic=tuple(generic), digest=h.hexdigest()[:16])


_CACHE: dict[tuple[str, tuple[tuple[str, int, int], ...]], Library] = {}
_LOCK = threading.Lock()


def load_library(folder: Path | None = None) -> Library:
    """Every `*.yaml` of the folder (default: the shipped library), cached until a file changes."""
    folder = Path(folder or LIBRARY_DIR)
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise LibraryError(f"{folder}：没有指标库文件 / no library files")
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    key = (str(folder), stamp)
    with _LOCK:
        lib = _CACHE.get(key)
        if lib is None:
            lib = load_files(paths)
            _CACHE.clear()
            _CACHE[key] = lib
    return lib


# --------------------------------------------------------------------------------------------
@dataclass
class KindMatch:
    kind: ProjectKind
    score: float
    hits: list[str] = field(default_factory=list)
    why: str = ""


# A money amount per head (每生每天5元, 人均补助2000元): with a subsidy word, the project pays people.
PER_HEAD_MONEY = re.compile(
    r"(?:每(?P<who>生|人|户|名)|(?P<who2>生|人|户)均)(?:每(?P<t>天|日|月|年|学年|学期))?[^，,。；;、\d]{0,8}?"
    r"(?P<num>(?<![\d.])\d+(?:\.\d+)?)\s*(?P<money>万?元)")


def keyword_hits(kind: ProjectKind, text: str) -> list[str]:
    seen = text
    for phrase in kind.not_in:
        seen = seen.replace(phrase, "｜")
    return [k for k in kind.keywords if k in seen]


def match_kinds(text: str, limit: int = 3, *, library: Library | None = None,
                kinds: Iterable[ProjectKind] | None = None) -> list[KindMatch]:
    """Kinds whose keywords occur in the text, best first (the keyword-only matcher)."""
    lib = library or load_library()
    out = []
    pool = kinds if kinds is not None else [lib.kinds[i] for i in lib.kinds_with_keywords_in(text)]
    for kind in pool:
        hits = keyword_hits(kind, text)
        if hits:
            out.append(KindMatch(kind, float(sum(len(h) for h in hits)), hits, "关键词：" + "、".join(hits)))
    out.sort(key=lambda m: -m.score)
    return out[:limit]


# --------------------------------------------------------------------------------------------
def filled(c: Candidate, kind: ProjectKind | None, year: int = 2026) -> dict[str, str]:
    """The candidate as a table row would read it, with the kind's own object and beneficiary."""
    # The linter's reading of a name (imported here: lint never imports authoring, authoring loads lint lazily).
    from assistant.lint.lexicon import direction

    obj = kind.default_obj if kind else "项目"  # what the engine puts for {obj} when the brief names nothing
    who = kind.beneficiary if kind else "服务对象"
    fmt = {"obj": obj, "year": str(year), "beneficiary": who}
    name = c.level3.format(**fmt)
    # A stand-in for a value the library leaves to the project: a cap for a cost or a reverse rate (漏登率 ≤1%).
    cap = c.slot == "cost" or (c.unit == "%" and direction(name) == "down")
    stand_in = "≤100万元" if c.slot == "cost" else ("≤1" if cap else "≥1") + (c.unit or "项")
    value = c.value.format(**fmt) if c.value else stand_in
    return {"level3": name, "description": c.description.format(**fmt), "value": value,
            "basis": c.basis}


def lint_library(lib: Library) -> list[tuple[str, str, str, str]]:
    """(file key, kind key, 三级指标, finding) for every indicator the linter would warn about once filled in.

    A count has no value in the library; it is linted with a stand-in number of its unit (≥1台)."""
    from assistant.authoring.framework import slots
    from assistant.lint import lint_row
    from assistant.models import Indicator, Severity

    by_slot = slots("2021")
    out = []
    pairs: list[tuple[ProjectKind | None, Candidate]] = [(k, c) for k in lib.kinds for c in k.candidates]
    pairs += [(None, c) for c in lib.generic]
    for kind, c in pairs:
        row = filled(c, kind)
        s = by_slot[c.slot]
        ind = Indicator(level1=s.level1, level2=s.level2, level3=row["level3"], description=row["description"],
                        value=row["value"], basis=row["basis"])
        for f in lint_row(ind):
            if f.severity in (Severity.ERROR, Severity.WARNING):
                out.append((c.kind.split(".")[0], c.kind, row["level3"], f"{f.code} {f.flag}: {f.message}"))
    return out
