"""Loading the sector indicator library (corpus/library/*.yaml): parse + validate + build, cold.

Target: under 200 ms. Baseline in the same run: reading the same files and parsing the YAML alone (the
floor any loader pays), so the validation's own cost shows as a ratio.
Run: .venv/bin/python benchmarks/library_load.py
"""

from __future__ import annotations

import statistics
import time

import yaml

from assistant.authoring.library import LIBRARY_DIR, load_files


def main(reps: int = 7) -> None:
    paths = sorted(LIBRARY_DIR.glob("*.yaml"))
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    load_files(paths)  # imports (pydantic models, the value parser) paid once, as in any process
    full, bare = [], []
    for _ in range(reps):
        t0 = time.perf_counter()
        for p in paths:
            yaml.load(p.read_text(encoding="utf-8"), Loader=loader)
        bare.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        lib = load_files(paths)
        full.append(time.perf_counter() - t0)
    f, b = statistics.median(full) * 1000, statistics.median(bare) * 1000
    print(f"files {len(paths)}, sectors {len(lib.sectors)}, kinds {len(lib.kinds)}, indicators {lib.indicator_count}")
    print(f"load + validate median {f:.1f} ms (target < 200 ms); YAML parse alone {b:.1f} ms; ratio {f / b:.2f}x")


if __name__ == "__main__":
    main()
