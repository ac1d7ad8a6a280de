"""The 续编（上年表） tab: last year's table (uploaded, pasted or picked from the corpus) plus this year's
facts -> this year's table and a side-by-side diff. Handlers are plain functions; `build_carry_tab` lays
out the tab inside the app's Blocks."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.ui.handlers import UserError, number_field, read_submission

if TYPE_CHECKING:
    from assistant.authoring.carry import Carry
    from assistant.services import Services

TABLE_HEADERS = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
DIFF_HEADERS = ["二级指标", "上年", "今年", "原因"]


def corpus_choices(services: Services) -> list[tuple[str, str]]:
    """(label, id) of every corpus project table, newest year first."""
    tables = [t for t in services.corpus.tables() if t.kind == "project" and t.indicators]
    tables.sort(key=lambda t: (-(t.year or 0), t.id))
    return [(f"{t.year or '年度不详'}｜{(t.project_name or t.title or t.id)[:40]}｜{t.id}", t.id) for t in tables]


def carry_run(services: Services, corpus_id: str | None, text: str, file_path: str | None, budget: Any,
              quantities: str, scope: str, year: Any) -> tuple[list[list[str]], list[list[str]], str, dict[str, Any]]:
    """This year's grid, the diff rows, a summary and the state the export reads."""
    from assistant.authoring.carry import CarryFacts, carry_over, diff_rows, validate_facts
    from assistant.lint import lint_table

    b = number_field(budget, "今年预算数（万元）")
    if b is None:
        raise UserError("请填写今年预算数（万元）。")
    y = number_field(year, "年度")
    if y is not None and (y != int(y) or not 2000 <= y <= 2100):
        raise UserError("年度应为2000到2100之间的整数。")
    facts = CarryFacts(budget_wan=b, quantities=[q for q in re.split(r"[\n；;]", quantities or "") if q.strip()],
                       scope=scope or "", year=int(y) if y is not None else None)
    try:
        validate_facts(facts)
    except ValueError as exc:
        raise UserError(str(exc).split(" / ")[0]) from None
    if file_path or (text or "").strip():
        last = read_submission(services, text, file_path)
    elif corpus_id:
        picked = next((t for t in services.corpus.tables() if t.id == corpus_id), None)
        if picked is None:
            raise UserError("语料中没有找到所选的表，请刷新后重选。")
        last = picked
    else:
        raise UserError("请上传、粘贴或从语料中选择上年的目标表。")
    try:
        with services.index.pinned():
            carry = carry_over(last, facts, lint_table, services.composer)
    except ValueError as exc:
        raise UserError(str(exc).split(" / ")[0]) from None
    grid = [[r.level1 or "", r.level2 or "", r.level3 or "", r.description or "", r.value or "", r.basis or ""]
            for r in carry.table.indicators]
    return grid, diff_rows(carry), summary(carry), carry.model_dump(mode="json")


def summary(carry: Carry) -> str:
    from assistant.authoring.carry import CHANGE_CN as names

    c = carry.counts()
    t = carry.table
    head = (f"**{t.project_name or t.title or t.id}**：{carry.last.year or '上年'}年 → {t.year}年，"
            f"预算{t.budget_wan:g}万元。" + "，".join(f"{names[k]} {n} 行" for k, n in c.items() if n) + "。")
    goals = "\n".join(f"- {g}" for g in t.goals)
    notes = "\n".join(f"- {n}" for n in carry.notes)
    return head + (f"\n\n年度绩效目标：\n{goals}" if goals else "") + (f"\n\n提示：\n{notes}" if notes else "")


def carry_export(services: Services, state: dict[str, Any] | None, fmt: str) -> str:
    """This year's table with the diff as its appendix, as a file to download."""
    from assistant.authoring.carry import APPENDIX_TITLE, Carry, diff_appendix
    from assistant.export import to_bytes

    if not state:
        raise UserError("请先生成今年的目标表。")
    if fmt not in ("xlsx", "docx"):
        raise UserError("导出格式应为 xlsx 或 docx。")
    carry = Carry.model_validate(state)
    data = to_bytes([carry.table], fmt, appendix=diff_appendix(carry), appendix_title=APPENDIX_TITLE)  # type: ignore[arg-type]
    name = re.sub(r"[\\/:*?\"<>|\s]+", "_", carry.table.project_name or "绩效目标表")[:40]
    path = Path(tempfile.mkdtemp(prefix="zhibiao-carry-")) / f"{name}_{carry.table.year}.{fmt}"
    path.write_bytes(data)
    return str(path)


def build_carry_tab(services: Services, friendly: Any) -> None:
    """The tab, inside the caller's `gr.Blocks`; `friendly` wraps a handler so a UserError is a message."""
    import gradio as gr

    with gr.Tab("续编（上年表）", id="carry"):
        state = gr.State(None)
        with gr.Row():
            with gr.Column(scale=1, min_width=320):
                pick = gr.Dropdown(label="从语料中选择上年的表", choices=corpus_choices(services), value=None,
                                   elem_id="carry-pick")
                paste = gr.Textbox(label="或粘贴上年的目标表", lines=5)
                upload = gr.File(label="或上传上年的表", file_types=[".docx", ".xlsx", ".txt", ".md", ".csv", ".jsonl"])
                with gr.Row():
                    budget = gr.Textbox(label="今年预算（万元）", elem_id="carry-budget")
                    year = gr.Textbox(label="今年年度（默认上年+1）")
                quantities = gr.Textbox(label="今年数量（每行一项）", lines=3, placeholder="培训3500人次")
                scope = gr.Textbox(label="范围变化（文字）", lines=2)
                run = gr.Button("生成今年的表", variant="primary", elem_id="carry-run")
            with gr.Column(scale=2):
                summary_md = gr.Markdown(elem_id="carry-summary")
                grid = gr.Dataframe(headers=TABLE_HEADERS, label="今年的目标表", interactive=False, wrap=True,
                                    type="array")
                diff = gr.Dataframe(headers=DIFF_HEADERS, label="与上年对比（上年 | 今年 | 原因）", interactive=False,
                                    wrap=True, type="array", elem_id="carry-diff",
                                    column_widths=["12%", "26%", "26%", "36%"])
                with gr.Row():
                    fmt = gr.Radio(["xlsx", "docx"], value="xlsx", label="导出格式")
                    export_btn = gr.Button("导出（附对比表）")
                    out_file = gr.File(label="下载", interactive=False)
        run.click(friendly(lambda *a: carry_run(services, *a)),
                  [pick, paste, upload, budget, quantities, scope, year], [grid, diff, summary_md, state],
                  api_name="carry")
        export_btn.click(friendly(lambda st, f: carry_export(services, st, f)), [state, fmt], [out_file],
                         api_name="export_carry")
