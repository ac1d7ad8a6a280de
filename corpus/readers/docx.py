"""Word .docx: paragraphs become `text` rows, table rows become `grid` rows, each table ends in `break`.

Merged cells: a cell merged across columns appears once (later columns it covers are empty), a cell
merged down rows is repeated on every row it covers (filled from its top-left value). Line numbers are
the 1-based position of the paragraph or table row in the body.
"""

from __future__ import annotations

import io
import zipfile

from corpus.readers import RawRow, ReaderError, register


@register("docx", ".docx")
def read_docx(data: bytes) -> list[RawRow]:
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
            for tr in table.rows:
                pos += 1
                cells: list[str] = []
                seen: list[object] = []
                for c in tr.cells:
                    # python-docx repeats a horizontally merged cell once per grid column it spans.
                    if seen and c._tc is seen[-1]:
                        cells.append("")
                        continue
                    seen.append(c._tc)
                    cells.append(c.text.strip())
                rows.append(RawRow(cells, pos, pos, "grid"))
            rows.append(RawRow([], pos, pos, "break"))
    return rows
