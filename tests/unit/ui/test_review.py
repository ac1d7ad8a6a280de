"""Review handlers that need no services: row numbers, the friendly wrapper's logging, temp files."""

from __future__ import annotations

import logging
import os
import time

import pytest

from assistant.ui import tempfiles
from assistant.ui.handlers import UserError
from assistant.ui.review import parse_row_numbers


@pytest.mark.parametrize("text,rows", [
    ("3", [2]), ("3-5", [2, 3, 4]), ("3,5", [2, 4]), ("3，5", [2, 4]), ("3、5", [2, 4]), ("4,5", [3, 4]),
    ("5-3", [2, 3, 4]), ("３", [2]), ("第3行", [2]), ("3～5", [2, 3, 4]), (" 3 , 3 ", [2]), ("1-2、6", [0, 1, 5]),
])
def test_row_numbers_in_the_forms_reviewers_type(text, rows):
    assert parse_row_numbers(text, 10) == rows


@pytest.mark.parametrize("text", ["", "全部", None])
def test_empty_or_all_means_every_row(text):
    assert parse_row_numbers(text, 10) is None


def test_four_comma_five_is_never_row_45():
    with pytest.raises(UserError, match="第 45 行不存在"):
        parse_row_numbers("45", 10)
    assert parse_row_numbers("4,5", 10) == [3, 4]


@pytest.mark.parametrize("text", ["78.71", "abc", "3-x"])
def test_a_bad_row_number_gets_an_example_made_of_row_numbers(text):
    with pytest.raises(UserError) as info:
        parse_row_numbers(text, 10)
    msg = str(info.value)
    assert "3-5" in msg and "3,5" in msg and "78.71" not in msg.replace(f"“{text}”", "")


def test_a_user_error_is_one_info_line_without_traceback(caplog):
    gr = pytest.importorskip("gradio")
    from assistant.ui.app import _friendly

    def handler() -> None:
        raise UserError("请先运行审核。")

    with caplog.at_level(logging.INFO, logger="assistant.ui.app"), pytest.raises(gr.Error) as info:
        _friendly(handler)()
    assert info.value.print_exception is False  # gradio would print a traceback otherwise
    records = [r for r in caplog.records if r.name == "assistant.ui.app"]
    assert len(records) == 1 and records[0].levelno == logging.INFO and records[0].exc_info is None
    assert "请先运行审核" in records[0].getMessage()


def test_export_files_live_in_one_process_folder_and_old_ones_are_removed(tmp_path):
    first = tempfiles.export_path("项目 甲", "xlsx", root=tmp_path)
    first.write_bytes(b"x")
    assert first.parent.parent == tmp_path / f"zhibiao-{os.getpid()}" and first.name == "项目_甲.xlsx"
    old = time.time() - tempfiles.MAX_AGE - 10
    os.utime(first.parent, (old, old))
    dead = tmp_path / "zhibiao-999999999"  # a process that no longer runs
    dead.mkdir()
    second = tempfiles.export_path("项目乙", "docx", root=tmp_path)
    assert not first.exists() and not dead.exists()
    assert second.parent.exists() and second.parent != first.parent
