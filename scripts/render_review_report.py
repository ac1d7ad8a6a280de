"""Render the review report of seed document 003 for docs/review/: the charts as PNG, and the .docx
report's pages as PNG through LibreOffice when it is installed.

    .venv/bin/python scripts/render_review_report.py [--out docs/review] [--pages 5]

Needs `soffice` and `pdftoppm` for the page images (documentation tools, not dependencies); without
them only the charts are written, and the script says so.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEED = ROOT / "corpus" / "sources" / "003_61c5a3a787465ec8.txt"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "docs" / "review"))
    ap.add_argument("--pages", type=int, default=5)
    ap.add_argument("--dpi", type=int, default=80)
    args = ap.parse_args()
    from assistant.review import review_paths
    from assistant.review.charts import chart_pngs
    from assistant.review.report import write_report

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    review = review_paths([SEED])
    charts = chart_pngs(review)
    for key, data in charts.items():
        (out / f"chart_{key}.png").write_bytes(data)
        print(f"-> {out / f'chart_{key}.png'}")
    missing = [t for t in ("soffice", "pdftoppm") if not shutil.which(t)]
    if missing:
        print(f"未找到 {'、'.join(missing)}，未渲染 .docx 页面 / {', '.join(missing)} not found: pages not rendered",
              file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory(prefix="zhibiao-review-render-") as tmp:
        work = Path(tmp)
        docx = write_report(review, work / "review_003.docx", charts)
        profile = (work / "lo-profile").as_uri()
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(work), str(docx)], check=True, timeout=600, capture_output=True)
        subprocess.run(["pdftoppm", "-r", str(args.dpi), "-png", "-f", "1", "-l", str(args.pages),
                        str(work / "review_003.pdf"), str(out / "page")], check=True, timeout=300)
    for p in sorted(out.glob("page*.png")):
        print(f"-> {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
