"""Corpus ingestion: readers per layout, header mapping, normalisation and the shipped documents.

`corpus.ingest` is the entry point (`ingest_file`, `ingest_bytes`, `ingest_paths`); `corpus.readers`
turns bytes into raw rows; `corpus.mapping` turns raw rows into `GoalTable` records.
"""
