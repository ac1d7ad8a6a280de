"""Reading a project brief: what is bought, built, trained or served, how much, for whom, and when.

Rules over the brief's own words (no model): numbers with units and the words around them become
named quantities (培训3000人次 -> 培训人次 ≥3000人次; 购置教学设备120台 -> 教学设备购置数量 ≥120台), rates
become result indicators (就业率达到95% -> 就业率 ≥95%), and 12月底前完成 becomes a deadline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import math

from assistant.authoring.dates import Deadline, budget_year, find_deadlines
from assistant.authoring.library import PER_HEAD_MONEY, KindMatch, match_kinds
from assistant.models import ProjectBrief

_COUNT_UNITS = (
    "万人次|人次|万人|万名|万户|人|名|户|部|个|台套|台次|台|套|件|所|家|场|期|次|批次|批|公里|千米|米|平方米|万平方米|亩|万亩|公顷|座|处|条|辆|"
    "万册|册|份|本|课时|学时|项|间|栋|张|床|吨|万吨|万立方米|立方米|个村|村|镇|班|株|万株|头|只|羽|块|盏"
)
_PEOPLE_UNITS = ("人", "名", "万人", "万名", "户", "万户", "人次", "万人次")
_PAY_VERBS = ("救助", "资助", "补贴", "补助", "津贴", "慰问", "抚恤")  # what a subsidy project calls its payment
_QTY = re.compile(rf"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|‰|{_COUNT_UNITS})")
_RETURN_PERIOD = re.compile(
    r"(?P<what>[\u4e00-\u9fff]{0,4}?(?:防洪|排涝|防潮|除涝)标准)(?:达到|提高到|提升至|提升到|为|按)?(?P<num>\d+)\s*年一遇")
_UPPER_BEFORE = ("控制在", "不超过", "不高于", "低于", "降至", "降低到", "压减到", "小于")
_UPPER_AFTER = ("以内", "以下", "之内")
_DEADLINE = re.compile(r"(?P<m>\d{1,2})\s*月(?:份)?(?P<tail>底|末|中旬|上旬|下旬)?(?:前|之前)?(?:完成|实施|竣工|完工|上线|到位|发放)")
_YEAR = re.compile(r"(?<!\d)(20[2-9]\d)\s*年(?!\d)")
_SPLIT = re.compile(r"[，,。；;：:、\s（）()“”\"《》]")
# Words that lead into a quantity but are not part of what is counted.
_LEAD = ("计划", "全年", "年度", "累计", "预计", "共计", "共", "约", "完成", "组织", "开展", "实施", "为", "对", "向",
         "全县", "全市", "全区", "全镇", "本年", "年内", "新增", "力争", "确保", "不少于", "达到", "提高到", "以上",
         "其中", "用于", "拟", "通过", "项目", "主要", "保障")
_TRAIL = ("达到", "不低于", "提高到", "提升至", "提高至", "保持在", "控制在", "达", "为", "超过", "不少于", "以上",
          "约", "大约", "近", "逾", "共", "共计", "累计")
# A list ending in a conjunction (图书馆、博物馆及14个文化站): the counted thing comes after the number.
_CONJ_END = ("及", "和", "与", "以及")
_NOT_CONJ = ("惠及", "涉及", "普及", "波及", "顾及")
_VERBS = ("购置", "采购", "购买", "配备", "新建", "建设", "改建", "扩建", "改造", "维修", "修缮", "硬化", "治理",
          "培训", "举办", "开展", "发放", "补贴", "救助", "资助", "慰问", "检查", "督查", "宣传", "印制", "招聘",
          "引进", "服务", "接待", "覆盖", "安置", "惠及", "受益", "种植", "造林", "植树", "清理", "铺设", "安装",
          "更换", "开发", "部署", "举行", "组织", "走访", "调查", "监测", "抽检", "受益", "提供", "解决")
# Who benefits (惠及群众2万人) is a social benefit; who is served (服务老人1500人) is the output itself.
_BENEFIT_VERBS = ("惠及", "受益", "覆盖", "带动", "帮助", "解决")
_FOLLOW_NOUN = re.compile(r"^([\u4e00-\u9fffA-Za-z]{1,8}?)(?=[，,。；;、\s]|$|和|及|与|\d|购置|采购|建设|改造|提供|发放|开展|配备|培训|安装|新建|维修|更换|铺设|举办|进行|实施|的)")
# 对8所学校进行维修改造: the counted things are what the work is done to (an output), not who benefits.
# Nouns that end a counted thing whatever follows (14个乡镇综合文化站免费开放; 2.1万名学生按…).
_FOLLOW_PLACE = re.compile(r"^([\u4e00-\u9fff]{0,7}?(?:站|馆|中心|学校|院|室|村|社区|基地|场馆|厂|队))")
_FOLLOW_PEOPLE = re.compile(r"^([\u4e00-\u9fff]{0,6}?(?:学生|儿童|老人|老年人|对象|群众|农民|人员|职工|患者|家庭|居民|残疾人))")
_PEOPLE_NOUN = re.compile(r"学生|儿童|老人|老年人|对象|群众|农民|人员|职工|患者|家庭|居民|残疾人")
_WORK_AFTER = re.compile(r"^(?:进行|实施|开展)?(?:[\u4e00-\u9fff]{1,3}?)??((?:维修|改造|修缮|加固|建设|新建|改建|扩建|提升|整治|治理|安装|检查|检测)+)")
_MEASURES = ("面积", "长度", "人数", "数量", "户数", "人次", "场次", "次数", "期数")


@dataclass
class Quantity:
    name: str  # suggested 三级指标
    number: float
    unit: str
    raw: str  # the words in the brief it came from
    verb: str = ""
    obj: str = ""
    benefit: bool = False  # 惠及/受益: a social-benefit count, not an output
    upper: bool = False  # 控制在0.9‰以内: a ceiling, not a floor

    @property
    def percent(self) -> bool:
        """A rate: per cent or per mille."""
        return self.unit in ("%", "‰")


@dataclass
class BriefFacts:
    brief: ProjectBrief
    text: str
    kinds: list[KindMatch]
    quantities: list[Quantity] = field(default_factory=list)
    deadline_month: int | None = None
    objects: list[str] = field(default_factory=list)
    standards: list[Standard] = field(default_factory=list)  # 每生每天5元; 城市…780元、农村…620元
    deadlines: list[Deadline] = field(default_factory=list)  # 9月1日前交付使用, 汛期前完成 … as dates
    budget_year: int = 0
    year_why: str = ""
    questions: list[str] = field(default_factory=list)  # what the clerk should check (万元 that look like 元)

    @property
    def kind_keys(self) -> frozenset[str]:
        return frozenset(m.kind.key for m in self.kinds)


    @property
    def year(self) -> int | None:
        """The budget year: given, else the first 20xx年 in the name, then in the purpose and goals."""
        if self.brief.year:
            return self.brief.year
        for text in (self.brief.name, self.brief.purpose, *self.brief.goals):
            if m := _YEAR.search(text or ""):
                return int(m.group(1))
        return None

    @property
    def query(self) -> str:
        """The text used to retrieve comparable rows."""
        b = self.brief
        return " ".join(x for x in [b.name, b.purpose, *b.goals, *b.quantities] if x)[:600]


def analyse(brief: ProjectBrief, kinds: list[KindMatch] | None = None) -> BriefFacts:
    """The brief's facts; `kinds` are the project kinds found by meaning (keyword matching when None)."""
    text = " ".join(x for x in [brief.name, brief.purpose, *brief.goals, *brief.quantities] if x)
    facts = BriefFacts(brief=brief, text=text, kinds=kinds if kinds is not None else match_kinds(text))
    for q in _quantities(text, budget=brief.budget_wan):
        # The same number said twice (培训高素质农民1200人 in the purpose, 培训1200人 as a known quantity): once,
        # under the more specific name.
        twin = next((o for o in facts.quantities if (o.number, o.unit) == (q.number, q.unit)
                     and (o.name in q.name or q.name in o.name)), None)
        if twin is None:
            facts.quantities.append(q)
        elif len(q.name) > len(twin.name):
            facts.quantities[facts.quantities.index(twin)] = q
    facts.budget_year, facts.year_why = budget_year(brief.year, brief.name)
    facts.deadlines = find_deadlines(text, facts.budget_year)
    if facts.deadlines:
        facts.deadline_month = facts.deadlines[0].date.month
    facts.questions = sanity_questions(brief)
    pays = next((v for v in _PAY_VERBS if v in text), "补助")
    # A per-head amount with a pay word (每生每天5元 营养膳食补助) makes a subsidy whatever the kind is called.
    per_head = PER_HEAD_MONEY.search(text) is not None and any(v in text for v in _PAY_VERBS)
    if (facts.kinds and facts.kinds[0].kind.pays_people) or per_head:
        # In a subsidy project the people paid are the output (受助学生数 under 数量), not a benefit.
        for q in facts.quantities:
            if q.benefit and q.unit in _PEOPLE_UNITS and q.verb in ("受益", "惠及", "覆盖"):
                q.name = q.name.replace(q.verb, pays, 1) if q.obj else f"{pays}对象{_measure_word(q.unit)}"
                q.verb, q.benefit = pays, False
    for m in PER_HEAD_MONEY.finditer(text):
        st = Standard.from_match(m, pays, _standard_subject(text[: m.start()]))
        if st.name not in {o.name for o in facts.standards}:
            facts.standards.append(st)
    del facts.standards[_MAX_STANDARDS:]
    facts.objects = [q.obj for q in facts.quantities if q.obj]
    return facts


@dataclass
class Standard:
    """A money amount per head stated in the brief: 每生每天5元 -> 5元/生·天."""

    who: str
    period: str
    number: float
    money: str
    raw: str
    verb: str = "补助"
    subject: str = ""  # whose standard, from the words before it: 城市低保, 困难残疾人生活补贴

    @classmethod
    def from_match(cls, m: re.Match[str], verb: str = "补助", subject: str = "") -> Standard:
        return cls(m.group("who") or m.group("who2"), m.group("t") or "", float(m.group("num")), m.group("money"),
                   m.group(), verb, subject)

    @property
    def value(self) -> str:
        num = f"{self.number:g}"
        return f"{num}{self.money}/{self.who}" + (f"·{self.period}" if self.period else "")

    @property
    def name(self) -> str:
        if self.subject.endswith(_PAY_WORDS):  # 困难残疾人生活补贴每人每月90元 -> 困难残疾人生活补贴标准
            return f"{self.subject}标准"
        head = {"生": "生均", "人": "人均", "户": "户均", "名": "人均"}[self.who]
        return f"{self.subject}{head}{'每' + self.period if self.period else ''}{self.verb}标准"


_MAX_STANDARDS = 3
_PAY_WORDS = ("补贴", "补助", "津贴", "救助", "资助", "抚恤金", "补助金", "生活费", "经费", "费")
_STANDARD_LEAD = ("按照", "按", "其中", "对", "为", "向", "给予", "标准为", "分别为")


def _standard_subject(before: str) -> str:
    """The words naming a per-head amount: the clause right before it, without lead-in words."""
    seg = _strip(re.split(r"[，,。；;、：:\s（）()]", before)[-1], _STANDARD_LEAD, ("标准",))
    return seg if 2 <= len(seg) <= 12 and seg != "标准" else ""


def _quantities(text: str, budget: float | None) -> list[Quantity]:
    out: list[Quantity] = []
    for m in _QTY.finditer(text):
        number, unit = float(m.group("num")), m.group("unit")
        before = text[: m.start()]
        # A year (2024年) or a month is not a quantity; neither is the project budget restated.
        # 4.5份/千人 is a ratio, not a count.
        if before.endswith(("第", "每")) or text[m.end(): m.end() + 1] in ("年", "月", "日", "/"):
            continue
        segs = _SPLIT.split(_ctx_text(before))
        ctx = segs[-1]
        if len(segs) > 1 and re.fullmatch(r"(?:共计|合计|总计|累计|共)约?", ctx):  # 抽检…，共计约2700批次: refers back
            ctx = re.split(r"\d", segs[-2])[0]
        cut = max(0, len(ctx) - 14)
        while cut > 0 and (ctx[cut - 1].isdigit() or ctx[cut - 1] == "."):  # 65岁以上…: keep 65 whole
            cut -= 1
        ctx = ctx[cut:]
        # 购置2台彩超和1台DR: what an earlier number counted is not part of this one's name.
        ctx = _QTY.split(ctx)[-1] if _QTY.search(ctx) else ctx
        after = _SPLIT.split(text[m.end():])[0]
        q = _name_quantity(ctx, after, number, unit, m.group())
        if q is not None:
            # The rationale quotes the brief's own words: the clause around the number, verbatim.
            lead = re.split(r"[，,。；;、]", before)[-1]
            words = lead.split()  # name, purpose and quantities are joined by spaces: quote only this clause
            lead = (words[-1] + (" " if lead[-1:].isspace() else "")) if words else ""  # 购置CT 1台 keeps its space
            clause = lead + m.group() + re.split(r"[，,。；;、\s]", text[m.end():])[0]
            q.raw = clause.strip()[-40:]
            out.append(q)
    # 防洪标准达到20年一遇: a design standard, as a return period.
    for m in _RETURN_PERIOD.finditer(text):
        out.append(Quantity(name=m.group("what"), number=float(m.group("num")), unit="年一遇", raw=m.group()))
    # Money amounts in the brief (other than the budget) are inputs, not outputs: leave them out.
    return [q for q in out if q.unit not in ("万元", "元") and not (budget and q.number == budget)]


_PAREN_ABBR = re.compile(r"(?P<head>[\u4e00-\u9fffA-Za-z0-9]*?)[（(](?P<abbr>[\u4e00-\u9fffA-Za-z0-9]{1,10})[）)]\s*$")
_LATIN_TAIL = re.compile(r"(?P<name>[A-Za-z][A-Za-z0-9\-]{0,11})\s+$")


def _ctx_text(before: str) -> str:
    """The words before a number as the counted thing reads: an abbreviation in brackets names it
    (购置彩色多普勒超声诊断仪（彩超）2台 -> 购置彩超), and a Latin name before a space is kept (购置CT 1台)."""
    m = _PAREN_ABBR.search(before)
    if m:
        head = m.group("head")
        verb = next((v for v in _VERBS if v in head), "")
        keep = head[: head.index(verb) + len(verb)] if verb else ""
        return before[: m.start()] + keep + m.group("abbr")
    m = _LATIN_TAIL.search(before)
    if m:
        return before[: m.start()] + m.group("name")
    return before


def _strip(ctx: str, lead: tuple[str, ...] = _LEAD, trail: tuple[str, ...] = _TRAIL) -> str:
    """`ctx` without lead-in words in front and filler words behind, repeatedly."""
    changed = True
    while changed and ctx:
        changed = False
        for w in lead:
            if ctx.startswith(w):
                ctx, changed = ctx[len(w):], True
        for w in trail:
            if ctx.endswith(w) and len(ctx) > len(w):
                ctx, changed = ctx[: -len(w)], True
    return ctx


def _name_quantity(ctx: str, after: str, number: float, unit: str, raw: str) -> Quantity | None:
    # 新增 leads into a quantity (stripped below) but, when nothing else says what is done, it is the
    # verb: 新增床位200张 -> 新增床位数量, not 床位数量.
    adds = "新增" in ctx
    listed = ctx.endswith(_CONJ_END) and not ctx.endswith(_NOT_CONJ)
    if listed:
        ctx = ctx[: -2] if ctx.endswith("以及") else ctx[:-1]
    upper = (ctx.endswith(_UPPER_BEFORE) and not ctx.endswith(("不低于", "不小于"))) or after.startswith(_UPPER_AFTER)
    worked_on = ctx.startswith("对") or "对" in ctx[-6:]  # 对全县8所… : an object marker
    ctx = _strip(ctx)
    if unit in ("%", "‰"):
        # A rate: the words before it name it (就业率达到95% -> 就业率).
        name = ctx if ctx.endswith(("率", "度", "比例", "比重")) else ""
        if not name or len(name) < 2:
            return None
        return Quantity(name=name, number=number, unit=unit, raw=f"{ctx}{raw}", upper=upper)
    verb = next((v for v in _VERBS if v in ctx), "")
    if not verb and adds and unit != "%" and "新增" not in ctx:  # 城镇新增就业5000人 already says it
        verb = "新增"
        ctx = "新增" + ctx
    if verb:
        head, _, tail = ctx.partition(verb)
        obj = _strip(tail) or _strip(head)  # 购置教学设备 -> 教学设备; 职业技能培训 -> 职业技能
    else:
        obj = _strip(ctx)
    follow = _FOLLOW_PEOPLE.match(after) or _FOLLOW_NOUN.match(after) or _FOLLOW_PLACE.match(after)
    noun = follow.group(1) if follow else ""
    if obj and noun and unit in _PEOPLE_UNITS and _PEOPLE_NOUN.search(noun) and noun not in obj and not verb \
            and len(obj + noun) <= 12:
        obj = obj + noun  # 农村义务教育阶段约2.1万名学生 -> 农村义务教育阶段学生人数
    benefit = any(v in ctx for v in _BENEFIT_VERBS)
    if listed and noun:  # 博物馆及14个乡镇综合文化站: count the 文化站, not the 博物馆
        obj = noun
    if not obj and noun and not verb and worked_on and (work := _WORK_AFTER.match(after[len(noun):])):
        verb, obj = work.group(1), noun  # 对8所中小学校舍进行维修改造 -> 维修改造中小学校舍数量
    if not obj and noun and not verb and after[len(noun):].startswith("提供"):
        verb, obj = "服务", noun  # 为68个部门提供云服务: the departments served are the output
    if not obj and noun:
        obj = noun
        if not verb:  # 为12所学校…: the counted thing is who benefits
            verb, benefit = "受益", True
    measure = _measure_word(unit)
    if verb == "培训" or unit in ("人次", "万人次"):
        if verb == "培训":
            base = f"{obj}培训" if obj and obj != "培训" else "培训"
        else:
            base = obj or verb or "服务"
        name = f"{base}{'人次' if '人次' in unit else measure}"
    elif verb in ("购置", "采购", "购买", "配备", "安装", "更换"):
        name = f"{obj or '设备'}{verb}{measure}"
    elif verb in _BENEFIT_VERBS:
        name = f"{verb}{obj}{measure}" if obj else f"{verb}{'人口数' if measure == '人数' else '对象' + measure}"
    elif verb:
        name = f"{verb}{obj}{measure}"
    elif obj:
        name = f"{obj}{measure}"
    else:
        return None
    for w in _MEASURES:  # 改造面积1.2万平方米: the measure is already in the words
        name = name.replace(w + w, w)
    if len(name) < 3:
        return None
    return Quantity(name=name, number=number, unit=unit, raw=f"{ctx}{raw}{noun}", verb=verb, obj=obj, benefit=benefit)


def _measure_word(unit: str) -> str:
    if unit in ("人", "名", "万人", "万名"):
        return "人数"
    if unit in ("户", "万户"):
        return "户数"
    if unit in ("公里", "千米", "米"):
        return "长度"
    if unit in ("平方米", "万平方米", "亩", "万亩", "公顷"):
        return "面积"
    if unit in ("批次", "批"):
        return "批次"
    if unit in ("场", "次"):
        return "场次" if unit == "场" else "次数"
    if unit == "期":
        return "期数"
    if unit in ("课时", "学时"):
        return "课时数"
    if unit in ("吨", "万吨", "立方米"):
        return "量"
    return "数量"


def sanity_questions(brief: ProjectBrief) -> list[str]:
    """What looks wrong in the numbers the clerk typed: said as a question, never silently changed."""
    out = []
    b = brief.budget_wan
    if b is not None:
        if isinstance(b, float) and (math.isnan(b) or math.isinf(b)):
            out.append("预算数不是有效数字，请重新填写（单位：万元）。")
        elif b <= 0:
            out.append("预算数为0或负数，请填写项目的预算金额（单位：万元）。")
        elif b >= 100_000:
            out.append(f"预算数{b:g}万元即{b / 10000:g}亿元，是否把“元”填成了“万元”？如果单位是元，应填{b / 10000:g}。")
    return out
