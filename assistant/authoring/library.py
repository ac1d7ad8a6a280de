"""Built-in common indicators per project kind and per 二级 slot.

The corpus is mostly HR and social security; a school, a road, a hospital or a river project must
still get specific indicators. Each `ProjectKind` is recognised by keywords in the brief and offers
candidates per slot. `{obj}` in a template is filled with what the brief says is bought, built,
trained or served; `{year}` with the budget year. Values here are conventional standards and are
always labelled as such in the rationale; numbers from the brief or the corpus take precedence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Candidate:
    slot: str  # quantity | quality | timeliness | cost | social | economic | ecological | sustainable | satisfaction
    level3: str
    description: str
    value: str  # conventional value; "" when the value must come from the brief or the corpus
    basis: str  # 指标值确定依据 kind and source
    convention: str = ""  # why this conventional value, said in the rationale
    needs: tuple[str, ...] = ()  # offered only when the brief says one of these (苗木成活率 needs 造林…)


@dataclass(frozen=True)
class ProjectKind:
    key: str
    label: str
    keywords: tuple[str, ...]
    candidates: tuple[Candidate, ...]
    economic: bool = False  # an 经济效益 row is expected
    ecological: bool = False  # a 生态效益 row is expected
    beneficiary: str = "服务对象"
    default_obj: str = "项目"
    not_in: tuple[str, ...] = ()  # phrases whose words do not count as this kind's keywords


_PLAN = "计划标准：项目实施方案和年度工作计划"
_INDUSTRY = "行业标准：同类项目通行要求"
_BUDGET = "预算支出标准：项目预算批复"


def C(slot: str, level3: str, description: str, value: str, basis: str = _INDUSTRY, convention: str = "",
      needs: tuple[str, ...] = ()) -> Candidate:
    return Candidate(slot, level3, description, value, basis, convention, needs)


KINDS: tuple[ProjectKind, ...] = (
    ProjectKind(
        "training", "培训", ("培训", "研修", "轮训", "技能提升", "实训", "讲座", "教育培训", "职业技能"),
        (
            C("quantity", "培训人次", "全年完成培训的人次", ""),
            C("quantity", "培训班期数", "全年举办培训班的期数", ""),
            C("quality", "培训合格率", "考核合格人数/参训总人数×100%", "≥90%", convention="培训考核合格率通常要求不低于90%"),
            C("quality", "培训出勤率", "实际出勤人次/应出勤人次×100%", "≥95%", convention="培训出勤率通常要求不低于95%"),
            C("timeliness", "培训任务完成时间", "年度培训计划全部完成的时间", "{year}年12月底前", _PLAN, "按年度计划在年底前完成"),
            C("social", "参训人员技能提升率", "考核显示技能提升的人数/参训人数×100%", "≥85%", convention="以结业考核衡量，通常不低于85%"),
            C("economic", "参训人员培训后就业率", "培训后实现就业人数/参训人数×100%", "≥60%", convention="就业技能培训后就业率常见要求不低于60%"),
            C("sustainable", "培训成果持续发挥作用年限", "培训形成的技能和制度持续发挥作用的年限", "≥3年", convention="以三年为常见评价期"),
            C("satisfaction", "参训人员满意度", "满意及基本满意的受访参训人员/受访参训人员总数×100%", "≥90%", convention="满意度通常不低于90%"),
        ),
        economic=True, beneficiary="参训人员", default_obj="培训",
    ),
    ProjectKind(
        "equipment", "设备购置", ("购置", "采购", "购买", "配备", "设备", "器材", "仪器", "车辆", "装备"),
        (
            C("quantity", "{obj}购置数量", "按计划购置并交付使用的{obj}数量", ""),
            C("quality", "设备验收合格率", "验收合格的设备数量/购置设备总数×100%", "100%", convention="政府采购设备须全部验收合格"),
            C("quality", "设备完好率", "完好设备数量/设备总数×100%", "≥95%", convention="设备完好率通常要求不低于95%"),
            C("timeliness", "设备采购完成时间", "设备采购、安装并验收完成的时间", "{year}年12月底前", _PLAN, "按年度采购计划在年底前完成"),
            C("social", "设备使用率", "实际投入使用的设备数量/购置设备总数×100%", "≥95%", convention="购置设备应及时投入使用，通常不低于95%"),
            C("sustainable", "设备正常使用年限", "设备保持正常使用的年限", "≥5年", convention="通用设备折旧年限一般不少于5年"),
            C("satisfaction", "设备使用人员满意度", "满意及基本满意的使用人员/受访使用人员×100%", "≥90%", convention="满意度通常不低于90%"),
        ),
        beneficiary="使用人员", default_obj="设备",
    ),
    ProjectKind(
        "construction", "工程建设", ("建设", "新建", "改建", "扩建", "改造", "修缮", "维修", "道路", "桥梁", "工程", "施工", "硬化", "房屋"),
        (
            C("quantity", "{obj}建设规模", "按设计完成的建设规模", ""),
            C("quality", "工程验收合格率", "验收合格的单位工程数/完工单位工程总数×100%", "100%", convention="建设工程须全部验收合格"),
            C("quality", "工程质量安全事故发生次数", "施工期间发生的质量安全事故次数", "0次", convention="工程建设应零安全事故"),
            C("timeliness", "工程完工时间", "工程完工并通过验收的时间", "{year}年12月底前", _PLAN, "按施工计划在年底前完工"),
            C("social", "工程投入使用率", "完工后投入使用的工程数/完工工程数×100%", "100%", convention="完工工程应全部投入使用"),
            C("sustainable", "工程设计使用年限", "按设计文件确定的使用年限", "≥10年", "行业标准：工程设计文件", "以设计使用年限为准，常见不少于10年"),
            C("satisfaction", "受益群众满意度", "满意及基本满意的受访群众/受访群众总数×100%", "≥90%", convention="满意度通常不低于90%"),
        ),
        beneficiary="受益群众", default_obj="工程",
    ),
    ProjectKind(
        "subsidy", "补贴发放", ("补贴", "补助", "救助", "资助", "慰问", "津贴", "发放", "抚恤", "优抚", "奖补", "奖励",
                              "低保", "最低生活保障"),
        (
            C("quantity", "{obj}发放人数", "按政策足额发放的人数", ""),
            C("quality", "补助资金发放准确率", "准确发放的人数/应发放人数×100%", "100%", convention="资金发放须全部准确"),
            C("quality", "补助对象认定准确率", "经复核认定准确的对象数/认定对象总数×100%", "100%", convention="对象认定应全部准确"),
            C("timeliness", "补助资金发放及时率", "按规定时限发放的笔数/应发放笔数×100%", "100%", _PLAN, "按规定时限足额发放"),
            C("social", "政策知晓率", "知晓政策的受访对象/受访对象总数×100%", "≥90%", convention="政策知晓率常见要求不低于90%"),
            C("economic", "补助对象人均增收", "补助对象人均获得的补助金额", "", _BUDGET),
            C("sustainable", "补助政策持续实施年限", "补助政策持续实施的年限", "≥3年", convention="以三年为常见评价期"),
            C("satisfaction", "补助对象满意度", "满意及基本满意的受访补助对象/受访对象×100%", "≥90%", convention="满意度通常不低于90%"),
        ),
        economic=True, beneficiary="补助对象", default_obj="补助资金",
    ),
    ProjectKind(
        "information", "信息化建设", ("信息化", "信息系统", "系统", "平台", "软件", "网络", "数据库", "智慧", "数字化", "机房"),
        (
            C("quantity", "系统功能模块数量", "按合同交付的系统功能模块数量", ""),
            C("quality", "系统验收合格率", "验收合格的功能模块/交付功能模块×100%", "100%", convention="信息化项目须全部验收合格"),
            C("quality", "系统正常运行率", "系统正常运行时间/计划运行时间×100%", "≥99%", convention="业务系统可用性通常不低于99%"),
            C("timeliness", "系统上线时间", "系统完成部署并上线运行的时间", "{year}年12月底前", _PLAN, "按项目计划在年底前上线"),
            C("social", "业务网上办理率", "网上办理业务量/业务总量×100%", "≥80%", convention="常见要求不低于80%"),
            C("sustainable", "系统持续稳定运行年限", "系统持续稳定运行的年限", "≥3年", convention="以三年为常见评价期"),
            C("satisfaction", "系统使用人员满意度", "满意及基本满意的使用人员/受访使用人员×100%", "≥90%", convention="满意度通常不低于90%"),
        ),
        beneficiary="使用人员", default_obj="系统",
    ),
    ProjectKind(
        "inspection", "监督检查", ("监察", "检查", "督查", "执法", "稽查", "巡查", "抽检", "抽查", "监管", "仲裁", "调解", "案件"),
        (
            C("quantity", "检查单位数量", "全年实施检查的单位数量", ""),
            C("quality", "案件结案率", "结案件数/受理案件数×100%", "≥95%", convention="案件结案率常见要求不低于95%"),
            C("quality", "问题整改完成率", "已整改问题数/发现问题数×100%", "≥95%", convention="问题整改率常见要求不低于95%"),
            C("timeliness", "投诉举报按期办结率", "规定时限内办结件数/受理件数×100%", "≥95%", "行业标准：相关办案时限规定", "按规定时限办结"),
            C("social", "违法违规行为查处率", "查处的违法违规行为/发现的违法违规行为×100%", "≥95%", convention="常见要求不低于95%"),
            C("sustainable", "长效监管机制运行年限", "常态化监管机制持续运行的年限", "≥3年", convention="以三年为常见评价期"),
            C("satisfaction", "投诉举报人满意度", "满意及基本满意的受访投诉人/受访投诉人×100%", "≥85%", convention="执法类满意度常见要求不低于85%"),
        ),
        beneficiary="投诉举报人", default_obj="检查",
    ),
    ProjectKind(
        "legal_service", "公共法律服务", ("法律援助", "法律服务", "法律咨询", "公证", "普法", "法治宣传", "人民调解", "律师", "司法救助"),
        (
            C("quantity", "法律援助案件办理数量", "全年受理并指派办理的法律援助案件数", ""),
            C("quantity", "法律咨询服务人次", "全年提供法律咨询的人次", ""),
            C("quality", "法律援助案件办结率", "已办结案件数/指派案件数×100%", "≥95%", convention="案件办结率常见要求不低于95%"),
            C("quality", "法律援助应援尽援率", "获得援助的符合条件申请人/符合条件的申请人×100%", "100%",
              "行业标准：《中华人民共和国法律援助法》", "符合条件的申请人应全部获得援助"),
            C("timeliness", "法律援助申请按时审查率", "法定期限内作出是否给予援助决定的申请数/申请总数×100%", "100%",
              "行业标准：《中华人民共和国法律援助法》", "应在法定期限内作出决定"),
            C("social", "困难群众法律援助覆盖率", "获得法律援助的困难群众/申请援助的困难群众×100%", "≥95%",
              convention="常见要求不低于95%"),
            C("sustainable", "公共法律服务体系持续运行年限", "公共法律服务体系持续运行的年限", "≥3年", convention="以三年为常见评价期"),
            C("satisfaction", "受援人满意度", "满意及基本满意的受访受援人/受访受援人总数×100%", "≥90%", convention="满意度通常不低于90%"),
        ),
        beneficiary="受援人", default_obj="法律援助",
    ),
    ProjectKind(
        "publicity", "宣传", ("宣传", "宣讲", "科普", "展览", "展示", "宣传册", "讲解"),
        (
            C("quantity", "宣传活动场次", "全年开展宣传活动的场次", ""),
            C("quantity", "宣传资料发放数量", "全年发放的宣传资料份数", ""),
            C("quality", "宣传内容准确率", "审核无误的宣传内容/发布内容×100%", "100%", convention="对外宣传内容须全部准确"),
            C("timeliness", "宣传活动按期完成率", "按计划时间完成的活动场次/计划场次×100%", "100%", _PLAN, "按年度宣传计划完成"),
            C("social", "政策知晓率", "知晓政策的受访群众/受访群众总数×100%", "≥85%", convention="政策知晓率常见要求不低于85%"),
            C("sustainable", "宣传阵地持续使用年限", "宣传阵地和资料持续使用的年限", "≥2年", convention="以两年为常见评价期"),
            C("satisfaction", "群众满意度", "满意及基本满意的受访群众/受访群众总数×100%", "≥90%", convention="满意度通常不低于90%"),
        ),
        beneficiary="群众", default_obj="宣传",
    ),
    ProjectKind(
        "health", "医疗卫生", ("医疗", "卫生", "医院", "诊疗", "疾病", "健康", "疫苗", "接种", "妇幼", "公共卫生", "门诊", "药品", "康复"),
        (
            C("quantity", "服务人次", "全年提供服务的人次", ""),
            C("quality", "规范化管理率", "按规范管理的服务对象/服务对象总数×100%", "≥90%", "行业标准：国家基本公共卫生服务规范", "按服务规范，常见不低于90%"),
            C("quality", "医疗差错事故发生次数", "全年发生医疗差错事故的次数", "0次", convention="医疗服务应零差错事故"),
            C("timeliness", "服务任务完成时间", "年度服务任务完成的时间", "{year}年12月底前", _PLAN, "按年度计划在年底前完成"),
            C("social", "目标人群覆盖率", "接受服务的目标人群/目标人群总数×100%", "≥90%", convention="常见要求不低于90%"),
            C("sustainable", "服务机制持续运行年限", "服务机制持续运行的年限", "≥3年", convention="以三年为常见评价期"),
            C("satisfaction", "患者满意度", "满意及基本满意的受访患者/受访患者×100%", "≥90%", convention="满意度通常不低于90%"),
        ),
        beneficiary="患者", default_obj="医疗服务",
    ),
    ProjectKind(
        "education", "教育教学", ("学校", "学生", "教学", "教育", "小学", "中学", "幼儿园", "课堂", "教师", "校园", "实验室", "义务教育"),
        (
            C("quantity", "受益学生人数", "项目直接受益的在校学生人数", ""),
            C("quality", "教学设施完好率", "完好教学设施数/教学设施总数×100%", "≥95%", convention="常见要求不低于95%"),
            C("timeliness", "项目完成时间", "项目全部完成并投入教学使用的时间", "{year}年12月底前", _PLAN, "按年度计划在年底前完成"),
            C("social", "学生受益覆盖率", "受益学生数/在校学生数×100%", "≥95%", convention="常见要求不低于95%"),
            C("sustainable", "教学设施持续使用年限", "教学设施持续使用的年限", "≥5年", convention="通用设施一般不少于5年"),
            C("satisfaction", "学生及家长满意度", "满意及基本满意的受访学生和家长/受访总数×100%", "≥90%", convention="满意度通常不低于90%"),
        ),
        beneficiary="学生及家长", default_obj="教学设施",
    ),
    ProjectKind(
        "ecology", "生态环境", ("河道", "河流", "水利", "水库", "治理", "污染", "环境", "绿化", "造林", "植树", "生态", "水土", "污水", "垃圾", "大气", "森林", "林业", "湿地"),
        (
            C("quantity", "{obj}治理规模", "按方案完成的治理规模", ""),
            C("quality", "工程验收合格率", "验收合格的工程数/完工工程数×100%", "100%", convention="工程须全部验收合格"),
            C("quality", "苗木成活率", "成活苗木株数/栽植苗木株数×100%", "≥85%", "行业标准：造林技术规程", "造林成活率常见要求不低于85%",
              needs=("造林", "植树", "绿化", "苗木", "种植", "林")),
            C("timeliness", "治理任务完成时间", "治理任务全部完成的时间", "{year}年12月底前", _PLAN, "按年度计划在年底前完成"),
            C("ecological", "水质达标率", "达标监测断面数/监测断面总数×100%", "≥90%", "行业标准：地表水环境质量标准", "常见要求不低于90%"),
            C("social", "受益群众覆盖率", "受益群众人数/区域常住人口×100%", "≥90%", convention="常见要求不低于90%"),
            C("sustainable", "治理成效持续年限", "治理成效保持的年限", "≥5年", convention="生态治理以五年为常见评价期"),
            C("satisfaction", "周边群众满意度", "满意及基本满意的受访群众/受访群众总数×100%", "≥90%", convention="满意度通常不低于90%"),
        ),
        ecological=True, beneficiary="周边群众", default_obj="生态治理",
    ),
    ProjectKind(
        "employment", "就业服务", ("就业", "创业", "招聘", "岗位", "失业", "再就业", "人才", "公益性岗位", "劳动力转移"),
        (
            C("quantity", "城镇新增就业人数", "全年城镇新增就业人数", ""),
            C("quantity", "举办招聘会场次", "全年举办招聘活动场次", ""),
            C("quality", "就业补助资金发放准确率", "准确发放笔数/应发放笔数×100%", "100%", convention="资金发放须全部准确"),
            C("timeliness", "补贴资金发放及时率", "按规定时限发放笔数/应发放笔数×100%", "100%", _PLAN, "按规定时限发放"),
            C("social", "城镇登记失业率", "城镇登记失业人数/(城镇从业人数+登记失业人数)×100%", "≤4.5%", "计划标准：年度就业目标", "以本地年度控制目标为准"),
            C("economic", "创业带动就业人数", "扶持创业带动就业的人数", ""),
            C("sustainable", "就业服务体系持续运行年限", "公共就业服务体系持续运行的年限", "≥3年", convention="以三年为常见评价期"),
            C("satisfaction", "服务对象满意度", "满意及基本满意的受访服务对象/受访服务对象×100%", "≥90%", convention="满意度通常不低于90%"),
        ),
        economic=True, beneficiary="服务对象", default_obj="就业服务",
    ),
    ProjectKind(
        "social_insurance", "社会保险", ("养老", "保险", "参保", "社保", "医保", "工伤", "待遇", "征缴", "基金"),
        (
            C("quantity", "参保人数", "年末参保人数", ""),
            C("quality", "待遇发放准确率", "准确发放笔数/应发放笔数×100%", "100%", convention="待遇发放须全部准确"),
            C("timeliness", "待遇按月足额发放率", "按月足额发放人数/应发放人数×100%", "100%", "计划标准：社会保险待遇按月发放规定", "按月足额发放"),
            C("social", "参保覆盖率", "参保人数/应参保人数×100%", "≥95%", convention="常见要求不低于95%"),
            C("sustainable", "基金安全运行", "全年未发生基金安全事件（是/否）", "是", convention="基金安全以是否发生安全事件衡量"),
            C("satisfaction", "参保群众满意度", "满意及基本满意的受访参保人/受访参保人×100%", "≥90%", convention="满意度通常不低于90%"),
        ),
        beneficiary="参保群众", default_obj="社会保险",
        # 养老 in these phrases is care for the elderly (welfare), not pension insurance.
        not_in=("养老服务", "养老机构", "养老院", "居家养老", "社区养老", "养老床位", "机构养老"),
    ),
    ProjectKind(
        "welfare", "养老及社会福利服务",
        ("养老服务", "养老机构", "养老院", "敬老院", "幸福院", "日间照料", "助餐", "老年", "老人", "居家养老",
         "特困", "供养", "残疾", "孤儿", "儿童福利", "留守", "福利院", "护理", "照护", "失能"),
        (
            C("quantity", "服务对象人数", "全年接受服务的对象人数", ""),
            C("quantity", "服务人次", "全年提供服务的人次", ""),
            C("quality", "服务设施安全达标率", "通过安全检查的服务设施/服务设施总数×100%", "100%",
              convention="养老、福利服务设施须全部符合安全要求"),
            C("quality", "安全责任事故发生次数", "全年发生的安全责任事故次数", "0次", convention="服务机构应零安全责任事故"),
            C("timeliness", "服务项目完成时间", "年度服务项目全部落实的时间", "{year}年12月底前", _PLAN, "按年度计划在年底前完成"),
            C("social", "服务对象覆盖率", "实际接受服务的对象/符合条件的对象×100%", "≥90%",
              convention="以符合条件的对象中实际受益的比例衡量，取90%为起评值，请按当地实际调整"),
            C("social", "养老床位入住率", "实际入住床位/运营床位×100%", "≥60%",
              convention="床位入住率衡量设施使用效果，取60%为起评值，请按当地实际调整"),
            C("sustainable", "服务机制持续运行年限", "服务机制持续运行的年限", "≥3年", convention="以三年为常见评价期"),
            C("satisfaction", "服务对象满意度", "满意及基本满意的受访服务对象/受访服务对象×100%", "≥90%",
              convention="满意度通常不低于90%"),
        ),
        beneficiary="服务对象", default_obj="养老服务",
    ),
    ProjectKind(
        "operation", "运行保障", ("运行", "运转", "运维", "维护", "保障", "物业", "办公", "日常", "公用", "经费", "取暖", "业务费"),
        (
            C("quantity", "保障工作任务完成数量", "全年完成的保障任务数量", ""),
            C("quality", "保障任务完成率", "完成的保障任务/计划保障任务×100%", "100%", convention="保障任务应全部完成"),
            C("timeliness", "资金支付及时率", "按合同约定时限支付的金额/应支付金额×100%", "100%", _PLAN, "按合同约定时限支付"),
            C("social", "业务工作正常开展率", "正常开展的业务事项/计划业务事项×100%", "100%", convention="保障类项目以业务正常开展衡量"),
            C("sustainable", "保障机制持续运行年限", "保障机制持续运行的年限", "≥3年", convention="以三年为常见评价期"),
            C("satisfaction", "服务对象满意度", "满意及基本满意的受访服务对象/受访服务对象×100%", "≥90%", convention="满意度通常不低于90%"),
        ),
        beneficiary="服务对象", default_obj="运行保障",
    ),
)

# Rows every project can use when no kind fits well.
GENERIC: tuple[Candidate, ...] = (
    C("quantity", "项目任务完成数量", "按计划完成的项目任务数量", ""),
    C("quality", "项目任务完成率", "已完成任务量/计划任务量×100%", "100%", convention="计划任务应全部完成"),
    C("quality", "项目验收合格率", "验收合格的任务/完成的任务×100%", "100%", convention="项目须全部验收合格"),
    C("timeliness", "项目完成时间", "项目全部完成的时间", "{year}年12月底前", _PLAN, "按年度计划在年底前完成"),
    C("timeliness", "资金支付及时率", "按时支付金额/应支付金额×100%", "100%", _PLAN, "按合同约定时限支付"),
    C("social", "项目受益对象覆盖率", "实际受益对象/计划受益对象×100%", "≥95%", convention="常见要求不低于95%"),
    C("sustainable", "项目成效持续发挥作用年限", "项目成效持续发挥作用的年限", "≥3年", convention="以三年为常见评价期"),
    C("satisfaction", "服务对象满意度", "满意及基本满意的受访服务对象/受访服务对象×100%", "≥90%", convention="满意度通常不低于90%"),
)

COST_CANDIDATES: tuple[Candidate, ...] = (
    C("cost", "项目总成本", "项目实际支出总额", "", _BUDGET),
    C("cost", "单位成本", "项目支出/完成数量", "", _BUDGET),
)


@dataclass
class KindMatch:
    kind: ProjectKind
    score: float
    hits: list[str] = field(default_factory=list)


# A money amount per head (每生每天5元, 人均补助2000元): with a subsidy word, the project pays people.
PER_HEAD_MONEY = re.compile(
    r"(?:每(?P<who>生|人|户|名)|(?P<who2>生|人|户)均)(?:每(?P<t>天|日|月|年|学年|学期))?[^，,。；;、\d]{0,4}?"
    r"(?P<num>\d+(?:\.\d+)?)\s*(?P<money>万?元)")
_PER_HEAD_WEIGHT = 6.0  # as much as a long keyword in the name: it decides between 教育 and 补助


def match_kinds(text: str, limit: int = 3) -> list[KindMatch]:
    """Project kinds whose keywords occur in the text, best first."""
    out = []
    for kind in KINDS:
        seen = text
        for phrase in kind.not_in:
            seen = seen.replace(phrase, "｜")
        hits = [k for k in kind.keywords if k in seen]
        if hits:
            score = float(sum(len(h) for h in hits))
            if kind.key == "subsidy" and PER_HEAD_MONEY.search(text):
                score += _PER_HEAD_WEIGHT
                hits.append("按人补助标准")
            out.append(KindMatch(kind, score, hits))
    out.sort(key=lambda m: -m.score)
    return out[:limit]
