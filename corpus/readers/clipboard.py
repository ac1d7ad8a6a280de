"""The clipboard reader: a rectangular block of tab-separated cells, as Excel and Word copy a table.

What the applications put on the clipboard as plain text (and what a .tsv export holds):
- Excel: one line per row, CRLF; every row has the same number of tabs (the width of the selection),
  so an empty cell, including the blank cells of a merged 一级/二级 area, is an empty string between two
  tabs; a cell holding a line break, a tab or a double quote is wrapped in double quotes, inner quotes
  doubled (`"第一段\\n第二段"`).
- Word: tabs between cells and CRLF between rows too, but nothing is quoted: a cell with two paragraphs
  breaks its row over two lines, each with fewer tabs than a full row. Such lines are joined back until
  the row has the full number of tabs. A vertically merged cell has its text in its first row only.

Cells are positional (`grid` rows), so the mapping step carries a blank 一级/二级 down from the row above
instead of guessing columns by content. `tab_grid` also decides whether text is such a block (used by
`sniff_text`): a file mixing rows of different widths (the seeds' tab rows) is not, and goes to the text
reader.
"""

from __future__ import annotations

from collections import Counter

from corpus.readers import RawRow, decode_text, register

MIN_TABS = 2  # three cells or more: narrower rows are label/value pairs, not an indicator table
SHARE = 0.9   # of the rows with tabs that must have the common width, after Word's split rows are joined


def _records(text: str) -> list[tuple[list[str], int, int]]:
    """Split text into rows of cells, honouring Excel's quoting; (cells, first line, last line)."""
    if '"' not in text:  # nothing quoted: plain lines and tabs
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        return [(ln.split("\t"), n, n) for n, ln in enumerate(lines, 1)]
    out: list[tuple[list[str], int, int]] = []
    cells: list[str] = []
    cur: list[str] = []
    i, n = 0, len(text)
    line = start = 1
    at_cell_start = True
    while i < n:
        ch = text[i]
        if at_cell_start and ch == '"':
            end = _quoted_end(text, i)
            if end is not None:
                body = text[i + 1:end].replace('""', '"')
                cur.append(body)
                line += body.count("\n")
                i = end + 1
                at_cell_start = False
                continue
        if ch == "\t":
            cells.append("".join(cur))
            cur = []
            at_cell_start = True
        elif ch == "\n":
            cells.append("".join(cur))
            out.append((cells, start, line))
            cells, cur = [], []
            line += 1
            start = line
            at_cell_start = True
        else:
            cur.append(ch)
            at_cell_start = False
        i += 1
    if cur or cells:
        cells.append("".join(cur))
        out.append((cells, start, line))
    return out


def _quoted_end(text: str, i: int) -> int | None:
    """Index of the quote closing the quoted cell opened at `i`, when it is followed by a tab, a line
    end or the end of text (Excel's quoting); else None: the quote is a literal character (Word)."""
    j = i + 1
    n = len(text)
    while j < n:
        if text[j] == '"':
            if j + 1 < n and text[j + 1] == '"':
                j += 2
                continue
            return j if j + 1 == n or text[j + 1] in "\t\n" else None
        j += 1
    return None


def _join_split_rows(records: list[tuple[list[str], int, int]], width: int) -> list[tuple[list[str], int, int]]:
    """Join consecutive short lines whose cells add up to a full row (Word's multi-paragraph cells)."""
    out: list[tuple[list[str], int, int]] = []
    pending: tuple[list[str], int, int] | None = None
    for cells, a, b in records:
        if pending is not None:
            pcells, pa, _ = pending
            joined = [*pcells[:-1], (pcells[-1] + "\n" + cells[0]) if cells[0] else pcells[-1], *cells[1:]]
            if len(joined) <= width:
                pending = (joined, pa, b)
                if len(joined) == width:
                    out.append(pending)
                    pending = None
                continue
            out.append(pending)
            pending = None
        if 1 < len(cells) < width and any(c.strip() for c in cells):
            pending = (cells, a, b)
        else:
            out.append((cells, a, b))
    if pending is not None:
        out.append(pending)
    return out


def tab_grid(text: str) -> list[tuple[list[str], int, int]] | None:
    """The rows of a rectangular tab-separated block, or None when the text is not one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\t" not in text:
        return None
    # Cheap line check first: Word's one-cell-per-line export (`\tX` lines) is never a clipboard block.
    lines = [ln for ln in text.split("\n") if "\t" in ln]
    if sum(ln.count("\t") == 1 and ln.startswith("\t") for ln in lines) > 0.2 * len(lines):
        return None
    records = _records(text)
    widths = Counter(len(c) for c, _, _ in records if len(c) > MIN_TABS)
    if not widths:
        return None
    width = widths.most_common(1)[0][0]
    tabbed = [c for c, _, _ in records if len(c) > 1]
    # Word exports with one cell per line (`\tX`, the seeds) are the text reader's; joined up they
    # would look like full rows.
    if sum(len(c) == 2 and not c[0] for c in tabbed) > 0.2 * len(tabbed):
        return None
    records = _join_split_rows(records, width)
    tabbed_after = [c for c, _, _ in records if len(c) > 1]
    full = sum(len(c) == width for c in tabbed_after)
    if full < 2 or full < SHARE * len(tabbed_after):
        return None
    return records


@register("clipboard", ".tsv")
def read_clipboard(data: bytes, limits: object = None) -> list[RawRow]:
    text = decode_text(data)
    records = tab_grid(text)
    if records is None:
        # Not rectangular (a hand-typed .tsv): the text reader places tab rows by content.
        from corpus.readers.text import read_text

        return read_text(data, limits)
    rows: list[RawRow] = []
    for cells, a, b in records:
        cells = [c.strip() for c in cells]
        if not any(cells):
            rows.append(RawRow([], a, b, "break"))
        elif len(cells) == 1:
            rows.append(RawRow(cells, a, b, "text"))
        else:
            rows.append(RawRow(cells, a, b, "grid"))
    return rows
