"""The OpenAPI schema documents every route, its types and every error it can answer."""

from __future__ import annotations

import re
from typing import Any

from tests.conftest import fake_backend

METHODS = {"get", "post", "put", "patch", "delete"}


async def schema_of(client_for: Any) -> dict[str, Any]:
    client = await client_for(fake_backend("ok"))
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    schema: dict[str, Any] = response.json()
    return schema


async def test_every_route_is_in_the_schema(client_for: Any) -> None:
    schema = await schema_of(client_for)
    operations = {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in METHODS
    }
    assert {
        ("GET", "/health"),
        ("POST", "/v1/drafts/reply"),
        ("POST", "/v1/drafts/post"),
        ("POST", "/v1/drafts/trend"),
        ("GET", "/v1/brands"),
        ("POST", "/v1/brands/{brand_id}/documents"),
        ("POST", "/v1/pairing/codes"),
        ("POST", "/v1/pair"),
        ("POST", "/v1/feedback"),
        ("GET", "/v1/feedback"),
    } <= operations


async def test_every_operation_documents_its_error_responses(client_for: Any) -> None:
    schema = await schema_of(client_for)
    problem = schema["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail"}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            where = f"{method.upper()} {path}"
            responses = operation["responses"]
            errors = {int(s): r for s, r in responses.items() if int(s) >= 400}
            expected = {403}
            if path != "/health":
                expected |= {422, 429}
            if operation.get("security"):
                expected.add(401)
            if "requestBody" in operation:
                expected |= {400, 413, 415, 422}
            if "{brand_id}" in path:
                expected.add(404)
            if path.startswith("/v1/drafts/"):
                expected |= {404, 503, 504}
            assert expected <= set(errors), (where, sorted(errors))
            for status, response in errors.items():
                content = response["content"]["application/problem+json"]
                assert content["schema"] == {"$ref": "#/components/schemas/Problem"}, where
                (example,) = content["examples"].values()
                assert example["value"]["status"] == status, (where, status)
                assert example["value"]["detail"] and response["description"], (where, status)
            success = [s for s in responses if s.startswith("2")]
            assert success and all(responses[s].get("description") for s in success), where


async def test_request_and_answer_types_carry_examples(client_for: Any) -> None:
    schemas = (await schema_of(client_for))["components"]["schemas"]
    for name, field in (
        ("ReplyRequest", "comment"),
        ("PostRequest", "brief"),
        ("PairRequest", "code"),
        ("PairingCode", "code"),
        ("FeedbackIn", "draft"),
    ):
        assert schemas[name]["properties"][field].get("examples"), (name, field)


async def test_drafts_document_their_json_answer_plainly(client_for: Any) -> None:
    """Not `oneOf: [ReplyResponse, {}]`, which any body matches twice."""
    schema = await schema_of(client_for)
    ok = schema["paths"]["/v1/drafts/reply"]["post"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ReplyResponse"
    }


async def test_the_docs_are_served_without_token(client_for: Any) -> None:
    client = await client_for(fake_backend("ok"))
    for path in ("/schema", "/schema/swagger"):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert "text/html" in response.headers["content-type"]


async def test_the_docs_work_offline_with_no_third_party_code(client_for: Any) -> None:
    """The page names no origin at all (its files come from the API itself), runs no inline
    script, and no page of another origin (a CDN's included) may call the API."""
    client = await client_for(fake_backend("ok"))
    page = await client.get("/schema")
    assert page.status_code == 200
    assert not re.findall(r"(?:https?:)?//[\w.-]", page.text), page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self';" in csp
    assert "connect-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert len(re.findall(r"<script", page.text)) == len(re.findall(r"<script src=", page.text))

    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert {"swagger-ui-bundle.js", "swagger-ui.css", "start.js"} <= {
        a.rsplit("/", 1)[-1] for a in assets
    }
    for url in assets:
        assert url.startswith("/schema/assets/"), url
        asset = await client.get(url)
        assert asset.status_code == 200 and asset.content, url
    start = await client.get("/schema/assets/start.js")
    assert "/schema/openapi.json" in page.text and "validatorUrl: null" in start.text
    assert (await client.get("/schema/assets/index.html")).status_code == 404
    assert (await client.get("/schema/assets/..%2Fcore.py")).status_code == 404

    cdn = await client.get("/schema", headers={"Origin": "https://cdn.jsdelivr.net"})
    assert cdn.status_code == 403
    own = await client.get("/schema/openapi.json", headers={"Origin": "http://127.0.0.1:8765"})
    assert own.status_code == 200 and own.json()["info"]["title"] == "Voix"
