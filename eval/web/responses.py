"""How every review page answers: HTML with a strict security policy, or JSON to the pages'
own script."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.enums import MediaType

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # no-referrer would make form posts send `Origin: null`
    "Cache-Control": "no-store",
}
LOGIN_HINT = "Run `voix eval review` on this machine and open the link it prints."


def html(body: str, status: int = 200) -> Response[str]:
    return Response(body, status_code=status, media_type=MediaType.HTML, headers=HEADERS)


def wants_json(request: Request[Any, Any, Any]) -> bool:
    return "application/json" in request.headers.get("accept", "") or (
        request.headers.get("content-type", "").startswith("application/json")
    )
