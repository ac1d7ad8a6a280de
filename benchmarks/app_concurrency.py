"""Concurrent `gradio_client` suggestion requests against a running app; p50/p95 latency, errors.

Baseline in the same run: the same requests sent one after another.
Run: start the app (`make run`), then `.venv/bin/python benchmarks/app_concurrency.py [URL]`.

`--during-rebuild` (issue 20): while the clients ask, another client re-uploads `bench_versions.jsonl`
over and over, alternating two versions of the same tables (every project name carries its version,
甲版 or 乙版), so the index is rebuilt under the clients' feet. An answer is *mixed* when its citations
name projects of both versions; it must never be. The upload adds tables to the app's corpus (remove
`bench_versions.jsonl` in the 语料 tab afterwards).
E.g. `benchmarks/app_concurrency.py --clients 50 --rounds 3 --during-rebuild`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from gradio_client import Client, handle_file

ARGS = ["职业技能培训项目", "组织开展职业技能培训3000人次，培训后就业率达到60%", "78.71", "某区人社局", "", "2025", ""]
TAGS = ("甲版", "乙版")

# The draft grid as gradio_client sends a Dataframe: an empty draft (nothing to overwrite).
NO_GRID = {"headers": ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据", "检查结果", "理由与引用"],
           "data": [["", "", "", "", "", "", "", ""]]}


def versions_file(folder: Path, tag: str) -> Path:
    """Ten training projects whose names, and every row's description, say which version they are."""
    rows = [("产出指标", "数量指标", "职业技能培训人次", "≥3000人次"), ("产出指标", "质量指标", "培训合格率", "≥90%"),
            ("产出指标", "时效指标", "培训按期完成率", "100%"), ("效益指标", "社会效益指标", "培训后就业率", "≥60%"),
            ("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%")]
    path = folder / "bench_versions.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for k in range(10):
            fh.write(json.dumps({
                "id": f"bench-{k}", "project_name": f"职业技能培训项目{tag}{k}", "year": 2025,
                "purpose": "组织开展职业技能培训，提升就业能力",
                "indicators": [{"level1": a, "level2": b, "level3": c, "value": v, "description": f"{tag}{c}"}
                               for a, b, c, v in rows]}, ensure_ascii=False) + "\n")
    return path


def one(client: Client) -> tuple[float, set[str]]:
    t0 = time.perf_counter()
    # gr.State outputs are not part of the API, so four values come back.
    grid, _goals, _notes, *_ = client.predict(*ARGS, NO_GRID, "", api_name="/suggest")  # no grid yet: nothing to overwrite
    rows = grid["data"] if isinstance(grid, dict) else grid
    assert len(rows) >= 8, rows
    text = json.dumps(rows, ensure_ascii=False)
    return time.perf_counter() - t0, {t for t in TAGS if t in text}


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p * (len(xs) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url", nargs="?", default="http://127.0.0.1:7860/")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--during-rebuild", action="store_true")
    args = ap.parse_args()
    n = args.clients
    clients = [Client(args.url, verbose=False) for _ in range(n)]
    tmp = Path(tempfile.mkdtemp(prefix="zhibiao-bench-"))
    stop = threading.Event()
    uploads: list[float] = []
    upload_errors: list[str] = []
    if args.during_rebuild:
        uploader = Client(args.url, verbose=False)
        folders = {t: tmp / t for t in TAGS}
        for t, f in folders.items():
            f.mkdir()
            versions_file(f, t)
        uploader.predict([handle_file(str(folders[TAGS[0]] / "bench_versions.jsonl"))], api_name="/corpus_upload")

        def rebuild_forever() -> None:
            k = 1
            while not stop.is_set():
                t0 = time.perf_counter()
                try:
                    msg, _ = uploader.predict([handle_file(str(folders[TAGS[k % 2]] / "bench_versions.jsonl"))],
                                              api_name="/corpus_upload")
                    if "✔" not in msg:
                        upload_errors.append(msg)
                except Exception as exc:  # counted, reported below
                    upload_errors.append(repr(exc))
                uploads.append(time.perf_counter() - t0)
                k += 1

    one(clients[0])  # warm
    seq = [one(clients[0])[0] for _ in range(min(n, 20))]
    errors: list[str] = []
    mixed = 0
    answers = 0
    cited: dict[str, int] = {t: 0 for t in TAGS}  # answers citing only this version
    lock = threading.Lock()

    def rounds(client: Client) -> list[float]:
        nonlocal mixed, answers
        out = []
        for _ in range(args.rounds):
            try:
                s, tags = one(client)
                out.append(s)
                with lock:
                    answers += 1
                    mixed += len(tags) > 1
                    if len(tags) == 1:
                        cited[next(iter(tags))] += 1
            except Exception as exc:  # counted, reported below
                with lock:
                    errors.append(repr(exc)[:200])
        return out

    builder = threading.Thread(target=rebuild_forever) if args.during_rebuild else None
    if builder is not None:
        builder.start()
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=n) as pool:
        con = [s for part in pool.map(rounds, clients) for s in part]
    wall = time.perf_counter() - t0
    stop.set()
    if builder is not None:
        builder.join()
    print(f"sequential: p50 {statistics.median(seq):.2f} s, p95 {pct(seq, 0.95):.2f} s, total {sum(seq):.1f} s")
    print(f"concurrent ({n} clients x {args.rounds}): p50 {statistics.median(con):.2f} s, p95 {pct(con, 0.95):.2f} s, "
          f"wall {wall:.1f} s ({len(con) * statistics.mean(seq) / wall:.2f}x the sequential throughput), "
          f"errors {len(errors)}")
    if args.during_rebuild:
        print(f"during rebuilds: {len(uploads)} re-uploads (each a rebuild; p50 {statistics.median(uploads or [0]):.2f} s, "
              f"{len(upload_errors)} failed), {answers} answers "
              f"({', '.join(f'{c} citing only {t}' for t, c in cited.items())}), mixed answers {mixed}")
    for e in (errors + upload_errors)[:5]:
        print("  error:", e)


if __name__ == "__main__":
    main()
