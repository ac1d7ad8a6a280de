"""The text reader: markdown pipe rows, Word exports with one cell per line, and tab-separated rows.

The seeds mix all three in one file (a 2021 part in tab rows and a 2022 part in cell-per-line), so one
line machine reads them all:
- a line starting with `|` is a markdown row (separator rows `|---|` are skipped, a blank or prose
  line after pipe rows ends the table with a `break`);
- a line that is one tab-indented cell (`\\tX`, no other tab) opens or extends a cell-per-line row;
  a following line without a tab continues that cell (Word wraps), a blank line ends the row;
- any other line with a tab is a row of tab-separated cells;
- anything else is prose (`text`).
"""

from __future__ import annotations

import re

from corpus.readers import RawRow, decode_text, register

_MD_SEP = re.compile(r"^\|?\s*:?-{2,}")


@register("text", ".txt", ".md", ".markdown")
def read_text(data: bytes, limits: object = None) -> list[RawRow]:
    return read_lines(decode_text(data).replace("\r\n", "\n").replace("\r", "\n").split("\n"))


MAX_CELLS = 64  # a goal table has a dozen columns; more is junk, kept whole in the last cell


def _split(line: str, sep: str) -> list[str]:
    cells = line.split(sep, MAX_CELLS)
    return [c.strip() for c in cells]


def read_lines(lines: list[str]) -> list[RawRow]:
    rows: list[RawRow] = []
    cur: RawRow | None = None  # the open cell-per-line row

    def close() -> None:
        nonlocal cur
        if cur is not None:
            rows.append(cur)
            cur = None

    prev_md = False
    for n, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped and not ((line.startswith("\t") and cur is not None) or line == "\t"):
            # A lone tab is an empty Word cell, not the blank line that ends a row.
            close()
            if prev_md:
                rows.append(RawRow([], n, n, "break"))
                prev_md = False
            continue
        if stripped.startswith("|"):
            close()
            if _MD_SEP.match(stripped) and set(stripped) <= set("|-: "):
                continue
            body = stripped[1:-1] if stripped.endswith("|") and len(stripped) > 1 else stripped[1:]
            rows.append(RawRow(_split(body, "|"), n, n, "md"))
            prev_md = True
            continue
        if prev_md:
            rows.append(RawRow([], n, n, "break"))
            prev_md = False
        if line.startswith("\t") and "\t" not in line[1:]:
            if cur is None:
                cur = RawRow([], n, n, "cells")
            cur.cells.append(line[1:].strip())
            cur.line_end = n
            continue
        if "\t" in line:
            close()
            rows.append(RawRow(_split(line, "\t"), n, n, "tabs"))
            continue
        if cur is not None and cur.cells:
            # A wrapped line inside a Word cell.
            cur.cells[-1] = (cur.cells[-1] + "\n" + stripped) if cur.cells[-1] else stripped
            cur.line_end = n
            continue
        rows.append(RawRow([stripped], n, n, "text"))
    close()
    return rows
