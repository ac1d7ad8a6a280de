"""The same app reached through `gradio_client` by its api_names: the contract scripts and benchmarks use."""

from __future__ import annotations

import pytest

from tests.e2e.test_app import BAD_TABLE

gradio_client = pytest.importorskip("gradio_client")

BRIEF = ["职业技能培训项目", "组织开展职业技能培训3000人次，培训后就业率达到60%", "78.71", "某区人社局", "", "2025", ""]

# The draft grid as gradio_client sends a Dataframe: an empty draft (nothing to overwrite).
NO_GRID = {"headers": ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据", "检查结果", "理由与引用"],
           "data": [["", "", "", "", "", "", "", ""]]}


@pytest.fixture(scope="module")
def client(app_url):
    return gradio_client.Client(app_url, verbose=False)


def test_suggest_endpoint_returns_a_fileable_grid(client):
    # gr.State outputs are not exposed over the API: grid, goals, notes, alternatives, the overwrite warning.
    # The current grid and goals are inputs too (NO_GRID: an empty draft, nothing to overwrite).
    grid, goals, notes, *_ = client.predict(*BRIEF, NO_GRID, "", api_name="/suggest")
    rows = grid["data"]
    assert 8 <= len(rows) <= 20
    cells = ["|".join(str(c) for c in r) for r in rows]
    assert any("≥3000人次" in c for c in cells)
    assert any("≤78.71万元" in c for c in cells)
    assert "3000" in goals or "培训" in goals
    assert isinstance(notes, str)


def test_review_endpoint_flags_rows(client):
    findings, summary, *_ = client.predict(BAD_TABLE, None, api_name="/review")
    text = "|".join("|".join(str(c) for c in r) for r in findings["data"])
    assert "指标值不可衡量" in text
    assert summary


def test_empty_brief_is_a_chinese_error_not_a_traceback(client):
    with pytest.raises(Exception, match="请填写项目名称") as info:
        client.predict("", "", "", "", "", "", "", NO_GRID, "", api_name="/suggest")
    assert "Traceback" not in str(info.value)


def test_chat_endpoint_answers(client):
    history, box, *_ = client.predict("为什么满意度是≥90%?", [], NO_GRID, "", api_name="/chat")
    assert box == ""
    answer = str(history[-1])
    # The draft from the suggest call in this client session has its own satisfaction target; the answer
    # explains that row and says so when the asked value differs.
    assert "满意度" in answer and "依据" in answer
    assert "≥90%" in answer


def test_corpus_upload_endpoint_adds_a_real_docx(client, tmp_path):
    from assistant.export import write_docx
    from assistant.models import GoalTable, Indicator

    table = GoalTable(id="e2e-upload", project_name="端到端上传的水利项目", indicators=[
        Indicator(level1="产出指标", level2="数量指标", level3="治理河道长度", value="≥15公里"),
        Indicator(level1="满意度指标", level2="服务对象满意度指标", level3="受益群众满意度", value="≥90%")])
    path = write_docx([table], tmp_path / "水利项目.docx")
    message, sources = client.predict([gradio_client.handle_file(str(path))], api_name="/corpus_upload")
    assert "✔ 水利项目.docx" in message
    assert any("水利项目.docx" in str(r[0]) for r in sources["data"])
