"""文档审核 in the browser: the 44-table seed document 003 uploaded, reviewed, navigated worst first,
and its reports offered for download."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

SEED_003 = Path(__file__).resolve().parents[2] / "corpus" / "sources" / "003_61c5a3a787465ec8.txt"


def test_whole_document_review_of_seed_003(page, shot):
    from assistant.review import review_paths

    expected = review_paths([SEED_003])  # the same review the server computes, lint for lint
    page.get_by_role("tab", name="文档审核").click()
    page.locator("#doc-review-files input[type=file]").set_input_files(str(SEED_003))
    page.locator("#doc-review-files").get_by_text("003_61c5a3a787465ec8.txt").first.wait_for(timeout=30_000)
    page.get_by_role("button", name="审核整份文档").click()
    page.get_by_text("共审核44张表").first.wait_for(timeout=120_000)
    worst = expected.tables[0]
    page.get_by_role("heading", name=f"1. {worst.name}（{worst.score:g}分）").wait_for(timeout=30_000)
    # every table is offered in the dropdown, worst first
    page.get_by_label("选择表（按得分从低到高）").click()
    options = page.get_by_role("option")
    options.first.wait_for(timeout=10_000)
    labels = [t.split("\n")[-1].strip() for t in options.all_inner_texts()]  # the chosen one has a ✓
    assert len(labels) == 44
    assert labels[0].startswith(f"1. {worst.name}") and labels[-1].startswith(f"44. {expected.tables[-1].name}")
    # choose the second-worst: its findings table shows as many rows as the linter found
    second = expected.tables[1]
    options.nth(1).click()
    page.get_by_role("heading", name=f"2. {second.name}（{second.score:g}分）").wait_for(timeout=30_000)
    # its findings (the table scrolls virtually, so the first rows are checked, not a row count):
    from assistant.review.document import finding_rows

    first = finding_rows(second)[0]
    grid = page.locator("#doc-review-findings")
    grid.get_by_text(first[5], exact=False).first.wait_for(timeout=30_000)
    assert grid.get_by_text(first[8], exact=True).count() >= 1
    downloads = page.locator("#doc-review-downloads")
    for ext in ("docx", "xlsx", "html"):
        assert downloads.locator(f"a[href*='.{ext}']").count() >= 1, (ext, downloads.inner_text())
    assert page.locator("img[src*='summary']").count() + page.locator("img[alt]").count() >= 1
    shot(page, "document_review")
    assert page.external_requests == []
