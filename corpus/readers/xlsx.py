"""Excel .xlsx: every sheet's rows become `grid` rows (line = sheet row number), a `break` ends a sheet.

Merged ranges: the top-left value fills the rows a range covers; columns it covers to the right stay
empty, so a label merged across the header block reads as one cell.

The sheet is streamed (openpyxl read-only mode, its sheet parser) and kept sparse: only rows that hold
cells are stored, so a cell at XFD1048576 or a declared dimension of a million rows costs nothing, and
rows, cells, columns and merged areas are counted against the limits as they arrive.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from corpus.readers import RawRow, ReaderError, register
from corpus.readers.limits import Counter, LimitError, get_limits, open_zip, over

if TYPE_CHECKING:
    from assistant.settings import IngestLimits


def _text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


@register("xlsx", ".xlsx", ".xlsm")
def read_xlsx(data: bytes, limits: IngestLimits | None = None) -> list[RawRow]:
    lim = get_limits(limits)
    open_zip(data, lim, "Excel", ".xlsx").close()
    try:
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ReaderError:
        raise
    except MemoryError:
        raise
    except Exception as exc:  # openpyxl raises assorted errors on junk
        raise ReaderError(f"无法打开Excel文件：{type(exc).__name__} / not a readable .xlsx file") from exc
    counter = Counter(lim)
    rows: list[RawRow] = []
    try:
        for ws in wb.worksheets:
            rows.extend(_read_sheet(wb, ws, counter))
    except (ReaderError, MemoryError):
        raise
    except Exception as exc:
        raise ReaderError(f"无法读取Excel工作表：{type(exc).__name__} / unreadable .xlsx sheet") from exc
    finally:
        wb.close()
    return rows


def _read_sheet(wb: Any, ws: Any, counter: Counter) -> list[RawRow]:
    from openpyxl.worksheet._reader import WorkSheetParser  # the parser read-only sheets use

    lim = counter.limits
    if not hasattr(ws, "_get_source"):  # a chartsheet: no cells
        return []
    sparse: dict[int, dict[int, str]] = {}
    width = 0
    with ws._get_source() as src:
        parser = WorkSheetParser(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        for idx, cells in parser.parse():
            counter.row()
            got: dict[int, str] = {}
            for c in cells:
                text = _text(c["value"])
                if not text:
                    continue  # a styled empty cell, however far out, is not content
                col = int(c["column"])
                counter.column(col)
                got[col] = text
            counter.add_cells(len(got))
            if got:
                sparse[idx] = got
                width = max(width, max(got))
        merged = parser.merged_cells.mergeCell if parser.merged_cells else []
    last_row = max(sparse, default=0)
    ranges = []
    area = 0
    for m in merged:
        try:
            from openpyxl.worksheet.cell_range import CellRange

            rng = CellRange(m.ref)
        except Exception:
            continue
        if rng.min_row > last_row or rng.min_col > width:
            continue  # nothing of the sheet's content is under it
        r2, c2 = min(rng.max_row, last_row), min(rng.max_col, width)
        area += (r2 - rng.min_row + 1) * (c2 - rng.min_col + 1)
        if area > lim.max_cells:
            raise over("合并单元格的面积", "merged cell area", lim.max_cells, " 个单元格", "max_cells")
        ranges.append((rng.min_row, rng.min_col, r2, c2))
    for r1, c1, r2, c2 in ranges:
        top = sparse.get(r1, {}).get(c1, "")
        for r in range(r1, r2 + 1):
            row = sparse.setdefault(r, {})
            if top:
                row[c1] = top
            else:
                row.pop(c1, None)
            for c in range(c1 + 1, c2 + 1):
                row.pop(c, None)
    out: list[RawRow] = []
    for n in sorted(sparse):
        got = sparse[n]
        if not got:
            continue
        cells = [""] * width
        for c, text in got.items():
            cells[c - 1] = text
        out.append(RawRow(cells, n, n, "grid", {"sheet": ws.title}))
    out.append(RawRow([], last_row, last_row, "break", {"sheet": ws.title}))
    return out


__all__ = ["LimitError", "read_xlsx"]
