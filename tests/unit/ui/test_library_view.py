"""The 案例 tab's library browser, as plain functions over the shipped library."""

from __future__ import annotations

from assistant.ui import library_view as lv


def test_sectors_and_kinds_narrow_each_other():
    sectors = lv.sector_choices()
    assert sectors[0] == lv.ALL and "水利" in sectors and "卫生健康" in sectors
    water = lv.kind_choices("水利")
    assert water[0] == (lv.ALL, lv.ALL) and all(key.startswith("water.") for _, key in water[1:])
    assert len(lv.kind_choices(lv.ALL)) > len(water)


def test_a_kind_shows_its_indicators_with_where_each_value_comes_from():
    head, rows = lv.library_rows("水利", "water.river_dredging")
    assert "河道" in head and "常见项目" in head
    assert rows and all(len(r) == len(lv.LIBRARY_HEADERS) for r in rows)
    counts = [r for r in rows if r[1] == "数量指标"]
    assert counts and all(r[4].startswith("按项目说明填写") for r in counts)  # a count has no default
    valued = [r for r in rows if r[1] == "质量指标" and r[4] and not r[4].startswith("按")]
    assert valued and all(r[6] for r in valued)  # the value says whether it is a standard or a convention
    assert all("{" not in r[2] + r[4] for r in rows)  # no template residue


def test_words_search_across_sectors_and_an_empty_result_says_so():
    head, rows = lv.library_rows(lv.ALL, lv.ALL, "公厕")
    assert rows and any("公厕" in r[0] + r[2] for r in rows)
    head, rows = lv.library_rows("水利", lv.ALL, "不存在的词语")
    assert rows == [] and "没有符合条件" in head


def test_the_draft_form_offers_the_library_sectors():
    from assistant.ui.handlers import sector_choices

    choices = dict(sector_choices())
    assert choices["（不限）"] == "" and choices["水利"] == "water" and choices["城市管理与环卫"] == "urban_management"
    assert "通用" not in choices and len(choices) >= 31
