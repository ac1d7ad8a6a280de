"""Searches during a build read one snapshot: the old corpus until the new one is complete (issue 20)."""

from __future__ import annotations

import threading
import time

from assistant.embeddings import get_embedder
from assistant.index import CorpusIndex
from assistant.models import GoalTable, Indicator
from assistant.settings import load_settings

PROJECTS = ["职业技能培训", "农村道路硬化", "养老服务补贴", "污水处理运维", "中小学设备购置", "农田水利改造"]


def corpus(version: str) -> list[GoalTable]:
    """Every row says which corpus it belongs to, in its value and its project name."""
    return [GoalTable(id=f"t{n}", project_name=f"{p}项目{version}", indicators=[
        Indicator(level1="产出指标", level2="数量指标", level3=f"{p}数量{i}", description=f"{p}完成情况",
                  value=f"≥{i + 1}{version}") for i in range(40)]) for n, p in enumerate(PROJECTS)]


class SlowEmbedder:
    """The hash embedder, slowed so a search always lands inside a build."""

    def __init__(self) -> None:
        self.inner = get_embedder("hash")
        self.name, self.dim = self.inner.name, self.inner.dim

    def embed_documents(self, texts):
        time.sleep(0.05)
        return self.inner.embed_documents(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)


def _versions(hits) -> set[str]:
    return {(h.project_name or "")[-2:] for h in hits} | {(h.indicator.value or "")[-2:] for h in hits}


def test_answers_made_during_builds_never_mix_two_corpora(tmp_path):
    index = CorpusIndex.open(load_settings(data_dir=tmp_path), SlowEmbedder())
    index.build(corpus("甲版"))
    want = len(index.search_rows("职业技能培训 数量", k=10, mode="dense"))
    assert want == 10
    stop = threading.Event()
    builds = []

    def rebuild() -> None:
        n = 0
        while not stop.is_set() and n < 6:
            index.build(corpus("乙版" if n % 2 == 0 else "甲版"))
            builds.append(n)
            n += 1

    builder = threading.Thread(target=rebuild)
    builder.start()
    answers, mixed, short = 0, 0, 0
    try:
        while builder.is_alive():
            with index.pinned():  # one answer of several searches, as a suggestion makes
                parts = []
                for p in PROJECTS[:3]:
                    parts.append(index.search_rows(f"{p} 数量", k=10, mode="dense"))
                    time.sleep(0.02)  # a suggestion does more work between its searches
                tables = index.search_tables("项目", k=6)
            seen = set().union(*(_versions(p) for p in parts)) | {(t.project_name or "")[-2:] for t in tables}
            answers += 1
            mixed += len(seen) != 1
            short += len(parts[0]) < want
    finally:
        stop.set()
        builder.join()
    assert len(builds) == 6 and answers >= 10
    assert mixed == 0, f"{mixed} of {answers} answers mixed the two corpora"
    assert short == 0, f"{short} of {answers} answers were missing rows"
    assert _versions(index.search_rows("职业技能培训 数量", k=10)) == {"甲版"}
    assert index.verify() == []
