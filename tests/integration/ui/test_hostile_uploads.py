"""Four hostile uploads at once: each ends in seconds with its message and the services keep answering."""

from __future__ import annotations

import threading
import time

from assistant.services import Services
from assistant.settings import load_settings
from assistant.ui import handlers as h
from tests import hostile_files as hf


def test_four_bombs_uploaded_together_end_with_messages_while_searches_answer(tmp_path):
    s = Services(load_settings(data_dir=tmp_path / "data", embedding={"name": "hash"}))
    s.prepare()
    before = s.corpus.summary()
    files = {n: d for n, d in hf.hostile_files().items() if n in ("bomb.docx", "bomb.xlsx", "far_cell.xlsx", "merged.xlsx")}
    paths = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        paths.append(tmp_path / name)
    results: dict[str, tuple[float, str]] = {}

    def upload(p) -> None:
        t0 = time.perf_counter()
        msg, _rows = h.corpus_upload(s, [str(p)])
        results[p.name] = (time.perf_counter() - t0, msg)

    threads = [threading.Thread(target=upload, args=(p,)) for p in paths]
    for t in threads:
        t.start()
    answered = []
    while any(t.is_alive() for t in threads):
        t0 = time.perf_counter()
        hits = s.index.search_rows("职业技能培训 培训人次", k=5)
        answered.append((time.perf_counter() - t0, len(hits)))
    for t in threads:
        t.join()
    assert set(results) == set(files)
    for name, (seconds, msg) in results.items():
        assert seconds <= 5.0, (name, seconds)
        assert msg.startswith(f"✖ {name}") and "超过上限" in msg, (name, msg)
    assert answered and all(n == 5 for _, n in answered)
    assert max(sec for sec, _ in answered) < 2.0
    assert s.corpus.summary() == before and s.corpus.uploads() == []
    # A review of the same files gives the same messages (read in the same worker pool).
    for p in paths[:2]:
        try:
            h.review_run(s, "", str(p))
        except h.UserError as exc:
            assert "超过上限" in str(exc)
        else:
            raise AssertionError(f"{p.name} was reviewed")
