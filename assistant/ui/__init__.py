"""The Gradio app, built from services (see `build_app`)."""

from assistant.ui.app import build_app

__all__ = ["build_app"]
