"""Pairing: one-time codes that expire, work once and cannot be guessed, and the routes that
issue them (token needed) and trade them for the token (public)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from knowledge.embedding import Embedder
from knowledge.index import KnowledgeIndex
from knowledge.sync import SyncReport
from server.app import create_app
from server.pairing import ALPHABET, PairingCodes, PairingFailed, normalise
from server.settings import Settings
from tests.conftest import AUTH, TOKEN, build_services, fake_backend


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_code_is_short_random_and_readable() -> None:
    codes = PairingCodes()
    seen = {codes.issue().code for _ in range(50)}
    assert len(seen) == 50
    for code in seen:
        first, dash, second = code.partition("-")
        assert dash and len(first) == len(second) == 4
        assert set(first + second) <= set(ALPHABET)


def test_a_code_works_once() -> None:
    codes = PairingCodes()
    issued = codes.issue()
    codes.redeem(issued.code)
    with pytest.raises(PairingFailed, match="voix pair"):
        codes.redeem(issued.code)


def test_a_code_expires() -> None:
    clock = Clock()
    codes = PairingCodes(ttl_s=300, clock=clock)
    issued = codes.issue()
    assert issued.expires_in == 300
    clock.now += 301
    with pytest.raises(PairingFailed):
        codes.redeem(issued.code)
    fresh = codes.issue()
    clock.now += 299
    codes.redeem(fresh.code)


def test_typing_is_forgiven_but_not_a_wrong_character() -> None:
    codes = PairingCodes()
    issued = codes.issue()
    typed = f"  {issued.code.lower().replace('-', ' ')} "
    assert normalise(typed) == issued.code.replace("-", "")
    codes.redeem(typed)
    other = codes.issue().code.replace("-", "")
    wrong = other[:-1] + ("0" if other[-1] != "0" else "1")
    with pytest.raises(PairingFailed):
        codes.redeem(wrong)


def test_a_new_code_replaces_the_pending_one() -> None:
    codes = PairingCodes()
    old = codes.issue()
    new = codes.issue()
    with pytest.raises(PairingFailed):
        codes.redeem(old.code)
    codes.redeem(new.code)


def test_five_wrong_codes_void_the_pending_code() -> None:
    codes = PairingCodes(max_failures=5)
    issued = codes.issue()
    for attempt in range(5):
        with pytest.raises(PairingFailed) as failed:
            codes.redeem("AAAA-AAAA" if issued.code != "AAAA-AAAA" else "BBBB-BBBB")
        assert failed.value.voided is (attempt == 4)
    assert codes.pending == 0
    with pytest.raises(PairingFailed):
        codes.redeem(issued.code)


@pytest.fixture
async def paired(
    settings: Settings, demo_index: KnowledgeIndex, embedder: Embedder, demo_sync: SyncReport
) -> AsyncIterator[tuple[AsyncTestClient[Litestar], Clock]]:
    clock = Clock()
    services = build_services(settings, demo_index, embedder, fake_backend("ok"))
    app = create_app(services, pairing=PairingCodes(ttl_s=300, clock=clock))
    async with AsyncTestClient(app=app) as client:
        yield client, clock


async def test_issuing_a_code_needs_the_token(paired: Any) -> None:
    client, _ = paired
    response = await client.post("/v1/pairing/codes")
    assert response.status_code == 401
    response = await client.post("/v1/pairing/codes", headers=AUTH)
    assert response.status_code == 201
    assert response.json()["expires_in"] == 300


async def test_the_extension_trades_a_code_for_the_token_once(paired: Any) -> None:
    client, _ = paired
    code = (await client.post("/v1/pairing/codes", headers=AUTH)).json()["code"]
    response = await client.post("/v1/pair", json={"code": code})
    assert response.status_code == 200, response.text
    assert response.json() == {"token": TOKEN}
    again = await client.post("/v1/pair", json={"code": code})
    assert again.status_code == 400
    assert again.headers["content-type"].startswith("application/problem+json")
    problem = again.json()
    assert problem["type"].endswith("/pairing-failed") and "voix pair" in problem["detail"]
    assert TOKEN not in again.text


async def test_an_expired_code_is_refused_over_http(paired: Any) -> None:
    client, clock = paired
    code = (await client.post("/v1/pairing/codes", headers=AUTH)).json()["code"]
    clock.now += 301
    response = await client.post("/v1/pair", json={"code": code})
    assert response.status_code == 400
    assert "run `voix pair` again" in response.json()["detail"].lower()


async def test_guessing_voids_the_code_over_http(paired: Any) -> None:
    client, _ = paired
    code = (await client.post("/v1/pairing/codes", headers=AUTH)).json()["code"]
    guess = "0000-0000" if code != "0000-0000" else "1111-1111"
    for _ in range(5):
        assert (await client.post("/v1/pair", json={"code": guess})).status_code == 400
    response = await client.post("/v1/pair", json={"code": code})
    assert response.status_code == 400


async def test_pairing_refuses_a_page_of_another_site(paired: Any) -> None:
    client, _ = paired
    code = (await client.post("/v1/pairing/codes", headers=AUTH)).json()["code"]
    response = await client.post(
        "/v1/pair", json={"code": code}, headers={"Origin": "https://www.facebook.com"}
    )
    assert response.status_code == 403
    assert TOKEN not in response.text
    assert (await client.post("/v1/pair", json={"code": code})).status_code == 200
