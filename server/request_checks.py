"""Guards that refuse a request the route cannot read, before its body is parsed.

- 415 for a body in a media type the route does not read: without it Litestar would try to
  parse, say, a form post as JSON and answer a confusing 400.
- 422 for an unknown query parameter: a misspelt `limt=5` is refused, not silently ignored,
  as unknown body fields are.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from litestar.connection import ASGIConnection
from litestar.enums import RequestEncodingType
from litestar.exceptions import HTTPException, ValidationException
from litestar.handlers.base import BaseRouteHandler
from litestar.params import BodyKwarg, DependencyKwarg, ParameterKwarg
from litestar.status_codes import HTTP_415_UNSUPPORTED_MEDIA_TYPE

RESERVED = frozenset({"data", "request", "self", "state", "scope", "headers", "cookies", "query"})


def expected_media_type(handler: BaseRouteHandler) -> str | None:
    """The media type of the handler's `data` parameter; None when it takes no body."""
    field = handler.parsed_fn_signature.parameters.get("data")
    if field is None:
        return None
    media_type: Any = getattr(field.kwarg_definition, "media_type", None)
    return str(getattr(media_type, "value", media_type) or RequestEncodingType.JSON.value)


def accepts(expected: str, content_type: str) -> bool:
    got = content_type.partition(";")[0].strip().lower()
    if expected == RequestEncodingType.JSON.value:
        return got == expected or (got.startswith("application/") and got.endswith("+json"))
    return got == expected


def has_body(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    length = connection.headers.get("content-length")
    if length is not None:
        return length.strip() not in ("", "0")
    return "transfer-encoding" in connection.headers


@cache
def query_names(handler: BaseRouteHandler) -> frozenset[str]:
    """The names the handler reads from the query string or the path."""
    dependencies = set(handler.resolve_dependencies())
    names = set()
    for name, field in handler.parsed_fn_signature.parameters.items():
        kwarg = field.kwarg_definition
        if name in RESERVED or name in dependencies:
            continue
        if isinstance(kwarg, BodyKwarg | DependencyKwarg):
            continue
        if isinstance(kwarg, ParameterKwarg):
            if kwarg.header or kwarg.cookie:
                continue
            name = kwarg.query or kwarg.name or name  # name=: the wire name (`from`)
        names.add(name)
    return frozenset(names)


def require_readable_request(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Litestar guard: a known query, and a body in the media type the route reads."""
    unknown = sorted(set(connection.query_params) - query_names(handler))
    if unknown:
        raise ValidationException(
            detail=f"Unknown query parameter(s) for {connection.url.path}",
            extra=[
                {"message": "Unknown query parameter", "key": name, "source": "query"}
                for name in unknown
            ],
        )
    expected = expected_media_type(handler)
    if expected is None or not has_body(connection):
        return
    content_type = connection.headers.get("content-type", "")
    if not accepts(expected, content_type):
        raise HTTPException(
            status_code=HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            detail=f"This route reads {expected}, not {content_type or 'a body without a type'}; "
            f"send `Content-Type: {expected}`.",
        )
