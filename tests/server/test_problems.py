"""Every error is an RFC 9457 problem body with the right status, never a traceback."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from tests.conftest import AUTH, fake_backend

REPLY = {"brand": "ondine", "platform": "x", "comment": "Do you ship to Belgium?"}
JSON = {**AUTH, "Content-Type": "application/json"}


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://voix.local/problems/")
    assert body["title"] and body["detail"]
    assert "Traceback" not in response.text and 'File "' not in response.text
    return body


@pytest.mark.parametrize(
    "body", [b"{not json", b'{"brand": "ondine",', b"\xff\xfe", b'{"a": 1} trailing']
)
async def test_malformed_json_is_400(client_for: Any, body: bytes) -> None:
    client = await client_for(fake_backend("ok"))
    response = await client.post("/v1/drafts/reply", content=body, headers=JSON)
    assert "not well-formed JSON" in assert_problem(response, 400)["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**REPLY, "comment": 42}, "comment"),
        ({**REPLY, "variants": "two"}, "variants"),
        ({**REPLY, "variants": 9}, "variants"),
        ({"brand": "ondine", "platform": "x"}, "comment"),
        ({**REPLY, "surprise": True}, "surprise"),
    ],
)
async def test_a_wrong_field_is_422_naming_it(
    client_for: Any, body: dict[str, Any], field: str
) -> None:
    client = await client_for(fake_backend("ok"))
    response = await client.post("/v1/drafts/reply", json=body, headers=AUTH)
    problem = assert_problem(response, 422)
    assert field in problem["detail"]
    assert problem["errors"] and problem["errors"][0]["message"]
    assert problem["errors"][0]["key"] == field


async def test_wrong_query_parameters_are_422(client_for: Any) -> None:
    client = await client_for(fake_backend("ok"))
    bad_type = await client.get("/v1/brands/ondine/search?q=x&k=many", headers=AUTH)
    assert assert_problem(bad_type, 422)["errors"][0] == {
        "message": "Expected `int`, got `str`",
        "key": "k",
        "source": "query",
    }
    unknown = await client.get("/v1/brands/ondine/search?q=x&limt=5", headers=AUTH)
    assert assert_problem(unknown, 422)["errors"][0]["key"] == "limt"


async def test_unknown_brand_is_404(client_for: Any) -> None:
    client = await client_for(fake_backend("ok"))
    for response in (
        await client.post("/v1/drafts/reply", json={**REPLY, "brand": "acme"}, headers=AUTH),
        await client.get("/v1/brands/acme", headers=AUTH),
        await client.get("/v1/feedback?brand=acme", headers=AUTH),
    ):
        assert assert_problem(response, 404)["brand"] == "acme"


async def test_an_oversize_body_is_413_before_it_is_read(make_app: Any) -> None:
    app = make_app(fake_backend("ok"), max_body_bytes=2_000)
    async with AsyncTestClient(app=app) as client:
        big = {**REPLY, "comment": "x" * 3_000}
        response = await client.post("/v1/drafts/reply", json=big, headers=AUTH)
        assert "2,000 bytes" in assert_problem(response, 413)["detail"]
        small = await client.post(
            "/v1/feedback",
            json={"brand": "acme", "kind": "reply", "platform": "x", "draft": "y" * 1_000},
            headers=AUTH,
        )
        assert small.status_code == 404  # under the limit: read, then refused for its brand


async def test_uploads_keep_their_own_larger_limit(make_app: Any) -> None:
    """Over VOIX_MAX_BODY_BYTES but under VOIX_MAX_UPLOAD_BYTES: the upload route reads it
    (and refuses it for its type, without writing anything)."""
    app = make_app(fake_backend("ok"), max_body_bytes=2_000, max_upload_bytes=50_000)
    async with AsyncTestClient(app=app) as client:
        response = await client.post(
            "/v1/brands/ondine/documents",
            files={"file": ("tool.exe", b"MZ" + b"\0" * 10_000, "application/octet-stream")},
            data={"kind": "faq"},
            headers=AUTH,
        )
        assert_problem(response, 415)
        huge = await client.post(
            "/v1/brands/ondine/documents",
            files={"file": ("faq.csv", b"q,a\n" * 30_000, "text/csv")},
            data={"kind": "faq"},
            headers=AUTH,
        )
        assert_problem(huge, 413)


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/v1/drafts/reply", "text/plain"),
        ("/v1/drafts/reply", "application/x-www-form-urlencoded"),
        ("/v1/drafts/reply", None),
        ("/v1/feedback", "multipart/form-data; boundary=x"),
        ("/v1/pair", "text/plain"),
    ],
)
async def test_a_body_in_another_media_type_is_415(
    client_for: Any, path: str, content_type: str | None
) -> None:
    client = await client_for(fake_backend("ok"))
    headers = {**AUTH, "Content-Type": content_type} if content_type else AUTH
    response = await client.post(path, content=b'{"code": "x"}', headers=headers)
    assert "application/json" in assert_problem(response, 415)["detail"]


async def test_a_json_body_sent_to_the_upload_route_is_415(client_for: Any) -> None:
    client = await client_for(fake_backend("ok"))
    response = await client.post("/v1/brands/ondine/documents", json={"kind": "faq"}, headers=AUTH)
    assert "multipart/form-data" in assert_problem(response, 415)["detail"]


async def test_wrong_method_and_unknown_route(client_for: Any) -> None:
    client = await client_for(fake_backend("ok"))
    wrong = await client.put("/v1/drafts/reply", json=REPLY, headers=AUTH)
    assert "POST" in assert_problem(wrong, 405)["detail"]
    assert "POST" in wrong.headers["allow"]
    for path in ("/nope", "/v1/nope", "/v1/brands/ondine/nope"):
        missing = await client.get(path, headers=AUTH)
        assert "/schema" in assert_problem(missing, 404)["detail"]
