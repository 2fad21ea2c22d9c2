"""The API reference in a real browser (Debian's headless Chromium through Playwright): the
page renders every operation from the app's own files, under its strict CSP, and asks no
other origin for anything."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.support.browser import ARGS, CHROMIUM, live_app, needs_chromium

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = needs_chromium


@pytest.fixture
def docs_server(make_app: Any) -> Iterator[str]:
    with live_app(make_app) as base:
        yield base


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
