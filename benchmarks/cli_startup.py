"""How long `zhibiao --help` takes, against a bare `python -c pass` baseline measured in the same run.

Run: .venv/bin/python benchmarks/cli_startup.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time


def _time(cmd: list[str], n: int = 7) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    base = _time([sys.executable, "-c", "pass"])
    cli = _time([sys.executable, "-m", "assistant.cli", "--help"])
    print(f"python -c pass: {base * 1000:.0f} ms")
    print(f"zhibiao --help: {cli * 1000:.0f} ms  ({cli / base:.1f}x the bare interpreter; target < 1000 ms)")


if __name__ == "__main__":
    main()
