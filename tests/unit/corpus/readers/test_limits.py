"""Hostile files end in a clear message naming the limit, fast and in bounded memory (issue 20)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from corpus.ingest import IngestError, ingest_bytes
from tests import hostile_files as h

ROOT = Path(__file__).resolve().parents[4]

# Every case and the words its message must contain (the limit it names).
EXPECTED = {
    "far_cell.xlsx": "MAX_COLUMNS", "merged.xlsx": "合并单元格", "many_rows.xlsx": "MAX_ROWS_READ",
    "bomb.xlsx": "MAX_UNCOMPRESSED_MB", "ratio_bomb.xlsx": "压缩比", "paragraphs.docx": "MAX_PARAGRAPHS",
    "wide.docx": "MAX_COLUMNS", "bomb.docx": "MAX_UNCOMPRESSED_MB",
}

_CHILD = textwrap.dedent("""
    import json, resource, sys, time
    from pathlib import Path
    from corpus.ingest import IngestError, ingest_bytes
    out = {}
    for p in sorted(Path(sys.argv[1]).iterdir()):
        t0 = time.perf_counter()
        try:
            ingest_bytes(p.name, p.read_bytes())
            msg = "accepted"
        except IngestError as exc:
            msg = str(exc)
        out[p.name] = [time.perf_counter() - t0, msg]
    # VmHWM is this process image's own peak; ru_maxrss keeps the forking parent's (the test runner's) peak.
    try:
        hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))
        out["peak_rss_mb"] = int(hwm.split()[1]) / 1024
    except (OSError, StopIteration):
        out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out, ensure_ascii=False))
""")


def test_every_bomb_and_far_cell_file_ends_fast_with_a_message_in_bounded_memory(tmp_path):
    h.write_all(tmp_path / "files")
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(tmp_path / "files")], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = json.loads(proc.stdout)
    peak = got.pop("peak_rss_mb")
    print(f"peak RSS {peak:.0f} MB; " + "; ".join(f"{k} {v[0]:.2f} s" for k, v in got.items()))
    assert set(got) == set(EXPECTED)
    for name, (seconds, msg) in got.items():
        assert seconds <= 5.0, (name, seconds)
        assert EXPECTED[name] in msg and "超过上限" in msg, (name, msg)
    assert peak < 1024, peak


def test_a_far_but_empty_styled_cell_does_not_stop_a_good_sheet():
    import io

    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(h.small_xlsx()))
    wb.active["XFD1048576"].number_format = "0.00"  # styled, no value
    buf = io.BytesIO()
    wb.save(buf)
    res = ingest_bytes("styled.xlsx", buf.getvalue())
    assert [i.level3 for i in res.tables[0].indicators] == ["培训人次0", "培训人次1", "培训人次2"]


def test_row_cap_names_the_limit_and_the_cap_itself_is_accepted():
    assert len(ingest_bytes("ok.md", h.long_table_text(5000)).tables[0].indicators) == 5000
    with pytest.raises(IngestError, match="MAX_INDICATOR_ROWS"):
        ingest_bytes("long.md", h.long_table_text(5001))


def test_utf16_without_bom_gbk_and_mixed_encodings_are_named():
    text = "\n".join(["项目名称：培训", "| " + " | ".join(h.HEADER) + " |", "|---|---|---|---|---|---|",
                      "| " + " | ".join(h.ROW) + " |"])
    for enc in ("utf-16-le", "utf-16-be", "gbk", "gb18030"):
        res = ingest_bytes(f"{enc}.md", text.encode(enc))
        assert res.tables[0].indicators[0].level3 == "培训人次", enc
    mixed = text.encode("utf-8") + "\n备注：资金".encode("gbk")
    with pytest.raises(IngestError, match="混用了UTF-8和GBK"):
        ingest_bytes("mixed.md", mixed)
    with pytest.raises(IngestError, match="二进制"):
        ingest_bytes("junk.md", bytes(range(256)) * 10)


def test_deep_json_gets_a_plain_message():
    with pytest.raises(IngestError, match="嵌套层数过多"):
        ingest_bytes("deep.jsonl", b'{"indicators": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    many = b"\n".join(b'{"id": "t%d", "indicators": []}' % i for i in range(201))
    with pytest.raises(IngestError, match="MAX_TABLES"):
        ingest_bytes("many.jsonl", many)
