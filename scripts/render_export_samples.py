"""Render sample exports to PNG for docs/export/: .xlsx, .docx and the 审核意见 .docx through LibreOffice.

    .venv/bin/python scripts/render_export_samples.py [--table ID] [--out docs/export]

The sample is a real seed table (the 再就业业务经费 project, read with the ingester) when corpus/ is
present, else a complete corpus-extra table. Needs `libreoffice` (writer + calc) and `pdftoppm`
(poppler-utils) on PATH; they are documentation tools, not dependencies of the package or its tests.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.export import export  # noqa: E402
from assistant.export.opinion import opinion_docx  # noqa: E402
from assistant.models import GoalTable, read_tables  # noqa: E402

SEED = ROOT / "corpus" / "sources" / "000_1781007c5bfe5ba4.txt"
EXTRA = ROOT / "corpus" / "sources" / "corpus_extra_tables.jsonl"


def sample_table(table_id: str | None) -> GoalTable:
    try:
        from corpus.ingest import ingest_file

        tables = ingest_file(SEED).tables
        want = [t for t in tables if (t.id == table_id if table_id else t.project_name == "再就业业务经费")]
        if want:
            return want[0]
    except Exception as exc:  # the ingester may be absent or mid-change; the corpus-extra sample still works
        print(f"未用种子文档（{exc}），改用 corpus-extra / seed not used", file=sys.stderr)
    tables = read_tables(EXTRA)
    return next(t for t in tables if t.id == (table_id or "x025"))


def render(src: Path, out_png: Path, work: Path, dpi: int, page: int = 1) -> None:
    # A private LibreOffice profile: a colleague's running soffice would otherwise swallow the request.
    profile = (work / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(work),
         str(src)],
        check=True, timeout=240, capture_output=True,
    )
    pdf = work / (src.stem + ".pdf")
    if not pdf.exists():
        raise SystemExit(f"LibreOffice 未生成 PDF：{src} / no PDF produced")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(out_png.with_suffix(""))], check=True, timeout=120)
    print(f"{src.name} -> {pdf.name} -> {out_png}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--table", help="表编号 / table id")
    ap.add_argument("--out", default=str(ROOT / "docs" / "export"))
    ap.add_argument("--dpi", type=int, default=80)
    ap.add_argument("--only", choices=("all", "opinion"), default="all",
                    help="opinion: only the 审核意见 .docx (needs LibreOffice Writer, not Calc)")
    args = ap.parse_args()
    for tool in ("soffice", "pdftoppm"):
        if not shutil.which(tool):
            print(f"错误：找不到 {tool}，请先安装 LibreOffice 和 poppler-utils / error: {tool} not found", file=sys.stderr)
            return 2
    table = sample_table(args.table)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    print(f"样表 / sample: {table.id} {table.project_name}")
    with tempfile.TemporaryDirectory(prefix="zhibiao-render-") as tmp:
        work = Path(tmp)
        if args.only == "opinion":
            src = work / "sample_opinion.docx"
            src.write_bytes(opinion_docx(sample_opinion()))
            render(src, out / "sample_opinion_docx.png", work, args.dpi)
            return 0
        for fmt in ("xlsx", "docx"):
            src = export([table], fmt, work / f"sample_{fmt}.{fmt}")  # type: ignore[arg-type]
            render(src, out / f"sample_{fmt}.png", work, args.dpi)
        # A review export: the table, then the findings per row (the appendix is page 2 of the .docx).
        from assistant.export import appendix_from_findings
        from assistant.lint import lint_table

        appendix = appendix_from_findings(table, lint_table(table))
        src = export([table], "docx", work / "sample_review.docx", appendix=appendix, appendix_title="审核意见")
        render(src, out / "sample_review_docx.png", work, args.dpi, page=2)
        # The review opinion a department receives (审核意见 .docx): plain Chinese, rule codes last.
        src = work / "sample_opinion.docx"
        src.write_bytes(opinion_docx(sample_opinion()))
        render(src, out / "sample_opinion_docx.png", work, args.dpi)
    return 0


def sample_opinion() -> Any:
    """The opinion on a submission with typical mistakes, as the 审核 tab writes it (fixed date)."""
    from datetime import date

    from assistant.authoring.improve import improve
    from assistant.export.opinion import build_opinion
    from assistant.lint import lint_table, score_table
    from assistant.models import Indicator
    from assistant.ui.handlers import FLAG_CN

    sub = GoalTable(id="opinion", project_name="乡村道路养护项目", department="某县交通运输局", year=2025, budget_wan=120,
                    indicators=[
                        Indicator(level1="产出指标", level2="数量指标", level3="道路养护里程", value="50公里", basis="项目计划"),
                        Indicator(level1="产出指标", level2="质量指标", level3="养护验收合格率", value="≥95完成比例",
                                  basis="行业标准"),
                        Indicator(level1="产出指标", level2="时效指标", level3="完成时间", value="2025年12月底前",
                                  basis="项目计划"),
                        Indicator(level1="效益指标", level2="社会效益指标", level3="群众出行条件改善", value="效果明显",
                                  basis="项目计划"),
                        Indicator(level1="满意度指标", level2="服务对象满意度指标", level3="群众满意度", value="≤100%",
                                  basis="满意度调查"),
                    ])
    findings = lint_table(sub)
    return build_opinion(sub, findings, problem_name=FLAG_CN, score=score_table(sub, findings).score,
                         score_after=score_table(improve(sub, lint_table).improved).score, today=date(2025, 3, 1))


if __name__ == "__main__":
    sys.exit(main())
