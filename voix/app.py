"""The application, composed: the API over the services it is given, with eval's review
pages mounted beside it. `voix serve` serves it; tests build it the same way."""

from __future__ import annotations

from litestar import Litestar

from eval.web.router import review_router
from server.app import create_app as create_api
from server.pairing import PairingCodes
from server.security import TokenStore
from server.services import Services


def create_app(services: Services, pairing: PairingCodes | None = None) -> Litestar:
    """The whole application over already-built services: the routes under /v1 and /health,
    and the review pages under /review, signed in with the same token store."""
    settings = services.settings
    tokens = TokenStore(settings.home, settings.token)
    review = review_router(tokens, settings.home)
    return create_api(services, routers=[review], pairing=pairing, tokens=tokens)
