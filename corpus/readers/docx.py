"""Word .docx: paragraphs become `text` rows, table rows become `grid` rows, each table ends in `break`.

Merged cells: a cell merged across columns appears once (later columns it covers are empty), a cell
merged down rows is repeated on every row it covers (filled from its top-left value). Line numbers are
the 1-based position of the paragraph or table row in the body.

Before python-docx builds its tree (which costs many times the XML's size), the archive's declared sizes
are checked and the body is streamed once to count paragraphs, tables, rows, cells and column spans
against the limits.
"""

from __future__ import annotations

import contextlib
import io
import zipfile
from typing import TYPE_CHECKING, Any

from corpus.readers import RawRow, ReaderError, register
from corpus.readers.limits import Counter, get_limits, open_zip, over

if TYPE_CHECKING:
    from assistant.settings import IngestLimits

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _prescan(zf: zipfile.ZipFile, lim: IngestLimits) -> None:
    """Count the body's elements in one streaming pass; raise at the first limit passed."""
    from lxml import etree

    try:
        part = next((n for n in zf.namelist() if n.lower() == "word/document.xml"), None)
    except Exception:
        part = None
    if part is None:
        return  # python-docx says what is wrong with the package
    counter = Counter(lim)
    paragraphs = tables = 0
    row_span = 0
    with zf.open(part) as fh:
        for _event, el in etree.iterparse(fh, events=("end",), huge_tree=False, resolve_entities=False,
                                          no_network=True):
            tag = el.tag
            if tag == _W + "p":
                paragraphs += 1
                if paragraphs > lim.max_paragraphs:
                    raise over("Word段落数", "paragraphs", lim.max_paragraphs, " 段", "max_paragraphs")
            elif tag == _W + "gridSpan":
                with contextlib.suppress(ValueError):
                    row_span += max(1, int(el.get(_W + "val") or 1)) - 1
            elif tag == _W + "tc":
                row_span += 1
                counter.add_cells(1)
            elif tag == _W + "tr":
                counter.row()
                counter.column(row_span)
                row_span = 0
            elif tag == _W + "tbl":
                tables += 1
                if tables > lim.max_word_tables:
                    raise over("Word表格数", "Word tables", lim.max_word_tables, " 个", "max_word_tables")
            else:
                continue
            if tag in (_W + "p", _W + "tbl"):
                # Free what was read: the element and the siblings before it.
                el.clear()
                parent = el.getparent()
                if parent is not None:
                    while el.getprevious() is not None:
                        del parent[0]


@register("docx", ".docx")
def read_docx(data: bytes, limits: IngestLimits | None = None) -> list[RawRow]:
    lim = get_limits(limits)
    zf = open_zip(data, lim, "Word", ".docx")
    try:
        _prescan(zf, lim)
    except (ReaderError, MemoryError):
        raise
    except Exception as exc:  # malformed XML
        raise ReaderError(f"无法打开Word文件：{type(exc).__name__} / not a readable .docx file") from exc
    finally:
        zf.close()
    return _read(data)


def _read(data: bytes) -> list[RawRow]:
    document: Any
    try:
        import docx  # python-docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReaderError("无法打开Word文件（文件损坏或不是.docx）/ not a readable .docx file") from exc
    except Exception as exc:  # python-docx raises assorted lxml/package errors on junk
        raise ReaderError(f"无法打开Word文件：{type(exc).__name__} / not a readable .docx file") from exc
    rows: list[RawRow] = []
    pos = 0
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            pos += 1
            text = Paragraph(child, document).text.strip()
            if text:
                rows.append(RawRow([text], pos, pos, "text"))
        elif tag == "tbl":
            table = Table(child, document)
            for cells in _table_rows(table):
                pos += 1
                rows.append(RawRow(cells, pos, pos, "grid"))
            rows.append(RawRow([], pos, pos, "break"))
    return rows


def _table_rows(table: Any) -> list[list[str]]:
    """Each row's cells, one per grid column, read from the markup in one pass.

    A cell spanning columns (gridSpan) is followed by empty cells; a cell continuing a vertical merge
    (vMerge) repeats the text of the cell that starts it. python-docx's `_Row.cells` gives the same
    but walks up the table for every continued cell, recursively: minutes and a RecursionError at a
    thousand merged rows.
    """
    from docx.table import _Cell

    out: list[list[str]] = []
    top: dict[int, str] = {}  # grid column -> text of the cell a vertical merge there started with
    for tr in table._tbl.iterchildren(_W + "tr"):
        cells: list[str] = []
        before = tr.find(f"{_W}trPr/{_W}gridBefore")
        if before is not None:
            with contextlib.suppress(ValueError, TypeError):
                cells.extend([""] * max(0, min(int(before.get(_W + "val") or 0), 256)))
        for tc in tr.iterchildren(_W + "tc"):
            col = len(cells)
            span_el = tc.find(f"{_W}tcPr/{_W}gridSpan")
            span = 1
            if span_el is not None:
                with contextlib.suppress(ValueError, TypeError):
                    span = max(1, min(int(span_el.get(_W + "val") or 1), 256))
            vm_el = tc.find(f"{_W}tcPr/{_W}vMerge")
            vm = None if vm_el is None else (vm_el.get(_W + "val") or "continue")
            if vm == "continue":
                text = top.get(col, "")
            else:
                text = _Cell(tc, table).text.strip()
                top[col] = text
            cells.append(text)
            cells.extend([""] * (span - 1))
        out.append(cells)
    return out
