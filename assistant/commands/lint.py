"""`zhibiao lint FILE`: check a goal table file and print what is wrong, why, and how to fix it.

`zhibiao lint -` reads a pasted table from standard input, through the reader the UI's paste box uses.

Exit status: 0 no error-level finding, 1 error-level findings exist (so reviewers can script it),
2 the file could not be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

NAME = "lint"
HELP = "审核绩效指标，列出问题、依据和修改建议 / lint indicator tables"

_SEVERITY_CN = {"error": "错误", "warning": "警告", "info": "提示"}
_FIELD_CN = {
    "level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "description": "绩效指标描述",
    "value": "指标值", "basis": "指标值确定依据", "table": "全表",
}
_ORDER = {"info": 0, "warning": 1, "error": 2}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", nargs="?",
                   help="目标表文件（.jsonl / .xlsx / .docx / .md / .txt 等导入器可读的格式）；- 表示从标准输入读取粘贴的表格")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式 / output format")
    p.add_argument("--min-severity", choices=("info", "warning", "error"), default="info",
                   help="只显示不低于该级别的问题 / lowest severity shown")
    p.add_argument("--list-rules", action="store_true", help="列出全部规则 / print the rule catalogue")


def _load_stdin() -> list[Any]:
    """A paste from standard input, read as the UI reads its paste box (`corpus.ingest.ingest_paste`)."""
    from corpus.ingest import IngestError, ingest_paste

    data = sys.stdin.buffer.read()
    try:
        return list(ingest_paste(data).tables)
    except IngestError as exc:
        raise ValueError(f"无法读取标准输入：{exc}") from exc


def _load(path: Path) -> list[Any]:
    """Goal tables from any file the ingester reads; JSON Lines goal tables are read directly."""
    if str(path) == "-":
        return _load_stdin()
    if not path.exists():
        raise FileNotFoundError(f"找不到文件 {path} / file not found")
    if path.is_dir():
        raise IsADirectoryError(f"{path} 是目录，请给出文件 / is a directory")
    if path.suffix.lower() in (".jsonl", ".json"):
        from assistant.models import read_tables

        try:
            return read_tables(path)
        except UnicodeDecodeError as exc:
            raise ValueError(f"{path} 不是UTF-8文本 / not UTF-8 text") from exc
    try:
        from corpus.ingest import ingest_file
    except ImportError as exc:
        raise ValueError(f"暂不能读取 {path.suffix or '该'} 格式（导入模块不可用）/ no reader available") from exc
    try:
        result = ingest_file(path)
    except (OSError, ValueError) as exc:
        raise ValueError(f"无法读取 {path}：{exc} / unreadable input") from exc
    return list(result.tables)


def run(args: argparse.Namespace) -> int:
    from assistant.lint import RULES, detect_framework, lint_table, score_table

    if args.list_rules:
        for r in RULES.values():
            print(f"{r.code}\t{_SEVERITY_CN[r.severity.value]}\t{r.flag}\t{r.title}：{r.description}")
        return 0
    if not args.file:
        print("错误 / error: 请给出要审核的文件 / FILE is required", file=sys.stderr)
        return 2
    try:
        tables = _load(Path(args.file))
    except (OSError, ValueError) as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return 2
    if not tables:
        print(f"错误 / error: {args.file} 中没有找到绩效目标表 / no goal table found", file=sys.stderr)
        return 2

    floor = _ORDER[args.min_severity]
    reports = []
    any_error = False
    for t in tables:
        findings = lint_table(t)
        any_error = any_error or any(f.severity.value == "error" for f in findings)
        score = score_table(t, findings)
        shown = [f for f in findings if _ORDER[f.severity.value] >= floor]
        reports.append((t, score, detect_framework(t), shown))

    if args.format == "json":
        out = {
            "tables": [
                {
                    "id": t.id, "project_name": t.project_name, "framework": fw, "score": s.score,
                    "row_scores": s.row_scores, "findings": [f.model_dump(mode="json") for f in fs],
                }
                for t, s, fw, fs in reports
            ],
            "errors": sum(s.errors for _, s, _, _ in reports),
            "warnings": sum(s.warnings for _, s, _, _ in reports),
        }
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        for t, s, fw, fs in reports:
            _print_table(t, s, fw, fs)
        total_e = sum(s.errors for _, s, _, _ in reports)
        total_w = sum(s.warnings for _, s, _, _ in reports)
        print(f"共{len(reports)}张表：错误{total_e}个，警告{total_w}个。")
    return 1 if any_error else 0


def _print_table(t: Any, s: Any, fw: str | None, findings: list[Any]) -> None:
    fw_cn = {"2021": "2021年项目支出框架", "2015": "产出/效益/满意度框架", "department": "部门整体框架"}.get(fw or "", "未识别")
    print(f"■ 表 {t.id}《{t.project_name or t.title or '未命名'}》 质量得分 {s.score:g}/100（{fw_cn}）")
    if not findings:
        print("  未发现问题。\n")
        return
    for f in sorted(findings, key=lambda f: (f.row is None, f.row or 0, -_ORDER[f.severity.value])):
        where = "全表" if f.row is None else f"第{f.row + 1}行"
        level3 = ""
        if f.row is not None and 0 <= f.row < len(t.indicators):
            level3 = f"“{t.indicators[f.row].level3 or ''}”"
        print(f"  {where}{level3} [{_FIELD_CN.get(f.field or '', f.field or '')}] "
              f"{f.code} {_SEVERITY_CN[f.severity.value]}：{_rule_title(f.code)}")
        if f.evidence:
            print(f"    证据：{f.evidence}")
        print(f"    问题：{f.message}")
        fix = f.fix + (f" 建议改为：{f.replacement}" if f.replacement else "")
        print(f"    修改：{fix}")
    print()


def _rule_title(code: str) -> str:
    from assistant.lint import RULES

    r = RULES.get(code)
    return r.title if r else code
