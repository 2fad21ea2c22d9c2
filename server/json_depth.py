"""Refuse JSON bodies nested deeper than any request of this API, before a route decodes them.

JSON decoders (msgspec, Python's json) recurse once per level: about 1,000 levels raise a
RecursionError, a 500 on whichever route decodes the body, the unauthenticated `/v1/pair`
included. No request here nests beyond a handful of levels, so a deeper body is a 400 problem,
checked once in front of every route by one linear pass over its bytes that counts brackets
outside strings (no recursion, no decoding).
"""

from __future__ import annotations

import re

from litestar.types import ASGIApp, Receive, ReceiveMessage, Scope, Send

from server.problems import send_problem

MAX_JSON_DEPTH = 64
TOKENS = re.compile(rb'\\.|["\[\]{}]', re.DOTALL)
"""What changes the depth or the string state: an escaped pair (`\\"` stays in its string),
a quote, a bracket."""


def too_deep(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether `body`'s arrays and objects nest more than `limit` deep; linear, stops early."""
    depth = 0
    in_string = False
    for match in TOKENS.finditer(body):
        token = match.group()
        if token == b'"':
            in_string = not in_string
        elif in_string or token[0] == 0x5C:  # inside a string, or an escape outside one
            continue
        elif token in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        elif depth:
            depth -= 1
    return False


def is_json(scope: Scope) -> bool:
    """A body some route would decode as JSON: `application/json…` or `…+json`."""
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            media = value.partition(b";")[0].strip().lower()
            return media.startswith(b"application/json") or media.endswith(b"+json")
    return False


class JsonDepthLimit:
    """ASGI layer: reads a JSON body (up to `max_bytes`; a larger one goes on to the route's
    own 413), answers 400 when it nests too deep, else hands it on unchanged."""

    def __init__(self, app: ASGIApp, max_bytes: int, max_depth: int = MAX_JSON_DEPTH) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_depth = max_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_json(scope):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more and size <= self.max_bytes:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away before it finished the body
            chunk = message.get("body", b"")
            chunks.append(chunk)
            size += len(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if not more and too_deep(body, self.max_depth):
            await send_problem(
                send,
                400,
                f"The JSON body nests deeper than {self.max_depth} levels; no request of this "
                "API needs more than a few.",
                "json-too-deep",
            )
            return
        pending: list[ReceiveMessage] = [{"type": "http.request", "body": body, "more_body": more}]

        async def replay() -> ReceiveMessage:
            return pending.pop() if pending else await receive()

        await self.app(scope, replay, send)


def limit_json_depth(app: ASGIApp, max_bytes: int) -> ASGIApp:
    """`app` behind a JsonDepthLimit (the innermost layer: rate limit and origin gate first)."""
    return JsonDepthLimit(app, max_bytes)
