"""The engine's word file (assistant/authoring/engine_words.yaml): each list does what its comment says."""

import pytest

from assistant.authoring.words import classify_slot, engine_words, is_down_rate, similar


@pytest.mark.parametrize(("name", "slot"), [
    ("居民满意度", "satisfaction"), ("预警信息发布及时率", "timeliness"), ("水质达标率", "ecological"),
    ("农民人均增收", "economic"), ("工程验收合格率", "quality"), ("单位培训成本", "cost"),
    ("培训人次", "quantity"), ("政策知晓率", "social"),
    # 2026-12-02: a slot word inside another word, and a rate whose name ends otherwise
    ("正压式空气呼吸器数量", "quantity"), ("供水水质检测合格率", "quality"), ("空气质量自动监测站数量", "quantity"),
    ("设计洪水标准", "quality"), ("群众安全感测评", "social"), ("治理河道长度", "quantity"),
    ("因地质灾害造成人员死亡人数", "social"),
])
def test_a_brief_row_name_finds_its_slot(name, slot):
    assert classify_slot(name) == slot


def test_a_benefit_count_is_social_and_a_plain_count_is_output():
    assert classify_slot("受益群众人数", benefit=True) == "social"
    assert classify_slot("受益群众人数") == "quantity"


def test_down_rates_and_deadline_rows_are_read_from_the_file():
    w = engine_words()
    assert is_down_rate("森林火灾受害率") and not is_down_rate("森林覆盖率")
    assert w.deadline_rows["交付使用"][0] == "项目交付使用时间"
    assert "项目" in w.project_endings and "项目" in w.generic_bigrams


def test_two_wordings_of_one_indicator_are_similar_and_different_ones_are_not():
    assert similar("工程验收合格率", "项目(工程)验收合格率")
    assert not similar("设备验收合格率", "群众满意度")


def test_a_malformed_word_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "w.yaml"
    bad.write_text("slot_words: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match="格式错误"):
        engine_words(bad)
