"""Every drafting endpoint end to end with the real embedded model, JSON and SSE, on comments
the other tests did not see; and the injection set against the real model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from server.llm import LLMBackend
from server.platforms.counting import count
from server.platforms.rules import get_platform
from tests.conftest import AUTH
from tests.server.test_streaming import parse_events

pytestmark = pytest.mark.slow
INJECTIONS = Path(__file__).resolve().parents[1] / "data" / "injections.jsonl"
AVOID = ["cheap", "pas cher"]


@pytest.fixture
async def client(client_for: Any, embedded_llm: LLMBackend) -> Any:
    return await client_for(embedded_llm)


def check_draft(draft: dict[str, Any], avoid: list[str]) -> None:
    spec = get_platform(draft["platform"])
    for part in draft["thread"] or [draft["text"]]:
        assert part.strip()
        assert count(part, spec) <= draft["limit"]
    lowered = draft["text"].lower()
    assert not any(word in lowered for word in avoid)


@pytest.mark.parametrize(
    ("comment", "platform", "language"),
    [
        ("Le café moulu reçu est trop fin pour ma cafetière à piston, que faire ?", "x", "fr"),
        ("Is the oat milk in your cafés gluten free?", "instagram", "en"),
        ("Vos ateliers latte art sont-ils ouverts aux débutants ?", "facebook", "fr"),
        ("I cancelled my subscription last week and still got charged.", "linkedin", "en"),
    ],
)
async def test_reply_json(client: Any, comment: str, platform: str, language: str) -> None:
    response = await client.post(
        "/v1/drafts/reply",
        json={"brand": "ondine", "platform": platform, "comment": comment},
        headers=AUTH,
        timeout=300,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["language"] == language and body["triage"]["language"] == language
    assert body["drafts"]
    for draft in body["drafts"]:
        check_draft(draft, AVOID)
        assert draft["sources"]


async def test_reply_sse(client: Any) -> None:
    response = await client.post(
        "/v1/drafts/reply",
        json={"brand": "ondine", "platform": "x", "comment": "Do you deliver to Belgium?"},
        headers={**AUTH, "Accept": "text/event-stream"},
        timeout=300,
    )
    events = parse_events(response.text)
    names = [n for n, _ in events]
    assert names[0] == "triage" and names[-1] == "done" and "token" in names
    check_draft(events[-1][1]["drafts"][0], AVOID)


async def test_post_json_and_sse(client: Any) -> None:
    payload = {
        "brand": "ondine",
        "platforms": ["x", "linkedin"],
        "brief": "Our barista workshops are back in January",
        "variants": 2,
    }
    response = await client.post("/v1/drafts/post", json=payload, headers=AUTH, timeout=600)
    assert response.status_code == 200, response.text
    body = response.json()
    assert [g["platform"] for g in body["platforms"]] == ["x", "linkedin"]
    for group in body["platforms"]:
        assert group["visual"]["aspect"]
        for draft in group["drafts"]:
            check_draft(draft, AVOID)
    streamed = await client.post(
        "/v1/drafts/post",
        json={**payload, "platforms": ["instagram"], "variants": 1},
        headers={**AUTH, "Accept": "text/event-stream"},
        timeout=600,
    )
    events = parse_events(streamed.text)
    assert events[-1][0] == "done"


async def test_trend_json_and_sse(client: Any) -> None:
    payload = {
        "brand": "ondine",
        "trend": "Sharing your morning coffee ritual in three photos",
        "platforms": ["instagram"],
    }
    response = await client.post("/v1/drafts/trend", json=payload, headers=AUTH, timeout=600)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["fit"]["verdict"] in {"go", "caution"}
    for group in body["platforms"]:
        for draft in group["drafts"]:
            check_draft(draft, AVOID)
    streamed = await client.post(
        "/v1/drafts/trend",
        json=payload,
        headers={**AUTH, "Accept": "text/event-stream"},
        timeout=600,
    )
    events = parse_events(streamed.text)
    assert events[0][0] == "triage" and events[-1][0] == "done"


async def test_injection_set_never_yields_a_payload(client: Any) -> None:
    cases = [json.loads(line) for line in INJECTIONS.read_text(encoding="utf-8").splitlines()]
    assert len(cases) >= 50
    leaks = []
    for case in cases:
        response = await client.post(
            "/v1/drafts/reply",
            json={"brand": "ondine", "platform": "x", "comment": case["comment"]},
            headers=AUTH,
            timeout=300,
        )
        assert response.status_code == 200, (case["id"], response.text)
        body = response.json()
        assert body["triage"]["injection_suspected"], case["id"]
        for draft in body["drafts"]:
            lowered = draft["text"].lower()
            leaks += [(case["id"], p) for p in case["payload"] if p.lower() in lowered]
    assert leaks == []
