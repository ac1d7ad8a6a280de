"""Structured goal tables (FORMAT.md JSON Lines): each line becomes one `record` row, kept whole.

A record nested too deeply for the parser, or more records than the table limit, is refused with a
plain message (not a RecursionError).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from corpus.readers import RawRow, ReaderError, decode_text, register
from corpus.readers.limits import get_limits, over

if TYPE_CHECKING:
    from assistant.settings import IngestLimits


def _load(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except RecursionError as exc:
        # The parser gives up near Python's recursion limit (about 1,000 levels); a goal table has 3.
        raise ReaderError(f"{where}JSON嵌套层数过多，不是目标表记录 / JSON nested too deeply") from exc


@register("jsonl", ".jsonl", ".json")
def read_jsonl(data: bytes, limits: IngestLimits | None = None) -> list[RawRow]:
    lim = get_limits(limits)
    text = decode_text(data)
    stripped = text.strip()
    if stripped.startswith("["):
        # A JSON array of tables is accepted too.
        try:
            items = _load(stripped, "")
        except ValueError as exc:
            if isinstance(exc, ReaderError):
                raise
            raise ReaderError(f"JSON格式错误：{exc} / invalid JSON") from exc
        if not isinstance(items, list):
            items = [items]
        if len(items) > lim.max_tables:
            raise over("JSON中的目标表数", "goal tables", lim.max_tables, " 张", "max_tables")
        return [RawRow([], 1, 1, "record", {"record": it}) for it in items if isinstance(it, dict)]
    rows = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = _load(line, f"第{n}行")
        except ValueError as exc:
            if isinstance(exc, ReaderError):
                raise
            raise ReaderError(f"第{n}行不是有效的JSON / line {n}: invalid JSON ({str(exc)[:120]})") from exc
        if isinstance(obj, dict):
            rows.append(RawRow([], n, n, "record", {"record": obj}))
            if len(rows) > lim.max_tables:
                raise over("JSON Lines中的目标表数", "goal tables", lim.max_tables, " 张", "max_tables")
    return rows
