"""The API reference in a real browser (Debian's headless Chromium through Playwright): the
page renders every operation from the app's own files, under its strict CSP, and asks no
other origin for anything."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import fake_backend, free_port

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(
    shutil.which(CHROMIUM) is None, reason="needs Debian's Chromium: make browser"
)


@pytest.fixture
def docs_server(make_app: Any) -> Iterator[str]:
    """The whole app served by uvicorn on loopback, on the port its settings name."""
    import uvicorn

    port = free_port()
    app = make_app(fake_backend("ok"), port=port, rate_limit=0)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=15)


def test_the_docs_render_offline_under_their_csp(docs_server: str) -> None:
    errors: list[str] = []
    requested: set[str] = set()
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page()
            page.set_default_timeout(20_000)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("request", lambda r: requested.add(urlsplit(r.url).netloc))
            page.goto(f"{docs_server}/schema")
            page.locator(".opblock-summary-path", has_text="/v1/drafts/reply").first.wait_for()
            assert page.locator(".opblock").count() >= 10
        finally:
            browser.close()
    assert requested == {urlsplit(docs_server).netloc}
    assert errors == []
