"""Pasted tables as Excel and Word put them on the clipboard, read by the one reader path.

The clipboard texts are built by hand in the forms the applications write (plain-text flavour):
- Excel: a line per row ending in CRLF; every row has the selection's width in tabs, so an empty cell
  (and every cell of a merged 一级/二级 area but its first) is an empty string between tabs; a cell that
  holds a line break or a double quote is wrapped in double quotes with inner quotes doubled.
- Word (copying table rows): tabs between cells, CRLF between rows, nothing quoted; a cell with two
  paragraphs splits its row over two lines; a vertically merged cell has its text in its first row only.
- Word saved/exported as text with one cell per line, each indented by a tab (`\\tX`), a blank line
  between rows: the existing text reader's `cells` form.
"""

from __future__ import annotations

import pytest

from assistant.lint import lint_table
from corpus.ingest import PASTE_NAME, ingest_bytes, ingest_paste
from corpus.readers import choose_reader
from tests.clipboard_tables import CLEAN, HEADER, excel_clipboard

ROWS = CLEAN
EXPECT = [
    ("产出指标", "数量指标", "购置设备数量", "120台"),
    ("产出指标", "质量指标", "设备验收合格率", "100%"),
    ("产出指标", "时效指标", "设备安装完成时间", "2025年12月底前"),
    ("产出指标", "成本指标", "设备购置成本", "≤120万元"),
    ("效益指标", "社会效益指标", "服务群众人次", "≥5000人次"),
    ("效益指标", "可持续影响指标", "设备使用年限", "≥5年"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%"),
]


def word_clipboard(rows: list[list[str]]) -> str:
    # Paragraphs inside a cell are separate lines; nothing is quoted.
    return "".join("\t".join(c.replace("\n", "\r\n") for c in r) + "\r\n" for r in rows)


def word_cell_per_line(rows: list[list[str]]) -> str:
    return "".join("".join(f"\t{c}\n" for c in r) + "\n" for r in rows)


def seen(text: str) -> list[tuple[str | None, ...]]:
    t = ingest_paste(text).tables[0]
    return [(i.level1, i.level2, i.level3, i.value) for i in t.indicators]


def test_the_issue_row_lands_in_its_columns():
    # "\t质量指标\t设备验收合格率\t\t100%\t": 二级=质量指标, 三级=设备验收合格率, 指标值=100%, 一级 from above.
    text = excel_clipboard([HEADER, ROWS[0]]) + "\t质量指标\t设备验收合格率\t\t100%\t\r\n"
    t = ingest_paste(text).tables[0]
    row = t.indicators[1]
    assert (row.level1, row.level2, row.level3, row.value, row.basis) == ("产出指标", "质量指标", "设备验收合格率", "100%", None)


@pytest.mark.parametrize("with_header", [True, False])
@pytest.mark.parametrize("form", [excel_clipboard, word_clipboard, word_cell_per_line])
def test_clipboard_forms_read_the_same_and_lint_clean(form, with_header):
    rows = [HEADER, *ROWS] if with_header else ROWS
    if form is word_cell_per_line and not with_header:
        pytest.skip("one cell per line without a header: no way to tell a blank cell, kept to the header form")
    text = form(rows)
    assert seen(text) == EXPECT
    t = ingest_paste(text).tables[0]
    assert [f for f in lint_table(t)] == []  # no false findings on a clean pasted table


def test_excel_quoted_cell_with_line_break_and_quotes():
    rows = [HEADER, ["产出指标", "数量指标", "培训人次", '组织“技能”培训\n覆盖"全县"', "≥3000人次", "项目计划"],
            ["", "质量指标", "培训合格率", "", "≥95%", "行业标准"]]
    text = excel_clipboard(rows)
    assert '"组织“技能”培训\n覆盖""全县"""' in text
    t = ingest_paste(text).tables[0]
    assert t.indicators[0].description == '组织“技能”培训 覆盖"全县"'
    assert t.indicators[1].level1 == "产出指标" and t.indicators[1].value == "≥95%"


def test_word_row_split_by_a_two_paragraph_cell_is_joined():
    rows = [HEADER, ["产出指标", "数量指标", "培训人次", "组织培训\n覆盖全县", "≥3000人次", "项目计划"], ROWS[1]]
    t = ingest_paste(word_clipboard(rows)).tables[0]
    assert [(i.level3, i.description, i.value) for i in t.indicators] == [
        ("培训人次", "组织培训 覆盖全县", "≥3000人次"), ("设备验收合格率", None, "100%")]
    assert not any(i.uncertain for i in t.indicators)


def test_markdown_with_and_without_header():
    body = "| 产出指标 | 数量指标 | 培训人次 | | 3000人次 | 项目计划 |\n| | 质量指标 | 培训合格率 | | ≥95% | 行业标准 |\n"
    head = "| " + " | ".join(HEADER) + " |\n|---|---|---|---|---|---|\n"
    for text in (head + body, body):
        assert seen(text) == [("产出指标", "数量指标", "培训人次", "3000人次"), ("产出指标", "质量指标", "培训合格率", "≥95%")]


def test_headerless_columns_are_inferred_from_content_not_position():
    # Columns chosen in another order (三级 first): ≥95% is a value, 数量指标 a 二级, 产出指标 a 一级.
    text = "培训人次\t产出指标\t数量指标\t3000人次\t项目计划\r\n培训合格率\t产出指标\t质量指标\t≥95%\t行业标准\r\n"
    assert seen(text) == [("产出指标", "数量指标", "培训人次", "3000人次"), ("产出指标", "质量指标", "培训合格率", "≥95%")]


def test_paste_and_tsv_upload_use_the_same_reader():
    text = excel_clipboard([HEADER, *ROWS])
    assert choose_reader(PASTE_NAME, text.encode()) == choose_reader("表.tsv", text.encode()) == "clipboard"
    a = ingest_paste(text).tables[0].indicators
    b = ingest_bytes("表.tsv", text.encode()).tables[0].indicators
    assert [i.model_dump() for i in a] == [i.model_dump() for i in b]


def test_prose_with_tabs_is_not_a_table():
    with pytest.raises(ValueError):
        ingest_paste("说明\t这不是表格\r\n第二行\t也不是\r\n")


def test_the_seed_documents_stay_with_the_text_reader():
    # Their tab rows vary in width and their Word part is one cell per line: not a clipboard block.
    from pathlib import Path

    seeds = sorted((Path(__file__).resolve().parents[4] / "corpus" / "sources").glob("*.txt"))
    assert seeds
    for p in seeds:
        assert choose_reader(p.name, p.read_bytes()) == "text", p.name
