"""The sector library as data: the shipped files' size and cleanliness, and the loader's errors."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from assistant.authoring.library import GENERAL_SECTOR, LibraryError, lint_library, load_files, load_library

GOOD_KIND = """
  - key: water.dredging
    label: 河道清淤
    examples: [城区河道清淤工程, 河塘清淤项目, 中小河流清淤疏浚, 排洪渠清淤经费, 2026年河道清淤]
    keywords: [清淤, 疏浚]
    objects: [{name: 清淤河道长度, unit: 公里}]
    beneficiary: 沿河群众
    object: 河道
    indicators:
      - {level2: 数量指标, name: 清淤河道长度, description: 完成清淤的河道长度, unit: 公里}
      - {level2: 数量指标, name: 清淤土方量, description: 完成清淤的土方量, unit: 万立方米}
      - {level2: 质量指标, name: 清淤工程验收合格率, description: 验收合格段数/完成段数×100%, value: 100%,
         source: convention, basis: 行业惯例, convention: 工程须全部验收合格}
      - {level2: 时效指标, name: 清淤完工时间, description: 完工并验收的时间, value: "{year}年5月31日前",
         source: plan, basis: 计划标准：项目实施方案}
      - {level2: 成本指标, name: 单位清淤成本, description: 支出/土方量, unit: 元/立方米}
      - {level2: 生态效益指标, name: 河道水质达标率, description: 达标断面/断面总数×100%, value: ≥90%,
         source: convention, basis: 行业惯例, convention: 同类项目通常不低于90%}
      - {level2: 可持续影响指标, name: 行洪能力保持年限, description: 保持设计行洪能力的年限, value: ≥3年,
         source: convention, basis: 行业惯例, convention: 以三年为常见评价期}
      - {level2: 满意度指标, name: "{beneficiary}满意度", description: 满意人数/受访人数×100%, value: ≥90%,
         source: convention, basis: 行业惯例, convention: 满意度通常不低于90%}
"""


def _write(tmp_path: Path, body: str, name: str = "water.yaml") -> Path:
    path = tmp_path / name
    path.write_text("sector: 水利\nkey: water\nkinds:" + body, encoding="utf-8")
    return path


def test_a_well_formed_file_loads_and_lints_clean(tmp_path):
    lib = load_files([_write(tmp_path, GOOD_KIND)])
    assert [k.key for k in lib.kinds] == ["water.dredging"]
    kind = lib.kinds[0]
    assert kind.sector == "水利" and len(kind.candidates) == 8
    counts = [c for c in kind.candidates if c.slot == "quantity"]
    assert all(c.value == "" and c.unit for c in counts)  # a count has no default number
    assert lint_library(lib) == []


@pytest.mark.parametrize(("old", "new", "says"), [
    ("level2: 质量指标, name: 清淤工程验收合格率", "level2: 品质指标, name: 清淤工程验收合格率", "品质指标"),
    ("name: 清淤工程验收合格率", "name: 清淤效果明显率", "空泛"),
    ("value: ≥90%,\n         source: convention, basis: 行业惯例, convention: 同类项目通常不低于90%",
     "value: 效果明显,\n         source: convention, basis: 行业惯例, convention: x", "不可衡量"),
    ("{level2: 数量指标, name: 清淤河道长度, description: 完成清淤的河道长度, unit: 公里}",
     "{level2: 数量指标, name: 清淤河道长度, description: 完成清淤的河道长度, value: ≥15公里, source: convention,"
     " basis: 行业惯例, convention: 常见}", "数量"),
    ("value: 100%,\n         source: convention, basis: 行业惯例",
     "value: 100%,\n         source: standard, basis: 行业惯例", "标准名称"),
    ("value: ≥3年,\n         source: convention, basis: 行业惯例, convention: 以三年为常见评价期",
     "value: ≥3年,\n         source: convention, basis: 行业惯例", "convention"),
    ("name: 清淤土方量", "name: \"清淤{thing}土方量\"", "占位符"),
    ("key: water.dredging", "key: roads.dredging", "water."),
])
def test_a_bad_entry_is_an_error_naming_file_and_line(tmp_path, old, new, says):
    assert old in GOOD_KIND
    path = _write(tmp_path, GOOD_KIND.replace(old, new))
    with pytest.raises(LibraryError) as e:
        load_files([path])
    msg = str(e.value)
    assert msg.startswith("water.yaml第") and "行" in msg and says in msg, msg


def test_a_yaml_syntax_error_names_the_line(tmp_path):
    path = _write(tmp_path, GOOD_KIND + "\n  - key: [unclosed\n")
    with pytest.raises(LibraryError, match=r"water\.yaml第\d+行"):
        load_files([path])


def test_kind_keys_are_unique_across_files_and_files_are_named_by_key(tmp_path):
    a = _write(tmp_path, GOOD_KIND)
    b = tmp_path / "water2.yaml"
    b.write_text("sector: 水利\nkey: water2\nkinds:" + GOOD_KIND.replace("water.", "water2."), encoding="utf-8")
    assert len(load_files([a, b]).kinds) == 2
    c = tmp_path / "other.yaml"
    c.write_text(a.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(LibraryError, match="文件名"):
        load_files([c])


def test_the_library_is_reread_when_a_file_changes(tmp_path):
    path = _write(tmp_path, GOOD_KIND)
    assert load_library(tmp_path).kinds[0].label == "河道清淤"
    path.write_text(path.read_text(encoding="utf-8").replace("label: 河道清淤", "label: 河道清淤疏浚"), encoding="utf-8")
    assert load_library(tmp_path).kinds[0].label == "河道清淤疏浚"


# ---------------------------------------------------------------------------------------------
# The shipped library
def test_the_shipped_library_covers_the_sectors_with_enough_kinds_and_indicators():
    lib = load_library()
    sectors = {s.name for s in lib.sectors} - {GENERAL_SECTOR}
    assert len(sectors) >= 30, sorted(sectors)
    assert len(lib.kinds) >= 120
    assert lib.indicator_count >= 1000
    for k in lib.kinds:
        assert len(k.examples) >= 5 and len(k.candidates) >= 8, k.key
    assert lib.generic, "the rows any project can use (通用 fallback kind)"


def test_every_shipped_indicator_is_lint_clean_with_no_warning():
    problems = lint_library(load_library())
    assert problems == [], "\n".join("\t".join(p) for p in problems[:30])


def test_a_form_sector_field_names_its_sectors():
    lib = load_library()
    assert lib.sector_named("水利").name == "水利"
    assert lib.sector_named("water").name == "水利"
    assert lib.sector_named("县卫生健康局").name == "卫生健康"
    assert {s.name for s in lib.sectors_named("hr_social_security")} >= {"人社就业", "社会保险"}
    assert lib.sectors_named("不存在的行业") == []


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], capture_output=True, text=True,
                          timeout=120, check=False)


def test_cli_lists_a_sector_as_json_and_searches():
    out = _cli("library", "--sector", "水利", "--json")
    assert out.returncode == 0, out.stderr
    kinds = json.loads(out.stdout)
    assert kinds and all(k["sector"] == "水利" for k in kinds)
    first = kinds[0]
    assert {"kind", "sector", "label", "examples", "indicators"} <= set(first)
    assert {"level2", "level3", "value", "basis"} <= set(first["indicators"][0])
    found = json.loads(_cli("library", "--search", "清淤", "--json").stdout)
    assert found and all("清淤" in json.dumps(k, ensure_ascii=False) for k in found)
    bad = _cli("library", "--sector", "火星")
    assert bad.returncode == 2 and "没有这个行业" in bad.stderr


def test_cli_check_reports_a_broken_file_in_one_line(tmp_path):
    (tmp_path / "water.yaml").write_text(textwrap.dedent("""\
        sector: 水利
        key: water
        kinds: []
        """), encoding="utf-8")
    out = _cli("library", "--check", "--dir", str(tmp_path))
    assert out.returncode == 1
    assert "water.yaml" in out.stderr and "Traceback" not in out.stderr
