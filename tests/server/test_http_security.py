"""Safe by default: every route but /health and /v1/pair needs the token (re-read when it is
rotated), only the extension's origin may call from a browser, and the settings that say so."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from server.security import TokenStore, is_loopback, token_path, write_token
from server.settings import EXTENSION_ORIGIN, Settings
from tests.conftest import AUTH, fake_backend

SOCIAL_SITES = ["https://x.com", "https://www.linkedin.com", "https://www.instagram.com", "null"]


async def test_every_operation_but_health_and_pair_needs_the_token(client_for: Any) -> None:
    client = await client_for(fake_backend("ok"))
    schema = (await client.get("/schema/openapi.json")).json()
    checked = 0
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            url = path.replace("{brand_id}", "ondine").replace("{document}", "faq/x.md")
            response = await client.request(method.upper(), url)
            if path in ("/health", "/v1/pair"):
                assert response.status_code != 401, (method, path)
                assert operation.get("security", []) == [], (method, path)
                continue
            assert response.status_code == 401, (method, path, response.text)
            assert response.json()["title"] == "Unauthorized"
            assert operation["security"] == [{"bearer": []}]
            checked += 1
    assert checked >= 12


async def test_preflight_from_the_extension_is_answered(client_for: Any) -> None:
    client = await client_for(fake_backend("ok"))
    response = await client.options(
        "/v1/drafts/reply",
        headers={
            "Origin": EXTENSION_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == EXTENSION_ORIGIN
    allowed = response.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed and "content-type" in allowed
    assert "POST" in response.headers["access-control-allow-methods"]


@pytest.mark.parametrize("origin", SOCIAL_SITES)
async def test_preflight_from_a_social_site_is_refused(client_for: Any, origin: str) -> None:
    client = await client_for(fake_backend("ok"))
    response = await client.options(
        "/v1/drafts/reply",
        headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 403
    assert "access-control-allow-origin" not in response.headers
    assert response.json()["type"].endswith("/origin-not-allowed")


@pytest.mark.parametrize("origin", SOCIAL_SITES)
async def test_a_social_site_cannot_even_send_a_simple_request(
    client_for: Any, origin: str
) -> None:
    """With the right token, even a GET or a form-like POST from a page is refused."""
    client = await client_for(fake_backend("ok"))
    for method, path in (("GET", "/v1/brands"), ("POST", "/v1/pairing/codes"), ("GET", "/health")):
        response = await client.request(method, path, headers={**AUTH, "Origin": origin})
        assert response.status_code == 403, (method, path)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "VOIX_ALLOWED_ORIGINS" in response.json()["detail"]


async def test_the_extension_and_the_apis_own_pages_may_call(client_for: Any) -> None:
    client = await client_for(fake_backend("ok"))
    response = await client.get("/v1/brands", headers={**AUTH, "Origin": EXTENSION_ORIGIN})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == EXTENSION_ORIGIN
    own = await client.get("/v1/brands", headers={**AUTH, "Origin": "http://127.0.0.1:8765"})
    assert own.status_code == 200
    assert (await client.get("/v1/brands", headers=AUTH)).status_code == 200  # no Origin: CLI


async def test_allowed_origins_are_configurable(make_app: Any) -> None:
    mine = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
    app = make_app(fake_backend("ok"), allowed_origins=(mine,))
    async with AsyncTestClient(app=app) as client:
        ok = await client.get("/v1/brands", headers={**AUTH, "Origin": mine})
        assert ok.status_code == 200
        default = await client.get("/v1/brands", headers={**AUTH, "Origin": EXTENSION_ORIGIN})
        assert default.status_code == 403


async def test_a_rotated_token_takes_effect_without_a_restart(make_app: Any) -> None:
    app = make_app(fake_backend("ok"), token=None)
    home: Path = app.state.services.settings.home
    old = token_path(home).read_text().strip()
    async with AsyncTestClient(app=app) as client:
        before = await client.get("/v1/brands", headers={"Authorization": f"Bearer {old}"})
        assert before.status_code == 200
        new = write_token(home)
        assert new != old
        stale = await client.get("/v1/brands", headers={"Authorization": f"Bearer {old}"})
        assert stale.status_code == 401
        fresh = await client.get("/v1/brands", headers={"Authorization": f"Bearer {new}"})
        assert fresh.status_code == 200


def test_token_store_rereads_the_file_and_honours_the_override(tmp_path: Path) -> None:
    store = TokenStore(tmp_path)
    first = store.current()
    assert stat.S_IMODE(token_path(tmp_path).stat().st_mode) == 0o600
    second = write_token(tmp_path)
    assert store.current() == second != first
    assert store.matches(f"Bearer {second}") and not store.matches(f"Bearer {first}")
    assert TokenStore(tmp_path, "from-env").current() == "from-env"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("example.com", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_security_settings_from_the_environment(tmp_path: Path) -> None:
    default = Settings.from_env({"VOIX_HOME": str(tmp_path)})
    assert default.host == "127.0.0.1"
    assert default.allowed_origins == (EXTENSION_ORIGIN,)
    assert (default.rate_limit, default.rate_period_s) == (120, 60.0)
    assert default.max_body_bytes == 256 * 1024 and not default.debug_log
    custom = Settings.from_env(
        {
            "VOIX_HOME": str(tmp_path),
            "VOIX_ALLOWED_ORIGINS": "chrome-extension://aaa/, chrome-extension://bbb",
            "VOIX_RATE_LIMIT": "10/second",
            "VOIX_MAX_BODY_BYTES": "1000",
            "VOIX_DEBUG_LOG": "1",
        }
    )
    assert custom.allowed_origins == ("chrome-extension://aaa", "chrome-extension://bbb")
    assert (custom.rate_limit, custom.rate_period_s) == (10, 1.0)
    assert custom.max_body_bytes == 1000 and custom.debug_log
    off = Settings.from_env({"VOIX_HOME": str(tmp_path), "VOIX_RATE_LIMIT": "off"})
    assert off.rate_limit == 0
    with pytest.raises(ValueError, match="VOIX_RATE_LIMIT"):
        Settings.from_env({"VOIX_HOME": str(tmp_path), "VOIX_RATE_LIMIT": "lots"})
