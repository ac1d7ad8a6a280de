"""Gradio Blocks for the assistant; handlers are plain functions over services."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gradio as gr

    from assistant.services import Services


def build_app(services: Services) -> gr.Blocks:
    import gradio as gr

    with gr.Blocks(title="绩效指标助手") as demo:
        gr.Markdown("# 绩效指标助手\n编制、审核和示教预算绩效目标表。")
        gr.Markdown(services.status_line())
    return demo
