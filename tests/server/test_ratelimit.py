"""Requests per token over a period: 429 with Retry-After past the limit, /health exempt."""

from __future__ import annotations

from typing import Any

from litestar.testing import AsyncTestClient

from server.ratelimit import RateLimiter
from tests.conftest import AUTH, fake_backend


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_empties_then_refills_at_the_configured_rate() -> None:
    clock = Clock()
    limiter = RateLimiter(limit=3, period_s=60, clock=clock)
    assert [limiter.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.take("a") == 20.0  # one request every 20 s
    assert limiter.take("b") == 0.0  # another caller has its own bucket
    clock.now += 20
    assert limiter.take("a") == 0.0
    assert limiter.take("a") > 0
    clock.now += 3600
    assert [limiter.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]  # bursts up to the limit


async def test_past_the_limit_the_api_answers_429_with_retry_after(make_app: Any) -> None:
    app = make_app(fake_backend("ok"), rate_limit=3, rate_period_s=60.0)
    async with AsyncTestClient(app=app) as client:
        for _ in range(3):
            assert (await client.get("/v1/brands", headers=AUTH)).status_code == 200
        limited = await client.get("/v1/brands", headers=AUTH)
        assert limited.status_code == 429
        assert limited.headers["content-type"].startswith("application/problem+json")
        assert 1 <= int(limited.headers["retry-after"]) <= 20
        problem = limited.json()
        assert problem["status"] == 429 and "VOIX_RATE_LIMIT" in problem["detail"]
        for _ in range(10):
            assert (await client.get("/health")).status_code == 200


async def test_callers_without_the_token_do_not_use_up_its_budget(make_app: Any) -> None:
    app = make_app(fake_backend("ok"), rate_limit=2, rate_period_s=60.0)
    async with AsyncTestClient(app=app) as client:
        guesses = [
            (await client.post("/v1/pair", json={"code": "0000-0000"})).status_code
            for _ in range(3)
        ]
        assert guesses == [400, 400, 429]
        assert (await client.get("/v1/brands", headers=AUTH)).status_code == 200


async def test_no_limit_when_disabled(make_app: Any) -> None:
    app = make_app(fake_backend("ok"), rate_limit=0)
    async with AsyncTestClient(app=app) as client:
        for _ in range(200):
            assert (await client.get("/v1/brands", headers=AUTH)).status_code == 200
