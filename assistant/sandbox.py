"""Reading untrusted documents in worker processes with a memory ceiling and a time limit.

The readers check their limits as they stream, so a hostile file normally ends in a second with a
message. The worker is the second fence: what slips past the limits runs into the address-space
ceiling (RLIMIT_AS) or the timeout of a separate process, which is then replaced, and the server that
asked only sees an `IngestError`. Workers are started on first use (spawn: no threads or open chromadb
handles are copied from the server) and reused; one pool per process and ceiling, shared by every
`Services` object, so tests and the app pay the start-up once.
"""

from __future__ import annotations

import logging
import threading
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.settings import IngestLimits, Settings, WorkerSettings
    from corpus.ingest import IngestResult

log = logging.getLogger(__name__)


def _worker_main(read_fd: int, write_fd: int, memory_mb: int) -> None:  # runs in the child
    import resource

    if memory_mb > 0:
        cap = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    inbox, outbox = Connection(read_fd, writable=False), Connection(write_fd, readable=False)
    from corpus.ingest import IngestError, ingest_bytes

    while True:
        try:
            name, data, limits = inbox.recv()
        except (EOFError, OSError):
            return
        try:
            outbox.send(("ok", ingest_bytes(name, data, limits)))
        except IngestError as exc:
            outbox.send(("error", str(exc)))
        except MemoryError:
            outbox.send(("memory", ""))
            return  # a process that ran out of memory is not trusted with the next file
        except Exception as exc:  # anything else is reported; the worker lives on
            outbox.send(("error", f"“{name}”无法读取（{type(exc).__name__}）/ unreadable input"))


_CHILD = "import sys; from assistant.sandbox import _worker_main; _worker_main(*map(int, sys.argv[1:4]))"


class _Worker:
    """A child interpreter started fresh (`python -c`), not forked or spawned from the server: nothing
    of the server (threads, chromadb handles, its main module) is copied or re-run."""

    def __init__(self, memory_mb: int) -> None:
        import os
        import subprocess
        import sys

        from assistant.settings import PROJECT_ROOT

        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(PROJECT_ROOT), *filter(None, [env.get("PYTHONPATH")])])
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(to_child_r), str(from_child_w), str(memory_mb)],
            pass_fds=(to_child_r, from_child_w), env=env, stdin=subprocess.DEVNULL, close_fds=True)
        os.close(to_child_r)
        os.close(from_child_w)
        self.send = Connection(to_child_w, readable=False)
        self.recv = Connection(from_child_r, writable=False)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        for c in (self.send, self.recv):
            c.close()
        if self.alive():
            self.proc.kill()
        self.proc.wait(timeout=5)


class Sandbox:
    """A few reusable worker processes; `ingest(name, data, limits)` runs `ingest_bytes` in one."""

    def __init__(self, memory_mb: int, timeout_s: float, processes: int) -> None:
        self.memory_mb = memory_mb
        self.timeout_s = timeout_s
        self._slots = threading.Semaphore(max(1, processes))
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()

    def ingest(self, name: str, data: bytes, limits: IngestLimits | None = None) -> IngestResult:
        from corpus.ingest import IngestError

        with self._slots:
            with self._lock:
                worker = self._idle.pop() if self._idle else None
            if worker is None or not worker.alive():
                worker = _Worker(self.memory_mb)
            keep = False
            try:
                worker.send.send((name, data, limits))
                if not worker.recv.poll(self.timeout_s):
                    log.warning("ingest worker timed out on %s after %.0f s; replaced", name, self.timeout_s)
                    raise IngestError(f"“{name}”处理超时（超过 {self.timeout_s:.0f} 秒），已停止 / took too long, stopped")
                try:
                    kind, value = worker.recv.recv()
                except (EOFError, OSError) as exc:
                    code = worker.proc.wait(timeout=5)
                    log.warning("ingest worker died on %s (%s; exit code %s); replaced", name, exc, code)
                    raise IngestError(self._memory_message(name) if code in (-9, -6, 1) else
                                      f"“{name}”处理时读取进程意外退出（{code}）/ the reading process stopped") from None
                if kind == "memory":
                    raise IngestError(self._memory_message(name))
                keep = True
                if kind == "error":
                    raise IngestError(value)
                return value  # type: ignore[no-any-return]
            finally:
                if keep:
                    with self._lock:
                        self._idle.append(worker)
                else:
                    worker.stop()

    def _memory_message(self, name: str) -> str:
        return (f"“{name}”读取时内存超过上限 {self.memory_mb:,} MB，已停止（设置 ZHIBIAO_WORKER__MEMORY_MB）"
                f" / over the memory ceiling of {self.memory_mb} MB, stopped")

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for w in idle:
            w.stop()


_POOLS: dict[tuple[int, float, int], Sandbox] = {}
_POOLS_LOCK = threading.Lock()


def sandbox_for(worker: WorkerSettings) -> Sandbox:
    key = (worker.memory_mb, worker.timeout_s, worker.processes)
    with _POOLS_LOCK:
        if key not in _POOLS:
            _POOLS[key] = Sandbox(*key)
        return _POOLS[key]


def ingest_untrusted(settings: Settings, name: str, data: bytes) -> IngestResult:
    """`ingest_bytes` under the settings' limits, in a worker unless `settings.worker.enabled` is off."""
    if not settings.worker.enabled:
        from corpus.ingest import ingest_bytes

        return ingest_bytes(name, data, settings.limits)
    return sandbox_for(settings.worker).ingest(name, data, settings.limits)


