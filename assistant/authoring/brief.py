"""Reading a project brief: what is bought, built, trained or served, how much, for whom, and when.

Rules over the brief's own words (no model): numbers with units and the words around them become
named quantities (培训3000人次 -> 培训人次 ≥3000人次; 购置教学设备120台 -> 教学设备购置数量 ≥120台), rates
become result indicators (就业率达到95% -> 就业率 ≥95%), and 12月底前完成 becomes a deadline.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from assistant.authoring.dates import Deadline, budget_year, find_deadlines
from assistant.authoring.library import PER_HEAD_MONEY, KindMatch, match_kinds
from assistant.authoring.words import engine_words
from assistant.models import ProjectBrief
from assistant.values import GradeScale, grade_scales

_COUNT_UNITS = "|".join(engine_words().count_units)  # engine_words.yaml, longest first
_PEOPLE_UNITS = ("人", "名", "万人", "万名", "户", "万户", "人次", "万人次")
_PAY_VERBS = ("救助", "资助", "补贴", "补助", "津贴", "慰问", "抚恤")  # what a subsidy project calls its payment
_QTY = re.compile(rf"(?P<num>(?<![\d.])\d+(?:\.\d+)?)\s*(?P<unit>%|‰|{_COUNT_UNITS})")
_TIME_WORDS = ("时间", "时限", "周期", "时长", "响应", "到场", "出动", "处置", "办结", "反馈", "修复")
_TIME_LIMIT = re.compile(r"(?P<what>[\u4e00-\u9fff]{0,8}?)(?:不超过|不多于|控制在|在)?(?P<num>(?<![\d.])\d+(?:\.\d+)?)\s*"
                         r"(?P<unit>" + "|".join(engine_words().time_units) + r")(?:之?内|以内)?")
_RETURN_PERIOD = re.compile(
    r"(?P<what>(?:[\u4e00-\u9fff]{0,4}?(?:防洪|排涝|防潮|除涝)|设计洪水|校核洪水)标准)(?:达到|提高到|提升至|提升到|为|按)?(?P<num>\d+)\s*年一遇")
_UPPER_BEFORE = ("控制在", "不超过", "不高于", "低于", "降至", "降低到", "压减到", "小于", "≤", "<", "＜", "最高不超过")
_UPPER_AFTER = ("以内", "以下", "之内")
_YEAR = re.compile(r"(?<!\d)(20[2-9]\d)\s*年(?!\d)")
_SPLIT = re.compile(r"[，,。；;：:、\s（）()“”\"《》]")
# Words that lead into a quantity but are not part of what is counted.
_LEAD = ("计划", "全年", "年度", "累计", "预计", "共计", "共", "约", "完成", "组织", "开展", "实施", "为", "对", "向",
         "全县", "全市", "全区", "全镇", "本年", "年内", "新增", "力争", "确保", "不少于", "达到", "提高到", "以上",
         "其中", "用于", "拟", "通过", "项目", "主要", "保障", "并", "同时", "另", "近", "逾", "在", "于", "完善",
         # Where the work is done is not what is counted (对县内3个景区; 对城区18座公厕).
         "县内", "县域", "城区", "辖区", "市内", "区内", "镇内", "村内", "乡镇内")
_TRAIL = ("达到", "不低于", "提高到", "提升至", "提高至", "保持在", "稳定在", "保持", "稳定", "常年保持在", "提高", "提升", "控制在", "达", "为", "超过", "不少于", "以上",
          "≥", "≤", ">", "<", "＞", "＜", "＝", "=", "不超过", "不高于", "最高",
          "约", "大约", "近", "逾", "共", "共计", "累计")
# A list ending in a conjunction (图书馆、博物馆及14个文化站): the counted thing comes after the number.
_CONJ_END = ("及", "和", "与", "以及", "等")  # 桥头至柳湾等5条农村公路: count the roads
_NOT_CONJ = ("惠及", "涉及", "普及", "波及", "顾及")
_VERBS = ("购置", "采购", "购买", "配备", "新建", "建设", "改建", "扩建", "改造", "维修", "修缮", "硬化", "治理",
          "培训", "举办", "开展", "发放", "补贴", "救助", "资助", "慰问", "检查", "督查", "宣传", "印制", "招聘",
          "引进", "服务", "接待", "覆盖", "安置", "惠及", "受益", "种植", "造林", "植树", "清理", "铺设", "安装",
          "更换", "开发", "部署", "举行", "组织", "走访", "调查", "监测", "抽检", "受益", "提供", "解决", "支持", "扶持",
          "奖补", "配置", "放流", "培育", "选派", "聘用", "招募")
# Who benefits (惠及群众2万人) is a social benefit; who is served (服务老人1500人) is the output itself.
# 覆盖村医420人, 覆盖18个乡镇: who or what the service reaches is its output. 保护人口3.5万人, 涉及居民1860户: a benefit.
_BENEFIT_VERBS = ("惠及", "受益", "带动", "帮助", "解决", "保护", "涉及")
_FOLLOW_NOUN = re.compile(r"^([\u4e00-\u9fffA-Za-z]{1,10}?)(?=[，,。；;、\s]|$|和|及|与|\d|购置|采购|建设|改造|提供|发放|开展|配备|培训|安装|新建|维修|更换|铺设|举办|进行|实施|的|每|各|配发)")
# 对8所学校进行维修改造: the counted things are what the work is done to (an output), not who benefits.
# Nouns that end a counted thing whatever follows (14个乡镇综合文化站免费开放; 2.1万名学生按…).
_FOLLOW_PLACE = re.compile(r"^([\u4e00-\u9fff]{0,9}?(?:站|馆|中心|学校|院|室|村|社区|基地|场馆|厂|队))")
_FOLLOW_PEOPLE = re.compile(r"^([\u4e00-\u9fff]{0,6}?(?:学生|儿童|老人|老年人|对象|群众|农民|人员|职工|患者|家庭|居民|残疾人))")
_PEOPLE_NOUN = re.compile(r"学生|儿童|老人|老年人|对象|群众|农民|人员|职工|患者|家庭|居民|残疾人")
_WORK_AFTER = re.compile(r"^(?:进行|实施|开展)?(?:[\u4e00-\u9fff]{1,3}?)??((?:维修|改造|修缮|加固|建设|新建|改建|扩建|提升|整治|治理|安装|检查|检测)+)")
_MEASURES = ("面积", "长度", "人数", "数量", "户数", "人次", "场次", "次数", "期数")
_SEATS = ("车位", "床位", "座位", "席位", "泊位", "工位", "摊位", "铺位", "机位")


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
    zero: bool = False  # 安全事故0起: an incident count held at zero (a quality row)

    @property
    def percent(self) -> bool:
        """A rate: per cent or per mille."""
        return self.unit in ("%", "‰")


@dataclass(frozen=True)
class Grade:
    """A grade on a scale a published standard defines, as the brief states it."""

    scale: GradeScale
    grade: str  # III类, 四级公路, 4A级 (NFKC-normalised)
    words: str  # the brief's own words, quoted in the rationale


_AIM = re.compile(r"创建|达到|建成|创成|晋升|评定为|通过|争创|提升为|提升至|升级为|执行|符合")


def find_grades(text: str) -> list[Grade]:
    """Every grade of a defined scale the text states, once each; a scale with context words needs one of
    them just before the grade (水质达到III类, not 三类人员)."""
    t = unicodedata.normalize("NFKC", text)
    out: list[Grade] = []
    for scale in grade_scales():
        for m in scale.pattern.finditer(t):
            before = t[max(0, m.start() - 12): m.start()]
            if scale.context and not any(w in before or w in m.group() for w in scale.context):
                continue
            if any(g.scale.key == scale.key and g.grade == m.group() for g in out):
                continue
            if re.search(r"\d+\s*[个家座处所]$", before):  # 3个A级景区: places described, not a grade to reach
                continue
            start = max(0, m.start() - 6)
            words = re.split(r"[，,。；;、\s]", t[start: m.start()])[-1] + m.group()
            out.append(Grade(scale, m.group(), words))
    # A grade to reach (创建国家4A级旅游景区) over one that only describes (A级景区旅游厕所) on the same scale.
    aimed = {g.scale.key for g in out if _AIM.search(g.words)}
    return [g for g in out if g.scale.key not in aimed or _AIM.search(g.words)]


@dataclass
class BriefFacts:
    brief: ProjectBrief
    text: str
    kinds: list[KindMatch]
    quantities: list[Quantity] = field(default_factory=list)
    objects: list[str] = field(default_factory=list)
    standards: list[Standard] = field(default_factory=list)  # 每生每天5元; 城市…780元、农村…620元
    deadlines: list[Deadline] = field(default_factory=list)  # 9月1日前交付使用, 汛期前完成 … as dates
    budget_year: int = 0
    year_why: str = ""
    questions: list[str] = field(default_factory=list)  # what the clerk should check (万元 that look like 元)
    grades: list[Grade] = field(default_factory=list)  # 水质达到III类, 按四级公路标准建设, 4A级景区
    ratios: list[RatioStandard] = field(default_factory=list)  # 按增量的10%补助; 不超过月平均工资的36倍

    @property
    def deadline_month(self) -> int | None:
        """The month of the first stated deadline."""
        return self.deadlines[0].date.month if self.deadlines else None

    @property
    def budget_ok(self) -> bool:
        """A budget a cost row can be computed from: a finite positive number of 万元."""
        b = self.brief.budget_wan
        return b is not None and math.isfinite(b) and b > 0

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
    long = len(text) > MAX_BRIEF_CHARS
    text = text[:MAX_BRIEF_CHARS]  # a pasted document is not a brief: bounded time, and the clerk is told
    facts = BriefFacts(brief=brief, text=text, kinds=kinds if kinds is not None else match_kinds(text))
    facts.grades = find_grades(text)
    for q in _quantities(text, budget=brief.budget_wan):
        # The same number said twice (培训高素质农民1200人 in the purpose, 培训1200人 as a known quantity): once,
        # under the more specific name.
        twin = next((o for o in facts.quantities if (o.number, o.unit) == (q.number, q.unit)
                     and (o.name in q.name or q.name in o.name or o.name[:2] == q.name[:2])), None)
        if twin is None:
            if len(facts.quantities) < MAX_QUANTITIES:
                facts.quantities.append(q)
        elif len(q.name) > len(twin.name):
            facts.quantities[facts.quantities.index(twin)] = q
    facts.budget_year, facts.year_why = budget_year(brief.year, brief.name)
    facts.deadlines = find_deadlines(text, facts.budget_year)
    facts.questions = sanity_questions(brief)
    if long:
        facts.questions.append(f"项目说明超过{MAX_BRIEF_CHARS}字，只读取了前{MAX_BRIEF_CHARS}字；请只填写本项目的概况、"
                               "资金用途和绩效目标。")
    pays = next((v for v in _PAY_VERBS if v in text), "补助")
    # A per-head amount with a pay word (每生每天5元 营养膳食补助) makes a subsidy whatever the kind is called.
    per_head = PER_HEAD_MONEY.search(text) is not None and any(v in text for v in _PAY_VERBS)
    if (facts.kinds and facts.kinds[0].kind.pays_people) or per_head:
        # In a subsidy project the people paid are the output (受助学生数 under 数量), not a benefit.
        for q in facts.quantities:
            if q.benefit and q.unit in _PEOPLE_UNITS and q.verb in ("受益", "惠及", "覆盖"):
                q.name = q.name.replace(q.verb, pays, 1) if q.obj else f"{pays}对象{_measure_word(q.unit)}"
                q.verb, q.benefit = pays, False
    spans: list[tuple[int, int]] = []
    for m in PER_HEAD_MONEY.finditer(text):
        if _INCOME.search(text[max(0, m.start() - 4): m.end()]):
            continue  # 户均增收2000元 is a benefit (经济效益), not money paid
        st = Standard.from_match(m, pays, _standard_subject(_before(text, m.start())))
        spans.append(m.span())
        if st.name not in {o.name for o in facts.standards}:
            facts.standards.append(st)
    # Money per other unit: 每场200元, 民事案件每件1500元, 亩均投入不超过2000元, 不超过280元/平方米, 单个企业最高不超过50万元.
    for pattern in _UNIT_MONEY:
        for m in pattern.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in spans):
                continue
            spans.append(m.span())
            g = m.groupdict()
            if _INCOME.search(text[max(0, m.start() - 4): m.end()]):
                continue  # 户均增收2000元 is a benefit (经济效益), not money paid
            noun = (g.get("who") or "").removeprefix("个") or "单位"
            who = measure_of(noun)
            verb = g.get("verb") or g.get("verb0") or next((v for v in _PAY_VERBS if v in m.group()), "") or (
                "投入" if "投入" in m.group() else "补助" if pays in text else "支出")
            st = Standard(who=who, period=g.get("t") or "", number=float(g["num"]), money=g["money"], raw=m.group(),
                          verb=verb, subject=_standard_subject(_before(text, m.start())),
                          upper=bool(g.get("cap")), per_unit=True, noun=noun if noun != who else "")
            if st.name not in {o.name for o in facts.standards}:
                facts.standards.append(st)
    _parallel_standards(text, facts, spans, pays)
    del facts.standards[_MAX_STANDARDS:]
    facts.ratios = ratio_standards(text)
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
    upper: bool = False  # 不超过2000元: a ceiling (≤), not the amount paid
    per_unit: bool = False  # per a thing (每场, 每件, 亩均), not per head
    noun: str = ""  # the thing when its measure word is the unit (每个基站 -> 万元/个, named 每个基站…)

    @classmethod
    def from_match(cls, m: re.Match[str], verb: str = "补助", subject: str = "") -> Standard:
        return cls(m.group("who") or m.group("who2"), m.group("t") or "", float(m.group("num")), m.group("money"),
                   m.group(), verb, subject)

    @property
    def value(self) -> str:
        num = f"{self.number:g}"
        return ("≤" if self.upper else "") + f"{num}{self.money}/{self.who}" + (f"·{self.period}" if self.period else "")

    @property
    def name(self) -> str:
        if self.subject.endswith(_PAY_WORDS):  # 困难残疾人生活补贴每人每月90元 -> 困难残疾人生活补贴标准
            return f"{self.subject}标准"
        head = {"生": "生均", "人": "人均", "户": "户均", "名": "人均"}.get(self.who, "")
        if not head:  # 每场200元 -> 每场补助标准; 亩均投入不超过2000元 -> 亩均投入标准
            thing = self.noun or self.who
            each = "单个" if self.raw.startswith("单个") else "每个" if self.raw.startswith("每个") else "每"
            head = "亩均" if self.who == "亩" else f"{each}{thing}"
        word = "上限" if self.upper else "标准"
        return f"{self.subject}{head}{'每' + self.period if self.period else ''}{self.verb}{word}"


# 选择100元档次的每人每年补贴30元，选择500元及以上档次的补贴60元: the second amount is per the same head and
# period as the first, though the clerk did not say it again.
_PARALLEL = re.compile(r"(?P<verb>补贴|补助|资助|奖励)(?P<num>(?<![\d.])\d+(?:\.\d+)?)\s*(?P<money>万?元)")


def _parallel_standards(text: str, facts: BriefFacts, spans: list[tuple[int, int]], pays: str) -> None:
    for m in _PARALLEL.finditer(text):
        if any(a <= m.start() < b or a < m.end() <= b for a, b in spans):
            continue
        sentence = re.split(r"[。；;]", _before(text, m.start()))[-1]
        first = next((st for st in facts.standards if not st.per_unit and st.raw in sentence), None)
        if first is None:
            continue
        lead = re.split(r"[，,。；;、：:\s（）()]", _before(text, m.start()))[-1]
        subject = _strip(lead, _STANDARD_LEAD, ("的",))
        st = Standard(first.who, first.period, float(m.group("num")), m.group("money"), lead + m.group(),
                      m.group("verb") or pays, subject if 2 <= len(subject) <= 14 else "")
        spans.append(m.span())
        if st.name not in {o.name for o in facts.standards}:
            facts.standards.append(st)


@dataclass(frozen=True)
class RatioStandard:
    """A money standard stated as a share or a multiple of something else: 按增量部分的10%给予后补助 ->
    增量部分后补助比例 ≤10%; 不超过本地上年度职工月平均工资的36倍 -> 救助金额上限 ≤36倍."""

    name: str
    value: str
    description: str
    raw: str
    slot: str = "cost"  # a floor on what people get back (救助比例不低于70%) is a quality of the aid, not a cost


_SHARE = re.compile(r"按(?P<base>[\u4e00-\u9fff]{2,12}?)的(?P<num>(?<![\d.])\d+(?:\.\d+)?)\s*%(?:给予|予以|进行)?"
                    r"(?P<verb>[\u4e00-\u9fff]{0,2}?(?:补助|补贴|奖励|奖补|资助))")
_SHARE_FLOOR = re.compile(r"按(?P<cmp>不低于|不少于|不超过|不高于)?(?P<num>(?<![\d.])\d+(?:\.\d+)?)\s*%的?比例(?:给予|予以|进行)?"
                          r"(?P<verb>[\u4e00-\u9fff]{0,2}?(?:补助|补贴|奖励|救助|资助|报销|奖补))")
_SHARE_CAP = re.compile(r"(?P<what>[\u4e00-\u9fff]{2,8}?)(?:不超过|不高于|最高不超过)(?P<ref>[\u4e00-\u9fff]{2,10}?)的"
                        r"(?P<num>(?<![\d.])\d+(?:\.\d+)?)\s*%")
_MULTIPLE = re.compile(r"(?P<what>[\u4e00-\u9fff]{2,8}?)(?:一般|原则上)?(?:不超过|不高于|最高不超过|最高为)"
                       r"(?P<ref>[\u4e00-\u9fff]{4,20}?)的(?P<num>(?<![\d.])\d+(?:\.\d+)?)倍")


def ratio_standards(text: str) -> list[RatioStandard]:
    out: list[RatioStandard] = []
    for m in _SHARE.finditer(text):
        out.append(RatioStandard(f"{m.group('base')}{m.group('verb')}比例", f"≤{m.group('num')}%",
                                 f"按{m.group('base')}的{m.group('num')}%{m.group('verb')}", m.group()))
    for m in _SHARE_FLOOR.finditer(text):
        cmp = "≥" if m.group("cmp") in ("不低于", "不少于") else "≤" if m.group("cmp") else ""
        subject = re.split(r"[内的对]", _standard_subject(_before(text, m.start())))[-1]
        out.append(RatioStandard(f"{subject}{m.group('verb')}比例", f"{cmp}{m.group('num')}%",
                                 f"{subject}按{m.group('cmp') or ''}{m.group('num')}%的比例{m.group('verb')}", m.group(),
                                 "quality" if cmp == "≥" else "cost"))
    for m in _SHARE_CAP.finditer(text):
        what = _strip(re.split(r"[，,。；;、\s]", m.group("what"))[-1], (*_STANDARD_LEAD, "且", "并", "同时"))
        name = what if what.endswith("比例") else f"{what}占{m.group('ref')}比例"
        out.append(RatioStandard(name, f"≤{m.group('num')}%", f"{what}不超过{m.group('ref')}的{m.group('num')}%",
                                 m.group()))
    for m in _MULTIPLE.finditer(text):
        what = _strip(m.group("what"), (*_STANDARD_LEAD, "金额"))
        name = f"{what or '单笔'}金额上限" if not what.endswith("金额") else f"{what}上限"
        out.append(RatioStandard(name, f"≤{m.group('num')}倍", f"不超过{m.group('ref')}的{m.group('num')}倍",
                                 m.group()))
    return out


_MAX_STANDARDS = 6
MAX_BRIEF_CHARS = 20_000  # a long 项目概况 is a few thousand characters
MAX_QUANTITIES = 200
_WINDOW = 120  # how far back from a number its name and lead-in words are looked for


def _before(text: str, i: int) -> str:
    """The words just before position i (a bounded window: each number costs the same however long the text)."""
    return text[max(0, i - _WINDOW): i]
_MONEY = r"(?P<num>(?<![\d.])\d+(?:\.\d+)?)\s*(?P<money>万?元)"
_CAP = r"(?P<cap>不超过|不高于|控制在|最高不超过|最高)?"
_UNIT_MONEY = (
    re.compile(r"每(?P<who>[\u4e00-\u9fff]{1,4}?|个[\u4e00-\u9fff]{2,6}?)(?:每(?P<t>天|日|月|年|学年|学期))?"
               r"(?P<verb0>补助|补贴|奖励|投入|支出)?(?:标准为?)?" + _CAP
               + r"(?P<verb>补助|补贴|奖励|投入|支出|费用)?约?" + _MONEY),
    re.compile(r"(?P<who>亩|台|公里|平方米|村)均(?P<verb>投入|投资|补助|补贴|成本|造价)?" + _CAP + _MONEY),
    re.compile(_CAP + _MONEY + r"/(?P<who>平方米|亩|人|户|台|公里|吨|件|个|座|米|场|次)(?:[·.](?P<t>天|日|月|年))?"),
    re.compile(r"单个(?P<who>[\u4e00-\u9fff]{1,4}?)(?P<verb0>补助|补贴|奖励|奖补)?" + _CAP + r"(?P<verb>补助|补贴|奖励)?"
               + _MONEY),
)
_INCOME = re.compile(r"增收|收入|增加收入|创收|分红")


def measure_of(noun: str) -> str:
    """The measure word a money standard is per (每个基站 -> 个, 单个企业 -> 家); the noun itself otherwise."""
    if noun in engine_words().measure_words:
        return engine_words().measure_words[noun]
    return "个" if len(noun) > 2 and noun.endswith(("点", "站", "中心", "室", "馆")) else noun  # 村级服务点 -> 个


_PAY_WORDS = ("补贴", "补助", "津贴", "救助", "资助", "抚恤金", "补助金", "生活费", "经费", "费")
_STANDARD_LEAD = ("按照", "按", "其中", "对", "为", "向", "给予", "标准为", "分别为")


def _standard_subject(before: str) -> str:
    """The words naming a per-head amount: the clause right before it, without lead-in words."""
    seg = _strip(re.split(r"[，,。；;、：:\s（）()]", before)[-1], _STANDARD_LEAD, ("标准为", "标准", "为"))
    return seg if 2 <= len(seg) <= 12 and seg not in ("标准", *_PAY_WORDS) else ""


# A word in brackets inside a rate's name (就业（创业）率) is part of the name, not an aside.
_NAME_BRACKET = re.compile(r"(?<=[\u4e00-\u9fff])[（(](?P<w>[\u4e00-\u9fff]{1,4})[）)](?=[\u4e00-\u9fff]{0,3}率)")


# 研发经费投入强度（R&D）达到2.1%: a Latin aside inside a name is dropped, not read as where the name starts.
_LATIN_ASIDE = re.compile(r"(?<=[\u4e00-\u9fff])[（(][A-Za-z&/.\-]{1,8}[）)](?=[\u4e00-\u9fff])")
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUMERAL = re.compile(
    r"(?<![零一二两三四五六七八九十百千万亿第每])(?P<n>[一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九])"
    r"(?=(?:" + "|".join(engine_words().numeral_units) + r")(?![零一二两三四五六七八九十性式分龙]))")


def cn_count(text: str) -> str:
    """Small Chinese numerals before a measure word as digits (两座水库 -> 2座水库, DR一台 -> DR1台, 十二个村 ->
    12个村); idioms (一户一档, 一站式) and frequencies (一次) stay as written."""
    def arabic(m: re.Match[str]) -> str:
        tens, _, ones = m.group("n").rpartition("十")
        if "十" not in m.group("n"):
            return str(_CN_DIGITS[ones])
        return str(_CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0))
    return _CN_NUMERAL.sub(arabic, text)


def _quantities(text: str, budget: float | None) -> list[Quantity]:
    text = _LATIN_ASIDE.sub("", cn_count(text))
    text = _NAME_BRACKET.sub(lambda m: f"〔{m.group('w')}〕", text)
    out = [_unbracket(q) for q in _quantities_in(text, budget)]
    return out


def _unbracket(q: Quantity) -> Quantity:
    for attr in ("name", "raw", "obj"):
        setattr(q, attr, getattr(q, attr).replace("〔", "（").replace("〕", "）"))
    return q


_SIZE_CODE = re.compile(r"[（(][\d一二三四五六七八九]+[）)](?=型)")
_DAYS = re.compile(r"(?P<what>[\u4e00-\u9fff]{2,10}?)(?:不少于|不低于|超过|达到|累计|共)约?(?P<num>(?<![\d.])\d+(?:\.\d+)?)\s*"
                   r"(?P<unit>天|万小时|小时|学时)(?![内之以])")
_PER_SESSION = re.compile(r"每(?P<per>期|班|批|场)(?:培训|参训|招收|学员)?(?P<num>\d+)\s*(?P<unit>人次|人|名)")
_ALT_UNIT = re.compile(r"[（(](?P<u>[\u4e00-\u9fff]{1,2})[）)]")
_UNIT_SET = frozenset(engine_words().count_units)
# 用户数达到30万, 服务人数突破2万: a count in 万 with its unit left in the name.
_BARE_WAN = re.compile(r"(?P<what>[\u4e00-\u9fffA-Za-z0-9]{0,10}?(?P<who>用户|人|户|会员|粉丝)数)(?:达到|达|突破|超过|不少于|不低于|约)*"
                       r"(?P<num>(?<![\d.])\d+(?:\.\d+)?)万(?![\u4e00-\u9fff元%])")


def _quantities_in(text: str, budget: float | None) -> list[Quantity]:
    out: list[Quantity] = []
    for m in _QTY.finditer(text):
        number, unit = float(m.group("num")), m.group("unit")
        end = m.end()
        alt = _ALT_UNIT.match(text, end)
        # 186个村（社区）: villages and communities, counted together
        village = alt is not None and unit in ("个村", "村") and alt.group("u") in ("社区", "居", "居委会")
        if alt is not None and (village or alt.group("u") in _UNIT_SET):  # 180万头（只）: both units, as written
            unit, end = unit if village else unit + f"（{alt.group('u')}）", alt.end()
        before = _before(text, m.start())
        # A year (2024年) or a month is not a quantity; neither is the project budget restated.
        # 4.5份/千人 is a ratio, not a count.
        if before.endswith(("第", "每")) or re.search(r"每(?:期|班|批|场)$", before) \
                or text[m.end(): m.end() + 1] in ("年", "月", "日", "/") \
                or text[m.end(): m.end() + 3].startswith(("等级", "百分点", "工作日", "季度", "小时")):  # 0.5个等级, 3个工作日
            continue
        # 3-5期: a range; the committed lower bound is the target and the range is not part of the name.
        rng = re.search(r"(\d+(?:\.\d+)?)\s*[-~～至到–—－]\s*$", before)
        if rng:
            number, before = float(rng.group(1)), before[: rng.start()]
        if re.search(r"[，,；;]\s*(?:共计|合计|总计|共)约?\s*$", before) and out and out[-1].unit == unit \
                and out[-1].number < number:  # 各配备消防车1辆，共计6辆: the total of the count before
            out[-1].number, out[-1].raw = number, f"{out[-1].raw}，{text[m.start() - 2: end]}"
            continue
        before = re.sub(r"(?:约|近|逾|共计|共|累计|合计)\s*$", "", before)
        segs = _SPLIT.split(_ctx_text(before))
        ctx = segs[-1]
        if len(segs) > 1 and re.fullmatch(r"(?:共计|合计|总计|累计|共)约?", ctx):  # 抽检…，共计约2700批次: refers back
            ctx = re.split(r"\d", segs[-2])[0]
        cut = max(0, len(ctx) - 14)
        while cut > 0 and (ctx[cut - 1].isdigit() or ctx[cut - 1] == "."):  # 65岁以上…: keep 65 whole
            cut -= 1
        ctx = ctx[cut:]
        if cut:  # cut inside a word (重度残疾人等困难群体… -> 人等困难群体…): start after the list word
            ctx = re.sub(r"^[\u4e00-\u9fff]{0,2}?[等的](?=[\u4e00-\u9fff]{4})", "", ctx)
        # 购置2台彩超和1台DR: what an earlier number counted is not part of this one's name.
        ctx = _QTY.split(ctx)[-1] if _QTY.search(ctx) else ctx
        if village:  # the words before (…司法所和) belong to the count before
            ctx = ""
        clause = re.split(r"[，,。；;]", _ctx_text(before))[-1]
        if ctx and clause.endswith("、" + ctx) and not any(v in clause for v in _VERBS):
            ctx += "等"  # 黄泥塘、大坑2座小型水库: names listed before the count; the noun after is counted
        ctx = re.sub(r"^(?:以及|及|和|与)(?!时)", "", ctx)  # 彩超2台及DR1台: the conjunction is not the name
        rest = _SIZE_CODE.sub("", text[end: end + _WINDOW])  # 小（2）型水库 is one noun
        after = _SPLIT.split(rest)[0]
        q = _name_quantity(ctx, after, number, unit, m.group(), rest[len(after): len(after) + 1])
        if village:
            q = Quantity(name="村（社区）数量", number=number, unit="个", raw=m.group(), obj="村（社区）")
        if q is not None:
            # The rationale quotes the brief's own words: the clause around the number, verbatim.
            lead = re.split(r"[，,。；;、]", _before(text, m.start()))[-1]  # the words as written (约, 3-5 kept)
            words = lead.split()  # name, purpose and quantities are joined by spaces: quote only this clause
            lead = (words[-1] + (" " if lead[-1:].isspace() else "")) if words else ""  # 购置CT 1台 keeps its space
            clause = lead + text[m.start(): end] + re.split(r"[，,。；;、\s]", text[end: end + _WINDOW])[0]
            q.raw = clause.strip()[-40:]
            out.append(q)
    # 全年供餐不少于200天, 驻村服务不少于60天: days of service, a count (a time limit says 内 or 不超过).
    for m in _DAYS.finditer(text):
        what = _last_words(m.group("what"))
        if len(what) >= 2:
            out.append(Quantity(name=f"{what}{'天数' if m.group('unit') == '天' else '时长'}", number=float(m.group("num")),
                                unit=m.group("unit"), raw=m.group().strip()))
    # 培训4期，每期50人: the size of each session is a planned output too.
    for m in _PER_SESSION.finditer(text):
        verb = "培训" if "培训" in text else "参加"
        out.append(Quantity(name=f"每{m.group('per')}{verb}人数", number=float(m.group("num")),
                            unit=f"{m.group('unit')}/{m.group('per')}",
                            raw=m.group(), verb=verb))
    # 防洪标准达到20年一遇: a design standard, as a return period.
    for m in _RETURN_PERIOD.finditer(text):
        out.append(Quantity(name=m.group("what"), number=float(m.group("num")), unit="年一遇", raw=m.group()))
    for m in _BARE_WAN.finditer(text):  # 平台用户数达到30万: people reached, a benefit (社会效益)
        what = _last_words(m.group("what"))
        if len(what) >= 3:
            unit = {"用户": "万户", "户": "万户", "人": "万人"}.get(m.group("who"), "万" + m.group("who"))
            out.append(Quantity(name=what, number=float(m.group("num")), unit=unit, raw=m.group(), benefit=True))
    # 出动时间不超过1分钟, 灾后12小时内: a time limit, a ceiling under 时效.
    for m in _TIME_LIMIT.finditer(text):
        what = _strip(re.split(r"[，,。；;：:、\s（）()“”\"]", _before(text, m.start()))[-1] + m.group("what"))
        # A limit says so (不超过, …内, 时间/时限); 15分钟健身圈 names a place, not a deadline.
        said = "不超过" in m.group() or "控制在" in m.group() or m.group().endswith("内") or what.endswith(_TIME_WORDS)
        if not what or len(what) > 12 or not said:
            continue
        name = what if what.endswith(("时间", "时限", "周期", "时长")) else f"{what}时限"
        out.append(Quantity(name=name, number=float(m.group("num")), unit=m.group("unit"), raw=m.group(),
                            upper=True))
    out.extend(_changes(text))
    # Money amounts in the brief (other than the budget) are inputs, not outputs: leave them out.
    for q in out:
        if q.number == 0 and q.unit in ("起", "次", "例", "宗"):  # 食品安全事故0起: a quality floor, not a count
            what = (q.obj or q.name.removesuffix("数量")).removesuffix("发生")
            q.name = f"{what}发生{'起数' if q.unit == '起' else '次数'}"
            q.zero = True
        elif q.number == 0 and q.unit in ("人", "名") and re.search(r"死亡|伤亡|遇难|溺亡|失踪", q.raw + q.name):
            q.name = q.name if q.name.endswith("人数") else f"{q.obj or q.name}人数"  # 因灾死亡0人: held at zero
            q.zero = True
    return [q for q in out if q.unit not in ("万元", "元") or q.benefit]


# 发案率同比下降5%, 网络零售额同比增长10%以上: a change on last year is a result, stated as a rate.
_YOY = re.compile(r"(?P<what>[\u4e00-\u9fff]{2,14}?)(?P<vs>同比|比上年|较上年)(?P<dir>下降|降低|减少|增长|提高|增加|提升)"
                  r"(?P<num>(?<![\d.])\d+(?:\.\d+)?)\s*(?P<unit>%|个百分点)")
# 村集体经济年增收不低于8万元, 户均增收2000元以上, 粮食亩产提高50公斤以上: an income or yield gained.
_GAIN = re.compile(r"(?P<what>[\u4e00-\u9fff]{1,14}?)(?P<dir>增收|提高|增加|增长)(?:不低于|不少于|达到|超过|约)?"
                   r"(?P<num>(?<![\d.])\d+(?:\.\d+)?)\s*(?P<unit>万元|元|公斤|千克|斤|万吨|吨|个等级|个百分点)")
_YIELD_WORDS = ("产量", "亩产", "单产", "产能")
_GROWTH = re.compile(r"(?P<what>[\u4e00-\u9fff]{0,10}?(?:收入|产值|零售额|销售额|营业额|交易额|营收|纯收入))"
                     r"(?P<dir>增长|提高|增加)(?:不低于|不少于|达到|超过|约)?(?P<num>(?<![\d.])\d+(?:\.\d+)?)\s*%")
# 旅游综合收入达到12亿元, 新增工业产值约8亿元, 年节约能源费用约25万元, 带动社会投资5亿元以上: money the project
# yields (经济效益), not money it spends.
_VALUE = re.compile(r"(?P<what>[\u4e00-\u9fff]{0,10}?(?:收入|产值|营业额|销售额|交易额|零售额|营收|收益|销售|节约[\u4e00-\u9fff]{0,4}?(?:费用|资金|成本)"
                    r"|降低[\u4e00-\u9fff]{0,4}?成本"
                    r"|带动[\u4e00-\u9fff]{0,6}?投资|节本增效|增效))(?:达到|达|约|不低于|不少于|超过|突破|实现|为)*"
                    r"(?P<num>(?<![\d.])\d+(?:\.\d+)?)\s*(?P<unit>亿元|万元|元)")


def _changes(text: str) -> list[Quantity]:
    out = []
    for m in _YOY.finditer(text):
        what = _last_words(m.group("what"))
        if len(what) < 2:
            continue
        down = m.group("dir") in ("下降", "降低", "减少")
        unit = m.group("unit")
        out.append(Quantity(name=f"{what}同比{'降幅' if down else '增幅'}", number=float(m.group("num")),
                            unit="%" if unit == "%" else unit, raw=m.group().strip(), benefit=True))
    for m in _GROWTH.finditer(text):  # 旅游综合收入增长12%以上: a growth rate (经济效益), said without 同比
        what = _last_words(m.group("what"))
        if len(what) >= 2 and not any(m.group("num") in q.raw and what in q.name for q in out):
            out.append(Quantity(name=f"{what}增长率", number=float(m.group("num")), unit="%", raw=m.group().strip(),
                                benefit=True))
    for m in _GAIN.finditer(text):
        what = _last_words(m.group("what"))
        unit, gain = m.group("unit"), m.group("dir")
        money = unit in ("万元", "元")
        if money and gain != "增收" and not _INCOME.search(what):
            continue  # 增加投入50万元 is spending, not a gain
        if not money and not any(w in what for w in _YIELD_WORDS) and not unit.startswith("个"):
            continue
        what = what.removesuffix("平均")
        name = f"{what}增收金额" if gain == "增收" else f"{what}{'增加额' if money else '提升幅度' if unit.startswith('个') else '增加量'}"
        out.append(Quantity(name=name, number=float(m.group("num")), unit=unit, raw=m.group().strip(), benefit=True))
    for m in _VALUE.finditer(text):
        what = _last_words(m.group("what"))
        if len(what) < 2 or any(q.raw and m.group().strip() in q.raw for q in out):
            continue
        unit = m.group("unit")
        if per := re.search(r"(亩|户|人)均", what):  # 亩均节本增效150元: per mu, named as the clerk wrote it
            name, unit = what, f"{unit}/{per.group(1)}"
        else:
            name = what if what.endswith(("收入", "产值", "额", "营收", "收益", "投资", "费用", "资金", "成本")) else f"{what}金额"
        out.append(Quantity(name=name, number=float(m.group("num")), unit=unit, raw=m.group().strip(), benefit=True))
    return out


_SPACED_NAME = re.compile(r"(?P<name>[\u4e00-\u9fffA-Za-z0-9]{1,16})\s+$")
_PAREN_ABBR = re.compile(r"(?P<head>[\u4e00-\u9fffA-Za-z0-9]*?)[（(](?P<abbr>[\u4e00-\u9fffA-Za-z0-9]{1,10})[）)]\s*$")
_LATIN_TAIL = re.compile(r"(?P<name>[A-Za-z][A-Za-z0-9\-]{0,11})\s+$")


def _ctx_text(before: str) -> str:
    """The words before a number as the counted thing reads: an abbreviation in brackets names it
    (购置彩色多普勒超声诊断仪（彩超）2台 -> 购置彩超), and a Latin name before a space is kept (购置CT 1台)."""
    m = _PAREN_ABBR.search(before)
    if m:
        head = m.group("head")
        verb = next((v for v in _VERBS if v in head), "")
        noun = head[head.index(verb) + len(verb):] if verb else head
        if len(noun) < 8:  # 应急广播终端（大喇叭）: the name itself is short enough to keep
            return before[: m.start()] + head
        keep = head[: head.index(verb) + len(verb)] if verb else ""
        return before[: m.start()] + keep + m.group("abbr")
    m = _LATIN_TAIL.search(before) or _SPACED_NAME.search(before)
    if m:  # 购置CT 1台; 全民健身路径 12套 (a form's name and count in two cells)
        return before[: m.start()] + m.group("name")
    return before


_TRAIL_KEEP = ("雷达", "送达", "到达", "直达", "抵达", "通达", "下达")  # a word that ends in a filler character
_LEAD_KEEP = ("对象", "为民", "近期", "共享", "共建", "项目区", "在建", "在岗", "在校", "在职", "在册", "在园", "在读",
              "在押", "在线", "在库", "在网", "于都")  # words that begin with a lead-in character


_CLAUSE_BREAK = re.compile(r"[，,。；;：:、\s（）()“”\"]")


def _last_words(text: str) -> str:
    """The last clause of `text` without lead-in and filler words: what a matched pattern names."""
    return _strip(_CLAUSE_BREAK.split(text)[-1])


def _strip(ctx: str, lead: tuple[str, ...] = _LEAD, trail: tuple[str, ...] = _TRAIL) -> str:
    """`ctx` without lead-in words in front and filler words behind, repeatedly."""
    changed = True
    while changed and ctx:
        changed = False
        for w in lead:
            if ctx.startswith(w) and not ctx.startswith(_LEAD_KEEP):
                ctx, changed = ctx[len(w):], True
        for w in trail:
            if ctx.endswith(w) and len(ctx) > len(w) and not ctx.endswith(_TRAIL_KEEP):
                ctx, changed = ctx[: -len(w)], True
    return ctx


def _name_quantity(ctx: str, after: str, number: float, unit: str, raw: str, sep: str = "") -> Quantity | None:
    """`after`: the words right after the number up to `sep`, the punctuation that ends them."""
    # 新增 leads into a quantity (stripped below) but, when nothing else says what is done, it is the
    # verb: 新增床位200张 -> 新增床位数量, not 床位数量.
    adds = "新增" in ctx
    listed = ctx.endswith(_CONJ_END) and not ctx.endswith(_NOT_CONJ)
    if listed:
        ctx = ctx[: -2] if ctx.endswith("以及") else ctx[:-1]
    upper = (ctx.endswith(_UPPER_BEFORE) and not ctx.endswith(("不低于", "不小于"))) or after.startswith(_UPPER_AFTER)
    worked_on = (ctx.startswith("对") or "对" in ctx[-6:]) and "对象" not in ctx[-6:]  # 对全县8所… : an object marker
    if worked_on and "对" in ctx:  # 委托第三方对县域4个监测站: what is worked on follows the last 对
        ctx = ctx.rsplit("对", 1)[1]
    ctx = _strip(ctx)
    if unit in ("%", "‰"):
        # A rate: the words before it name it (就业率达到95% -> 就业率).
        if ctx.endswith(("损耗", "损失", "流失", "空置", "淘汰")):  # 储备粮损耗控制在0.2%以内 -> 储备粮损耗率
            ctx += "率"
        name = ctx if ctx.endswith(_RATE_ENDINGS) else ""
        if not name or len(name) < 2:
            return None
        return Quantity(name=name, number=number, unit=unit, raw=f"{ctx}{raw}", upper=upper)
    # In a list (4个空气质量自动监测站和2个水质自动监测站) the words before belong to the previous item.
    verb = "" if listed else next((v for v in _VERBS if v in ctx), "")
    if not verb and adds and unit != "%" and "新增" not in ctx:  # 城镇新增就业5000人 already says it
        verb = "新增"
        ctx = "新增" + ctx
    if verb:
        head, _, tail = ctx.partition(verb)
        obj = _strip(tail) or _strip(head)  # 购置教学设备 -> 教学设备; 职业技能培训 -> 职业技能
        if obj in _MEASURES:  # 救助人次不少于1.5万人次: the measure is not the object
            obj = ""
    else:
        obj = _strip(ctx)
    follow = _FOLLOW_PEOPLE.match(after) or _FOLLOW_NOUN.match(after) or _FOLLOW_PLACE.match(after)
    noun = re.sub(r"(?<=.)[各每均]$", "", follow.group(1)) if follow else ""  # 6个消防队各配备…: 各 is not the noun
    if noun in _CONJ_END:  # 覆盖12个村和20户: a conjunction, not a noun
        noun = ""
    if noun.startswith(_SEATS) and obj:  # 生态停车场约300个车位: the spaces are counted, in the place named before
        return Quantity(name=f"{obj}{noun[:2]}数量", number=number, unit=unit, raw=f"{ctx}{raw}{noun[:2]}", obj=obj)
    if obj and noun and unit in _PEOPLE_UNITS and _PEOPLE_NOUN.search(noun) and noun not in obj and not verb \
            and len(obj + noun) <= 12:
        obj = obj + noun  # 农村义务教育阶段约2.1万名学生 -> 农村义务教育阶段学生人数
    benefit = any(v in ctx for v in _BENEFIT_VERBS)
    if noun and ctx.endswith("的") and not verb:  # 登记在册的78处地质灾害隐患点: the noun after is counted
        obj = noun
    if listed and noun:  # 博物馆及14个乡镇综合文化站: count the 文化站, not the 博物馆
        obj = noun
    if not obj and noun and not verb and worked_on and (work := _WORK_AFTER.match(after[len(noun):])) \
            and sep != "、":  # 对3个景区新建、改建厕所: the work has its own object
        verb, obj = work.group(1), noun  # 对8所中小学校舍进行维修改造 -> 维修改造中小学校舍数量
    if not obj and noun and not verb and after[len(noun):].startswith("提供"):
        verb, obj = "服务", noun  # 为68个部门提供云服务: the departments served are the output
    if not obj and noun:
        obj = noun
        if not verb and unit in _PEOPLE_UNITS:  # 为1800名学生…: the counted people are who benefits
            verb, benefit = "受益", True
        # 为12所学校购置设备: the schools equipped are the output (a 数量), not a benefit
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
    elif verb and verb not in _PLAIN_VERBS:
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


# Verbs that say only that work happens (开展农产品快检): the row names what is counted, not the activity.
_PLAIN_VERBS = ("开展", "组织", "举行", "实施", "进行")
_RATE_ENDINGS = engine_words().rate_endings


def _measure_word(unit: str) -> str:
    if unit in ("个村", "村"):  # 覆盖12个村 -> 覆盖村数量
        return "村数量"
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
    if unit in ("家次", "户次", "台次"):
        return unit
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
