"""Word tables the linter reasons with, kept small and readable so the suggestion engine can reuse them.

- level names: `level1_key` / `level2_key` reduce the many published spellings (`产 出 指 标 (50分)`,
  `效果指标`, `产出值`, `经济效益 指标`) to stable keys;
- direction: which 三级指标 names want a high value (正向) and which a low one (反向);
- category: which words belong to which 二级 (数量/质量/时效/成本/经济/社会/生态/可持续/满意度);
- vague words: values and names a reviewer cannot check.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

VOCABULARY_FILE = Path(__file__).resolve().parent / "vocabulary.yaml"


def _vocabulary() -> dict[str, Any]:
    """The word classes of vocabulary.yaml (a small file, read once when the lexicon is imported)."""
    return yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8")) or {}


VOCABULARY: dict[str, Any] = _vocabulary()


def words(key: str) -> tuple[str, ...]:
    return tuple(VOCABULARY.get(key, {}).get("words") or ())

# ---------------------------------------------------------------------------------------------
# Level names
_NOISE = re.compile(r"[\s\u3000]+|[（(][^）)]*[）)]|\d+(?:-\d+)?分")
_PREFIX = re.compile(r"^(?:指标\d+[:：]?|\d+[、.．:：]|[（(]\d+[）)])")

# 一级 keys. The 部门整体 framework has its own 一级 names.
LEVEL1_WORDS: tuple[tuple[str, str], ...] = (
    ("满意", "satisfaction"),
    ("运行成本", "dept_cost"), ("管理效率", "dept_efficiency"), ("履职效能", "dept_performance"),
    ("社会效应", "dept_social"), ("可持续发展能力", "dept_sustainable"),
    ("成本", "cost"), ("产出", "output"), ("效益", "benefit"), ("效果", "benefit"),
    ("决策", "decision"), ("过程", "process"),
)
DEPARTMENT_LEVEL1 = ("dept_cost", "dept_efficiency", "dept_performance", "dept_social", "dept_sustainable")

# 二级 keys, most specific first (社会成本 before 社会, 经济成本 before 经济效益).
LEVEL2_WORDS: tuple[tuple[str, str], ...] = (
    ("满意", "satisfaction"),
    ("经济成本", "cost"), ("社会成本", "social_cost"), ("生态环境成本", "ecological_cost"),
    ("生态成本", "ecological_cost"), ("成本", "cost"),
    ("数量", "quantity"), ("质量", "quality"), ("时效", "timeliness"),
    ("经济效益", "economic"), ("社会效益", "social"), ("生态效益", "ecological"),
    ("可持续", "sustainable"),
)

LEVEL2_CN = {
    "quantity": "数量指标", "quality": "质量指标", "timeliness": "时效指标", "cost": "成本指标",
    "social_cost": "社会成本指标", "ecological_cost": "生态环境成本指标", "economic": "经济效益指标",
    "social": "社会效益指标", "ecological": "生态效益指标", "sustainable": "可持续影响指标",
    "satisfaction": "满意度指标",
}
LEVEL1_CN = {
    "output": "产出指标", "benefit": "效益指标", "satisfaction": "满意度指标", "cost": "成本指标",
    "dept_cost": "运行成本", "dept_efficiency": "管理效率", "dept_performance": "履职效能",
    "dept_social": "社会效应", "dept_sustainable": "可持续发展能力",
}

# Bare category names: as a 三级指标 they say nothing (社会效益, 成本指标, 质量).
CATEGORY_NAMES = frozenset(
    w + s
    for w in (
        "数量", "质量", "时效", "成本", "经济成本", "社会成本", "生态成本", "生态环境成本", "经济效益",
        "社会效益", "生态效益", "可持续影响", "可持续", "可持续性发展影响", "可持续发展影响", "满意度",
        "服务对象满意度", "服务对象或受益者满意度", "产出", "效益", "效果", "社会效应", "经济", "社会", "生态",
        "可持续发展能力", "履职效能", "管理效率", "运行成本",
    )
    for s in ("", "指标", "值", "效益")
) - {"服务对象满意度", "服务对象或受益者满意度"}  # the standard 三级 name under 满意度指标


@lru_cache(maxsize=65536)
def clean(text: str | None) -> str:
    """A cell without spaces, score marks `(50分)` and `指标1:` prefixes."""
    if not text:
        return ""
    s = _NOISE.sub("", text).strip("★*※·:：、,，。.;；")
    return _PREFIX.sub("", s).strip("★*※·:：、,，。.;；")


@lru_cache(maxsize=4096)
def level1_key(level1: str | None) -> str | None:
    s = clean(level1)
    for word, key in LEVEL1_WORDS:
        if word in s:
            return key
    return None


@lru_cache(maxsize=4096)
def level2_key(level2: str | None) -> str | None:
    s = clean(level2)
    for word, key in LEVEL2_WORDS:
        if word in s:
            return key
    return None


@lru_cache(maxsize=16384)
def is_category_name(name: str | None) -> bool:
    return clean(name) in CATEGORY_NAMES


# ---------------------------------------------------------------------------------------------
# Direction: 反向 (lower is better) words are checked first; a 反向 word with 下降/降低 in front is a
# reduction target and points up again (成本降低率 ≥5%).
NEGATIVE_WORDS: tuple[str, ...] = (
    "投诉率", "故障率", "辍学率", "发生率", "差错率", "出错率", "错误率", "失业率", "事故率", "违规率", "违纪率",
    "误差率", "返工率", "不合格率", "流失率", "死亡率", "病死率", "漏报率", "漏检率", "退回率", "逾期率",
    "空置率", "复发率", "损耗率", "超支率", "偏差率", "调整率", "结余率", "结转率", "失误率", "上访率", "案发率", "发案率", "受害率",
    "投诉", "成本", "费用", "办理时长", "办结时长", "审批时长", "等待时长", "响应时长", "办理周期", "审批周期",
    "时限", "用时", "耗时", "办结时间", "办理时间", "等待时间", "响应时间", "超标", "失败率", "拒付率", "缺陷率",
    "积压", "损失率", "迟缓率", "不良率", "不良贷款率", "贫血率", "肥胖率", "近视率", "感染率", "超标率", "发病率", "患病率", "污染天数", "死亡人数", "伤亡人数", "事故起数", "火灾起数", "案件发生",
    *words("negative_words"),
)
_MONEY_NEGATIVES = frozenset({"费用", "成本"})
# Harm counted in people, days or incidents: lower is better whatever the unit.
HARM_WORDS: tuple[str, ...] = ("死亡", "伤亡", "重污染", "污染天数", "事故", "火灾", "发病", "损失", "案发", "投诉")
# (报销, 补偿比例, 救助比例: the share of a cost paid for the beneficiary, which should be high.)
REDUCTION_WORDS: tuple[str, ...] = ("降低", "下降", "减少", "压缩", "节约", "节省", "降幅", "报销", "补偿比例", "减免",
                                    "救助比例", "补助比例", "资助比例", "保障比例", "缩短", "核减",
                                    # case finding: a higher 报告患病率 means more patients found and managed
                                    "报告患病率", "发现率")
# 控制率 (实际/预算) is a cap by convention; 执行率 is not here: `预算执行率 ≤100%` asks for nothing.
NEUTRAL_TAILS: tuple[str, ...] = ("控制率", "控制数", "偏离度", "利率", "费率", "贴息率")
GROWTH_TAILS: tuple[str, ...] = ("增长率", "增幅", "增速", "增长")
POSITIVE_WORDS: tuple[str, ...] = (
    "满意度", "满意率", "覆盖率", "合格率", "达标率", "完成率", "及时率", "知晓率", "参保率", "就业率",
    "通过率", "到位率", "兑现率", "发放率", "支付率", "执行率", "办结率", "结案率", "使用率", "利用率",
    "成活率", "完好率", "正确率", "准确率", "准确性", "受益率", "入学率", "巩固率", "接种率", "治愈率",
    "处置率", "处理率", "解决率", "回访率", "登记率", "征缴率", "更新率", "运行率", "在线率", "好转率",
    "验收率", "开工率", "建成率", "普及率", "参与率", "出勤率", "提升率", "增长率", "保障率", "落实率",
)


@lru_cache(maxsize=8192)
def direction(name: str | None) -> str | None:
    """'up' (正向), 'down' (反向) or None when the name does not say."""
    s = clean(name)
    if not s:
        return None
    # 控制率 (实际/预算) and 执行率 targets are caps or bands by convention; neither way is wrong.
    if s.endswith(NEUTRAL_TAILS):
        return None
    # The growth of a cost wants to be low (三公经费增长率 <0%).
    investing = any(w in s for w in ("投入", "研发", "投资"))  # 研发经费投入增长率 wants to grow
    if s.endswith(GROWTH_TAILS) and not investing and any(w in s for w in (*NEGATIVE_WORDS, "经费", "支出", "开支")):
        return "down"
    # The head word at the end decides (投诉举报按期办结率 is an 办结率; 不合格率 is not a 合格率).
    reduction = any(w in s for w in REDUCTION_WORDS)
    if s.endswith(NEGATIVE_WORDS):
        return "up" if reduction else "down"
    if s.endswith(POSITIVE_WORDS) or "满意" in s:
        return "up"
    if any(w in s for w in NEGATIVE_WORDS):
        if s.endswith(("率", "比例")) and not any(w in s for w in NEGATIVE_WORDS if w not in _MONEY_NEGATIVES):
            return "up"  # 住院费用直接结算率: the money is what the rate is about, the rate itself is positive
        return "up" if reduction else "down"
    if any(w in s for w in POSITIVE_WORDS) or s.endswith("率"):
        return "up"
    return None


@lru_cache(maxsize=16384)
def known_positive(name: str | None) -> bool:
    """A rate a word marks as higher-is-better (合格率, 覆盖率, 满意度), not merely one ending in 率."""
    s = clean(name)
    return "满意" in s or any(w in s for w in POSITIVE_WORDS) or (
        s.endswith("率") and any(w in s for w in ("及时", "按时", "按期")))  # 及时受理率


# Lifespans (使用年限 ≥20年): longer is better, so a cap is the wrong way round.
LIFESPAN_WORDS: tuple[str, ...] = words("lifespan_words")


# Rates that cannot exceed 100% (a 增长率 or 完成率 can).
@lru_cache(maxsize=16384)
def is_bounded_rate(name: str | None) -> bool:
    s = clean(name)
    if not s or not (is_rate_name(s)):
        return False
    return not any(w in s for w in ("增长", "增幅", "增速", "提高", "提升", "比上年", "同比", "完成率", "执行率", "倍"))


RATE_MARKERS = ("率", "满意度", "比例", "占比", "比重", "百分比", "覆盖面", "合格性", "准确性")


# A rate whose base the name states (万车死亡率, 每十万人口发病率): its number needs no % or unit.
RATE_BASE_IN_NAME = re.compile(r"(?:每|万|千|百|十万|百万|亿)(?:常住)?(?:人口|人|车|户|名|辆|元)")


@lru_cache(maxsize=16384)
def is_rate_name(name: str | None) -> bool:
    s = clean(name).replace("覆盖面积", "")  # 农业保险覆盖面积 is an area, not 覆盖面
    if s.endswith("数") and not s.endswith(("指数", "系数", "分数", "倍数", "参数")):
        return False  # 资产负债率超警戒线企业数: a count of firms, whatever rate picks them out
    for w in NOT_RATE_WORDS:  # 扫描分辨率 ≥300dpi, 装机功率 ≥5MW: …率 words measured in their own units
        if w in s:
            s = s.replace(w, "")
    return any(w in s for w in RATE_MARKERS)


NOT_RATE_WORDS: tuple[str, ...] = words("not_rate_words")


def is_satisfaction(name: str | None) -> bool:
    return "满意" in clean(name)


# ---------------------------------------------------------------------------------------------
# Category: words that place a 三级指标 in a 二级. Only strong signals; most names are not classified.
TIMELINESS_WORDS = (
    "及时率", "及时性", "完成时间", "完成时限", "办结时限", "时限", "按时", "按期", "期限", "进度", "时效", "尽快",
    "工期", "完工时间", "竣工时间",
)
# Names that ask when something happens (竣工时间, 完成时限): timeliness, not quality or cost.
TIME_NAME_TAILS: tuple[str, ...] = words("time_name_tails")
# A value or description that promises the work itself (按要求开展, 加强宣传, 做好设备运维, 已完成).
WORK_VALUE_VERBS = ("开展", "加强", "做好", "落实", "推进", "组织", "加大", "强化", "完善", "抓好", "扎实", "积极",
                    "认真", "深入", "持续推进", "按要求", "按计划推进", "按进度", "定期", "对", "督促", "开拓", "持续推动")
DONE_VALUES = ("已完成", "完成", "全部完成", "已落实", "落实到位", "已开展", "开展", "推进", "加强", "实施", "已实施")
# Units of physical quantity: an amount of work done, i.e. an output (数量), not a quality.
PHYSICAL_UNITS = frozenset({"公里", "千米", "米", "延米", "平方米", "万平方米", "亩", "万亩", "公顷", "吨", "万吨", "立方米",
                            "万立方米", "km", "m", "㎡", "m2"})
QUALITY_WORDS = ("质量", "等级", "标准", "精度", "强度", "合格", "达标", "优良", "完好", "准确", "浓度", "指数", "系数",
                 "寿命", "年限", "误差", "偏差", "平整", "压实", "厚度")
# Grade words: a name with one measures a level reached, so `≥0.5个等级` is not an output count.
GRADE_WORDS: tuple[str, ...] = words("grade_words")
MONEY_UNITS = frozenset({"元", "万元", "亿元", "千元"})
MONEY_WORDS = ("资金", "经费", "费用", "成本", "金额", "预算", "补助标准", "投资")
STAFF_INPUT_WORDS = ("在职职工", "在编人员", "工作人员数", "编制人数", "聘用人员")

# Units that say what is counted; anything else after a number is not a unit (`≥90完成比例`).
KNOWN_UNITS = frozenset(words("units")) | frozenset(
    ["万元", "亿元", "千元", "元", "万人次", "人次", "万人", "人", "户次", "万户", "户", "个工作日", "工作日", "个月", "个百分点", "百分点", "个", "项", "次", "天", "日", "年", "月", "周", "小时", "分钟", "家", "所", "台", "套", "件", "份", "册", "本", "场", "期", "批次", "批", "条", "名", "辆", "座", "处", "间", "栋", "公里", "千米", "米", "平方米", "万平方米", "亩", "万亩", "公顷", "吨", "万吨", "立方米", "万立方米", "千瓦", "床", "张", "篇", "部", "类", "种", "校", "班", "课时", "学时", "学分", "分", "个点", "点", "人天", "人日", "单", "笔", "宗", "起", "例", "村", "镇", "乡", "街道", "社区", "平台", "系统", "期次", "轮", "遍", "季度", "台套", "台次", "车次", "架次", "架", "只", "头", "株", "棵", "组", "km", "m", "㎡", "m2", "kg", "t", "万株", "万只", "万头", "万份", "万册", "万件", "万次", "万个", "盏", "块", "根", "辆次", "趟", "户数", "人数", "所次", "间次", "座次", "站", "个站", "条次", "门", "集", "首", "幅", "期数", "卷", "万平方公里", "平方公里", "公斤", "千克", "斤", "万公里", "延米", "亿", "万", "倍", "级", "星", "分值", "门次", "课", "节", "年度", "学年", "季", "元/人", "元/月", "元/年", "‰", "万名", "万所", "万台", "万套",
     # Measures expert rows use that are still units (学生身高 cm, 毕业生 届, 抽检 批次, 装机 千瓦时).
     "页", "万页", "万条", "万公斤", "万篇", "支", "万支", "剂次", "万剂次",
     "cm", "mm", "厘米", "毫米", "届", "场次", "篇次", "班次", "册次", "人月", "床位", "千瓦时", "kWh", "kW", "MW",
     "兆瓦", "度", "升", "毫升", "立方", "m³", "岁", "分贝", "dB", "℃", "摄氏度", "人/年", "次/年", "小时/天",
     "微克/立方米", "毫克/升", "mg/L", "μg/m³", "公斤/亩", "kg/亩", "元/亩", "元/平方米", "元/公里", "元/台", "元/套",
     "元/次", "元/人次", "元/户", "元/吨", "万元/公里", "万元/个", "万元/所", "元/册", "元/件", "个工作日内", "人·次",
     "美元", "万美元", "亿美元", "欧元", "画幅", "万画幅", "具", "万具", "人份", "剂", "支", "瓶", "箱", "袋", "粒",
     "孔", "眼", "口", "宗次", "艘", "尾", "羽", "匹", "对", "棵次", "亩次", "户·次", "万亩次", "公里/小时", "秒", "分",
     # soil and water contents (有机质 ≥0.1g/kg) and text lengths (志稿 ≥150万字)
     "g/kg", "mg/kg", "克/千克", "毫克/千克", "g/L", "字", "万字", "千字", "毫秒", "微秒", "ms"]
)

# Chinese measure words (量词): one of these after a number is a unit, with 万/千 in front or 次 behind.
MEASURE_CHARS = frozenset("个只条张页本台辆架艘座栋间套件份册部篇首幅具枚颗粒块片根支株棵丛头匹口尾羽盏面把扇顶副双对组"
                          "批群队家户所处站项次趟遍轮场届期班门课节堂天日周月年季米亩吨斤升元人名位例起宗笔单卷集帧画剂盒瓶箱袋包桶罐")
MEASURE_UNIT_RE = re.compile(r"(?:[万千百亿]|十万|百万)?[\u4e00-\u9fff]?[" + "".join(sorted(MEASURE_CHARS)) + r"](?:次)?")

# Words that end like a measure word but are not units after a target number (≥95优 is a grade).
NOT_UNITS = frozenset({"人数", "次数", "户数", "个数", "件数", "份数", "场次数", "优", "良", "中", "差", "完成", "效果"})

# Measures written without a unit (系数 0.6, 评分 85, 指数 1.2).
UNITLESS_TAILS: tuple[str, ...] = ("系数", "指数", "比值", "倍数", "评分", "得分", "分数", "星级", "位次", "排名", "PUE值", "值",
                                   "郁闭度", "盖度", "能效比")
# Compound and scientific units (微克/立方米, 毫克/升, 个等级).
EXTRA_UNIT_RE = re.compile(r"(?:微克|毫克|克|毫升|升|个)?(?:/?(?:立方米|升|千克|公斤|亩|人|户|次|等级|级))+|个等级|等级|微克|毫克|枚")

# Unit to suggest from the name, for a bare number (`≥9000` under 退休人员).
NAME_UNIT_HINTS: tuple[tuple[str, str], ...] = (
    ("人次", "人次"), ("户数", "户"), ("户", "户"), ("人数", "人"), ("人员", "人"), ("人口", "人"), ("学生", "人"),
    ("份数", "份"), ("份", "份"), ("场次", "场"), ("场", "场"), ("次数", "次"), ("次", "次"), ("期数", "期"),
    ("项目数", "个"), ("项数", "项"), ("项", "项"), ("篇", "篇"), ("家", "家"), ("台", "台"), ("套", "套"),
    ("件", "件"), ("面积", "平方米"), ("长度", "公里"), ("天数", "天"), ("月数", "个月"), ("金额", "万元"),
    ("资金", "万元"), ("经费", "万元"), ("成本", "万元"), ("数量", "个"), ("个数", "个"),
)
_UNIT_IN_NAME = re.compile(r"[（(]([^（）()]{1,6})[）)]")


@lru_cache(maxsize=16384)
def unit_hint(name: str | None) -> str | None:
    """The unit a count should carry, read from `(项)` in the name or its last counting word."""
    if not name:
        return None
    m = _UNIT_IN_NAME.search(name)
    if m and m.group(1).strip() not in ("%", "％") and m.group(1).strip() in KNOWN_UNITS:
        return m.group(1).strip()
    s = clean(name)
    for word, unit in NAME_UNIT_HINTS:
        i = s.find(word)
        # A one-character hint counts at the end or before 数/次 (服务企业家数), not inside a word (家庭, 台账).
        if i >= 0 and (len(word) > 1 or i + 1 == len(s) or s[i + 1] in "数次"):
            return unit
    return None


# ---------------------------------------------------------------------------------------------
# Vague wording
# Work verbs: a 三级指标 starting with one describes an activity, not a result (加强宣传, 做好…工作).
ACTIVITY_VERBS = (
    "加强", "做好", "开展", "推进", "落实", "组织", "强化", "完善", "抓好", "积极", "认真", "深入", "健全",
    "严格", "加大", "扎实", "全力", "着力", "大力", "切实", "持续开展", "协助办理", "按要求", "按时保质",
    "按时开展", "按时足额发放", "及时足额发放", "及时发放", "保证按时", "尽快完成", "为群众", "清算", "持续提供",
    "各项业务", "推动", *words("work_verbs"),
)
# Aim verbs: a name built on one with nothing countable is a slogan (促进就业工作, 保持稳定).
AIM_VERBS = (
    "促进", "保持", "提升", "提高", "改善", "增强", "推动", "维护", "保障", "确保", "助力", "优化", "营造", "巩固",
    "支持", "带动", "发挥", "实现", "保证", "推进", "构建", "打造", "不增加", "长期", "稳定", "厉行",
    *words("aim_verbs"),
)
# Nouns that make a name countable or checkable.
MEASURE_NOUNS = (
    "率", "数", "量", "度", "人次", "次数", "金额", "时间", "时限", "天数", "比例", "占比", "面积", "长度", "个数",
    "件数", "户数", "人数", "收入", "增长", "规模", "年限", "期限", "标准", "成本", "费用", "投入", "里程",
    "合格", "达标", "到位", "覆盖", "完成", "验收", "是否", "场次", "份数", "平均", "人均", "万元", "元",
    *words("measure_heads"),
)
MEASURE_NOUN_RE = re.compile("|".join(map(re.escape, MEASURE_NOUNS)))
# Words that hold a measure noun's character without counting anything (数据审计, 制度建设, 年度任务).
_FALSE_FRIENDS_RE = re.compile("|".join(map(re.escape, words("measure_false_friends"))))


@lru_cache(maxsize=65536)
def has_measure_noun(name: str) -> bool:
    """Whether a name says what is counted or checked (…率, …人数, …金额), false friends (数据, 制度) aside."""
    return MEASURE_NOUN_RE.search(_FALSE_FRIENDS_RE.sub("", name)) is not None
VAGUE_NAME_TAILS = (
    "工作", "水平", "效益", "影响", "能力", "作用", "环境", "意识", "形象", "氛围", "效果", "影响力", "关怀", "生活",
    "权益", "最大化", "运转", "定性", "改善", "提高", "发展", "全年",
)
# State words that name something measurable when a specific subject comes before them.
ATTRIBUTE_TAILS = ("影响力", "能力", "意识", "环境", "形象", "氛围", "水平", "效果", "作用")
GENERIC_SUBJECTS = ("社会", "群众", "人民", "生态", "经济", "发展", "稳定", "公共", "服务", "可持续", "整体", "综合",
                    "各项", "工作", "项目", "生活", "管理", "治理", "保障", "健康", "对", "防控")
# Tails that stay vague even after a measure noun (社会稳定程度, 对社会的可持续影响力).
STRONG_VAGUE_TAILS = ("影响力", "稳定程度", "关怀", "最大化", "定性", "的指标", "价值指标")
# Words that say nothing on their own: a name made only of these (工作完成情况, 各项业务执行) is empty.
GENERIC_NAME_RE = re.compile(
    "完成|工作|任务|目标|情况|当年|各项|发放|实施|业务|运行|执行|时效|质量|及时性|及|的|量"
)
# A 三级指标 that restates a category with a filler in front: 完成质量, 带来的经济效益, 完成工作质量.
_CATEGORY_FILLER = re.compile(r"^(?:完成|带来的|带来)?(?:工作)?")


@lru_cache(maxsize=16384)
def category_core(name: str | None) -> str | None:
    """The category a name merely restates (质量 for 完成工作质量), or None for a real name."""
    s = clean(name)
    if not s:
        return None
    if s in CATEGORY_NAMES:
        return s
    core = _CATEGORY_FILLER.sub("", s, count=1)
    return core if core != s and core in CATEGORY_NAMES else None


@lru_cache(maxsize=16384)
def is_generic_name(name: str | None) -> bool:
    s = clean(name)
    return bool(s) and not GENERIC_NAME_RE.sub("", s)


# Fixed grades of the 部门整体 framework (健全/基本健全, 规范/基本规范 ...): checkable by the evaluator.
DEPT_GRADE = re.compile(r"^(?:基本)?(?:健全|规范|合理|相符|合规|完善|明确|充分|符合[\u4e00-\u9fff]{0,6})$")
# A Chinese numeral with a unit is a number (每参保一人补贴代办员一元).
CN_NUMBER_UNIT = re.compile(r"[一二两三四五六七八九十百千]+万?元")

# A standard that is not named (达到设计标准, 符合相关要求): nothing to check against. A named one
# (达到《GB 5749》标准, 达到国家二级标准) keeps its name before 标准 and is not matched.
UNNAMED_STANDARD = re.compile(r"^(?:达到|符合|满足)(?:设计|相关|有关|规定|上级|项目)?(?:的)?(?:标准|要求|规定|规范)(?:要求)?$")
# A one-off event done or not (实现对接, 按季度拨付, 完成验收): checkable as yes/no.
EVENT_DONE = re.compile(r"^(?:实现|完成|通过)[\u4e00-\u9fff]{2,6}$|^按(?:月|季度|季|年|学期)[\u4e00-\u9fff]{1,4}$")

# Values that are qualitative yet checkable: a defined event that did or did not happen.
CHECKABLE_VALUE = re.compile(
    r"^(?:无|未发生|不发生|零|杜绝|没有)[\u4e00-\u9fff]{0,12}$|^(?:全覆盖|全部完成|全部覆盖|全部到位|通过验收|验收合格|"
    r"足额发放|按时足额发放)$|^(?:符合|达到)[\u4e00-\u9fff]{0,12}(?:标准|规范|要求|规定)$"
    r"|^(?:[IVⅠⅡⅢⅣⅤ]+|[一二三四五]|[1-5])类(?:及以上|以上|及以下|以下)?(?:标准|水质)?$"
)

# More checkable statements, as patterns in vocabulary.yaml (通过验收, 达到省一级, 全市前三, 控制在预算内).
CHECKABLE_EXTRA = re.compile("|".join(f"(?:{p})" for p in words("checkable_values")) or r"(?!x)x")

# Units of time (a time budget is judged like money: lower is better) and of counting.
KNOWN_TIME_UNITS = frozenset({"天", "日", "工作日", "个工作日", "小时", "分钟", "个月", "月", "年", "周"})
COUNT_UNITS = frozenset({
    "个", "项", "次", "家", "件", "场", "份", "批", "组", "篇", "人", "人次", "人数", "户", "台", "套", "期", "所", "条",
})
# Every unit that counts things (under 质量指标 a count is an output filed wrongly).
COUNTED_UNITS = COUNT_UNITS | frozenset(words("count_units"))

# A name ending in one of these is an amount of money (活动经费, 补助资金), not a topic.
MONEY_TAILS: tuple[str, ...] = ("经费", "资金", "费用", "成本", "补助", "补贴", "投资", "金额", "预算")
# Adverbs in front of a value's verb (有效保障, 持续巩固, 进一步提升), read past to find the verb.
VALUE_ADVERBS = re.compile("^(?:" + "|".join(words("value_adverbs")) + ")+") if words("value_adverbs") else None
EFFECT_WORDS: tuple[str, ...] = ("作用", "效果", "成效", "效益", "效应")


@lru_cache(maxsize=16384)
def slogan_value(value: str) -> bool:
    """A value that only states an aim (促进, 有效保障, 保持稳定) or an effect with nothing measured
    (显著, 有效, 作用明显): read after a topic name it makes a slogan, not a target."""
    if not value:
        return False
    if value in words("empty_effect_values") or any(w in value for w in EFFECT_WORDS):
        return True
    rest = VALUE_ADVERBS.sub("", value) if VALUE_ADVERBS is not None else value
    return bool(rest) and rest.startswith(AIM_VERBS)
