"""The API's Litestar app factory: routes, dependency injection, problem responses, OpenAPI.

It serves what `server/` holds and mounts whatever other routers it is given: the whole
application (the API plus eval's review pages) is composed in `voix.app`, so that `server/`
never imports `eval/`."""

from __future__ import annotations

from collections.abc import Sequence

from litestar import Litestar, Router
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme
from litestar.types import ControllerRouterHandler, Scope

from server import __version__
from server.docs import DOCS_PATH, OfflineSwagger, docs_router
from server.json_depth import limit_json_depth
from server.openapi import ProblemDocs
from server.origins import OriginGate, cors_config, own_origins
from server.pairing import PairingCodes
from server.problems import EXCEPTION_HANDLERS
from server.ratelimit import RateLimit, RateLimiter
from server.request_checks import require_readable_request
from server.request_log import RequestLog
from server.routes.brands import BrandsController, UploadsController
from server.routes.drafts import DraftsController
from server.routes.feedback import FeedbackController
from server.routes.health import health
from server.routes.insights import InsightsController
from server.routes.pairing import PairController, PairingController
from server.security import TokenStore, require_token
from server.services import Services


def create_app(
    services: Services,
    routers: Sequence[ControllerRouterHandler] = (),
    pairing: PairingCodes | None = None,
    tokens: TokenStore | None = None,
) -> Litestar:
    """An app over already-built services (the CLI builds real ones, tests fakes), mounting
    `routers` beside the API: they sit outside the token guard and bring their own checks.

    `tokens` is the store those routers also sign in with, when they need one."""
    settings = services.settings
    tokens = tokens or TokenStore(settings.home, settings.token)
    pairing = pairing or PairingCodes(ttl_s=settings.pairing_ttl_s)

    def provide_services() -> Services:
        return services

    def provide_pairing() -> PairingCodes:
        return pairing

    def provide_tokens() -> TokenStore:
        return tokens

    uploads = Router(
        path="/",
        route_handlers=[UploadsController],
        # Uploads carry their own, clearer limit check; this one stops absurd bodies early.
        request_max_body_size=settings.max_upload_bytes + 64 * 1024,
    )
    api = Router(
        path="/",
        route_handlers=[
            BrandsController,
            DraftsController,
            FeedbackController,
            InsightsController,
            PairingController,
            uploads,
        ],
        guards=[require_token, require_readable_request],
        security=[{"bearer": []}],
    )
    public = Router(path="/", route_handlers=[PairController], guards=[require_readable_request])
    app = Litestar(
        route_handlers=[health, api, public, *routers],
        dependencies={
            "services": Provide(provide_services, sync_to_thread=False),
            "pairing": Provide(provide_pairing, sync_to_thread=False),
            "tokens": Provide(provide_tokens, sync_to_thread=False),
        },
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        cors_config=cors_config(settings.allowed_origins),
        plugins=[ProblemDocs()],
        openapi_config=OpenAPIConfig(
            title="Voix",
            version=__version__,
            description="Local API of Voix: drafts grounded in each brand's knowledge.",
            path=DOCS_PATH,
            # Swagger UI from files an installed package ships: the docs work offline.
            render_plugins=[OfflineSwagger()],
            openapi_router=docs_router(),
            components=Components(
                security_schemes={
                    "bearer": SecurityScheme(
                        type="http", scheme="bearer", description="`voix token`"
                    )
                }
            ),
        ),
        on_shutdown=[services.close],
        request_max_body_size=settings.max_body_bytes,
        # Logging is set up once by `voix serve` (JSON lines), never by building an app.
        logging_config=None,
        debug=False,
    )
    app.state.tokens = tokens
    app.state.pairing = pairing
    app.state.services = services
    # Outermost layers, in front of routing: they see every request, preflights and 404s too.
    # Outside in: request log (id, latency), foreign-origin 403, per-token rate limit.
    handler = limit_json_depth(app.asgi_handler, settings.max_body_bytes)
    if settings.rate_limit > 0:
        limiter = RateLimiter(settings.rate_limit, settings.rate_period_s)
        handler = RateLimit(handler, limiter, lambda scope: _caller(scope, tokens))
    handler = OriginGate(
        handler, [*settings.allowed_origins, *own_origins(settings.host, settings.port)]
    )
    app.asgi_handler = RequestLog(handler, debug=settings.debug_log)
    return app


def _caller(scope: Scope, tokens: TokenStore) -> str:
    """The rate-limit bucket: the valid token's, else the client address's."""
    header = next((v for k, v in scope["headers"] if k == b"authorization"), b"")
    if tokens.matches(header.decode("latin-1")):
        return "token"
    client = scope.get("client")
    return f"client:{client[0] if client else 'unknown'}"
