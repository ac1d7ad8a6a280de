"""Sector codes: a Chinese label and the department keywords that point to each code.

Codes follow those used in `shared/corpus-extra` plus `hr_social_security` for the seed documents.
"""

from __future__ import annotations

SECTORS: dict[str, tuple[str, tuple[str, ...]]] = {
    "hr_social_security": ("人力资源和社会保障", ("人力资源", "社会保障", "人社", "劳动保障", "劳动保险", "社保",
                                               "社会保险", "就业", "劳动监察", "人事劳动", "养老保险", "劳动争议")),
    "education": ("教育", ("教育", "学校", "小学", "中学", "学院", "幼儿园")),
    "health": ("卫生健康", ("卫生", "健康", "医院", "疾控")),
    "agriculture": ("农业农村", ("农业", "农村", "畜牧", "农机")),
    "forestry": ("林业", ("林业", "林草", "森林")),
    "water": ("水利", ("水利", "水务", "河道")),
    "environment": ("生态环境", ("生态环境", "环保", "环境保护")),
    "public_security": ("公安", ("公安", "派出所")),
    "emergency_management": ("应急管理", ("应急", "消防", "防灾")),
    "sports": ("体育", ("体育",)),
    "procuratorate": ("检察", ("检察",)),
    "statistics": ("统计", ("统计",)),
    "disability": ("残疾人", ("残疾人", "残联")),
    "urban_management": ("城市管理", ("城市管理", "综合执法", "城管")),
    "housing": ("住房和城乡建设", ("住房", "城乡建设", "住建", "开发区")),
    "market_regulation": ("市场监管", ("市场监督", "市场监管")),
    "culture": ("文化", ("文化", "博物馆", "图书馆", "文旅")),
    "medical_security": ("医疗保障", ("医疗保障", "医保")),
    "rural_revitalization": ("乡村振兴", ("乡村振兴", "人居环境")),
    "tourism": ("旅游", ("旅游", "景区")),
    "transport": ("交通运输", ("交通", "公路", "运输")),
    "veterans": ("退役军人事务", ("退役军人",)),
    "archives": ("档案", ("档案馆", "档案局")),
}


def sector_of(*texts: str | None) -> str | None:
    """The first sector whose keywords occur in the department (then title) text, else None."""
    for text in texts:
        if not text:
            continue
        for code, (_label, words) in SECTORS.items():
            if any(w in text for w in words):
                return code
    return None


def label(code: str | None) -> str | None:
    return SECTORS[code][0] if code in SECTORS else None


def sector_for(*texts: str | None) -> str | None:
    """Alias of `sector_of`, the name the mapper uses."""
    return sector_of(*texts)
