"""Start the web app: settings -> build_services() -> ui.build_app(services) -> launch."""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def main() -> None:
    from assistant.services import build_services
    from assistant.settings import load_settings
    from assistant.ui import build_app

    settings = load_settings()
    parser = argparse.ArgumentParser(description="绩效指标助手 web app")
    parser.add_argument("--host", default=settings.ui.host)
    parser.add_argument("--port", type=int, default=settings.ui.port)
    args = parser.parse_args()

    services = build_services(settings)
    info = services.prepare()
    for line in info["repairs"]:
        print(f"已修复 / repaired: {line}", flush=True)
    demo = build_app(services)
    demo.queue(default_concurrency_limit=settings.ui.concurrency_limit)
    from assistant.ui.app import CSS, theme

    demo.launch(server_name=args.host, server_port=args.port, show_error=True, theme=theme(), css=CSS,
                max_file_size=f"{settings.ui.max_upload_mb * 4}mb")


if __name__ == "__main__":
    main()
