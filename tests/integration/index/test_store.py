"""The corpus index on a real chromadb in a tmp dir (and once against a real Chroma server)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.embeddings import get_embedder
from assistant.index import CorpusIndex
from assistant.models import GoalTable, Indicator, read_tables
from assistant.settings import load_settings

EXTRA = Path(__file__).resolve().parents[3] / "corpus" / "sources" / "corpus_extra_tables.jsonl"


def _table(tid: str, name: str, rows: list[tuple[str, str, str, str]], **kw) -> GoalTable:
    return GoalTable(id=tid, project_name=name, indicators=[
        Indicator(level1=a, level2=b, level3=c, value=v) for a, b, c, v in rows], **kw)


TRAINING = _table("t-train", "职业技能培训项目", [
    ("产出指标", "数量指标", "培训人次", "≥3000人次"), ("产出指标", "质量指标", "培训合格率", "≥90%"),
    ("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%")], sector="hr_social_security", year=2023)
ROAD = _table("t-road", "村级道路硬化工程", [
    ("产出指标", "数量指标", "新建道路长度", "≥5公里"), ("产出指标", "质量指标", "工程验收合格率", "100%"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%")], sector="transport", year=2022)
COPY = _table("t-copy", "另一个培训项目", [("产出指标", "质量指标", "培训合格率", "≥90%")], year=2023)


@pytest.fixture
def index(tmp_path):
    s = load_settings(data_dir=tmp_path)
    return CorpusIndex.open(s, get_embedder("use"))


def test_build_is_idempotent_and_replaces_changed_tables(index):
    r = index.build([TRAINING, ROAD])
    assert (r.tables_added, r.rows_added) == (2, 6)
    r = index.build([TRAINING, ROAD])
    assert (r.tables_added, r.rows_added, r.tables_unchanged) == (0, 0, 2)
    changed = ROAD.model_copy(update={"indicators": ROAD.indicators[:2]})
    r = index.build([TRAINING, changed])
    assert (r.tables_added, r.rows_added) == (1, 2)
    assert index.status()["rows"] == 5
    r = index.build([TRAINING])
    assert r.tables_removed == 1 and index.status()["rows"] == 3


def test_hybrid_search_finds_the_right_rows_with_filters(index):
    index.build([TRAINING, ROAD, COPY])
    hits = index.search_rows("技能培训 合格", k=5)
    assert hits[0].indicator.level3 == "培训合格率"
    assert hits[0].duplicates == 2  # the same row stands in two tables, shown once
    assert sum(h.indicator.level3 == "培训合格率" for h in hits) == 1
    q = index.search_rows("道路", k=5, level2="质量")  # a short name matches 质量指标
    assert {h.indicator.level2 for h in q} == {"质量指标"}
    assert all(h.table_id != "t-road" for h in index.search_rows("道路", k=5, exclude_table_ids=["t-road"]))
    assert {h.year for h in index.search_rows("满意度", k=5, year=2022)} == {2022}
    for mode in ("lexical", "dense"):
        assert index.search_rows("道路验收", k=3, mode=mode)[0].table_id == "t-road"
    assert index.search_tables("修路 硬化", k=1)[0].table_id == "t-road"


def test_quality_ranks_good_rows_first(tmp_path):
    s = load_settings(data_dir=tmp_path)
    bad = _table("bad", "培训项目甲", [("产出指标", "质量指标", "培训合格率", "效果明显")])
    good = _table("good", "培训项目乙", [("产出指标", "质量指标", "培训合格率", "≥90%")])
    idx = CorpusIndex.open(s, get_embedder("use"), row_quality=lambda t: [0.0 if t.id == "bad" else 1.0])
    idx.build([bad, good])
    assert idx.search_rows("培训合格率", k=2)[0].table_id == "good"


def test_changing_the_embedder_rebuilds(tmp_path):
    s = load_settings(data_dir=tmp_path)
    CorpusIndex.open(s, get_embedder("use")).build([TRAINING])
    idx = CorpusIndex.open(s, get_embedder("hash"))
    assert idx.status()["rows"] == 0
    r = idx.build([TRAINING])
    assert r.rebuilt and r.rows_added == 3 and idx.status()["embedder"] == "hash"


def test_a_rebuild_leaves_no_old_index_folders_behind(tmp_path):
    # chromadb's delete_collection keeps the HNSW folder on disk (chroma-core/chroma#5520).
    s = load_settings(data_dir=tmp_path)
    CorpusIndex.open(s, get_embedder("use")).build([TRAINING, ROAD])

    def folders():
        return sorted(p.name for p in s.index_dir.iterdir() if p.is_dir())

    before = folders()
    assert len(before) == 2  # one vector folder per collection
    idx = CorpusIndex.open(s, get_embedder("hash"))
    idx.build([TRAINING, ROAD])
    after = folders()
    assert len(after) == 2 and not set(after) & set(before)
    assert idx.search_rows("道路", k=1, mode="dense")[0].table_id == ROAD.id


def test_real_corpus_rows_are_searchable(index):
    tables = read_tables(EXTRA)
    index.build(tables)
    hits = index.search_rows("学校 学生 教学", k=10)
    assert any(h.sector == "education" for h in hits[:3])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_same_code_against_a_chroma_server(tmp_path):
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = _free_port()
    proc = subprocess.Popen([chroma, "run", "--path", str(tmp_path / "srv"), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.3)
        s = load_settings(data_dir=tmp_path, index={"mode": "http", "host": "127.0.0.1", "port": port})
        idx = CorpusIndex.open(s, get_embedder("use"))
        assert idx.build([TRAINING, ROAD]).rows_added == 6
        assert idx.search_rows("道路验收", k=1)[0].table_id == "t-road"
        again = CorpusIndex.open(s, get_embedder("use"))
        assert again.build([TRAINING, ROAD]).rows_added == 0
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_filters_query_vectors_and_bad_input_on_the_hash_embedder(tmp_path):
    s = load_settings(data_dir=tmp_path)
    idx = CorpusIndex.open(s, get_embedder("hash"))
    hebei = TRAINING.model_copy(update={"region": "河北省唐山市", "department": "人社局"})
    idx.build([hebei, ROAD, COPY])
    assert {h.table_id for h in idx.search_rows("合格率", k=10, region="唐山")} == {"t-train"}
    assert {h.indicator.level1 for h in idx.search_rows("满意度", k=10, level1="满意度")} == {"满意度指标"}
    assert idx.search_rows("合格率", k=10, sector="no-such-sector") == []
    # Excluding the only table that has the row leaves its copy in another table.
    ex = idx.search_rows("培训合格率", k=10, exclude_table_ids=["t-train"])
    assert {h.table_id for h in ex if h.indicator.level3 == "培训合格率"} == {"t-copy"}
    # A precomputed query vector gives the same dense ranking as embedding the query.
    qv = get_embedder("hash").embed_query("道路验收")
    by_text = [(h.table_id, h.row) for h in idx.search_rows("道路验收", k=3, mode="dense")]
    by_vec = [(h.table_id, h.row) for h in idx.search_rows("道路验收", k=3, mode="dense", query_vector=qv)]
    assert by_text == by_vec
    assert idx.search_rows("   ", k=5) == [] and idx.search_rows("培训", k=0) == []
    with pytest.raises(ValueError, match="检索方式"):
        idx.search_rows("培训", mode="fuzzy")  # type: ignore[arg-type]
    t = idx.search_tables("培训", k=5, region="唐山", year=2023)
    assert [h.table_id for h in t] == ["t-train"] and t[0].department == "人社局" and t[0].rows == 3
    hit = idx.search_rows("培训合格率", k=1)[0]
    assert hit.region in (None, "河北省唐山市") and hit.quality == 1.0


def test_a_failing_quality_callable_does_not_stop_indexing(tmp_path):
    def broken(table):
        raise RuntimeError("linter bug")

    idx = CorpusIndex.open(load_settings(data_dir=tmp_path), get_embedder("hash"), row_quality=broken)
    assert idx.build([TRAINING]).rows_added == 3
    assert {h.quality for h in idx.search_rows("培训", k=5)} == {0.5}


def test_a_store_survives_reopening_and_large_builds_show_progress(tmp_path, capsys):
    s = load_settings(data_dir=tmp_path)
    many = [_table(f"m{i}", f"项目{i}", [("产出指标", "数量指标", f"指标{i * 100 + j}", f"≥{j}个") for j in range(60)])
            for i in range(10)]
    r = CorpusIndex.open(s, get_embedder("hash")).build(many, progress=True)
    assert r.rows_added == 600 and r.embed_seconds <= r.seconds
    assert "建立索引" in capsys.readouterr().err
    again = CorpusIndex.open(s, get_embedder("hash"))
    assert again.status()["rows"] == 600 and again.build(many).rows_added == 0
    assert again.search_rows("指标307", k=1, mode="lexical")[0].table_id == "m3"


def test_a_build_writes_in_few_large_upserts(tmp_path, monkeypatch):
    # Each chromadb upsert costs ~9 ms on top of its rows: 5000 rows go in three calls, not forty.
    from assistant.index import store

    monkeypatch.setattr(store, "_WRITE_BATCH", 2048)
    idx = CorpusIndex.open(load_settings(data_dir=tmp_path), get_embedder("hash"))
    calls = []
    real = idx._rows.upsert

    def spy(**kw):
        calls.append(len(kw["ids"]))
        assert "metadatas" not in kw
        return real(**kw)

    idx._rows.upsert = spy
    many = [_table(f"m{i}", f"项目{i}", [("产出指标", "数量指标", f"指标{i}-{j}", "≥1个") for j in range(50)])
            for i in range(100)]
    idx.build(many)
    assert sum(calls) == 5000 and len(calls) == 3 and max(calls) <= 2048 + 127
    assert idx.status()["rows"] == 5000


def test_reading_the_store_back_is_paged(tmp_path):
    # One get of ~33k rows exceeds sqlite's bound-variable limit; paging must return every record once.
    from assistant.index.store import _get_all, _get_ids

    idx = CorpusIndex.open(load_settings(data_dir=tmp_path), get_embedder("hash"))
    idx.build([TRAINING, ROAD, COPY])
    ids, metas = _get_all(idx._tables, page=2)
    assert len(ids) == len(set(ids)) == len(metas) == 3
    row_ids = _get_ids(idx._rows, page=2)
    assert len(row_ids) == len(set(row_ids)) == 7


def test_a_reopened_store_answers_from_its_catalogue_snapshot(tmp_path, monkeypatch):
    from assistant.index import store

    s = load_settings(data_dir=tmp_path)
    first = CorpusIndex.open(s, get_embedder("hash"))
    first.build([TRAINING, ROAD])
    expected = [(h.table_id, h.row) for h in first.search_rows("培训 合格", k=5)]
    assert (s.index_dir / "catalogue-zhibiao.pickle").exists()

    def no_reads(*_a, **_k):
        raise AssertionError("the snapshot should have been used")

    with monkeypatch.context() as m:
        m.setattr(store, "_get_all", no_reads)
        again = CorpusIndex.open(s, get_embedder("hash"))
        assert [(h.table_id, h.row) for h in again.search_rows("培训 合格", k=5)] == expected


def test_a_changed_store_never_answers_from_a_stale_snapshot(tmp_path):
    s = load_settings(data_dir=tmp_path)
    idx = CorpusIndex.open(s, get_embedder("hash"))
    idx.build([TRAINING, ROAD])
    idx.search_rows("道路", k=3)
    # Same number of rows, different content: counts alone could not tell.
    renamed = ROAD.model_copy(update={"indicators": [
        i.model_copy(update={"level3": i.level3.replace("道路", "桥梁")}) for i in ROAD.indicators]})
    CorpusIndex.open(s, get_embedder("hash")).build([TRAINING, renamed])
    fresh = CorpusIndex.open(s, get_embedder("hash"))
    assert any("桥梁" in h.indicator.level3 for h in fresh.search_rows("桥梁", k=3, mode="lexical"))


def test_a_damaged_snapshot_is_ignored_and_replaced(tmp_path):
    s = load_settings(data_dir=tmp_path)
    idx = CorpusIndex.open(s, get_embedder("hash"))
    idx.build([TRAINING])
    idx.search_rows("培训", k=1)
    snap = s.index_dir / "catalogue-zhibiao.pickle"
    snap.write_bytes(b"not a pickle")
    again = CorpusIndex.open(s, get_embedder("hash"))
    assert again.search_rows("培训合格率", k=1, mode="lexical")[0].indicator.level3 == "培训合格率"
    assert snap.read_bytes() != b"not a pickle"


def test_rows_hold_only_vectors_and_tables_hold_ascii_payloads(tmp_path):
    # chromadb writes a sqlite row per metadata key and indexes strings; Chinese text made writes
    # twice as slow (see store._pack). Rows carry nothing; the table record carries every cell.
    from assistant.index import store

    idx = CorpusIndex.open(load_settings(data_dir=tmp_path), get_embedder("hash"), row_quality=lambda t: [0.8] * 3)
    idx.build([TRAINING])
    rows = idx._rows.get(include=["metadatas"])
    assert len(rows["ids"]) == 3 and not any(rows["metadatas"])
    tables = idx._tables.get(include=["metadatas"])
    (meta,) = tables["metadatas"]
    assert set(meta) == {"table_id", "p"} and meta["p"].isascii()
    back = store._unpack(meta)
    assert back["project_name"] == "职业技能培训项目" and [r[2] for r in back["r"]] == ["培训人次", "培训合格率", "参训人员满意度"]
    hit = idx.search_rows("培训人次", k=1, mode="lexical")[0]
    assert (hit.table_id, hit.row, hit.indicator.value) == (TRAINING.id, 0, "≥3000人次")
    assert hit.quality == pytest.approx(0.8)
    assert hit.sector == "hr_social_security" and hit.year == 2023


def test_rows_left_by_an_interrupted_build_are_swept(tmp_path):
    # A build stopped after writing rows but before their table record leaves rows nobody owns;
    # if the table then changes, its next build must not keep them.
    from assistant.index import store

    idx = CorpusIndex.open(load_settings(data_dir=tmp_path), get_embedder("hash"))
    idx.build([ROAD])
    key = store._table_key(TRAINING.id)
    idx._rows.upsert(ids=[store._row_rid(key, i, "oldhash") for i in range(3)],
                     embeddings=get_embedder("hash").embed_documents(["a", "b", "c"]))
    assert idx.status()["rows"] == 6
    idx.build([ROAD, TRAINING])
    assert idx.status()["rows"] == 6 and idx.status()["tables"] == 2
    assert not any(r.endswith("oldhash") for r in store._get_ids(idx._rows))


def test_a_narrow_filter_goes_to_chromadb_as_allowed_ids(tmp_path):
    # 1 row of 41 passes the sector filter: HNSW is asked among the allowed ids, not widened.
    idx = CorpusIndex.open(load_settings(data_dir=tmp_path), get_embedder("hash"))
    many = [_table(f"m{i}", f"项目{i}", [("产出指标", "数量指标", f"培训指标{i}", "≥1个")], sector="hr_social_security")
            for i in range(40)]
    water = _table("w", "农田水利工程", [("产出指标", "数量指标", "新建渠道长度", "≥3公里")], sector="water")
    idx.build([*many, water])
    calls = []
    real = idx._rows.query

    def spy(**kw):
        calls.append(kw)
        return real(**kw)

    idx._rows.query = spy
    hits = idx.search_rows("培训指标", k=5, mode="dense", sector="water")
    assert [h.table_id for h in hits] == ["w"]
    assert calls and calls[0]["ids"] == [idx._catalogue("rows").ids[idx._catalogue("rows").pos[calls[0]["ids"][0]]]]
    assert len(calls[0]["ids"]) == 1
    wide = idx.search_rows("培训指标", k=5, mode="dense", sector="hr_social_security")
    assert len(wide) == 5 and calls[-1]["ids"] is None


def test_a_narrow_filter_survives_rows_that_vanished_under_it(tmp_path):
    # chromadb fails a query whose allowed ids include a missing one; a build running beside the search
    # (or a store that lost rows) must not turn that into an error.
    from assistant.index import store

    idx = CorpusIndex.open(load_settings(data_dir=tmp_path), get_embedder("hash"))
    many = [_table(f"m{i}", f"项目{i}", [("产出指标", "数量指标", f"培训指标{i}", "≥1个")], sector="hr_social_security")
            for i in range(40)]
    water = _table("w", "农田水利工程", [("产出指标", "数量指标", "新建渠道长度", "≥3公里"),
                                        ("产出指标", "质量指标", "渠道验收合格率", "100%")], sector="water")
    idx.build([*many, water])
    idx.warm()
    idx._rows.delete(ids=[store._row_rid(store._table_key("w"), 0, store.table_hash(water))])
    hits = idx.search_rows("渠道", k=5, mode="dense", sector="water")
    assert [h.indicator.level3 for h in hits] == ["渠道验收合格率"]


def test_searches_do_not_wait_for_a_running_build(tmp_path):
    # An upload rebuilding the index must not freeze every other user's search for the whole build.
    import threading

    inside, release = threading.Event(), threading.Event()
    hash_emb = get_embedder("hash")

    class SlowDocs:
        name, dim = hash_emb.name, hash_emb.dim

        def embed_documents(self, texts):
            if any("新项目" in t for t in texts):
                inside.set()
                assert release.wait(30)
            return hash_emb.embed_documents(texts)

        def embed_query(self, text):
            return hash_emb.embed_query(text)

    idx = CorpusIndex.open(load_settings(data_dir=tmp_path), SlowDocs())
    idx.build([TRAINING, ROAD])
    idx.warm()
    newer = _table("t-new", "新项目", [("产出指标", "数量指标", "新增指标", "≥1个")])
    builder = threading.Thread(target=idx.build, args=([TRAINING, ROAD, newer],))
    builder.start()
    try:
        assert inside.wait(30)
        hits = idx.search_rows("培训合格率", k=3)
        assert builder.is_alive()  # the build is held inside the embedder: the search did not wait for it
        assert hits[0].indicator.level3 == "培训合格率"  # answered from the catalogue before the build
    finally:
        release.set()
        builder.join(30)
    assert idx.search_rows("新增指标", k=1, mode="lexical")[0].table_id == "t-new"


def test_a_build_that_fails_making_table_records_writes_none_and_recovers(tmp_path, monkeypatch):
    # Table records are made on the writer thread; if that fails, no table may be written without its
    # payload (the next build would take it as unchanged and its rows would never be searchable).
    from assistant.index import store

    idx = CorpusIndex.open(load_settings(data_dir=tmp_path), get_embedder("hash"))
    with monkeypatch.context() as m:
        m.setattr(store, "_table_meta", lambda *a, **k: (_ for _ in ()).throw(ValueError("bad table")))
        with pytest.raises(ValueError, match="bad table"):
            idx.build([TRAINING, ROAD])
    assert idx.status()["tables"] == 0
    r = idx.build([TRAINING, ROAD])
    assert (r.tables_added, r.rows_added) == (2, 6) and idx.status()["rows"] == 6
    assert idx.search_rows("新建道路长度", k=1, mode="lexical")[0].table_id == "t-road"


def test_an_unreadable_table_record_is_skipped_and_replaced_by_the_next_build(tmp_path):
    from assistant.index import store

    s = load_settings(data_dir=tmp_path)
    idx = CorpusIndex.open(s, get_embedder("hash"))
    idx.build([TRAINING, ROAD])
    rid = store._table_rid(store._table_key(ROAD.id), store.table_hash(ROAD), 3)
    idx._tables.update(ids=[rid], metadatas=[{"table_id": ROAD.id, "p": "not-base64-zlib"}])
    fresh = CorpusIndex.open(s, get_embedder("hash"))
    fresh._drop_snapshots()
    assert fresh.search_rows("培训合格率", k=1, mode="lexical")[0].table_id == TRAINING.id
    assert all(h.table_id != ROAD.id for h in fresh.search_rows("新建道路长度", k=3, mode="lexical"))
    r = fresh.build([TRAINING, ROAD])
    assert (r.tables_added, r.tables_unchanged) == (1, 1) and fresh.status()["rows"] == 6
    assert fresh.search_rows("新建道路长度", k=1, mode="lexical")[0].table_id == ROAD.id


def test_switching_the_tokenizer_rebuilds_the_lexical_catalogue(tmp_path):
    # evaluation/retrieval.py compares tokenizers on one index; a stale catalogue would make both equal.
    from assistant.index.lexical import TOKENIZERS

    idx = CorpusIndex.open(load_settings(data_dir=tmp_path), get_embedder("hash"))
    idx.build([TRAINING, ROAD])
    assert idx._catalogue("rows").bm25.tokenize is TOKENIZERS["bigram"]
    idx.set_tokenizer("jieba")
    assert idx._catalogue("rows").bm25.tokenize is TOKENIZERS["jieba"]
    assert idx.search_rows("培训合格率", k=1, mode="lexical")[0].indicator.level3 == "培训合格率"
