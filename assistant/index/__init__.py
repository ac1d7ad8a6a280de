"""Retrieval over the corpus: chromadb (dense) + BM25 (lexical), fused, quality-weighted.

API: `CorpusIndex.open(settings, embedder, row_quality=...)`, `.build(tables)`, `.status()`,
`.search_rows(query, k, level1=, level2=, sector=, region=, year=, mode=, exclude_table_ids=)`
-> `RowHit`s, `.search_tables(query, k)` -> `TableHit`s.
"""

from assistant.index.store import BuildReport, CorpusIndex, RowHit, TableHit, make_client

__all__ = ["BuildReport", "CorpusIndex", "RowHit", "TableHit", "make_client"]
