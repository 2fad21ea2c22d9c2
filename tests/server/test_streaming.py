"""Server-sent events: the same drafting stream as the JSON answer, event by event."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import AUTH, fake_backend

SSE = {**AUTH, "Accept": "text/event-stream"}


def parse_events(body: str) -> list[tuple[str, Any]]:
    events = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        name, data = "message", []
        for line in block.splitlines():
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())
        if data:
            events.append((name, json.loads("\n".join(data))))
    return events


async def test_reply_streams_triage_tokens_draft_done(client_for: Any) -> None:
    client = await client_for(fake_backend("Orders ship within 2-3 business days in France."))
    response = await client.post(
        "/v1/drafts/reply",
        json={"brand": "ondine", "platform": "x", "comment": "How long is delivery to Lyon?"},
        headers=SSE,
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream"), response.text
    events = parse_events(response.text)
    names = [name for name, _ in events]
    assert names[0] == "triage" and names[-1] == "done"
    assert names.count("token") > 3 and names.count("draft") == 1
    streamed = "".join(data["text"] for name, data in events if name == "token")
    draft = next(data for name, data in events if name == "draft")
    assert streamed.strip() == draft["text"]
    assert events[-1][1]["drafts"][0] == draft
    assert events[0][1]["category"] == "question"


async def test_post_and_trend_stream_their_drafts(client_for: Any) -> None:
    client = await client_for(fake_backend("Kenya Nyeri is back: blackcurrant and cane sugar."))
    post = parse_events(
        (
            await client.post(
                "/v1/drafts/post",
                json={"brand": "ondine", "platforms": ["linkedin"], "brief": "Kenya Nyeri is back"},
                headers=SSE,
            )
        ).text
    )
    assert [n for n, _ in post if n != "token"] == ["draft", "done"]
    trend = parse_events(
        (
            await client.post(
                "/v1/drafts/trend",
                json={
                    "brand": "ondine",
                    "trend": "Photos of latte art fails",
                    "platforms": ["instagram"],
                },
                headers=SSE,
            )
        ).text
    )
    assert trend[0][0] == "triage" and "verdict" in trend[0][1]
    assert trend[-1][0] == "done"


async def test_unknown_brand_is_a_problem_even_when_streaming(client_for: Any) -> None:
    client = await client_for(fake_backend("ok"))
    response = await client.post(
        "/v1/drafts/reply",
        json={"brand": "acme", "platform": "x", "comment": "hello"},
        headers=SSE,
    )
    assert response.status_code == 404
    assert response.json()["brand"] == "acme"


async def test_a_failure_mid_stream_ends_with_an_error_event(client_for: Any) -> None:
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from server.llm import LLMBackend

    failing = FakeListChatModel(responses=["This will break halfway"], error_on_chunk_number=3)
    client = await client_for(LLMBackend(failing, "fake", "fake"))
    response = await client.post(
        "/v1/drafts/reply",
        json={"brand": "ondine", "platform": "x", "comment": "Do you sell decaf?"},
        headers=SSE,
    )
    events = parse_events(response.text)
    assert events[0][0] == "triage"
    assert events[-1][0] == "error" and events[-1][1]["detail"]
    assert "done" not in [n for n, _ in events]
