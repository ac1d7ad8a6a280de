"""CSV: each record is one `grid` row (a comma-separated export of the official layout)."""

from __future__ import annotations

import csv
import io

from corpus.readers import RawRow, decode_text, register


@register("csv", ".csv", ".tsv")
def read_csv(data: bytes) -> list[RawRow]:
    text = decode_text(data)
    sample = text[:4096]
    delim = "\t" if sample.count("\t") > sample.count(",") else ","
    rows: list[RawRow] = []
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    line = 1
    for rec in reader:
        end = reader.line_num
        if any(c.strip() for c in rec):
            rows.append(RawRow([c.strip() for c in rec], line, end, "grid"))
        else:
            rows.append(RawRow([], line, end, "break"))
        line = end + 1
    return rows
