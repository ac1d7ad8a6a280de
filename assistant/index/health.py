"""Is the index whole? A real query over a sample of stored ids, per collection, not `count()`.

`count()` reads chromadb's sqlite catalogue and says every row is there even when the HNSW files that
answer vector queries lost most of them (a deleted or damaged segment folder). So each check takes a
spread sample of ids, reads their vectors and asks for each vector's nearest neighbours: a whole
index returns the id itself. Damaged HNSW files can crash the process that loads them (a segfault, not
an exception), so at start-up the check runs in a child process (`probe_local`) before the server
opens the store; after a build it runs in-process (`check_collection`) on what was just written.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SAMPLE = 64
MIN_FOUND = 0.95  # HNSW is approximate; a whole index finds its own vectors nearly always
_TIE = 1e-6


def check_collection(col: Any, sample: int = SAMPLE) -> str | None:
    """None when `sample` stored vectors are each found by a query; else one line saying what is not."""
    n = int(col.count())
    if n == 0:
        return None
    k = min(sample, n)
    offsets = sorted({round(i * (n - 1) / max(k - 1, 1)) for i in range(k)})
    ids: list[str] = []
    for off in offsets:
        ids.extend(col.get(limit=1, offset=off, include=[])["ids"])
    got = col.get(ids=ids, include=["embeddings"])
    vecs = got.get("embeddings")
    if vecs is None or len(got["ids"]) != len(ids) or len(vecs) != len(ids):
        return f"{col.name}: {len(ids)} 个样本中只读到 {0 if vecs is None else len(vecs)} 个向量"
    res = col.query(query_embeddings=vecs, n_results=min(10, n), include=["distances"])
    found = 0
    for rid, hits, dists in zip(got["ids"], res["ids"], res["distances"], strict=True):
        # Rows with the same text have the same vector; ten exact ties cannot tell which is which.
        if rid in hits or (len(dists) == min(10, n) and dists and max(dists) < _TIE):
            found += 1
    if found < MIN_FOUND * len(ids):
        return f"{col.name}: 向量检索只找到 {found}/{len(ids)} 个样本（共 {n} 条记录）"
    return None


def check_index(client: Any, names: list[str]) -> list[str]:
    problems = []
    for name in names:
        try:
            col = client.get_collection(name)
        except Exception:
            continue  # a missing collection is created by the next build, nothing to repair
        try:
            p = check_collection(col)
        except Exception as exc:
            p = f"{name}: {type(exc).__name__}: {str(exc)[:200]}"
        if p:
            problems.append(p)
    return problems


def _child(index_dir: str, names: list[str]) -> None:  # runs in the probe process
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    try:
        client = chromadb.PersistentClient(path=index_dir, settings=ChromaSettings(anonymized_telemetry=False))
        problems = check_index(client, names)
    except Exception as exc:
        problems = [f"chroma.sqlite3: {type(exc).__name__}: {str(exc)[:200]}"]
    print(json.dumps({"problems": problems}, ensure_ascii=False))


_CHILD = ("import json, sys; from assistant.index.health import _child; "
          "_child(sys.argv[1], json.loads(sys.argv[2]))")


def probe_local(index_dir: Path, names: list[str], timeout_s: float = 120.0) -> list[str]:
    """Check a local store from a child process; [] when whole (or absent), else what is wrong."""
    if not (index_dir / "chroma.sqlite3").exists():
        return []
    from assistant.settings import PROJECT_ROOT

    try:
        proc = subprocess.run([sys.executable, "-c", _CHILD, str(index_dir), json.dumps(names)], cwd=PROJECT_ROOT,
                              capture_output=True, text=True, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        return [f"索引检查超过 {timeout_s:.0f} 秒未结束"]
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        log.warning("index probe exited with %s: %s", proc.returncode, proc.stderr[-500:])
        return [f"检查进程异常退出（{proc.returncode}），索引文件已损坏"]
    return list(json.loads(lines[-1]).get("problems") or [])


def discard_local(index_dir: Path) -> None:
    """Remove a damaged local store (derived data only) and any client this process holds on it."""
    try:
        from chromadb.api.shared_system_client import SharedSystemClient

        system = SharedSystemClient._identifier_to_system.pop(str(index_dir), None)
        SharedSystemClient._identifier_to_refcount.pop(str(index_dir), None)
        if system is not None:
            system.stop()
    except Exception as exc:  # private chromadb API: a failure here only means a fresh client is not forced
        log.info("could not drop the cached chromadb client for %s: %s", index_dir, exc)
    shutil.rmtree(index_dir, ignore_errors=True)
