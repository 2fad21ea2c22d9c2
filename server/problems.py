"""Every error as an RFC 9457 problem body, mapped from domain errors in one place."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from knowledge.errors import (
    BrandNotFound,
    DocumentNotFound,
    IndexLocked,
    InvalidBrand,
    KnowledgeError,
    SyncInProgress,
)
from server.brands import UploadRejected
from server.drafting.errors import UnknownPlatform
from server.llm import BackendUnavailable

log = logging.getLogger("voix.api")
PROBLEM_JSON = "application/problem+json"
TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    429: "Too many requests",
    500: "Internal error",
    503: "Service unavailable",
}


def problem(
    status: int,
    detail: str,
    slug: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response[Any]:
    body = {
        "type": f"https://voix.local/problems/{slug or status}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        **extra,
    }
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers or {})


def _http(_: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    extra: dict[str, Any] = {}
    detail = exc.detail
    if isinstance(exc, ValidationException) and exc.extra:
        extra["errors"] = exc.extra
        first = exc.extra[0] if isinstance(exc.extra, list) else exc.extra
        if isinstance(first, dict) and first.get("message"):
            where = f" ({first['key']})" if first.get("key") else ""
            detail = f"{detail}: {first['message']}{where}"
    return problem(exc.status_code, detail, headers=dict(exc.headers or {}), **extra)


def _domain(_: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if isinstance(exc, BrandNotFound):
        return problem(404, str(exc), "brand-not-found", brand=exc.brand_id)
    if isinstance(exc, DocumentNotFound):
        return problem(404, str(exc), "document-not-found", document=exc.document)
    if isinstance(exc, SyncInProgress):
        return problem(409, str(exc), "sync-in-progress", headers={"Retry-After": "5"})
    if isinstance(exc, UploadRejected):
        return problem(exc.status, str(exc), "upload-rejected")
    if isinstance(exc, UnknownPlatform):
        return problem(422, str(exc), "unknown-platform", supported=exc.supported)
    if isinstance(exc, BackendUnavailable):
        return problem(503, str(exc), "backend-unavailable")
    if isinstance(exc, IndexLocked):
        return problem(503, str(exc), "index-locked")
    if isinstance(exc, InvalidBrand | KnowledgeError):
        return problem(400, str(exc), "invalid-knowledge")
    return _internal(_, exc)


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
    Exception: _internal,
}
