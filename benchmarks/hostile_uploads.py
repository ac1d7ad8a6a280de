"""Hostile files sent to a running app at once: how long each takes to be refused, and whether the app
keeps answering meanwhile (issue 20).

Every file of `tests/hostile_files.py` (zip bombs, a cell at XFD1048576, a million-row merged range,
30,000 sheet rows, 60,000 paragraphs, a million-column span) is uploaded to the corpus and submitted for
review, four at a time, while other clients ask for suggestions. Baseline in the same run: the same
suggestions with nothing else running. With `--pid` the server's peak resident memory is read from
/proc before and after.
Run: start the app, then `.venv/bin/python benchmarks/hostile_uploads.py [URL] [--pid PID]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from app_concurrency import one, pct  # noqa: E402
from gradio_client import Client, handle_file  # noqa: E402

from tests.hostile_files import write_all  # noqa: E402


def peak_rss_mb(pid: int | None) -> float | None:
    if pid is None:
        return None
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url", nargs="?", default="http://127.0.0.1:7860/")
    ap.add_argument("--pid", type=int, help="the app's process id, to read its peak memory")
    ap.add_argument("--askers", type=int, default=4)
    args = ap.parse_args()
    files = write_all(Path(tempfile.mkdtemp(prefix="zhibiao-hostile-")))
    rss0 = peak_rss_mb(args.pid)
    askers = [Client(args.url, verbose=False) for _ in range(args.askers)]
    one(askers[0])
    idle = [one(askers[0])[0] for _ in range(10)]
    done = threading.Event()
    busy: list[float] = []
    ask_errors: list[str] = []

    def ask(c: Client) -> None:
        while not done.is_set():
            try:
                busy.append(one(c)[0])
            except Exception as exc:  # counted, reported below
                ask_errors.append(repr(exc)[:200])

    def send(path: Path) -> list[tuple[str, float, str]]:
        c = Client(args.url, verbose=False)
        out = []
        t0 = time.perf_counter()
        msg, _ = c.predict([handle_file(str(path))], api_name="/corpus_upload")
        out.append(("upload", time.perf_counter() - t0, msg))
        t0 = time.perf_counter()
        try:
            c.predict("", handle_file(str(path)), api_name="/review")
            out.append(("review", time.perf_counter() - t0, "accepted"))
        except Exception as exc:  # gr.Error carries the Chinese message
            out.append(("review", time.perf_counter() - t0, str(exc)))
        return out

    threads = [threading.Thread(target=ask, args=(c,)) for c in askers]
    for t in threads:
        t.start()
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = dict(zip([f.name for f in files], pool.map(send, files), strict=True))
    wall = time.perf_counter() - t0
    done.set()
    for t in threads:
        t.join()
    for name, rs in results.items():
        for kind, sec, msg in rs:
            print(f"{name:16} {kind:6} {sec:5.2f} s  {msg.splitlines()[0][:110]}")
    worst = max(sec for rs in results.values() for _, sec, _ in rs)
    print(f"{len(files)} hostile files, 4 at a time, upload + review each: wall {wall:.1f} s, slowest {worst:.2f} s")
    print(f"suggestions meanwhile: {len(busy)}, p50 {statistics.median(busy):.2f} s, max {max(busy):.2f} s, "
          f"errors {len(ask_errors)}; idle p50 {statistics.median(idle):.2f} s, p95 {pct(idle, 0.95):.2f} s")
    if rss0 is not None:
        print(f"server peak RSS: {rss0:.0f} MB before, {peak_rss_mb(args.pid):.0f} MB after")
    return 0


if __name__ == "__main__":
    sys.exit(main())
