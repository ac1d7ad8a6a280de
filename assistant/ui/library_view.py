"""The 案例 tab's library browser: the sector indicator library by sector and kind (plain functions)."""

from __future__ import annotations

from assistant.authoring.library import LEVEL2_SLOTS, Library, ProjectKind, load_library

ALL = "全部"
LIBRARY_HEADERS = ["项目类型", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据", "取值说明"]
_LEVEL2_OF = {v: k for k, v in reversed(LEVEL2_SLOTS.items())}


def sector_choices(library: Library | None = None) -> list[str]:
    lib = library or load_library()
    return [ALL, *sorted({k.sector for k in lib.kinds}, key=lambda s: [x.name for x in lib.sectors].index(s))]


def kind_choices(sector: str | None, library: Library | None = None) -> list[tuple[str, str]]:
    lib = library or load_library()
    kinds = [k for k in lib.kinds if not sector or sector == ALL or k.sector == sector]
    return [(ALL, ALL), *[(f"{k.label}（{k.sector}）", k.key) for k in kinds]]


def _value_note(c_value: str, unit: str, source: str, convention: str) -> tuple[str, str]:
    if not c_value:
        return (f"按项目说明填写（单位：{unit}）" if unit else "按项目预算和计划数量计算"), "数量和成本只来自项目说明"
    note = {"standard": "已发布的标准", "plan": "项目计划", "convention": f"通行做法：{convention}"}.get(source, "")
    return c_value.replace("{year}", "当年"), note


def library_rows(sector: str | None, kind: str | None, words: str = "", library: Library | None = None,
                 limit: int = 400) -> tuple[str, list[list[str]]]:
    """A heading that says what is shown, and one line per indicator of the chosen kinds."""
    lib = library or load_library()
    kinds: list[ProjectKind] = lib.search(words or "", None if not sector or sector == ALL else sector)
    if kind and kind != ALL:
        kinds = [k for k in kinds if k.key == kind]
    rows: list[list[str]] = []
    for k in kinds:
        for c in k.candidates:
            value, note = _value_note(c.value, c.unit, c.source, c.convention)
            rows.append([k.label, _LEVEL2_OF.get(c.slot, c.slot), c.level3.replace("{obj}", k.default_obj)
                         .replace("{beneficiary}", k.beneficiary), c.description.replace("{obj}", k.default_obj),
                         value, c.basis, note])
    n_ind = len(rows)
    if not kinds:
        return "没有符合条件的项目类型，请换一个行业或关键词。", []
    head = f"共 {len(kinds)} 个项目类型、{n_ind} 条指标" + (f"（显示前 {limit} 条）" if n_ind > limit else "") + "。"
    if len(kinds) == 1:
        k = kinds[0]
        head += f"\n\n**{k.label}**（{k.sector}）常见项目：{'；'.join(k.examples[:5])}"
    return head, rows[:limit]
