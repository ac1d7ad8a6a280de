"""Pure helpers of the index store: stable hashes, documents, near-duplicate keys, record packing."""

from __future__ import annotations

import pytest

from assistant.index.store import (
    _check_mode,
    _pack,
    _unpack,
    dup_key,
    row_document,
    table_document,
    table_hash,
)
from assistant.models import GoalTable, Indicator, Provenance


def _t(**kw) -> GoalTable:
    base = {"id": "t1", "project_name": "职业技能培训", "purpose": "提升技能", "goals": ["培训3000人次"],
            "indicators": [Indicator(level1="产出指标", level2="数量指标", level3="培训人次", value="≥3000人次")]}
    return GoalTable(**{**base, **kw})


def test_table_hash_is_stable_and_sees_content_but_not_provenance():
    a = _t()
    assert table_hash(a) == table_hash(_t())
    assert table_hash(a) == table_hash(_t(provenance=Provenance(source_file="x.txt", line_start=3)))
    changed = _t(indicators=[Indicator(level1="产出指标", level2="数量指标", level3="培训人次", value="≥3500人次")])
    assert table_hash(a) != table_hash(changed)


def test_documents_carry_project_and_grid_place():
    t = _t()
    assert row_document(t, t.indicators[0]) == "职业技能培训｜数量指标｜培训人次"
    assert table_document(t) == "职业技能培训｜提升技能｜培训3000人次"


@pytest.mark.parametrize(("a", "b"), [
    (("培训合格率", "≥90%"), ("培训合格率", "90%以上")),
    (("培训合格率", "≥90%"), ("培训 合格率", "不低于90%")),
    (("指标1:培训人次", "≥3000人次"), ("培训人次", "≥3000人次")),
    (("群众满意度（%）", "≥90%"), ("群众满意度%", "≥90%")),
])
def test_near_duplicates_share_a_key(a, b):
    assert dup_key(*a) == dup_key(*b)


@pytest.mark.parametrize(("a", "b"), [
    (("培训合格率", "≥90%"), ("培训合格率", "≥95%")),
    (("培训合格率", "≥90%"), ("鉴定合格率", "≥90%")),
])
def test_different_rows_do_not(a, b):
    assert dup_key(*a) != dup_key(*b)


def test_pack_keeps_only_the_table_id_apart_and_round_trips():
    meta = {"table_id": "t1", "sector": "", "year": 2023, "r": [["产出指标", "培训人次", 0.5]],
            "doc": "职业技能培训｜数量指标｜培训人次"}
    packed = _pack(meta)
    assert set(packed) == {"table_id", "p"} and packed["p"].isascii()
    assert _unpack(packed) == meta


def test_record_ids_carry_what_a_build_needs_to_diff_the_store():
    from assistant.index.store import _parse_table_rid, _row_rid, _table_rid

    assert _parse_table_rid(_table_rid("abc123", "f00d", 12)) == ("abc123", "f00d", 12)
    assert _parse_table_rid(_row_rid("abc123", 3, "f00d")) is None  # a row id is not a table id
    assert _parse_table_rid("legacy-id") is None


def test_unknown_mode_is_a_chinese_value_error():
    with pytest.raises(ValueError, match="未知的检索方式"):
        _check_mode("semantic")


def test_convex_fusion_mixes_both_lists_and_fills_gaps():
    import numpy as np

    from assistant.index.store import _convex

    bm25 = np.array([4.0, 2.0, 0.0, 1.0], dtype=np.float32)
    dense = [(2, 0.9), (1, 0.8), (3, 0.5)]
    lexical_only = _convex([0, 1, 3], bm25, [], 1.0)
    assert max(lexical_only, key=lexical_only.get) == 0 and lexical_only[0] == 1.0
    dense_only = _convex([], bm25, dense, 0.0)
    assert max(dense_only, key=dense_only.get) == 2
    mixed = _convex([0, 1, 3], bm25, dense, 0.5)
    # Row 1 is second in both lists: fused, it beats row 0 (lexical only) and row 2 (dense only).
    assert max(mixed, key=mixed.get) == 1
    assert mixed[0] == 0.5  # missing from the dense list: scored with the list's lowest similarity
    assert _convex([], bm25, [], 0.5) == {}
