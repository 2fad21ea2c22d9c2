"""Every error as an RFC 9457 problem body, mapped from domain errors in one place."""

from __future__ import annotations

import logging
import re
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, SerializationException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import Send

from knowledge.errors import (
    BrandNotFound,
    DocumentNotFound,
    FolderChange,
    IndexLocked,
    InvalidBrand,
    KnowledgeError,
    SyncInProgress,
    UnsafePath,
)
from knowledge.insights import InvalidInsightsQuery
from server.brands import UploadRejected
from server.drafting.errors import ClientGone, DraftTimeout, UnknownPlatform
from server.llm import BackendUnavailable
from server.llm.gate import Busy
from server.pairing import PairingFailed

log = logging.getLogger("voix.api")
PROBLEM_JSON = "application/problem+json"
FIELD_IN_MESSAGE = re.compile(r"field `([^`]+)`")
TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    429: "Too many requests",
    499: "Client closed request",
    500: "Internal error",
    503: "Service unavailable",
    504: "Drafting timed out",
}


class FieldError(msgspec.Struct, kw_only=True, omit_defaults=True):
    message: str
    key: str | None = None
    """The field, e.g. `comment` or `platforms.0`."""
    source: str | None = None
    """body, query, path or header."""


class Problem(msgspec.Struct, kw_only=True, omit_defaults=True):
    """An RFC 9457 problem body; some problems add members (e.g. `brand`, `supported`)."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None
    """Validation problems: one entry per refused field."""


def problem_body(status: int, detail: str, slug: str | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "type": f"https://voix.local/problems/{slug or status}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        **extra,
    }


def problem(
    status: int,
    detail: str,
    slug: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response[Any]:
    body = problem_body(status, detail, slug, **extra)
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers or {})


async def send_problem(
    send: Send,
    status: int,
    detail: str,
    slug: str | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """A problem response written straight to ASGI, for the layers that run before routing."""
    body = msgspec.json.encode(problem_body(status, detail, slug))
    raw_headers = [
        (b"content-type", PROBLEM_JSON.encode()),
        (b"content-length", str(len(body)).encode()),
        *((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


def _http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    extra: dict[str, Any] = {}
    detail = exc.detail
    status = exc.status_code
    if isinstance(exc, ValidationException) and exc.extra:
        # Well-formed input with a wrong field is 422; malformed JSON stays 400.
        status = 422
        extra["errors"] = [
            _name_field(e) for e in (exc.extra if isinstance(exc.extra, list) else [exc.extra])
        ]
        first = extra["errors"][0]
        if isinstance(first, dict) and first.get("message"):
            where = f" ({first['key']})" if first.get("key") else ""
            detail = f"{detail}: {first['message']}{where}"
    elif isinstance(exc.__cause__, SerializationException):
        detail = f"The body is not well-formed JSON: {detail}."
    elif status == 413:
        limit = request.route_handler.resolve_request_max_body_size()
        detail = f"The request body is larger than this route accepts ({limit or 0:,} bytes)."
    elif status == 404 and detail == "Not Found":
        detail = f"No route {request.url.path}; every route is listed at /schema."
    elif status == 405:
        allowed = (exc.headers or {}).get("allow", "")
        detail = f"{request.method} is not allowed on {request.url.path}" + (
            f"; allowed: {allowed}." if allowed else "."
        )
    return problem(status, detail, headers=dict(exc.headers or {}), **extra)


def _name_field(error: Any) -> Any:
    """msgspec reports a missing or unknown body field against the whole body (`data`); name
    the field itself, as for every other error."""
    if isinstance(error, dict) and error.get("key") in (None, "data"):
        named = FIELD_IN_MESSAGE.search(str(error.get("message", "")))
        if named:
            return {**error, "key": named.group(1)}
    return error


def _domain(_: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if isinstance(exc, BrandNotFound):
        return problem(404, str(exc), "brand-not-found", brand=exc.brand_id)
    if isinstance(exc, DocumentNotFound):
        return problem(404, str(exc), "document-not-found", document=exc.document)
    if isinstance(exc, SyncInProgress):
        return problem(409, str(exc), "sync-in-progress", headers={"Retry-After": "5"})
    if isinstance(exc, FolderChange):
        return problem(
            409,
            str(exc),
            "folder-change",
            brand=exc.brand_id,
            registered_folder=exc.registered,
            folder=exc.folder,
            indexed=exc.indexed,
            removed=exc.removed,
        )
    if isinstance(exc, UnsafePath):
        return problem(409, str(exc), "unsafe-path", path=exc.path)
    if isinstance(exc, UploadRejected):
        return problem(exc.status, str(exc), "upload-rejected")
    if isinstance(exc, UnknownPlatform):
        return problem(422, str(exc), "unknown-platform", supported=exc.supported)
    if isinstance(exc, PairingFailed):
        return problem(400, str(exc), "pairing-failed")
    if isinstance(exc, BackendUnavailable):
        if exc.retry_after is None:
            return problem(503, str(exc), "backend-unavailable")
        return problem(
            503,
            str(exc),
            "backend-unavailable",
            headers={"Retry-After": str(exc.retry_after)},
            retry_after=exc.retry_after,
        )
    if isinstance(exc, IndexLocked):
        return problem(503, str(exc), "index-locked")
    if isinstance(exc, InvalidInsightsQuery):
        return problem(400, str(exc), "invalid-insights-query")
    if isinstance(exc, InvalidBrand | KnowledgeError):
        return problem(400, str(exc), "invalid-knowledge")
    return _internal(_, exc)


def _drafting(_: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """The model's capacity and time limits."""
    if isinstance(exc, Busy):
        return problem(
            503,
            str(exc),
            "busy",
            headers={"Retry-After": str(exc.retry_after)},
            running=exc.running,
            waiting=exc.waiting,
        )
    if isinstance(exc, DraftTimeout):
        return problem(504, str(exc), "draft-timeout", timeout_s=exc.seconds)
    log.info("client went away before its draft was ready; generation cancelled")
    return problem(499, "The client closed the connection; the draft was cancelled.")


def _internal(_: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.exception("unhandled error", exc_info=exc)
    return problem(
        HTTP_500_INTERNAL_SERVER_ERROR,
        "Voix hit an unexpected error; details are in the server log.",
    )


EXCEPTION_HANDLERS = {
    HTTPException: _http,
    KnowledgeError: _domain,
    UnknownPlatform: _domain,
    UploadRejected: _domain,
    BackendUnavailable: _domain,
    PairingFailed: _domain,
    Busy: _drafting,
    DraftTimeout: _drafting,
    ClientGone: _drafting,
    Exception: _internal,
}
