"""Gradio Blocks for the assistant: 编制, 审核, 对话, 案例, 语料. The layout only; logic is in handlers.

Every event has an `api_name`, so `gradio_client` reaches the same functions. A user error shows as a
message in the page (gr.Error) and leaves every input as it was, so a draft is never lost.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from assistant.ui import draft as dr
from assistant.ui import handlers as h
from assistant.ui import library_view as lv
from assistant.ui import review as rv
from assistant.ui.carry_tab import build_carry_tab
from assistant.ui.chat import HELP
from assistant.ui.exports import draft_export

if TYPE_CHECKING:
    import gradio as gr

    from assistant.services import Services

log = logging.getLogger(__name__)

CSS = """
.zb-status {font-size: 0.9em; color: #555;}
footer {display: none !important;}
"""


def _friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
    """User errors become a Chinese message in the page; anything else is logged, never shown raw."""
    import gradio as gr

    name = getattr(fn, "__name__", None) or getattr(getattr(fn, "func", None), "__name__", repr(fn))

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except h.UserError as exc:
            # The user's mistake: one INFO line in the log, the message in the page, no traceback
            # (gradio prints one for every gr.Error unless told not to).
            log.info("%s: %s", name, exc)
            raise gr.Error(str(exc), print_exception=False) from None
        except gr.Error:
            raise
        except Exception as exc:
            log.exception("handler %s failed", name)
            raise gr.Error(f"处理失败（{type(exc).__name__}）。您的内容已保留，请检查输入后重试。",
                           print_exception=False) from None

    return wrapper


def theme() -> Any:
    import gradio as gr

    # Font names as plain strings: system fonts only, nothing fetched from the internet.
    return gr.themes.Soft(
        font=["Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", "sans-serif"],
        font_mono=["Noto Sans Mono CJK SC", "monospace"],
    )


def build_app(services: Services) -> gr.Blocks:
    import gradio as gr

    def bind(fn: Callable[..., Any]) -> Callable[..., Any]:
        return _friendly(functools.partial(fn, services))

    with gr.Blocks(title="绩效指标助手") as demo:
        gr.Markdown("# 绩效指标助手\n编制、审核和示教预算项目绩效目标表：可衡量的指标、有依据的指标值、写清理由。")
        status = gr.Markdown(services.status_line(), elem_classes=["zb-status"])

        # ------------------------------------------------------------------ 编制
        with gr.Tab("编制", id="draft"):
            draft_state = gr.State(None)
            with gr.Row():
                with gr.Column(scale=1, min_width=320):
                    name = gr.Textbox(label="项目名称", placeholder="例如：2025年职业技能提升培训项目")
                    purpose = gr.Textbox(label="资金用途 / 项目概况", lines=5,
                                         placeholder="例如：组织开展职业技能培训3000人次，培训后就业率达到60%，12月底前完成")
                    with gr.Row():
                        budget = gr.Textbox(label="预算数（万元）", placeholder="78.71")
                        year = gr.Textbox(label="年度", placeholder="2025")
                    department = gr.Textbox(label="部门")
                    sector = gr.Dropdown(label="行业", choices=h.sector_choices(), value="", allow_custom_value=True)
                    quantities = gr.Textbox(label="已知数量（每行一项）", lines=3, placeholder="培训3000人次\n购置设备120台")
                    suggest_btn = gr.Button("生成建议", variant="primary")
                with gr.Column(scale=2):
                    goals = gr.Textbox(label="年度绩效目标（可修改）", lines=3)
                    notes = gr.Markdown()
                    grid = gr.Dataframe(headers=h.GRID_HEADERS, label="绩效指标（可直接修改，修改后自动检查）",
                                        interactive=True, wrap=True, type="array", column_count=8, elem_id="draft-grid",
                                        column_widths=["8%", "10%", "13%", "17%", "9%", "13%", "13%", "17%"])
                    draft_summary = gr.Markdown(elem_id="draft-summary")
                    with gr.Row():
                        relint_btn = gr.Button("重新检查")
                        undo_btn = gr.Button("撤销", elem_id="draft-undo")
                    with gr.Row():
                        alt = gr.Dropdown(label="备选指标", choices=[], scale=3, elem_id="draft-alt")
                        alt_target = gr.Dropdown(label="放到哪一行", choices=[dr.ADD_AS_NEW], value=dr.ADD_AS_NEW,
                                                 scale=2, elem_id="draft-alt-target")
                        alt_btn = gr.Button("替换所选行", scale=1)
                    overwrite_msg = gr.Markdown(visible=False, elem_id="draft-overwrite-msg")
                    overwrite_btn = gr.Button("确认覆盖", variant="stop", visible=False, elem_id="draft-overwrite")
                    with gr.Row():
                        draft_fmt = gr.Radio(["xlsx", "docx", "csv", "jsonl"], value="xlsx", label="导出格式")
                        draft_export_btn = gr.Button("导出")
                        draft_file = gr.File(label="下载", interactive=False)

            # The draft's bookkeeping (undo history, what 生成建议 produced) and the browser's copy of the
            # whole draft, so a reload or a reconnect brings it back.
            book = gr.State(None)
            saved = gr.BrowserState(None, storage_key="zhibiao-draft")
            form = [name, purpose, budget, department, sector, year, quantities]

            def _alt_choices(state: Any) -> list[str]:
                from assistant.models import Suggestion

                return h.alternative_choices(Suggestion.model_validate(state)) if state else []

            def _view(v: dr.DraftView) -> tuple[Any, ...]:
                """grid, goals, draft_state, book, message, alt."""
                return v.grid, v.goals, v.suggestion, v.book, v.message, gr.update(choices=_alt_choices(v.suggestion))

            def _suggest(force: bool, *args: Any) -> tuple[Any, ...]:
                fields, (g, goals_text, state, bk) = args[:7], args[7:]
                warning, view = dr.regenerate(services, fields, g, goals_text, state, bk, force=force)
                if view is None:
                    return (*[gr.update()] * 6, gr.update(value=warning, visible=True), gr.update(visible=True))
                return (view.grid, view.goals, view.message, view.suggestion, view.book,
                        gr.update(choices=_alt_choices(view.suggestion), value=None),
                        gr.update(value="", visible=False), gr.update(visible=False))

            suggest_outputs = [grid, goals, notes, draft_state, book, alt, overwrite_msg, overwrite_btn]
            suggest_btn.click(_friendly(functools.partial(_suggest, False)), [*form, grid, goals, draft_state, book],
                              suggest_outputs, api_name="suggest")
            overwrite_btn.click(_friendly(functools.partial(_suggest, True)), [*form, grid, goals, draft_state, book],
                                suggest_outputs, api_name="suggest_overwrite")
            relint_btn.click(bind(h.draft_relint), [grid], [grid, draft_summary], api_name="relint")
            grid.input(bind(h.draft_relint), [grid], [grid, draft_summary], api_name="relint_live")

            def _targets(a: str | None, g: Any) -> Any:
                choices = dr.target_choices(g, a)
                return gr.update(choices=choices, value=choices[0])

            alt.change(_targets, [alt, grid], [alt_target], api_name="alt_targets")
            alt_btn.click(_friendly(lambda g, gt, st, bk, a, t: _view(dr.swap_view(g, gt, st, bk, a, t))[:5]),
                          [grid, goals, draft_state, book, alt, alt_target],
                          [grid, goals, draft_state, book, draft_summary], api_name="replace_row")
            undo_btn.click(_friendly(lambda bk: _view(dr.undo_view(bk))), [book],
                           [grid, goals, draft_state, book, draft_summary, alt], api_name="undo")
            gr.on([grid.change, goals.change, *[c.blur for c in (name, purpose, budget, department, year, quantities)],
                   sector.change],
                  lambda *a: dr.snapshot(a[:7], *a[7:]), [*form, grid, goals, draft_state, book], [saved],
                  api_name="save_draft", show_progress="hidden")

            def _restore(value: Any) -> tuple[Any, ...]:
                r = dr.restore(value)
                if r is None:
                    return tuple(gr.update() for _ in range(len(form) + 5))
                return (*[r["fields"][k] for k in dr.FORM_FIELDS], r["grid"] or gr.update(), r["goals"],
                        r["suggestion"], r["book"], gr.update(choices=_alt_choices(r["suggestion"]), value=None))

            demo.load(_restore, [saved], [*form, grid, goals, draft_state, book, alt], api_name="restore_draft")
            draft_export_btn.click(bind(draft_export), [grid, draft_state, goals, draft_fmt], [draft_file],
                                   api_name="export_draft")

        build_carry_tab(services, _friendly)  # 续编（上年表）: assistant/ui/carry_tab.py

        # ------------------------------------------------------------------ 审核
        with gr.Tab("审核", id="review"):
            review_state = gr.State(None)
            with gr.Row():
                paste = gr.Textbox(label="粘贴目标表（从 Word/Excel 复制，或 Markdown 表格），有无表头均可", lines=10,
                                   scale=2, elem_id="review-paste")
                upload = gr.File(label="或上传文件", file_types=[".docx", ".xlsx", ".txt", ".tsv", ".md", ".csv"], scale=1)
            review_btn = gr.Button("开始审核", variant="primary", elem_id="review-run")
            review_summary = gr.Markdown(elem_id="review-summary")
            findings = gr.Dataframe(headers=h.FINDING_HEADERS, label="逐行问题（点击一行查看并采纳修改）",
                                    interactive=False, wrap=True, type="array", elem_id="review-findings",
                                    column_widths=["5%", "13%", "10%", "12%", "10%", "22%", "20%", "8%"])
            finding_detail = gr.Markdown(elem_id="review-detail")
            with gr.Row():
                row_no = gr.Textbox(label="行号", placeholder="例如 3、3-5 或 3,5", scale=1, elem_id="review-rows")
                apply_one = gr.Button("采纳此行修改", scale=1, elem_id="review-apply")
                apply_all = gr.Button("全部采纳", scale=1, elem_id="review-apply-all")
            apply_msg = gr.Markdown(elem_id="review-apply-msg")
            improved = gr.Dataframe(headers=h.GRID_HEADERS, label="修改后的目标表（可直接修改，修改后自动重新检查）",
                                    interactive=True, wrap=True, type="array", column_count=8, elem_id="review-improved",
                                    column_widths=["8%", "10%", "13%", "17%", "9%", "13%", "13%", "17%"])
            with gr.Row():
                review_fmt = gr.Radio(["xlsx", "docx", "csv", "jsonl"], value="xlsx", label="导出格式")
                export_improved = gr.Button("导出修改后的表", elem_id="review-export")
                export_comments = gr.Button("导出审核意见（xlsx）", elem_id="review-opinion-xlsx")
                export_comments_docx = gr.Button("导出审核意见（docx）", elem_id="review-opinion-docx")
                review_file = gr.File(label="下载", interactive=False, elem_id="review-file")

            def _select_finding(state: Any, evt: Any) -> tuple[str, str]:
                row = evt.row_value[0] if getattr(evt, "row_value", None) else None
                return rv.finding_detail(services, state, row)

            _select_finding.__annotations__["evt"] = gr.SelectData  # gradio passes the click by this type

            review_btn.click(bind(h.review_run), [paste, upload], [findings, review_summary, review_state], api_name="review"
                             ).success(bind(rv.review_table), [review_state], [improved], api_name="review_table")
            findings.select(_friendly(_select_finding), [review_state], [row_no, finding_detail], api_name="finding_detail")
            apply_one.click(bind(h.review_apply), [review_state, row_no], [improved, apply_msg, review_state],
                            api_name="apply_fix")
            apply_all.click(_friendly(lambda st: h.review_apply(services, st, "全部")), [review_state],
                            [improved, apply_msg, review_state], api_name="apply_all")
            improved.input(bind(rv.review_edit), [review_state, improved], [improved, apply_msg, review_state],
                           api_name="review_edit")
            export_improved.click(bind(h.review_export), [review_state, review_fmt], [review_file], api_name="export_review")
            export_comments.click(_friendly(lambda st: h.review_export(services, st, "comments_xlsx")), [review_state],
                                  [review_file], api_name="export_comments")
            export_comments_docx.click(_friendly(lambda st: h.review_export(services, st, "comments_docx")),
                                       [review_state], [review_file], api_name="export_comments_docx")

        # ------------------------------------------------------------------ 文档审核
        from assistant.ui.document_tab import build_document_tab

        build_document_tab(services, _friendly)

        # ------------------------------------------------------------------ 对话
        with gr.Tab("对话", id="chat"):
            chatbot = gr.Chatbot(label="对话", height=420, elem_id="chatbot", value=[{"role": "assistant", "content": HELP}])
            with gr.Row():
                ask = gr.Textbox(label="问题", placeholder="例如：为什么满意度是≥90%？", scale=4)
                ask_btn = gr.Button("发送", variant="primary", scale=1)

            def _chat(message: str, history: list[dict[str, Any]], g: Any, gt: str, st: Any, bk: Any) -> tuple[Any, ...]:
                answer, view = dr.chat_turn(services, message, g, gt, st, bk)
                turn = [*(history or []), {"role": "user", "content": message}, {"role": "assistant", "content": answer}]
                if view is None:
                    return turn, "", *[gr.update()] * 6
                return turn, "", *_view(view)

            chat_outputs = [chatbot, ask, grid, goals, draft_state, book, draft_summary, alt]
            ask_btn.click(_friendly(_chat), [ask, chatbot, grid, goals, draft_state, book], chat_outputs, api_name="chat")
            ask.submit(_friendly(_chat), [ask, chatbot, grid, goals, draft_state, book], chat_outputs,
                       api_name="chat_submit")

        # ------------------------------------------------------------------ 案例
        with gr.Tab("案例", id="teach"):
            gr.Markdown("真实发布的指标：左边是有问题的写法、违反的规则和改正后的写法，右边是可参考的好写法。")
            with gr.Row():
                f_level2 = gr.Dropdown(["全部", "数量指标", "质量指标", "时效指标", "成本指标", "社会效益指标",
                                        "经济效益指标", "生态效益指标", "可持续影响指标", "满意度指标"],
                                       value="全部", label="二级指标")
                f_flag = gr.Dropdown([("全部", "全部"), *[(v, k) for k, v in h.FLAG_CN.items()]], value="全部",
                                     label="问题类型")
                gallery_btn = gr.Button("筛选", variant="primary")
            with gr.Row():
                bad = gr.Dataframe(headers=h.GALLERY_HEADERS, label="有问题的写法", interactive=False, wrap=True,
                                   type="array", scale=3,
                                   column_widths=["14%", "11%", "16%", "10%", "12%", "21%", "16%"])
                good = gr.Dataframe(headers=["项目", "二级指标", "三级指标", "指标值", "指标值确定依据"],
                                    label="好的写法", interactive=False, wrap=True, type="array", scale=2,
                                    column_widths=["24%", "17%", "25%", "14%", "20%"])
            charts_btn = gr.Button("生成语料质量图表")
            chart = gr.Image(label="语料质量", type="filepath", elem_id="quality-chart", interactive=False)
            gallery_btn.click(bind(h.gallery), [f_level2, f_flag], [bad, good], api_name="gallery")
            charts_btn.click(bind(h.quality_chart_png), [], [chart], api_name="charts")

            gr.Markdown("### 分行业指标库\n按行业和项目类型浏览指标库：每条指标写明取值从哪里来（已发布的标准、项目计划或通行做法）；"
                        "数量和成本没有默认值，须按项目说明填写。")
            with gr.Row():
                lib_sector = gr.Dropdown(lv.sector_choices(), value=lv.ALL, label="行业", elem_id="library-sector")
                lib_kind = gr.Dropdown(lv.kind_choices(None), value=lv.ALL, label="项目类型", elem_id="library-kind")
                lib_words = gr.Textbox(label="关键词", placeholder="如：清淤、彩超、公厕")
                lib_btn = gr.Button("浏览指标库", variant="primary", elem_id="library-browse")
            lib_head = gr.Markdown(elem_id="library-head")
            lib_table = gr.Dataframe(headers=lv.LIBRARY_HEADERS, interactive=False, wrap=True, type="array",
                                     elem_id="library-table")
            lib_sector.change(lambda s: gr.update(choices=lv.kind_choices(s), value=lv.ALL), [lib_sector], [lib_kind],
                              api_name="library_kinds")
            lib_btn.click(_friendly(lv.library_rows), [lib_sector, lib_kind, lib_words], [lib_head, lib_table],
                          api_name="library")

        # ------------------------------------------------------------------ 语料
        with gr.Tab("语料", id="corpus"):
            gr.Markdown("上传已发布的绩效目标表（.docx / .xlsx / .txt / .md / .csv / .jsonl），加入检索语料。")
            corpus_files = gr.File(label="选择文件", file_count="multiple")
            with gr.Row():
                corpus_btn = gr.Button("导入", variant="primary")
                rebuild_btn = gr.Button("检查并重建索引")
            corpus_msg = gr.Markdown()
            sources = gr.Dataframe(headers=["来源", "目标表数", "指标行数"], value=lambda: h.corpus_rows(services),
                                   interactive=False, type="array")
            # Ingest and indexing report through tqdm; track_tqdm turns those bars into the page's progress bar.
            def upload_to_corpus(paths: list[str] | None, progress: Any = gr.Progress(track_tqdm=True)) -> Any:  # noqa: B008
                return h.corpus_upload(services, paths, progress=True)

            def rebuild_corpus(progress: Any = gr.Progress(track_tqdm=True)) -> Any:  # noqa: B008
                return h.corpus_rebuild(services, progress=True)

            with gr.Row():
                uploads = gr.Dataframe(headers=["上传的文件", "目标表数", "指标行数"], value=lambda: h.upload_rows(services),
                                       interactive=False, type="array", scale=3)
                with gr.Column(scale=1):
                    remove_name = gr.Dropdown(label="移除上传的文件", choices=h.upload_names(services), value=None)
                    remove_btn = gr.Button("移除")

            def refresh_uploads() -> Any:
                return h.upload_rows(services), gr.update(choices=h.upload_names(services), value=None)

            corpus_btn.click(_friendly(upload_to_corpus), [corpus_files], [corpus_msg, sources], api_name="corpus_upload").then(
                lambda: services.status_line(), None, status, api_name="status_after_upload").then(
                refresh_uploads, None, [uploads, remove_name], api_name="uploads_after_upload")
            remove_btn.click(bind(h.corpus_remove), [remove_name], [corpus_msg, sources], api_name="corpus_remove").then(
                lambda: services.status_line(), None, status, api_name="status_after_remove").then(
                refresh_uploads, None, [uploads, remove_name], api_name="uploads_after_remove")
            rebuild_btn.click(_friendly(rebuild_corpus), [], [corpus_msg, sources], api_name="corpus_rebuild").then(
                lambda: services.status_line(), None, status, api_name="status_after_rebuild")

        demo.load(lambda: services.status_line(), None, status, api_name="status")
    return demo
