"""Whole-document review: the seed document 003 end to end, findings equal to `zhibiao lint`, worst
first, goals whose stated target no row carries, and the three report formats."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.models import GoalTable, Indicator
from assistant.review import review_paths
from assistant.review.document import goal_gaps, review_tables

ROOT = Path(__file__).resolve().parents[3]
SEED_003 = ROOT / "corpus" / "sources" / "003_61c5a3a787465ec8.txt"


@pytest.fixture(scope="module")
def seed_review():
    return review_paths([SEED_003])


def _lint_json(path: Path, capsys) -> dict:
    capsys.readouterr()
    main(["lint", str(path), "--format", "json"])
    return json.loads(capsys.readouterr().out)


def test_seed_003_every_table_present_worst_first_and_findings_equal_lint(seed_review, capsys):
    lint = _lint_json(SEED_003, capsys)
    assert len(lint["tables"]) == 44
    assert len(seed_review.tables) == 44
    by_id = {t.table.id: t for t in seed_review.tables}
    assert set(by_id) == {t["id"] for t in lint["tables"]}
    for t in lint["tables"]:
        mine = [f.model_dump(mode="json") for f in by_id[t["id"]].findings]
        assert mine == t["findings"], t["id"]
        assert by_id[t["id"]].score == pytest.approx(t["score"], abs=0.05)
    scores = [t.score for t in seed_review.tables]
    assert scores == sorted(scores)
    assert seed_review.errors == lint["errors"] and seed_review.warnings == lint["warnings"]
    # positions are the document order, so a reviewer can find each table in the original
    assert sorted(t.position for t in seed_review.tables) == list(range(1, 45))


def test_summary_counts_add_up(seed_review):
    assert sum(n for _, n in seed_review.score_distribution()) == 44
    assert sum(e for _, e, _, _ in seed_review.by_problem()) == seed_review.errors
    assert sum(w for _, _, w, _ in seed_review.by_problem()) == seed_review.warnings
    assert sum(rows for _, rows, _, _ in seed_review.by_department()) == seed_review.rows
    assert seed_review.summary_lines()[0].startswith("共审核44张表")


def test_revised_table_is_the_linters_own_fix(seed_review):
    # Every rewritten row comes from the findings' replacements, and the rewrite is shown beside them.
    rewrites = [(t, rw) for t in seed_review.tables for rw in t.improvement.rewrites]
    assert rewrites
    for tr, rw in rewrites:
        assert tr.revised.indicators[rw.row] == rw.after != rw.before
        assert tr.rewrite_of(rw.row) == f"{rw.after.level3 or ''}：{rw.after.value or ''}"
        replacements = {f.replacement for f in tr.findings if f.row == rw.row and f.replacement}
        assert replacements, "a row changed without a lint fix"
    changed = [r for t in seed_review.tables for r in t.improvement.rewrites if "百分率" in (r.before.value or "")]
    assert any("%" in (r.after.value or "") for r in changed)


def _table(goals: list[str], rows: list[tuple[str, str]]) -> GoalTable:
    return GoalTable(id="t", project_name="职业技能培训", goals=goals, indicators=[
        Indicator(level1="产出指标", level2="数量指标", level3=n, value=v) for n, v in rows])


def test_a_goal_target_no_row_carries_is_reported_and_a_carried_one_is_not():
    t = _table(["组织开展职业技能培训3000人次，培训后就业率达到60%，12月底前完成"],
               [("培训人次", "≥3000人次"), ("培训合格率", "≥90%")])
    gaps = goal_gaps(t)
    assert [g.target for g in gaps] == ["60%"]
    assert gaps[0].clause == "培训后就业率达到60%"
    # dates are deadlines, not targets; a covered number written with a thousands comma still counts
    t2 = _table(["2025年培训3,000人次"], [("培训人次", "≥3000人次")])
    assert goal_gaps(t2) == []


def test_empty_input_is_a_clear_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("这里没有目标表。\n", encoding="utf-8")
    with pytest.raises(ValueError, match="没有找到绩效目标表"):
        review_paths([empty])
    assert review_tables([]).tables == []


def test_reports_in_three_formats(seed_review, tmp_path):
    from openpyxl import load_workbook

    from assistant.review.report import write_report

    charts = {"summary": _png(), "trainer": _png()}
    docx = write_report(seed_review, tmp_path / "r.docx", charts)
    xlsx = write_report(seed_review, tmp_path / "r.xlsx", charts)
    html = write_report(seed_review, tmp_path / "r.html", charts)

    from docx import Document

    d = Document(str(docx))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "目录" in text and "一、审核概况" in text
    worst = seed_review.tables[0]
    # one heading per table, in worst-first order
    heads = [p.text for p in d.paragraphs if p.text.split(".")[0].strip().isdigit() and "分）" in p.text]
    assert len(heads) == 2 * 44  # once in 目录, once as the section heading
    assert heads[44].startswith(f"1. {worst.name}")
    assert len(d.inline_shapes) == 2
    footer = zipfile.ZipFile(docx).read("word/footer1.xml").decode()
    assert "PAGE" in footer
    assert len(d.sections) == 45

    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["汇总", "问题清单", "修改后的表"]
    assert wb["问题清单"].max_row - 1 == sum(len(t.findings) for t in seed_review.tables)
    assert wb["修改后的表"].max_row - 1 == seed_review.rows
    assert wb["汇总"]["B2"].value == worst.name

    page = html.read_text(encoding="utf-8")
    assert page.count("<section") == 44 and "data:image/png;base64," in page
    assert page.index(worst.name) < page.index(seed_review.tables[-1].name)


def _png() -> bytes:
    import matplotlib

    from assistant.review.charts import png_bytes

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, _ = plt.subplots(figsize=(2, 1))
    return png_bytes(fig)


def test_charts_are_drawn_for_the_document(seed_review):
    from assistant.review.charts import chart_pngs, department_problems

    pngs = chart_pngs(seed_review)
    assert set(pngs) == {"summary", "trainer"}
    assert all(p.startswith(b"\x89PNG") and len(p) > 20_000 for p in pngs.values())
    deps = [d for d, *_ in seed_review.by_department()]
    per = department_problems(seed_review, deps, [p[0] for p in seed_review.by_problem()])
    total = sum(v for d in per.values() for v in d.values())
    assert total == seed_review.errors + seed_review.warnings


def test_cli_review_writes_the_report_and_refuses_bad_input(tmp_path, capsys):
    out = tmp_path / "report.xlsx"
    assert main(["review", str(SEED_003), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "共审核44张表" in said and out.exists()
    assert main(["review", str(SEED_003), "--out", str(tmp_path / "r.pdf")]) == 2
    err = capsys.readouterr().err
    assert "须以 .docx、.xlsx 或 .html 结尾" in err and "must end in" in err
    assert main(["review", str(tmp_path / "missing.txt"), "--out", str(out)]) == 2
    assert "找不到文件" in capsys.readouterr().err
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as z:
        assert "xl/workbook.xml" in z.namelist()


def test_docx_contents_is_a_word_toc_field_with_links_to_each_heading(seed_review, tmp_path):
    from lxml import etree

    from assistant.review.report import write_report

    docx = write_report(seed_review, tmp_path / "r.docx", {"summary": _png(), "trainer": _png()})
    z = zipfile.ZipFile(docx)
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    w = "{" + ns["w"] + "}"
    body = etree.fromstring(z.read("word/document.xml")).find("w:body", ns)
    instr = [t.text.strip() for t in body.iter(f"{w}instrText")]
    assert instr[0] == 'TOC \\o "1-2" \\h \\z \\u'
    # The field is well formed: every begin has its separate and end, in order.
    kinds = [c.get(f"{w}fldCharType") for c in body.iter(f"{w}fldChar")]
    depth = 0
    for k in kinds:
        depth += {"begin": 1, "end": -1}.get(k, 0)
        assert depth >= 0
    assert depth == 0 and kinds.count("begin") == kinds.count("separate") == len(instr)

    def text(el) -> str:  # the visible text: w:t outside field instructions
        return "".join(t.text or "" for t in el.iter(f"{w}t"))

    # The entries are written out (read without a field update), each a link to a bookmark ...
    links = [(a.get(f"{w}anchor"), text(a)) for a in body.iter(f"{w}hyperlink")]
    expected = ["一、审核概况", "二、各表审核意见（按得分从低到高）"] + [
        f"{i}. {t.name}（{t.score:g}分）" for i, t in enumerate(seed_review.tables, 1)]
    assert [t for _, t in links] == expected
    assert len({a for a, _ in links}) == len(links)
    assert instr[1:1 + len(links)] == [f"PAGEREF {a} \\h" for a, _ in links]
    # ... that sits on the heading of that name, which carries the outline level the TOC field collects.
    marks = {}
    for p in body.iter(f"{w}p"):
        for b in p.iter(f"{w}bookmarkStart"):
            lvl = p.find("w:pPr/w:outlineLvl", ns)
            marks[b.get(f"{w}name")] = (text(p), lvl.get(f"{w}val") if lvl is not None else None)
    assert [marks[a] for a, _ in links] == [(t, "0" if k < 2 else "1") for k, t in enumerate(expected)]
    heads = [n for n, _ in links]
    order = [b.get(f"{w}name") for b in body.iter(f"{w}bookmarkStart")]
    assert order == heads  # the headings come in the 目录's order
    settings = etree.fromstring(z.read("word/settings.xml"))
    assert settings.find("w:updateFields", ns).get(f"{w}val") == "true"  # Word fills in the page numbers
