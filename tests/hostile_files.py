"""Hostile inputs built in code: zip bombs, far cells, huge merged ranges, long tables, odd encodings.

Shared by the reader tests, the upload tests and `benchmarks/hostile_uploads.py`. Every builder is
quick (well under a second) and small on disk; what it declares inside is what makes it hostile.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path

HEADER = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
ROW = ["产出指标", "数量指标", "培训人次", "全年培训人次", "≥3000人次", "年度计划"]


def small_xlsx(rows: int = 3) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目名称", "职业技能培训"])
    ws.append(HEADER)
    for i in range(rows):
        ws.append([*ROW[:2], f"{ROW[2]}{i}", *ROW[3:]])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rewrite(data: bytes, member: str, edit, extra: dict[str, bytes] | None = None) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == member:
                body = edit(body)
            dst.writestr(info.filename, body)
        for name, body in (extra or {}).items():
            dst.writestr(name, body)
    return out.getvalue()


def far_cell_xlsx() -> bytes:
    """A few real rows and one cell at XFD1048576 (the sheet declares A1:XFD1048576)."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(small_xlsx()))
    wb.active["XFD1048576"] = "x"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def merged_xlsx() -> bytes:
    """A merged range over a million rows of the first six columns, and content in its last row."""
    def edit(xml: bytes) -> bytes:
        xml = xml.replace(b"</sheetData>", b'<row r="1048576"><c r="F1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
        xml = re.sub(rb"<dimension ref=\"[^\"]*\"/>", b'<dimension ref="A1:XFD1048576"/>', xml)
        return xml.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A3:F1048576"/></mergeCells>', 1)
    return _rewrite(small_xlsx(), "xl/worksheets/sheet1.xml", edit)


def many_rows_xlsx(rows: int = 30_000) -> bytes:
    """A sheet with more rows than any goal table (written as raw XML: openpyxl would take seconds)."""
    body = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>产出指标</t></is></c><c r="B{r}"><v>{r}</v></c></row>'
                   for r in range(3, rows + 3))
    return _rewrite(small_xlsx(0), "xl/worksheets/sheet1.xml",
                    lambda xml: xml.replace(b"</sheetData>", body.encode() + b"</sheetData>"))


def _padded(data: bytes, name: str, size: int, chunk: bytes) -> bytes:
    """`data` with one more part that inflates to `size` bytes of `chunk` repeated."""
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as zf, zf.open(name, "w") as fh:
        block = chunk * (1024 * 1024 // len(chunk))
        left = size
        while left > 0:
            fh.write(block[:left])
            left -= len(block)
    return out.getvalue()


def bomb_xlsx(mb: int = 300) -> bytes:
    """An .xlsx whose extra part inflates to `mb` MB (over the uncompressed-size limit)."""
    return _padded(small_xlsx(), "xl/sharedStrings2.xml", mb * 1024 * 1024, b"<si><t>a</t></si>")


def ratio_bomb_xlsx(mb: int = 60) -> bytes:
    """Under the size limit but inflating about 1000 times: a zip bomb by its ratio."""
    return _padded(small_xlsx(), "xl/worksheets/sheet9.xml", mb * 1024 * 1024, b"\0")


def small_docx(paragraphs: int = 1, rows: int = 3) -> bytes:
    import docx

    d = docx.Document()
    for i in range(paragraphs):
        d.add_paragraph(f"段落{i}")
    t = d.add_table(rows=rows + 1, cols=6)
    for c, h in enumerate(HEADER):
        t.cell(0, c).text = h
    for r in range(rows):
        for c, v in enumerate(ROW):
            t.cell(r + 1, c).text = v + (str(r) if c == 2 else "")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _body(data: bytes, xml: bytes) -> bytes:
    return _rewrite(data, "word/document.xml", lambda doc: doc.replace(b"<w:sectPr", xml + b"<w:sectPr", 1))


def paragraphs_docx(n: int = 60_000) -> bytes:
    """Many paragraphs of varied text (compresses like prose, so only counting finds it)."""
    rnd = random.Random(7)
    paras = b"".join(f"<w:p><w:r><w:t>{rnd.getrandbits(40):x}</w:t></w:r></w:p>".encode() for _ in range(n))
    return _body(small_docx(), paras)


def wide_docx(span: int = 1_000_000) -> bytes:
    """A table row one cell of which spans a million grid columns (python-docx repeats it per column)."""
    tbl = (b'<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc><w:tcPr><w:gridSpan w:val="'
           + str(span).encode() + b'"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>')
    return _body(small_docx(), tbl)


def bomb_docx(mb: int = 300) -> bytes:
    """document.xml inflating to `mb` MB of empty paragraphs (a 640 KB file can hold 660 MB)."""
    data = small_docx()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info.filename, src.read(info.filename))
        head, tail = src.read("word/document.xml").split(b"<w:body>")
        with dst.open("word/document.xml", "w") as fh:
            fh.write(head + b"<w:body>")
            block = b"<w:p/>" * 100_000
            for _ in range(mb * 1024 * 1024 // len(block)):
                fh.write(block)
            fh.write(tail)
    return out.getvalue()


def long_table_text(rows: int) -> bytes:
    """A markdown goal table with `rows` indicator rows."""
    lines = ["项目名称：职业技能培训", "", "| " + " | ".join(HEADER) + " |", "|" + "---|" * 6]
    lines += [f"| 产出指标 | 数量指标 | 培训人次{i} | 全年培训人次 | ≥{i}人次 | 年度计划 |" for i in range(rows)]
    return "\n".join(lines).encode("utf-8")


def hostile_files() -> dict[str, bytes]:
    """Every hostile office file, by the name it is uploaded as."""
    return {
        "far_cell.xlsx": far_cell_xlsx(), "merged.xlsx": merged_xlsx(), "many_rows.xlsx": many_rows_xlsx(),
        "bomb.xlsx": bomb_xlsx(), "ratio_bomb.xlsx": ratio_bomb_xlsx(), "paragraphs.docx": paragraphs_docx(),
        "wide.docx": wide_docx(), "bomb.docx": bomb_docx(),
    }


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, data in hostile_files().items():
        (folder / name).write_bytes(data)
        out.append(folder / name)
    return out
