"""审核 in a real browser: an Excel paste through the real clipboard, clicking a finding, editing the
revised table, and downloads read back with openpyxl / python-docx.

The paste goes through the browser's clipboard (navigator.clipboard.writeText, then Ctrl+V in the box),
in the form Excel puts there: tab-separated cells, CRLF rows, blank cells where 一级 is merged.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.clipboard_tables import BAD, CLEAN, HEADER, excel_clipboard

pytestmark = pytest.mark.e2e

def paste(page, text):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=page.url.rstrip("/"))
    box = page.locator("#review-paste textarea")
    box.click()
    page.evaluate("t => navigator.clipboard.writeText(t)", text)
    page.keyboard.press("Control+V")
    assert "\t质量指标\t" in box.input_value()  # the blank merged cell arrived as an empty cell


def cell(page, grid, r, c):
    return page.locator(f"#{grid} [data-testid='cell-{r}-{c}']").first


def wait_text(page, grid, r, c, text, timeout=60_000):
    page.wait_for_function(
        "([g, r, c, t]) => { const e = document.querySelector(`#${g} [data-testid='cell-${r}-${c}']`);"
        " return e && e.innerText.trim().split(\"\\n\")[0] === t; }", arg=[grid, r, c, text], timeout=timeout)


def download(page, button, suffix):
    """Click an export button, wait for the new file's link, download it; the bytes as a file object."""
    import io

    js = "() => { const a = document.querySelector('#review-file a'); return a ? a.href : ''; }"
    before = page.evaluate(js)
    page.get_by_role("button", name=button).click()
    page.wait_for_function(f"b => ({js})() && ({js})() !== b", arg=before, timeout=60_000)
    with page.expect_download() as info:
        page.locator("#review-file a").first.click()
    assert info.value.suggested_filename.endswith(suffix)
    with open(info.value.path(), "rb") as fh:
        return io.BytesIO(fh.read())


@pytest.mark.parametrize("with_header", [True, False])
def test_excel_paste_with_blank_merged_cells_lands_in_the_right_columns(page, with_header):
    page.get_by_role("tab", name="审核", exact=True).click()
    paste(page, excel_clipboard([HEADER, *CLEAN] if with_header else CLEAN))
    page.get_by_role("button", name="开始审核").click()
    page.get_by_text("0 个问题").first.wait_for(timeout=60_000)
    wait_text(page, "review-improved", 1, 2, "设备验收合格率")
    assert [cell(page, "review-improved", 1, c).inner_text().strip() for c in (0, 1, 2, 4)] == [
        "产出指标", "质量指标", "设备验收合格率", "100%"]
    assert cell(page, "review-improved", 1, 6).inner_text().strip() == "✔ 通过"
    assert page.locator("#review-findings [data-testid='cell-0-0']").count() == 0  # no finding rows
    assert page.external_requests == []


def test_click_a_finding_apply_it_edit_the_table_and_export(page, shot, tmp_path):
    page.get_by_role("tab", name="审核", exact=True).click()
    paste(page, excel_clipboard([HEADER, *BAD]))
    page.get_by_role("button", name="开始审核").click()
    page.get_by_text("指标值不可衡量").first.wait_for(timeout=60_000)
    # Click the finding of row 2 (养护验收合格率): its number and fix appear, then it is applied.
    findings = page.locator("#review-findings [data-testid^='cell-'][data-col='0']")
    target = next(i for i in range(findings.count()) if findings.nth(i).inner_text().strip() == "2")
    findings.nth(target).click()
    page.wait_for_function("() => document.querySelector('#review-rows textarea, #review-rows input').value === '2'",
                           timeout=30_000)
    assert "养护验收合格率" in page.locator("#review-detail").inner_text()
    page.get_by_role("button", name="采纳此行修改").click()
    wait_text(page, "review-improved", 1, 4, "≥95%")
    # Edit row 4's value by hand: the table is re-checked live and shows its score.
    target_cell = cell(page, "review-improved", 3, 4)
    target_cell.dblclick()
    page.keyboard.press("Control+A")
    page.keyboard.type("≥80%")
    page.keyboard.press("Enter")
    page.get_by_text("已按修改后的表重新检查").first.wait_for(timeout=60_000)
    assert re.search(r"得分 \d+/100", page.locator("#review-apply-msg").inner_text())
    shot(page, "review_edit")
    path = download(page, "导出修改后的表", ".xlsx")
    ws = load_workbook(path).worksheets[0]
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert "≥80%" in values and "≥95%" in values and "效果明显" not in values
    opinion = download(page, "导出审核意见（docx）", ".docx")
    doc = Document(opinion)
    assert doc.paragraphs[0].text == "绩效目标审核意见"
    head = [c.text for c in doc.tables[0].rows[0].cells]
    assert head[0] == "序号" and head[-1] == "规则代码"
    assert all(re.fullmatch(r"ZB\d{3}", r.cells[-1].text) for r in doc.tables[0].rows[1:])
    # It opens in LibreOffice (when installed; scripts/render_export_samples.py renders it for docs/).
    if shutil.which("soffice"):
        src = tmp_path / "审核意见.docx"
        src.write_bytes(opinion.getvalue())
        subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                       check=True, timeout=240, capture_output=True)
        assert (tmp_path / "审核意见.pdf").stat().st_size > 10_000
