"""Entry points: the shipped corpus, stable ids, structured .jsonl, bad input, arbitrary text (hypothesis)."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.ingest import IngestError, ingest_bytes, ingest_file, ingest_paths

ROOT = Path(__file__).resolve().parents[3]
SOURCES = ROOT / "corpus" / "sources"


def test_shipped_corpus_reads_every_source():
    res = ingest_paths([SOURCES])
    files = {r.file: r for r in res.reports}
    assert "README.md" not in files
    assert {f for f, r in files.items() if r.tables} == {p.name for p in SOURCES.iterdir() if p.name != "README.md"}
    ids = [t.id for t in res.tables]
    assert len(ids) == len(set(ids))
    extra = [t for t in res.tables if t.id.startswith("x")]
    assert len(extra) == 31 and sum(len(t.indicators) for t in extra) == 171
    assert all(t.source_url and t.source_url.startswith("http") for t in extra)
    seeds = [t for t in res.tables if not t.id.startswith("x")]
    assert all(t.sector == "hr_social_security" or t.id.endswith("-t20") or t.id.endswith("-t21") for t in seeds)


def test_ids_are_stable_across_reingest(tmp_path):
    data = (SOURCES / "000_1781007c5bfe5ba4.txt").read_bytes()
    a = ingest_bytes("000_1781007c5bfe5ba4.txt", data)
    copy = tmp_path / "000_1781007c5bfe5ba4.txt"
    copy.write_bytes(data)
    b = ingest_file(copy)
    assert [t.id for t in a.tables] == [t.id for t in b.tables] == [f"000_1781007c5bfe5ba4-t{i:02d}" for i in range(1, 10)]


def test_jsonl_keeps_ids_fields_and_ignores_unknown(tmp_path):
    rec = {"id": "k9", "source_url": "https://example.org/a", "project_name": "样例", "budget_wan": 1.5, "whatever": 1,
           "indicators": [{"level1": "产出指标", "level2": "数量指标", "level3": "人数", "value": "≥3人", "odd": True}]}
    p = tmp_path / "t.jsonl"
    p.write_text(json.dumps(rec, ensure_ascii=False) + "\n\n", "utf-8")
    (t,) = ingest_file(p).tables
    assert (t.id, t.source_url, t.budget_wan, t.indicators[0].value) == ("k9", "https://example.org/a", 1.5, "≥3人")


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("空.txt", b"", "空文件"),
        ("空白.txt", b"  \n\t\n", "空文件"),
        ("乱码.txt", os.urandom(4096) + b"\x00", "不是文本"),
        ("乱码.bin", bytes(range(256)) * 8, "不是文本"),
        ("坏.jsonl", b'{"id": "a", "indicators": [\n', "JSON"),
    ],
)
def test_bad_input_is_a_clear_chinese_error(name, data, words):
    with pytest.raises(IngestError, match=words) as info:
        ingest_bytes(name, data)
    assert "/" in str(info.value)  # Chinese, then English


def test_missing_file_and_bad_file_in_a_folder(tmp_path):
    with pytest.raises(IngestError, match="找不到"):
        ingest_file(tmp_path / "nope.txt")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "ok.txt").write_bytes((SOURCES / "004_5db865f9cb2dfe94.txt").read_bytes())
    res = ingest_paths([tmp_path])
    by = {r.file: r for r in res.reports}
    assert by["ok.txt"].tables == 2 and by["bad.txt"].tables == 0 and "不是文本" in by["bad.txt"].messages[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.text(max_size=2000),
    st.lists(st.sampled_from(["|", "\t", "\n", "\n\n", " ", "一级指标", "二级指标", "三级指标", "指标值", "产出指标",
                              "数量指标", "效益指标、经济效益指标", "≥90%", "项目名称", "预算数", "12.5", "绩效目标表",
                              "长期绩效指标", "年度绩效指标", "活动名称", "优", "....."]), max_size=400).map("".join),
))
def test_arbitrary_text_never_raises_anything_but_ingest_error(text):
    try:
        res = ingest_bytes("x.txt", text.encode("utf-8"))
    except IngestError:
        return
    for t in res.tables:
        assert t.id.startswith("x-t")


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise_anything_but_ingest_error(data):
    for name in ("a.txt", "a.docx", "a.xlsx", "a.csv", "a.jsonl", "a"):
        with contextlib.suppress(IngestError):
            ingest_bytes(name, data)


def test_cli_writes_tables_and_reports(tmp_path, capsys):
    from assistant.cli import main
    from assistant.models import read_tables

    out = tmp_path / "t.jsonl"
    assert main(["ingest", str(SOURCES / "003_61c5a3a787465ec8.txt"), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "44 张表，259 行指标" in err and "待核对" in err
    assert len(read_tables(out)) == 44
    (tmp_path / "j.bin").write_bytes(b"\x00\xff" * 50)
    assert main(["ingest", str(tmp_path / "j.bin"), "--out", str(out)]) == 2
    assert "错误" in capsys.readouterr().err
