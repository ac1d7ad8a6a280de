"""Goal tables as a clerk copies them from Excel or Word, built in code; shared by the reader, review and
browser tests of pasted tables.

Excel puts tab-separated rows with CRLF on the clipboard, leaves the cells of a merged 一级 area blank
after its first row, and quotes a cell that holds a tab, a quote or a line break (quotes doubled).
"""

from __future__ import annotations

HEADER = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
# A clean table: every 二级 of the 2015 framework present, every value measurable with a basis.
CLEAN = [
    ["产出指标", "数量指标", "购置设备数量", "", "120台", "项目实施方案"],
    ["", "质量指标", "设备验收合格率", "", "100%", "项目实施方案"],
    ["", "时效指标", "设备安装完成时间", "", "2025年12月底前", "项目实施方案"],
    ["", "成本指标", "设备购置成本", "", "≤120万元", "项目预算"],
    ["效益指标", "社会效益指标", "服务群众人次", "", "≥5000人次", "项目实施方案"],
    ["", "可持续影响指标", "设备使用年限", "", "≥5年", "设备说明书"],
    ["满意度指标", "服务对象满意度指标", "服务对象满意度", "", "≥90%", "满意度调查"],
]
# Rows with problems the checker fixes by itself (a value without %, a 满意度 ceiling, words as value).
BAD = [
    ["产出指标", "数量指标", "道路养护里程", "", "50公里", "项目计划"],
    ["", "质量指标", "养护验收合格率", "", "≥95完成比例", "行业标准"],
    ["", "时效指标", "完成时间", "", "2025年12月底前", "项目计划"],
    ["效益指标", "社会效益指标", "群众出行条件改善", "", "效果明显", "项目计划"],
    ["满意度指标", "服务对象满意度指标", "群众满意度", "", "≤100%", "满意度调查"],
]


def excel_clipboard(rows: list[list[str]]) -> str:
    def cell(c: str) -> str:
        return '"' + c.replace('"', '""') + '"' if any(ch in c for ch in '\n\t"') else c
    return "".join("\t".join(cell(c) for c in r) + "\r\n" for r in rows)
