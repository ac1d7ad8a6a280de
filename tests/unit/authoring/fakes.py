"""Published rows without an index, for the engines' unit tests (the real index is tested elsewhere)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.models import Indicator


@dataclass
class Hit:
    table_id: str
    row: int
    indicator: Indicator
    project_name: str | None
    score: float = 1.0
    quality: float = 1.0
    sector: str | None = None  # the published table's 行业


class ListRetriever:
    """Rows in a list, returned for any query."""

    def __init__(self, hits):
        self.hits = hits

    def search_rows(self, query, k=10, **kwargs):
        return [h for h in self.hits if h.table_id not in kwargs.get("exclude_table_ids", ())][:k]


def published(*rows: tuple[str, str, str, str, str]) -> ListRetriever:
    """(一级, 二级, 三级, 指标值, project name) rows as a retriever."""
    return ListRetriever([Hit(f"p{i}", i, Indicator(level1=l1, level2=l2, level3=l3, value=v), project)
                          for i, (l1, l2, l3, v, project) in enumerate(rows)])
