"""The Litestar app factory: routes, dependency injection, problem responses, OpenAPI."""

from __future__ import annotations

from litestar import Litestar, Router
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

from server import __version__
from server.problems import EXCEPTION_HANDLERS
from server.routes.brands import BrandsController
from server.routes.drafts import DraftsController
from server.routes.health import health
from server.security import load_or_create_token, require_token
from server.services import Services


def create_app(services: Services) -> Litestar:
    """An app over already-built services (the CLI builds real ones, tests fakes)."""
    token = load_or_create_token(services.settings.home, services.settings.token)

    def provide_services() -> Services:
        return services

    api = Router(
        path="/",
        route_handlers=[BrandsController, DraftsController],
        guards=[require_token],
        security=[{"bearer": []}],
    )
    app = Litestar(
        route_handlers=[health, api],
        dependencies={"services": Provide(provide_services, sync_to_thread=False)},
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        openapi_config=OpenAPIConfig(
            title="Voix",
            version=__version__,
            description="Local API of Voix: drafts grounded in each brand's knowledge.",
            path="/schema",
            render_plugins=[ScalarRenderPlugin(), SwaggerRenderPlugin(path="/swagger")],
            components=Components(
                security_schemes={
                    "bearer": SecurityScheme(
                        type="http", scheme="bearer", description="`voix token`"
                    )
                }
            ),
        ),
        on_shutdown=[services.close],
        # Uploads carry their own, clearer limit check; this one stops absurd bodies early.
        request_max_body_size=services.settings.max_upload_bytes + 64 * 1024,
        debug=False,
    )
    app.state.token = token
    app.state.services = services
    return app
