"""One JSON line per request with its id, route, status and latency; no comment text, no
token, unless VOIX_DEBUG_LOG asks for bodies."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from server.request_log import JsonLines
from tests.conftest import AUTH, TOKEN, fake_backend

SECRET_COMMENT = "Mon numéro est le 06 12 34 56 78, zèbre-quartz-7731"


def access_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    formatter = JsonLines()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == "voix.access"]


async def test_each_request_is_one_json_line_with_its_id(
    client_for: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client = await client_for(fake_backend("ok"))
    caplog.set_level(logging.INFO)
    response = await client.get("/v1/brands/ondine/search?q=livraison&k=2", headers=AUTH)
    missing = await client.get("/v1/nope", headers=AUTH)
    lines = access_lines(caplog)
    assert len(lines) == 2
    first, second = lines
    assert first["request_id"] == response.headers["x-request-id"]
    assert second["request_id"] == missing.headers["x-request-id"] != first["request_id"]
    assert first["method"] == "GET" and first["route"] == "/v1/brands/{brand_id}/search"
    assert first["status"] == 200 and second["status"] == 404
    assert first["latency_ms"] > 0 and first["level"] == "info" and first["ts"]
    assert "livraison" not in json.dumps(lines)  # the query string stays out


async def test_a_clients_request_id_is_kept_when_sane(client_for: Any) -> None:
    client = await client_for(fake_backend("ok"))
    kept = await client.get("/health", headers={"X-Request-ID": "ext-42.a_b"})
    assert kept.headers["x-request-id"] == "ext-42.a_b"
    replaced = await client.get("/health", headers={"X-Request-ID": "bad id <script>"})
    assert replaced.headers["x-request-id"] not in ("", "bad id <script>")


async def test_refusals_before_routing_are_logged_too(
    make_app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(fake_backend("ok"), rate_limit=1)
    caplog.set_level(logging.INFO)
    async with AsyncTestClient(app=app) as client:
        await client.get("/v1/brands", headers={**AUTH, "Origin": "https://x.com"})
        await client.get("/v1/brands", headers=AUTH)
        await client.get("/v1/brands", headers=AUTH)
    assert [line["status"] for line in access_lines(caplog)] == [403, 200, 429]


async def test_no_log_line_holds_the_comment_or_the_token(
    client_for: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client = await client_for(fake_backend("Merci, écrivez-nous en privé."))
    caplog.set_level(logging.DEBUG)
    body = {"brand": "ondine", "platform": "x", "comment": SECRET_COMMENT}
    response = await client.post("/v1/drafts/reply", json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    bad = await client.post("/v1/drafts/reply", json={**body, "variants": "x"}, headers=AUTH)
    assert bad.status_code == 422
    voix = [r for r in caplog.records if r.name.startswith(("voix", "litestar", "uvicorn"))]
    assert any(r.name == "voix.access" for r in voix)
    text = "\n".join(JsonLines().format(r) for r in voix)
    for secret in ("zèbre-quartz-7731", "06 12 34 56 78", TOKEN):
        assert secret not in text


async def test_debug_logging_adds_the_body(make_app: Any, caplog: pytest.LogCaptureFixture) -> None:
    app = make_app(fake_backend("ok"), debug_log=True)
    caplog.set_level(logging.INFO)
    async with AsyncTestClient(app=app) as client:
        await client.post(
            "/v1/feedback",
            json={"brand": "acme", "kind": "reply", "platform": "x", "draft": SECRET_COMMENT},
            headers=AUTH,
        )
    (line,) = access_lines(caplog)
    assert SECRET_COMMENT in line["body"] and line["status"] == 404
    assert TOKEN not in json.dumps(line)


def test_json_lines_carry_exceptions() -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.LogRecord("voix.api", logging.ERROR, __file__, 1, "failed", (), None)
        import sys

        record.exc_info = sys.exc_info()
    line = json.loads(JsonLines().format(record))
    assert line["level"] == "error" and line["message"] == "failed"
    assert "RuntimeError: boom" in line["exception"]
