"""Review and corpus handlers over real services (chromadb in a tmp dir, real .docx/.xlsx files).

Bad input must end in a Chinese UserError, never a traceback, and must never cost the user's corpus.
"""

from __future__ import annotations

import pytest

from assistant.export import write_docx, write_xlsx
from assistant.models import GoalTable, Indicator
from assistant.services import Services
from assistant.settings import load_settings
from assistant.ui import handlers as h

BAD = GoalTable(id="sub", project_name="职业技能培训项目", budget_wan=50, indicators=[
    Indicator(level1="产出指标", level2="数量指标", level3="数量", value="数量"),
    Indicator(level1="产出指标", level2="质量指标", level3="培训合格率", value="≥90完成比例"),
    Indicator(level1="效益指标", level2="社会效益指标", level3="促进就业工作", value="效果明显"),
    Indicator(level1="满意度指标", level2="服务对象满意度指标", level3="参训人员满意度", value="≤100%"),
])


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    data = tmp_path_factory.mktemp("svc")
    s = Services(load_settings(data_dir=data, embedding={"name": "hash"}, ui={"max_upload_mb": 1}))
    s.prepare()
    return s


@pytest.mark.parametrize("writer,suffix", [(write_docx, ".docx"), (write_xlsx, ".xlsx")])
def test_a_submitted_office_file_is_reviewed_and_fixed(services, tmp_path, writer, suffix):
    path = writer([BAD], tmp_path / f"提交{suffix}")
    rows, summary, state = h.review_run(services, "", str(path))
    flagged = {r[1] for r in rows}
    assert {"数量", "培训合格率", "促进就业工作", "参训人员满意度"} <= flagged
    assert "表格得分" in summary
    grid, message, state = h.review_apply(services, state, "")
    assert message.startswith("已采纳全部")
    values = {r[2]: r[4] for r in grid}
    assert values.get("培训合格率") == "≥90%"
    with pytest.raises(h.UserError, match="第 99 行不存在"):  # a row the table does not have
        h.review_apply(services, state, "99")
    comments = h.review_export(services, state, "comments")
    assert comments.endswith((".docx", ".xlsx"))


@pytest.mark.parametrize("name,data,message", [
    ("损坏.docx", b"PK\x03\x04 this is not a real docx", "无法打开Word文件"),
    ("空.txt", b"", "是空文件"),
    ("没有表.txt", "这是一段说明文字，没有任何指标表。\n".encode() * 20, "没有找到绩效目标表"),
    ("乱码.xlsx", bytes(range(256)) * 40, "无法打开Excel文件"),
])
def test_bad_files_give_a_chinese_message(services, tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(h.UserError, match=message) as info:
        h.review_run(services, "", str(path))
    assert "Traceback" not in str(info.value)


def test_an_oversized_upload_is_refused_before_it_is_read(services, tmp_path):
    path = tmp_path / "大文件.txt"
    with path.open("wb") as fh:  # 2 MB against a 1 MB limit
        fh.seek(2 * 1024 * 1024)
        fh.write(b"\n")
    with pytest.raises(h.UserError, match="文件过大"):
        h.review_run(services, "", str(path))
    msg, _rows = h.corpus_upload(services, [str(path)])
    assert "文件过大" in msg


def test_a_bad_upload_never_costs_the_corpus(services, tmp_path):
    before = services.corpus.summary()
    broken = tmp_path / "坏文件.docx"
    broken.write_bytes(b"PK\x03\x04 not a docx")
    good = write_docx([BAD.model_copy(update={"id": "new", "project_name": "新上传的培训项目"})], tmp_path / "好文件.docx")
    msg, rows = h.corpus_upload(services, [str(broken), str(good)])
    assert "✖ 坏文件.docx" in msg and "✔ 好文件.docx" in msg
    after = services.corpus.summary()
    assert after["tables"] == before["tables"] + 1 and after["rows"] == before["rows"] + 4
    assert any("好文件.docx" in str(r[0]) for r in rows)
    # A fresh process (a restart) sees the same corpus: the upload was written through, not just cached.
    again = Services(services.settings)
    assert again.corpus.summary() == after
    hits = again.index.search_rows("新上传的培训项目 培训合格率", k=5, mode="lexical")
    assert any(hit.project_name == "新上传的培训项目" for hit in hits)


def test_the_quality_chart_has_chinese_glyphs(services, recwarn):
    # A stale matplotlib font cache (fonts installed after the first chart) used to draw every label as boxes.
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    assert h.cjk_font_family(font_manager), "no CJK font: make test installs fonts-noto-cjk"
    path = h.quality_chart_png(services)
    missing = [str(w.message) for w in recwarn if "missing from font" in str(w.message)]
    assert not missing, missing[:3]
    assert path.endswith(".png")


def test_accept_all_reports_the_revised_tables_own_score_and_what_is_left(services, tmp_path):
    """A table whose rows are all ≥80百分率: the page's projected score is the lint score of the table that
    全部采纳 produces, and the rows it could not clean are named with the reason."""
    import re

    from assistant.authoring.improve import Improvement
    from assistant.lint import score_table

    rows = [Indicator(level1="产出指标", level2="数量指标", level3="工作实施量", value="≥80百分率"),
            Indicator(level1="产出指标", level2="质量指标", level3="培训合格率", value="≥80百分率"),
            Indicator(level1="效益指标", level2="社会效益指标", level3="创造价值的指标", value="≥80百分率")]
    path = write_xlsx([GoalTable(id="pct", project_name="职业技能培训项目", indicators=rows)], tmp_path / "百分率.xlsx")
    _, summary, state = h.review_run(services, "", str(path))
    imp = Improvement.model_validate(state["improvement"])
    projected = int(re.search(r"全部采纳修改后 (\d+)/100", summary).group(1))
    assert projected == round(score_table(imp.improved).score)
    grid, message, _ = h.review_apply(services, state, "")
    still = [r[2] for r in grid if "⚠" in r[6] or "✖" in r[6]]  # rows the revised table still flags
    if still:
        assert "需要人工修改" in message and all(name in message for name in still)
    else:
        assert "无警告" in message
    assert imp.improved.indicators[1].value == "≥80%"
