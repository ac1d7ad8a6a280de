"""Offline suggestion latency, warm, on the shipped corpus: p50/p95 over varied briefs.

Baseline in the same run: one bare index query (the retrieval floor every suggestion pays).
Run: .venv/bin/python benchmarks/suggest_latency.py
"""

from __future__ import annotations

import statistics
import time

from assistant.models import ProjectBrief
from assistant.services import build_services

BRIEFS = [
    ProjectBrief(name="职业技能培训项目", purpose="组织开展职业技能培训3000人次，培训后就业率达到60%", budget_wan=78.71),
    ProjectBrief(name="县一中教学设备购置", purpose="为12所学校购置教学设备120台", budget_wan=150),
    ProjectBrief(name="村级道路硬化工程", purpose="新建村级道路5.2公里，惠及群众2万人", budget_wan=600),
    ProjectBrief(name="基本公共卫生服务", purpose="为老年人提供健康体检1.2万人次", budget_wan=300),
    ProjectBrief(name="河道综合治理", purpose="治理河道15公里，水质达标率提高到90%", budget_wan=900),
    ProjectBrief(name="困难群众临时救助", purpose="为500户困难家庭发放临时救助金", budget_wan=50),
]


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p * (len(xs) - 1)))]


def main(rounds: int = 10) -> None:
    services = build_services()
    services.prepare()
    for b in BRIEFS:  # warm: model loaded, catalogues built, caches filled
        services.suggest(b)
    base, lat = [], []
    for _ in range(rounds):
        for b in BRIEFS:
            t0 = time.perf_counter()
            services.index.search_rows(b.name + b.purpose, k=80)
            base.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            services.suggest(b)
            lat.append(time.perf_counter() - t0)
    print(f"corpus: {services.corpus.summary()}")
    print(f"index query (baseline): p50 {1000 * statistics.median(base):.1f} ms, p95 {1000 * pct(base, 0.95):.1f} ms")
    p50, p95 = statistics.median(lat), pct(lat, 0.95)
    print(f"offline suggestion:     p50 {1000 * p50:.1f} ms, p95 {1000 * p95:.1f} ms "
          f"({p50 / statistics.median(base):.1f}x the bare query; target p50 <= 50 ms)")


if __name__ == "__main__":
    main()
