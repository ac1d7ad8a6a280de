"""A pasted document instead of a brief: the offline suggestion stays bounded in time.

Hostile briefs of 30,000–100,000 characters (a digit run, thousands of counts, rates, shares, deadlines) against
an ordinary brief in the same run. The reader takes the first MAX_BRIEF_CHARS characters (and says so) and
looks at a bounded window around each number, so each costs about the same as a few thousand characters.

    .venv/bin/python benchmarks/long_brief.py
"""

from __future__ import annotations

import statistics
import time

HOSTILE = {
    "digit run": "1" * 100_000,
    "counts": "购置设备2台，" * 5000,
    "shares": "按不低于70%比例给予救助，" * 5000,
    "numerals": "两座三个十二个" * 10_000,
    "deadlines": "9月底前完成，" * 5000,
    "rates": "培训合格率达到95%，" * 4000,
}


def main() -> None:
    from assistant.models import ProjectBrief
    from assistant.services import build_services

    services = build_services()
    services.corpus.ensure()
    composer = services.composer
    normal = ProjectBrief(name="2026年职业技能培训项目", purpose="组织开展职业技能培训3000人次，培训合格率达到90%以上",
                          budget_wan=78.71)
    composer.suggest(normal)  # warm
    base = []
    for _ in range(5):
        t = time.perf_counter()
        composer.suggest(normal)
        base.append(time.perf_counter() - t)
    b = statistics.median(base)
    print(f"baseline, ordinary brief: {b * 1000:.1f} ms")
    for name, text in HOSTILE.items():
        t = time.perf_counter()
        s = composer.suggest(ProjectBrief(name="测试项目", purpose=text, budget_wan=100))
        d = time.perf_counter() - t
        print(f"{name:<10} {len(text):>7} chars: {d:.2f} s ({d / b:.0f}x), {len(s.rows)} rows; {s.notices[-1][:30]}")


if __name__ == "__main__":
    main()
