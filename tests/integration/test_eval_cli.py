"""`zhibiao eval`: the JSON contract of issue 7, on a small slice of real tables (any FORMAT.md file works)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.models import read_tables, write_tables

EXTRA = Path(__file__).resolve().parents[2] / "corpus" / "sources" / "corpus_extra_tables.jsonl"


@pytest.fixture(scope="module")
def tables_file(tmp_path_factory):
    tables = [t for t in read_tables(EXTRA) if len(t.indicators) >= 4][:8]
    path = tmp_path_factory.mktemp("eval") / "tables.jsonl"
    write_tables(tables, path)
    return path, tables


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_eval_suggest_keys_and_dump(tables_file, tmp_path, capsys):
    path, tables = tables_file
    dump = tmp_path / "dump.jsonl"
    assert main(["eval", "suggest", "--tables", str(path), "--json", "--dump", str(dump)]) == 0
    out = _json(capsys)
    assert out["tables"] == len(tables)
    metrics = {"indicator_recall", "lint_clean_rate", "warning_free", "coverage", "value_measurable", "citation_valid"}
    assert metrics <= set(out["engine"])
    assert set(out["baselines"]) == {"ranked", "popular", "lexical"} and metrics <= set(out["baselines"]["popular"])
    assert out["engine"]["lint_clean_rate"] == 1.0 and out["engine"]["warning_free"] == 1.0
    lines = [json.loads(line) for line in dump.read_text(encoding="utf-8").splitlines()]
    assert {d["id"] for d in lines} == {t.id for t in tables}
    assert all({"level1", "level2", "level3", "value"} <= set(r) for d in lines for r in d["rows"])


def test_eval_retrieval_keys(tables_file, capsys):
    path, _ = tables_file
    assert main(["eval", "retrieval", "--tables", str(path), "--json"]) == 0
    out = _json(capsys)
    for mode in ("lexical", "dense", "hybrid"):
        assert {"recall@10", "mrr"} <= set(out[mode]) and 0 <= out[mode]["recall@10"] <= 1


def test_eval_lint_keys_on_the_shipped_dev_set(capsys):
    from evaluation.lintsets import DATASETS

    dev = ["--tables", str(DATASETS / "lint_dev_tables.jsonl"), "--labels", str(DATASETS / "lint_dev_labels.jsonl")]
    assert main(["eval", "lint", *dev, "--rules-only", "--json"]) == 0
    out = _json(capsys)
    assert {"micro", "macro", "per_flag", "rows"} <= set(out)
    assert {"precision", "recall", "f1"} <= set(out["micro"])
    assert out["micro"]["recall"] >= 0.85
    # The dev labels leave 描述 = 三级 clean and read ≥100% as 100%; issue 16 counts the first as
    # self-reference (ZB113) and the second as impossible, so those two flags' dev precision is low by
    # construction. Every other flag keeps its precision.
    for flag, v in out["per_flag"].items():
        if flag not in ("self_referential", "impossible_value") and v["support"] >= 10:
            assert v["precision"] >= 0.85, (flag, v)


def test_eval_lint_reports_tune_and_heldout_learned_beside_rules(capsys):
    assert main(["eval", "lint", "--json"]) == 0
    out = _json(capsys)
    held = out["heldout"]
    assert held["rows"] >= 150 and len(held["sectors"]) >= 10
    assert {"learned", "rules", "sets", "clean_rows"} <= set(held) and "learned" in out["tune"]
    assert {"synthetic_heldout", "corpus_extra_heldout"} <= set(held["sets"])
    assert set(out["tune"]["sets"]) >= {"dev", "synthetic_tune"}


def test_eval_report_writes_markdown_and_plots(tables_file, tmp_path, capsys):
    path, _ = tables_file
    out = tmp_path / "report"
    assert main(["eval", "report", "--tables", str(path), "--out", str(out)]) == 0
    text = (out / "report.md").read_text(encoding="utf-8")
    assert "indicator_recall" in text and "recall@10" in text and "micro" in text
    assert (out / "suggest.png").stat().st_size > 1000 and (out / "retrieval.png").stat().st_size > 1000
