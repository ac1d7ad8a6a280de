"""The 文档审核 tab: upload whole documents, review every table, read the summary, charts and the
trainer view, step through the tables worst first, download the report as .docx / .xlsx / .html.

`document_review` and `table_view` are the handlers (plain functions, unit-tested); `build_document_tab`
only lays out the components inside the app's Blocks.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.ui.handlers import UserError

if TYPE_CHECKING:
    from assistant.review import DocumentReview
    from assistant.services import Services

Progress = Callable[[float, str], None]
PROBLEM_HEADERS = ["问题类型", "错误", "警告", "提示"]
DEPARTMENT_HEADERS = ["部门", "指标行", "有问题的行", "比例", "主要问题"]


def table_choices(review: DocumentReview) -> list[tuple[str, str]]:
    """Dropdown entries, worst first: label '1. 项目（得分）', value the table's position in the review."""
    from assistant.review.report import table_heading

    return [(table_heading(i, tr), str(i)) for i, tr in enumerate(review.tables, 1)]


def department_rows(review: DocumentReview) -> list[list[Any]]:
    """Trainer view as rows: each department's flagged share and its most frequent problem types."""
    from assistant.review.charts import department_problems

    deps = review.by_department()
    names = [p[0] for p in review.by_problem() if p[1] + p[2]]
    per = department_problems(review, [d for d, *_ in deps], names)
    out = []
    for d, n, bad, share in deps:
        top = sorted(per[d].items(), key=lambda kv: -kv[1])[:3]
        out.append([d, n, bad, f"{share:.0%}", "、".join(f"{k}{v}" for k, v in top)])
    return out


def document_review(
    services: Services, paths: list[str] | None, progress: Progress | None = None, out_dir: str | Path | None = None,
) -> tuple[str, list[str], list[list[Any]], list[list[Any]], list[tuple[str, str]], DocumentReview, list[str]]:
    """Review the uploaded files; returns summary markdown, chart PNG paths, problem rows, department
    rows, the table choices (worst first), the review, and the report files (.docx, .xlsx, .html)."""
    from assistant.review import review_paths
    from assistant.review.charts import chart_pngs
    from assistant.review.report import FORMATS, write_report

    if not paths:
        raise UserError("请先上传要审核的文档（.docx、.xlsx、.txt、.md 等）。")
    limit = services.settings.ui.max_upload_mb
    for p in paths:
        size = Path(p).stat().st_size
        if size > limit * 1024 * 1024:
            raise UserError(f"{Path(p).name} 文件过大（{size / 1048576:.1f} MB），上限为 {limit} MB。")

    def on_table(done: int, total: int, _t: object) -> None:
        if progress is not None:
            progress(0.8 * done / total, f"已审核 {done}/{total} 张表")

    try:
        review = review_paths(paths, on_table=on_table)
    except (OSError, ValueError) as exc:
        raise UserError(f"无法审核：{str(exc).split(' / ')[0]}") from None
    if progress is not None:
        progress(0.85, "正在绘制图表")
    charts = chart_pngs(review)
    folder = Path(out_dir) if out_dir else Path(tempfile.mkdtemp(prefix="zhibiao-review-"))
    folder.mkdir(parents=True, exist_ok=True)
    images = []
    for key, data in charts.items():
        (folder / f"{key}.png").write_bytes(data)
        images.append(str(folder / f"{key}.png"))
    files = []
    for fmt in FORMATS:
        if progress is not None:
            progress(0.9, f"正在生成 {fmt} 报告")
        files.append(str(write_report(review, folder / f"审核报告.{fmt}", charts)))
    summary = "\n\n".join(review.summary_lines())
    problems = [list(r) for r in review.by_problem()]
    return summary, images, problems, department_rows(review), table_choices(review), review, files


def table_view(review: DocumentReview | None, choice: str | None) -> tuple[str, list[list[str]], list[list[str]]]:
    """One table's page: its facts (score, missing categories, goals without indicators), every finding,
    and the revised table."""
    from assistant.review.document import finding_rows, revised_rows
    from assistant.review.report import table_facts, table_heading

    if review is None:
        raise UserError("请先上传文档并点击“审核整份文档”。")
    if not review.tables:
        return "文档中没有目标表。", [], []
    try:
        i = int(choice) if choice else 1
    except ValueError:
        raise UserError("请从列表中选择一张表。") from None
    if not 1 <= i <= len(review.tables):
        raise UserError("请从列表中选择一张表。")
    tr = review.tables[i - 1]
    md = f"### {table_heading(i, tr)}\n\n" + "\n\n".join(table_facts(tr))
    return md, finding_rows(tr), revised_rows(tr)


def build_document_tab(services: Services, friendly: Callable[[Callable[..., Any]], Callable[..., Any]]) -> None:
    """The 文档审核 tab, built inside the caller's Blocks; `friendly` turns UserError into a page message."""
    import gradio as gr

    from assistant.review.document import FINDING_HEADERS, REVISED_HEADERS

    with gr.Tab("文档审核", id="document_review"):
        doc_state = gr.State(None)
        with gr.Row():
            files = gr.File(label="上传整份文档（可多选）", file_count="multiple",
                            file_types=[".docx", ".xlsx", ".txt", ".md", ".csv", ".jsonl"], scale=2,
                            elem_id="doc-review-files")
            with gr.Column(scale=1):
                run_btn = gr.Button("审核整份文档", variant="primary")
                downloads = gr.File(label="下载审核报告（docx / xlsx / html）", file_count="multiple", interactive=False,
                                    elem_id="doc-review-downloads")
        doc_summary = gr.Markdown()
        charts = gr.Gallery(label="图表", columns=1, height="auto", show_label=True, object_fit="contain")
        with gr.Row():
            problems = gr.Dataframe(headers=PROBLEM_HEADERS, label="各类问题", interactive=False, type="array")
            departments = gr.Dataframe(headers=DEPARTMENT_HEADERS, label="示教：各部门情况", interactive=False,
                                       type="array", wrap=True)
        pick = gr.Dropdown(label="选择表（按得分从低到高）", choices=[], interactive=True)
        table_md = gr.Markdown()
        doc_findings = gr.Dataframe(headers=FINDING_HEADERS, label="本表问题（证据、原因和修改建议）",
                                    interactive=False, wrap=True, type="array", elem_id="doc-review-findings")
        doc_revised = gr.Dataframe(headers=REVISED_HEADERS, label="修改后的目标表", interactive=False, wrap=True,
                                   type="array")

        def run(paths: list[str] | None, progress: Any = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
            summary, images, probs, deps, choices, review, out = document_review(
                services, paths, lambda x, desc: progress(x, desc=desc))
            md, fr, rr = table_view(review, choices[0][1] if choices else None)
            first = choices[0][1] if choices else None
            return (summary, images, probs, deps, gr.update(choices=choices, value=first), review, out, md, fr, rr)

        run_btn.click(friendly(run), [files],
                      [doc_summary, charts, problems, departments, pick, doc_state, downloads, table_md,
                       doc_findings, doc_revised], api_name="review_document")
        pick.change(friendly(table_view), [doc_state, pick], [table_md, doc_findings, doc_revised],
                    api_name="review_document_table")
