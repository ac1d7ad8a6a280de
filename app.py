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
    services.prepare()
    demo = build_app(services)
    demo.queue(default_concurrency_limit=settings.ui.concurrency_limit)
    demo.launch(server_name=args.host, server_port=args.port, show_error=False)


if __name__ == "__main__":
    main()
