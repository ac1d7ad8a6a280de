"""Uploads are content-addressed and kept by a normalised name (issue 20).

A changed file under the same name replaces its tables at once and after a restart; names that a
folder walk would skip (README.md, dot files, Windows paths) are kept; one upload can be removed.
"""

from __future__ import annotations

import pytest

from assistant.corpus_store import upload_name
from assistant.services import Services
from assistant.settings import load_settings
from assistant.ui import handlers as h


def _table(value: str, project: str = "上传校正项目", level3: str = "校正培训人次") -> bytes:
    return "\n".join([
        f"项目名称：{project}", "",
        "| 一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 | 指标值确定依据 |",
        "|---|---|---|---|---|---|",
        f"| 产出指标 | 数量指标 | {level3} | 全年培训人次 | {value} | 年度计划 |",
        "| 满意度指标 | 服务对象满意度指标 | 参训人员满意度 | 抽样调查 | ≥90% | 满意度调查 |",
    ]).encode("utf-8")


@pytest.fixture
def services(tmp_path):
    s = Services(load_settings(data_dir=tmp_path / "data", embedding={"name": "hash"}))
    s.prepare()
    return s


def _values(services: Services, query: str = "上传校正项目 校正培训人次") -> set[str]:
    hits = services.index.search_rows(query, k=10, mode="lexical")
    return {hit.indicator.value or "" for hit in hits if hit.indicator.level3 == "校正培训人次"}


def test_a_changed_reupload_replaces_the_old_value_at_once_and_after_a_restart(services, tmp_path):
    path = tmp_path / "x.md"
    path.write_bytes(_table("≥3000人次"))
    msg, _ = h.corpus_upload(services, [str(path)])
    assert "✔ x.md：导入 1 张表，2 行指标" in msg
    assert _values(services) == {"≥3000人次"}
    path.write_bytes(_table("≥3500人次"))
    msg, _ = h.corpus_upload(services, [str(path)])
    assert "替换了同名文件原有的内容" in msg
    assert _values(services) == {"≥3500人次"}
    restarted = Services(services.settings)
    restarted.prepare()
    assert _values(restarted) == {"≥3500人次"}
    assert [t.id for t in restarted.corpus.tables() if t.id.startswith("x-")] == ["x-t01"]


@pytest.mark.parametrize("name,kept", [("README.md", "README.md"), (".hidden.md", "hidden.md"),
                                       ("..\\..\\x.md", "x.md"), ("a/b/../c:d?.md", "c_d_.md")])
def test_names_a_rebuild_would_skip_are_normalised_and_kept(services, tmp_path, name, kept):
    assert upload_name(name) == kept
    tables, summary = services.corpus.add_upload(name, _table("≥10人次", project=f"名称{kept}", level3=f"名称{kept}"))
    assert summary.file == kept and len(tables) == 1
    assert (services.settings.uploads_dir / kept).is_file()
    services.corpus.rebuild()  # a forced rebuild from the source files keeps it
    restarted = Services(services.settings)
    restarted.prepare()
    assert any(i.level3 == f"名称{kept}" for t in restarted.corpus.tables() for i in t.indicators)


def test_the_upload_list_shows_tables_and_rows_and_one_upload_can_be_removed(services, tmp_path):
    for n in ("a.md", "b.md"):
        (tmp_path / n).write_bytes(_table("≥1人次", level3=f"项目{n}"))
    h.corpus_upload(services, [str(tmp_path / "a.md"), str(tmp_path / "b.md")])
    assert h.upload_rows(services) == [["a.md", 1, 2], ["b.md", 1, 2]]
    msg, _ = h.corpus_remove(services, "a.md")
    assert "已移除 a.md（1 张表，2 行指标）" in msg
    assert h.upload_rows(services) == [["b.md", 1, 2]]
    assert not any(i.level3 == "项目a.md" for t in services.corpus.tables() for i in t.indicators)
    hits = services.index.search_rows("项目a.md", k=20, mode="lexical")
    assert "项目b.md" in {hit.indicator.level3 for hit in hits}
    assert "项目a.md" not in {hit.indicator.level3 for hit in hits}
    with pytest.raises(h.UserError, match="没有名为"):
        h.corpus_remove(services, "a.md")
