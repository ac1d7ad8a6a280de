"""End-to-end fixtures: the real app in a subprocess, driven by Debian's chromium through Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("Debian chromium is missing: run `make test` (it installs it) or `apt-get install chromium`")
    return path


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    data = tmp_path_factory.mktemp("app-data")
    port = _free_port()
    env = {**os.environ, "ZHIBIAO_DATA_DIR": str(data), "GRADIO_ANALYTICS_ENABLED": "False"}
    log = open(data / "app.log", "w")  # noqa: SIM115 - closed at teardown
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 240
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail("app exited early:\n" + (data / "app.log").read_text()[-3000:])
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.time() > deadline:
                pytest.fail("app did not answer in time:\n" + (data / "app.log").read_text()[-3000:])
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=chromium_path(), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, app_url):
    """A fresh page on the app that records every request leaving loopback."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    pg = ctx.new_page()
    pg.external_requests = []  # type: ignore[attr-defined]

    def record(req):
        host = req.url.split("/")[2] if "://" in req.url else ""
        if req.url.startswith(("http://", "https://", "ws://", "wss://")) and not host.startswith(("127.0.0.1", "localhost")):
            pg.external_requests.append(req.url)  # type: ignore[attr-defined]

    pg.on("request", record)
    # Gradio keeps a connection open, so "networkidle" never comes; wait for the app's own heading.
    pg.goto(app_url, wait_until="domcontentloaded", timeout=60_000)
    pg.get_by_role("tab", name="编制").wait_for(timeout=60_000)
    yield pg
    ctx.close()


@pytest.fixture
def shot(tmp_path):
    """A full-page screenshot of each tab. They replace the README's images under docs/screenshots/ only
    with ZHIBIAO_UPDATE_SCREENSHOTS=1, so that a test run leaves the checkout as it was."""
    folder = SHOTS if os.environ.get("ZHIBIAO_UPDATE_SCREENSHOTS") == "1" else tmp_path

    def take(page, name: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        assert (folder / f"{name}.png").stat().st_size > 10_000

    return take
