"""Structured goal tables (FORMAT.md JSON Lines): each line becomes one `record` row, kept whole."""

from __future__ import annotations

import json

from corpus.readers import RawRow, ReaderError, decode_text, register


@register("jsonl", ".jsonl", ".json")
def read_jsonl(data: bytes) -> list[RawRow]:
    text = decode_text(data)
    stripped = text.strip()
    if stripped.startswith("["):
        # A JSON array of tables is accepted too.
        try:
            items = json.loads(stripped)
        except ValueError as exc:
            raise ReaderError(f"JSON格式错误：{exc} / invalid JSON") from exc
        return [RawRow([], 1, 1, "record", {"record": it}) for it in items if isinstance(it, dict)]
    rows = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            raise ReaderError(f"第{n}行不是有效的JSON / line {n}: invalid JSON ({exc})") from exc
        if isinstance(obj, dict):
            rows.append(RawRow([], n, n, "record", {"record": obj}))
    return rows
