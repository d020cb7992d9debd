"""The real app under uvicorn (a thread, a free port, a temporary SQLite file) driven by Debian's chromium.

Never a downloaded browser: Playwright launches /usr/bin/chromium. When it is missing the tests skip on a
developer's machine and fail under CI (`make test` installs it first). Screenshots of every scenario go to
test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from twitchcheck.adapters.web import create_app
from twitchcheck.adapters.web.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[3]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE = Path(__file__).with_name("node") / "node_modules" / "axe-core" / "axe.min.js"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str


def _serve(tmp: Path, email: Any = None, **settings: Any) -> Iterator[Server]:
    """The app under uvicorn; `email` (EmailSettings) makes it send email, as TWITCHCHECK_SMTP_URL would."""
    port = _free_port()
    app = create_app(Settings(database=f"sqlite:///{tmp / 'web.db'}", zone="UTC", **settings))
    if email is not None:
        app.state.email = email
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start")
        time.sleep(0.02)
    yield Server(f"http://127.0.0.1:{port}")
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def single_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The single-user app, with 112 as its emergency number."""
    yield from _serve(tmp_path_factory.mktemp("single"), emergency_number="112")


@pytest.fixture(scope="module")
def accounts_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app with accounts."""
    yield from _serve(tmp_path_factory.mktemp("accounts"), accounts=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium through Playwright (skipped without it, except under CI where that fails)."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield _Browser(launched)
        launched.close()


class _Browser:
    """The browser, whose new contexts wait at most 10 s (not 30) for anything: a failure shows sooner."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser

    def new_context(self, **options: Any) -> Any:
        context = self._browser.new_context(**options)
        context.set_default_timeout(10_000)
        return context


def shot(page: Any, name: str) -> None:
    """Keep a screenshot of the scenario as a test artifact."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """The serious and critical accessibility violations axe-core finds on the page (WCAG 2 A and AA)."""
    if not AXE.exists():
        message = f"{AXE} is missing: run `npm ci` in tests/adapters/web/browser/node (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # Evaluated, not added as a <script>: the pages' Content-Security-Policy (scripts from the origin only)
    # stays on in every browser test, so a page the policy breaks fails here.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})"
    )
    found: list[dict[str, Any]] = result["violations"]
    return [
        {"id": item["id"], "impact": item["impact"], "nodes": [node["target"] for node in item["nodes"]]}
        for item in found
        if item["impact"] in ("serious", "critical")
    ]
