"""The 文档审核 tab's handlers: the whole seed document through upload, progress, navigation, downloads."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.services import Services
from assistant.settings import load_settings
from assistant.ui import document_tab as dt
from assistant.ui.handlers import UserError

SEED_003 = Path(__file__).resolve().parents[3] / "corpus" / "sources" / "003_61c5a3a787465ec8.txt"


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    return Services(load_settings(data_dir=tmp_path_factory.mktemp("data")))


@pytest.fixture(scope="module")
def result(services, tmp_path_factory):
    steps: list[tuple[float, str]] = []
    out = dt.document_review(services, [str(SEED_003)], lambda x, d: steps.append((x, d)),
                             out_dir=tmp_path_factory.mktemp("out"))
    return out, steps


def test_review_reports_progress_summary_charts_and_three_downloads(result):
    (summary, images, problems, _departments, choices, review, files), steps = result
    assert "共审核44张表" in summary
    assert [Path(f).suffix for f in files] == [".docx", ".xlsx", ".html"]
    assert all(Path(f).stat().st_size > 10_000 for f in files)
    assert [Path(i).name for i in images] == ["summary.png", "trainer.png"]
    fractions = [x for x, _ in steps]
    assert fractions == sorted(fractions) and "已审核 44/44 张表" in [d for _, d in steps]
    assert len(choices) == 44 and choices[0][1] == "1"
    assert problems[0][0] == review.by_problem()[0][0]


def test_trainer_view_names_departments_and_their_dominant_problems(result):
    (_, _, _, departments, _, review, _), _ = result
    assert {r[0] for r in departments} == {(t.table.department or "未注明部门") for t in review.tables}
    worst = departments[0]
    assert worst[2] == max(r[2] for r in departments)
    assert worst[4]  # its most frequent problem types, e.g. 指标名称笼统45


def test_navigation_shows_each_table_worst_first(result):
    (_, _, _, _, choices, review, _), _ = result
    md, findings, revised = dt.table_view(review, choices[0][1])
    worst = review.tables[0]
    assert worst.name in md and f"{worst.score:g}分" in md
    assert len(findings) == len(worst.findings)
    assert len(revised) == len(worst.revised.indicators)
    md_last, _, _ = dt.table_view(review, choices[-1][1])
    assert review.tables[-1].name in md_last


def test_bad_input_is_a_chinese_message(services, tmp_path, result):
    with pytest.raises(UserError, match="请先上传"):
        dt.document_review(services, [], None)
    empty = tmp_path / "empty.txt"
    empty.write_text("没有表格的文字。\n", encoding="utf-8")
    with pytest.raises(UserError, match="没有找到绩效目标表"):
        dt.document_review(services, [str(empty)], None)
    with pytest.raises(UserError, match="请先上传文档"):
        dt.table_view(None, "1")
    (_, _, _, _, _, review, _), _ = result
    with pytest.raises(UserError, match="请从列表中选择"):
        dt.table_view(review, "99")
