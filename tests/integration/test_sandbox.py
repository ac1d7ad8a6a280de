"""The ingest worker: a file that slips past the limits hits the worker's memory ceiling, not the server."""

from __future__ import annotations

from assistant.sandbox import Sandbox
from assistant.settings import IngestLimits
from corpus.ingest import IngestError
from tests import hostile_files as h


def test_a_file_past_the_memory_ceiling_fails_alone_and_the_next_file_is_read():
    sandbox = Sandbox(memory_mb=400, timeout_s=30, processes=1)
    try:
        # Limits opened wide so that only the ceiling can stop it: 150k rows need ~350 MB more.
        wide = IngestLimits(max_indicator_rows=10**7)
        try:
            sandbox.ingest("big.md", h.long_table_text(150_000), wide)
        except IngestError as exc:
            assert "内存超过上限 400 MB" in str(exc)
        else:
            raise AssertionError("the memory ceiling did not stop the worker")
        ok = sandbox.ingest("ok.md", h.long_table_text(3))
        assert len(ok.tables[0].indicators) == 3
        # The usual limits still answer first, inside the worker, with their own message.
        try:
            sandbox.ingest("bomb.xlsx", h.bomb_xlsx())
        except IngestError as exc:
            assert "MAX_UNCOMPRESSED_MB" in str(exc)
        else:
            raise AssertionError("a zip bomb was accepted")
    finally:
        sandbox.close()
