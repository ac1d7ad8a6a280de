"""CSV: each record is one `grid` row (a comma-separated export of the official layout)."""

from __future__ import annotations

import csv
import io

from corpus.readers import RawRow, ReaderError, decode_text, register


def _unquote(cell: str) -> str:
    """Our CSV export writes a cell starting with = + - @ behind a quote (spreadsheet formula
    injection, OWASP); reading it back drops that quote."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t\r":
        return cell[1:]
    return cell


@register("csv", ".csv")
def read_csv(data: bytes, limits: object = None) -> list[RawRow]:
    text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
    sample = text[:4096]
    delim = "\t" if sample.count("\t") > sample.count(",") else ","
    rows: list[RawRow] = []
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    line = 1
    try:
        for rec in reader:
            end = reader.line_num  # quoted cells may span lines
            if any(c.strip() for c in rec):
                rows.append(RawRow([_unquote(c.strip()) for c in rec], line, end, "grid"))
            else:
                rows.append(RawRow([], line, end, "break"))
            line = end + 1
    except csv.Error as exc:
        raise ReaderError(f"CSV格式错误：{exc} / malformed CSV") from exc
    return rows
