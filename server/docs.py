"""The API reference at /schema, offline: Swagger UI served from this app, never from a CDN.

Litestar's viewers load their script from a CDN (and its favicon from another), which fails
offline and runs third-party code in the API's own origin, the origin of the review pages.
Swagger UI's files ship in the `swagger-ui-py` package; this module serves the two it needs
(and the page's own start-up script, which a strict Content-Security-Policy keeps out of the
HTML) under /schema/assets, so the page names no origin but its own.
"""

from __future__ import annotations

import html
import importlib.util
from pathlib import Path
from typing import Any

from litestar import Request, Response, Router, get
from litestar.enums import MediaType
from litestar.openapi.plugins import OpenAPIRenderPlugin
from litestar.params import FromPath

DOCS_PATH = "/schema"
ASSETS = "/assets"
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
"""On every /schema answer: scripts, styles and requests from this origin only."""
START = b"""window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: document.body.dataset.schema,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
"""
"""Swagger UI's start-up, as a file: the page carries no inline script. `BaseLayout` has no
top bar, so no field to load another document; `validatorUrl: null` calls no validator."""
SWAGGER_FILES = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "favicon-32x32.png": "image/png",
}


def swagger_ui_dir() -> Path:
    """The folder of Swagger UI's files in the installed `swagger-ui-py` (found, not imported:
    its package imports handlers for other web frameworks)."""
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("swagger-ui-py is not installed: run `make install`")
    return Path(next(iter(spec.submodule_search_locations))) / "static"


class OfflineSwagger(OpenAPIRenderPlugin):
    """Swagger UI at /schema and /schema/swagger, its files served by the app itself."""

    def __init__(self, path: list[str] | None = None) -> None:
        super().__init__(path=path or ["/", "/swagger"], favicon="", style="")
        self.files = swagger_ui_dir()

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        title = html.escape(str(openapi_schema["info"]["title"]))
        schema = html.escape(self.get_openapi_json_route(request))
        assets = f"{DOCS_PATH}{ASSETS}"
        return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} API reference</title>
<link rel="icon" type="image/png" href="{assets}/favicon-32x32.png">
<link rel="stylesheet" href="{assets}/swagger-ui.css">
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="{assets}/start.js"></script>
</head>
<body data-schema="{schema}">
<div id="swagger-ui"></div>
</body>
</html>
""".encode()

    def receive_router(self, router: Router) -> None:
        files = self.files

        @get(f"{ASSETS}/{{name:str}}", sync_to_thread=True, include_in_schema=False)
        def asset(name: FromPath[str]) -> Response[bytes]:
            if name == "start.js":
                return Response(START, media_type="text/javascript; charset=utf-8")
            if name not in SWAGGER_FILES:
                return Response(b"", status_code=404, media_type=MediaType.TEXT)
            content = (files / name).read_bytes()
            cache = {"Cache-Control": "public, max-age=86400"}
            return Response(content, media_type=SWAGGER_FILES[name], headers=cache)

        router.register(asset)


def docs_router() -> Router:
    """The router Litestar serves the docs and /schema/openapi.json on, with `HEADERS`."""
    return Router(
        path=DOCS_PATH,
        route_handlers=[],
        include_in_schema=False,
        response_headers=HEADERS,
    )
