"""Retrieval over the corpus: chromadb (dense) + BM25 (lexical), fused, quality-weighted.

API (the suggestion engine, the UI and the CLI call these):

- `CorpusIndex.open(settings, embedder, *, row_quality=None, tokenizer="bigram") -> CorpusIndex`
  (`settings.index.mode` "local": PersistentClient under `settings.index_dir`; "http": a Chroma
  server at host:port). `row_quality(table) -> list[float]` (0..1 per row) ranks clean rows first;
  the service layer passes the linter's `score_table(t).row_scores`.
- `.build(tables, progress=False) -> BuildReport`: makes the store hold exactly these tables.
  Content-hash ids: an unchanged table adds nothing, a changed one replaces its rows, a missing one
  is removed; a store built by another embedder (or schema) is emptied and rebuilt (`rebuilt=True`).
- `.status() -> dict`: embedder, dim, schema, tokenizer, tables, rows, collections.
- `.search_rows(query, k=10, *, level1=, level2=, sector=, region=, year=, mode="hybrid"|"lexical"|
  "dense", exclude_table_ids=(), collapse=True, query_vector=None) -> list[RowHit]`; near-duplicate
  rows are shown once with `duplicates` = how many rows in the corpus say the same thing.
- `.search_tables(query, k=5, *, sector=, region=, year=, mode=, exclude_table_ids=(),
  query_vector=None) -> list[TableHit]`.
- `.embed_query(query) -> np.ndarray` (cached), for callers that time or reuse the query vector.

Storage (schema 5): two collections, `<prefix>_rows` (id `key:i:hash` and the row's vector, no
metadata) and `<prefix>_tables` (id `key:hash:rows`, the table document's vector, and one compressed
payload with the table's fields and every row's cells). Filters run on the in-memory catalogue; a
narrow one reaches chromadb as a list of allowed ids.

Hybrid scoring (measured in evaluation/retrieval.py): (0.8 x BM25/max + 0.2 x rescaled row cosine)
x (1 + rescaled cosine between the query and the row's table: project, purpose, goals)
x (0.6 + 0.4 x row quality).
"""

from assistant.index.store import BuildReport, CorpusIndex, RowHit, TableHit, make_client

__all__ = ["BuildReport", "CorpusIndex", "RowHit", "TableHit", "make_client"]
