"""Which browser pages may call the API: the extension's own origin, nothing else.

CORS headers alone only stop a page from *reading* an answer; a page of a social site could
still *send* simple requests. So a request whose `Origin` is not allowed is refused outright,
before routing, with a 403 problem; requests without `Origin` (CLI, curl) pass.
"""

from __future__ import annotations

from collections.abc import Iterable

from litestar.config.cors import CORSConfig
from litestar.types import ASGIApp, Receive, Scope, Send

from server.problems import send_problem

ALLOWED_HEADERS = ["Authorization", "Content-Type", "Accept", "X-Request-ID", "Last-Event-ID"]
EXPOSED_HEADERS = ["X-Request-ID", "Retry-After"]


def normalise(origin: str) -> str:
    return origin.strip().rstrip("/").lower()


def own_origins(host: str, port: int) -> list[str]:
    """The API's own pages (`/schema`, review pages) send these on same-origin POSTs."""
    hosts = {host, "127.0.0.1", "localhost", "[::1]"} if host else set()
    return [f"http://{h}:{port}" for h in sorted(hosts)]


def cors_config(allowed: Iterable[str]) -> CORSConfig:
    """Litestar answers preflights from allowed origins; `allow_origins` must be explicit,
    since its default (`*`) would win over everything else."""
    return CORSConfig(
        allow_origins=[normalise(o) for o in allowed],
        allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
        allow_headers=ALLOWED_HEADERS,
        expose_headers=EXPOSED_HEADERS,
        allow_credentials=False,
        max_age=600,
    )


class OriginGate:
    """ASGI layer in front of the app: a foreign `Origin` gets a 403, preflights included."""

    def __init__(self, app: ASGIApp, allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = frozenset(normalise(o) for o in allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            origin = next((v for k, v in scope["headers"] if k == b"origin"), None)
            if origin is not None:
                text = origin.decode("latin-1")
                if normalise(text) not in self.allowed and "*" not in self.allowed:
                    await send_problem(
                        send,
                        403,
                        f"Browser requests from {text[:100]!r} are not allowed: only the Voix "
                        "extension may call this API (see VOIX_ALLOWED_ORIGINS).",
                        "origin-not-allowed",
                    )
                    return
        await self.app(scope, receive, send)
