"""The HTTP API with a fake chat model: auth, problem responses, the reply route's shape."""

from __future__ import annotations

from typing import Any

from tests.conftest import AUTH, TOKEN, fake_backend

REPLY = {"brand": "ondine", "platform": "x", "comment": "Do you ship to Belgium?"}


async def test_health_needs_no_token_and_reports_backend(client_for: Any) -> None:
    client = await client_for(fake_backend("ok"))
    response = await client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["backend"] == "fake" and body["brands"] == 1


async def test_reply_without_or_with_a_wrong_token_is_401(client_for: Any) -> None:
    client = await client_for(fake_backend("ok"))
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": TOKEN}):
        response = await client.post("/v1/drafts/reply", json=REPLY, headers=headers)
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "voix token" in response.json()["detail"]


async def test_reply_returns_a_draft_with_sources_and_language(client_for: Any) -> None:
    client = await client_for(fake_backend("Yes! We ship to Belgium in 3 to 5 days."))
    response = await client.post("/v1/drafts/reply", json=REPLY, headers=AUTH)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["language"] == "en"
    (draft,) = body["drafts"]
    assert draft["text"] == "Yes! We ship to Belgium in 3 to 5 days."
    assert draft["platform"] == "x" and draft["limit"] == 280
    assert draft["chars"] == len(draft["text"])
    assert draft["warnings"] == []
    assert {s["kind"] for s in draft["sources"]} == {"faq", "reply"}
    assert all(s["source"] and s["excerpt"] for s in draft["sources"])


async def test_language_can_be_forced(client_for: Any) -> None:
    client = await client_for(fake_backend("Oui !"))
    response = await client.post("/v1/drafts/reply", json={**REPLY, "language": "fr"}, headers=AUTH)
    assert response.json()["language"] == "fr"


async def test_unknown_brand_is_a_404_problem(client_for: Any) -> None:
    client = await client_for(fake_backend("ok"))
    response = await client.post("/v1/drafts/reply", json={**REPLY, "brand": "acme"}, headers=AUTH)
    assert response.status_code == 404
    body = response.json()
    assert body["status"] == 404 and body["brand"] == "acme"
    assert "ondine" in body["detail"] and "voix kb sync" in body["detail"]


async def test_unknown_platform_is_a_422_listing_supported_ones(client_for: Any) -> None:
    client = await client_for(fake_backend("ok"))
    response = await client.post(
        "/v1/drafts/reply", json={**REPLY, "platform": "myspace"}, headers=AUTH
    )
    assert response.status_code == 422
    assert "linkedin" in response.json()["supported"]


async def test_malformed_requests_are_4xx_problems_never_500(client_for: Any) -> None:
    client = await client_for(fake_backend("ok"))
    bad_bodies: list[Any] = [
        b"{not json",
        {"brand": "ondine", "platform": "x"},
        {**REPLY, "comment": ""},
        {**REPLY, "comment": 42},
        {**REPLY, "language": "french"},
        {**REPLY, "surprise": True},
        [],
    ]
    for body in bad_bodies:
        if isinstance(body, bytes):
            response = await client.post(
                "/v1/drafts/reply",
                content=body,
                headers={**AUTH, "Content-Type": "application/json"},
            )
        else:
            response = await client.post("/v1/drafts/reply", json=body, headers=AUTH)
        assert 400 <= response.status_code < 500, (body, response.text)
        problem = response.json()
        assert problem["status"] == response.status_code and problem["detail"]
        assert "Traceback" not in response.text


async def test_openapi_schema_is_served_without_token(client_for: Any) -> None:
    client = await client_for(fake_backend("ok"))
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    assert "/v1/drafts/reply" in response.json()["paths"]
