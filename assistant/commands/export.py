"""`zhibiao export IN --to xlsx|docx|csv|jsonl --out FILE`: goal tables in the official table layout."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

NAME = "export"
HELP = "按官方表样导出目标表（xlsx/docx/csv/jsonl）/ export goal tables in the official layout"
_FORMATS = ("xlsx", "docx", "csv", "jsonl")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", help="目标表文件（.jsonl 或任何可导入的文档）/ goal tables: .jsonl or any file the ingester reads")
    p.add_argument("--to", choices=_FORMATS, help="导出格式；省略时按 --out 的扩展名 / format, default from --out")
    p.add_argument("--out", required=True, help="输出文件 / output file")
    p.add_argument("--review", action="store_true",
                   help="附上逐行审核意见（xlsx 为第二个工作表，docx 为表后附录）/ append the lint findings per row")
    p.add_argument("--table", action="append", default=[], metavar="ID",
                   help="只导出这些表（可重复）/ export only these table ids (repeatable)")


def _fail(msg_zh: str, msg_en: str) -> int:
    print(f"错误：{msg_zh} / error: {msg_en}", file=sys.stderr)
    return 2


def _read_jsonl(src: Path) -> list[Any]:
    from pydantic import ValidationError

    from assistant.models import GoalTable

    try:
        lines = src.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise ValueError("不是 UTF-8 文本 / not UTF-8 text") from exc
    tables = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            tables.append(GoalTable.model_validate_json(line))
        except ValidationError as exc:
            # pydantic's own text spans several lines and links; one short reason is enough here.
            errors = exc.errors()
            where = ".".join(str(x) for x in errors[0]["loc"]) if errors else ""
            msg = errors[0]["msg"] if errors else ""
            raise ValueError(f"第 {n} 行不是有效的目标表记录（{where or '-'}：{msg}）"
                             f" / line {n} is not a goal table") from exc
    return tables


def _read(src: Path) -> list[Any]:
    if src.suffix.lower() in (".jsonl", ".ndjson"):
        return _read_jsonl(src)
    try:
        from corpus.ingest import ingest_file
    except ImportError as exc:
        raise ValueError("读取文档需要导入模块 corpus.ingest，当前不可用；请改用 .jsonl 输入"
                         " / reading documents needs corpus.ingest, which is not available") from exc
    return list(ingest_file(src).tables)


def run(args: argparse.Namespace) -> int:
    from assistant.export import appendix_from_findings, export, format_for

    src, out = Path(args.input), Path(args.out)
    if out.is_dir():
        return _fail(f"输出路径 {out} 是已有的文件夹，请给出文件名", f"{out} is a folder, give a file name")
    fmt = args.to or format_for(out)
    if fmt is None:
        return _fail(f"请用 --to 指定导出格式（{'/'.join(_FORMATS)}），或让 --out 以这些扩展名结尾",
                     "give --to or an --out file name ending in one of these extensions")
    if not src.exists():
        return _fail(f"找不到输入文件 {src}", f"no such file: {src}")
    if src.is_dir():
        return _fail(f"{src} 是文件夹，请给出一个文件", f"{src} is a folder, give a file")
    if out.resolve() == src.resolve():
        return _fail("输出文件不能覆盖输入文件", "the output file must not overwrite the input")
    try:
        tables = _read(src)
    except ValueError as exc:  # IngestError is a ValueError with its own bilingual message
        print(f"错误：无法读取 {src}：{exc}", file=sys.stderr)
        return 2
    if args.table:
        wanted = set(args.table)
        missing = wanted - {t.id for t in tables}
        if missing:
            return _fail(f"输入中没有这些表：{'、'.join(sorted(missing))}", f"no such table id: {', '.join(sorted(missing))}")
        tables = [t for t in tables if t.id in wanted]
    if not tables:
        return _fail(f"{src} 中没有绩效目标表", f"no goal table in {src}")
    appendix = None
    if args.review:
        if fmt not in ("xlsx", "docx"):
            return _fail("审核意见只能附在 xlsx 或 docx 中", "--review needs --to xlsx or docx")
        from assistant.lint import lint_table

        appendix = [a for t in tables for a in appendix_from_findings(t, lint_table(t))]
    try:
        export(tables, fmt, out, appendix=appendix, appendix_title="审核意见")
    except OSError as exc:
        return _fail(f"无法写入 {out}：{exc.strerror or exc}", f"cannot write {out}")
    except (RecursionError, MemoryError, ValueError) as exc:  # documented: 2 for anything that stops an export
        return _fail(f"无法导出（{type(exc).__name__}）", f"export failed: {type(exc).__name__}")
    rows = sum(len(t.indicators) for t in tables)
    print(f"已导出 {len(tables)} 张表、{rows} 行指标到 {out} / exported {len(tables)} table(s), {rows} row(s) to {out}",
          file=sys.stderr)
    return 0
