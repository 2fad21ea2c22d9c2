"""The review pages in a real browser (Debian's headless Chromium through Playwright): sign in
with the link `voix eval review` prints, pick a reviewer name, score two outputs with the
keyboard alone, and find the scores in the store; then a blind A/B choice by arrow key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eval.store import EvalStore
from eval.web.auth import login_ticket
from tests.conftest import TOKEN
from tests.support.browser import ARGS, CHROMIUM, live_app, needs_chromium

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = needs_chromium


@pytest.fixture
def live_server(make_app: Any) -> Iterator[str]:
    with live_app(make_app) as base:
        yield base


@pytest.fixture
def page(live_server: str) -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            context = browser.new_context()
            page = context.new_page()
            page.set_default_timeout(15_000)
            yield page
        finally:
            browser.close()


def test_score_two_outputs_with_the_keyboard(
    page: Any,
    live_server: str,
    runs: tuple[str, str],
    demo_home: Path,
) -> None:
    base, _ = runs
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(f"{live_server}/review/login?ticket={login_ticket(TOKEN)}")
    assert page.url == f"{live_server}/review"
    page.fill("#reviewer-name", "Eve")
    page.click("text=Use this name")
    page.wait_for_selector("text=Reviewing as")
    page.click(f"a.run-link:text('{base}')")
    page.wait_for_selector("article.output.focused")
    outputs = page.locator("article.output")
    first_id = int(outputs.nth(0).get_attribute("data-output"))
    second_id = int(outputs.nth(1).get_attribute("data-output"))

    for key in "45321":  # the five criteria, in rubric order; focus moves on by itself
        page.keyboard.press(key)
    page.keyboard.press("s")
    page.locator(f"#o-{first_id} .status").filter(has_text="saved").wait_for()

    page.keyboard.press("j")
    page.wait_for_selector(f"#o-{second_id}.focused")
    page.keyboard.press("2")
    page.keyboard.press("ArrowDown")  # skip accuracy
    page.keyboard.press("5")
    page.keyboard.press("c")
    page.keyboard.type("Good, but no next step.")
    page.keyboard.press("Escape")
    page.keyboard.press("s")
    page.locator(f"#o-{second_id} .status").filter(has_text="saved").wait_for()
    assert page.locator("#scored-count").inner_text() == "2"

    reviews = EvalStore(demo_home).reviews(base, "Eve")
    assert reviews[first_id].scores == {
        "voice": 4,
        "accuracy": 5,
        "empathy": 3,
        "platform_fit": 2,
        "as_is": 1,
    }
    assert reviews[second_id].scores == {"voice": 2, "empathy": 5}
    assert reviews[second_id].comment == "Good, but no next step."

    page.reload()  # saved scores come back checked
    page.wait_for_selector("article.output.focused")
    assert page.locator(f"#o-{first_id} input[name=accuracy][value='5']").is_checked()
    assert page.locator(f"#o-{second_id} textarea").input_value() == "Good, but no next step."
    assert errors == []


def test_blind_ab_choice_by_arrow_key(
    page: Any,
    live_server: str,
    runs: tuple[str, str],
    demo_home: Path,
) -> None:
    base, nxt = runs
    page.goto(f"{live_server}/review/login?ticket={login_ticket(TOKEN)}")
    page.fill("#reviewer-name", "Flo")
    page.click("text=Use this name")
    page.wait_for_selector("text=Reviewing as")
    page.goto(f"{live_server}/review/ab?a={base}&b={nxt}")
    first = page.locator("article.pair").nth(0)
    scenario_id = first.get_attribute("data-scenario")
    left_text = first.locator(".side.left .text").inner_text()
    page.keyboard.press("ArrowRight")  # the right draft is better
    first.locator(".status").filter(has_text="chose right").wait_for()
    page.wait_for_selector("article.pair.focused >> nth=0")
    assert page.locator("#chosen-count").inner_text() == "1"

    store = EvalStore(demo_home)
    (pref,) = [
        p
        for p in store.preferences(base, nxt)
        if p.reviewer == "Flo" and p.scenario_id == scenario_id
    ]
    loser_run = base if pref.winner == "b" else nxt
    loser = next(o for o in store.outputs(loser_run) if o.scenario_id == scenario_id)
    assert loser.drafts[0].text == left_text and pref.left_run != pref.winner
