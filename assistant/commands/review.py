"""`zhibiao review DOC... --out report.docx|xlsx|html`: review every goal table of whole documents and
write a report a finance office can send back (summary, charts, per table findings and revised table).

Exit status: 0 report written, 2 bad input (unreadable file, no table, unknown report format).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "review"
HELP = "审核整份文档的全部目标表并生成审核报告 / review whole documents and write a report"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("docs", nargs="+", metavar="DOC", help="文档（导入器可读的任意格式）/ documents in any supported layout")
    p.add_argument("--out", required=True, help="报告文件：.docx / .xlsx / .html / report file")


def run(args: argparse.Namespace) -> int:
    from assistant.review.report import FORMATS

    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        print(f"错误 / error: 报告文件须以 .docx、.xlsx 或 .html 结尾：{out} / --out must end in .docx, .xlsx or .html",
              file=sys.stderr)
        return 2
    if out.is_dir():
        print(f"错误 / error: {out} 是目录，请给出报告文件名 / --out is a directory", file=sys.stderr)
        return 2
    from assistant.review import review_paths
    from assistant.review.report import write_report

    def progress(done: int, total: int, _t: object) -> None:
        if sys.stderr.isatty():
            print(f"\r审核中 / reviewing {done}/{total}", end="" if done < total else "\n", file=sys.stderr)

    try:
        review = review_paths(args.docs, on_table=progress)
    except (OSError, ValueError) as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return 2
    try:
        write_report(review, out)
    except OSError as exc:
        print(f"错误 / error: 无法写入 {out}：{exc} / cannot write the report", file=sys.stderr)
        return 2
    for line in review.summary_lines():
        print(line)
    print("得分最低的表：" + "；".join(f"{t.name}（{t.score:g}分）" for t in review.tables[:5]))
    print(f"报告已写入 / report written: {out}")
    return 0
