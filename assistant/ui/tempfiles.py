"""Where the app writes files for download (exports, charts): one temp folder per process, kept small.

Each file gets a folder of its own inside `zhibiao-<pid>` (so the download keeps its readable name and
two exports of the same project never overwrite each other). Every new file first removes files older
than `MAX_AGE` seconds from this process's folder, and the folders of processes that no longer run; the
process removes its own folder at exit. Gradio copies a returned file into its own cache before the page
downloads it, so removing old originals never breaks a download link.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

MAX_AGE = 3600.0
PREFIX = "zhibiao-"
_SAFE = re.compile(r"[\\/:*?\"<>|\s]+")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def process_dir(root: str | Path | None = None) -> Path:
    """This process's folder (created on first use, removed at exit)."""
    base = Path(root or tempfile.gettempdir())
    d = base / f"{PREFIX}{os.getpid()}"
    if not d.exists():
        d.mkdir(parents=True, exist_ok=True)
        atexit.register(shutil.rmtree, d, True)
    return d


def clean(root: str | Path | None = None, *, max_age: float = MAX_AGE, now: float | None = None) -> int:
    """Remove this process's files older than `max_age` and dead processes' folders; returns how many went."""
    base = Path(root or tempfile.gettempdir())
    now = time.time() if now is None else now
    removed = 0
    mine = process_dir(base)
    for entry in list(mine.iterdir()):
        try:
            if now - entry.stat().st_mtime > max_age:
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
                removed += 1
        except FileNotFoundError:
            continue
    for other in base.glob(f"{PREFIX}*"):
        tail = other.name[len(PREFIX):]
        if other != mine and other.is_dir() and tail.isdigit() and not _alive(int(tail)):
            shutil.rmtree(other, ignore_errors=True)
            removed += 1
    return removed


def export_path(name: str, suffix: str, root: str | Path | None = None) -> Path:
    """A fresh path `<process dir>/<unique>/<name>.<suffix>` for a file to download; old files are cleaned first."""
    clean(root)
    folder = Path(tempfile.mkdtemp(dir=process_dir(root)))
    stem = _SAFE.sub("_", name or "导出")[:40] or "导出"
    return folder / f"{stem}.{suffix.lstrip('.')}"


__all__ = ["MAX_AGE", "clean", "export_path", "process_dir"]
