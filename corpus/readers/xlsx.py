"""Excel .xlsx: every sheet's rows become `grid` rows (line = sheet row number), a `break` ends a sheet.

Merged ranges: the top-left value fills the rows a range covers; columns it covers to the right stay
empty, so a label merged across the header block reads as one cell.
"""

from __future__ import annotations

import io
import zipfile

from corpus.readers import RawRow, ReaderError, register


def _text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


@register("xlsx", ".xlsx", ".xlsm")
def read_xlsx(data: bytes) -> list[RawRow]:
    try:
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReaderError("无法打开Excel文件（文件损坏或不是.xlsx）/ not a readable .xlsx file") from exc
    except Exception as exc:  # openpyxl raises assorted errors on junk
        raise ReaderError(f"无法打开Excel文件：{type(exc).__name__} / not a readable .xlsx file") from exc
    rows: list[RawRow] = []
    for ws in wb.worksheets:
        grid = [[_text(v) for v in r] for r in ws.iter_rows(values_only=True)]
        for rng in ws.merged_cells.ranges:
            top = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(grid) else ""
            for r in range(rng.min_row, rng.max_row + 1):
                if r - 1 >= len(grid):
                    break
                row = grid[r - 1]
                if rng.min_col - 1 < len(row):
                    row[rng.min_col - 1] = top
                for c in range(rng.min_col + 1, rng.max_col + 1):
                    if c - 1 < len(row):
                        row[c - 1] = ""
        for n, cells in enumerate(grid, 1):
            if any(cells):
                rows.append(RawRow(cells, n, n, "grid", {"sheet": ws.title}))
        rows.append(RawRow([], len(grid), len(grid), "break", {"sheet": ws.title}))
    return rows
