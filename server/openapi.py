"""Error responses in the OpenAPI schema: every operation lists the problems it can answer.

Most problems follow from what a route is (guarded, takes a body, names a brand, drafts), so
they are added here by rule as each route registers; a handler's own `responses=` add to them
or override them.
"""

from __future__ import annotations

from inspect import isclass
from typing import Any

from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.plugins import ReceiveRoutePlugin
from litestar.response import ServerSentEvent
from litestar.routes import BaseRoute, HTTPRoute

from server.problems import PROBLEM_JSON, Problem, problem_body
from server.security import require_token

CATALOGUE: dict[int, tuple[str, str | None, str, dict[str, Any]]] = {
    400: (
        "Malformed request: JSON that does not parse, a bad Content-Length",
        None,
        "The body is not well-formed JSON: JSON is malformed: invalid character (byte 0).",
        {},
    ),
    401: (
        "Missing or wrong bearer token",
        None,
        "Missing or wrong bearer token: send `Authorization: Bearer TOKEN` "
        "(print it with `voix token`).",
        {},
    ),
    403: (
        "A browser page other than the Voix extension's sent the request",
        "origin-not-allowed",
        "Browser requests from 'https://x.com' are not allowed: only the Voix extension may "
        "call this API (see VOIX_ALLOWED_ORIGINS).",
        {},
    ),
    404: (
        "Unknown brand",
        "brand-not-found",
        "Unknown brand 'acme' (known brands: ondine). Sync it with `voix kb sync PATH`.",
        {"brand": "acme"},
    ),
    409: (
        "A sync of this brand is already running",
        "sync-in-progress",
        "A sync of 'ondine' is already running; retry when it ends.",
        {},
    ),
    413: (
        "Request body too large (VOIX_MAX_BODY_BYTES)",
        None,
        "The request body is larger than this route accepts (262,144 bytes).",
        {},
    ),
    415: (
        "Body in a media type the route does not read",
        None,
        "This route reads application/json, not text/plain; send `Content-Type: application/json`.",
        {},
    ),
    422: (
        "A field is missing, of the wrong type or out of range",
        None,
        "Validation failed for POST /v1/drafts/reply: Expected `str`, got `int` (comment)",
        {"errors": [{"message": "Expected `str`, got `int`", "key": "comment", "source": "body"}]},
    ),
    429: (
        "Too many requests for this token (VOIX_RATE_LIMIT); see Retry-After",
        "rate-limited",
        "More than 120 requests in too short a time; retry in 3 s "
        "(the limit is set by VOIX_RATE_LIMIT).",
        {},
    ),
    503: (
        "The model is busy, restarting after a crash, or its backend is down (see Retry-After)",
        "busy",
        "Voix is already drafting 1 request(s) with 4 waiting; retry in about 20 s.",
        {"running": 1, "waiting": 4},
    ),
    504: (
        "The draft took longer than VOIX_DRAFT_TIMEOUT and was cancelled",
        "draft-timeout",
        "Drafting took longer than 180 s and was stopped. Try again, or raise "
        "VOIX_DRAFT_TIMEOUT, or use a faster model (VOIX_LLM=ollama:MODEL).",
        {"timeout_s": 180.0},
    ),
}


def problem_response(
    status: int,
    description: str | None = None,
    detail: str | None = None,
    slug: str | None = None,
    **extra: Any,
) -> ResponseSpec:
    """A documented problem response with one example body (defaults from the catalogue)."""
    known_description, known_slug, known_detail, known_extra = CATALOGUE.get(
        status, ("Error", None, "Something went wrong.", {})
    )
    body = problem_body(
        status,
        detail or known_detail,
        slug if slug is not None else known_slug,
        **(extra or known_extra),
    )
    return ResponseSpec(
        data_container=Problem,
        description=description or known_description,
        media_type=PROBLEM_JSON,
        generate_examples=False,
        examples=[Example(summary=description or known_description, value=body)],
    )


def _names_a_brand(handler: HTTPRouteHandler) -> bool:
    parameters = handler.parsed_fn_signature.parameters
    if "brand_id" in parameters or "brand" in parameters:
        return True
    data = parameters.get("data")
    fields = getattr(data.annotation, "__struct_fields__", ()) if data is not None else ()
    return "brand" in fields


def _has_parameters(handler: HTTPRouteHandler) -> bool:
    """Path or query parameters the client sends (dependencies and the request excluded)."""
    names = set(handler.parsed_fn_signature.parameters) - {"data", "request", "self"}
    return bool(names - set(handler.resolve_dependencies()))


def _guarded(handler: HTTPRouteHandler) -> bool:
    # Litestar wraps guards in AsyncCallable once they are resolved.
    return any(getattr(g, "func", g) is require_token for g in handler.resolve_guards())


def error_responses(handler: HTTPRouteHandler) -> dict[int, ResponseSpec]:
    statuses = {403}
    if "/health" not in handler.paths:
        statuses |= {422, 429}  # unknown query parameters; the rate limit
    if _guarded(handler):
        statuses.add(401)
    if "data" in handler.parsed_fn_signature.parameters:
        statuses |= {400, 413, 415, 422}
    if _has_parameters(handler):
        statuses |= {400, 422}
    if _names_a_brand(handler):
        statuses.add(404)
    if "drafts" in (handler.resolve_tags() or ()):
        statuses |= {503, 504}
    return {status: problem_response(status) for status in sorted(statuses)}


def json_answer(handler: HTTPRouteHandler) -> ResponseSpec | None:
    """For a handler returning `Answer | ServerSentEvent`, the success response as `Answer`.

    Litestar documents such a union as `oneOf: [Answer, {}]`, which every body matches twice,
    so no client or validator can use it; the stream is described in the operation's text.
    """
    returned = handler.parsed_fn_signature.return_type
    if not returned.is_union:
        return None
    kept = [
        t.annotation
        for t in returned.inner_types
        if not (isclass(t.annotation) and issubclass(t.annotation, ServerSentEvent))
    ]
    if len(kept) != 1 or len(kept) == len(returned.inner_types):
        return None
    return ResponseSpec(
        data_container=kept[0],
        description="The JSON answer (with `Accept: text/event-stream`, server-sent events)",
        generate_examples=False,
    )


class ProblemDocs(ReceiveRoutePlugin):
    """Adds the rule-based problem responses to each route as the app registers it."""

    def receive_route(self, route: BaseRoute) -> None:
        if not isinstance(route, HTTPRoute):
            return
        for handler in route.route_handlers:
            if not handler.resolve_include_in_schema():
                continue
            responses = error_responses(handler)
            if answer := json_answer(handler):
                responses[handler.status_code] = answer
            handler.responses = {**responses, **(handler.responses or {})}
