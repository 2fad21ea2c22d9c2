"""Structured logs: one JSON line per request, with a request id echoed in `X-Request-ID`.

A line holds the method, the route template (never the raw query string), the status and the
latency. Comments, drafts and tokens stay out of the log; `VOIX_DEBUG_LOG=1` adds the query
string and the start of the request body, for debugging on one's own machine.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from litestar.types import ASGIApp, Message, Receive, ReceiveMessage, Scope, Send

log = logging.getLogger("voix.access")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
DEBUG_BODY_BYTES = 4096


class RequestLog:
    """Outermost ASGI layer, so refusals before routing (403, 429, 404) are logged too."""

    def __init__(self, app: ASGIApp, debug: bool = False) -> None:
        self.app = app
        self.debug = debug

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = next((v for k, v in scope["headers"] if k == b"x-request-id"), b"").decode(
            "latin-1"
        )
        request_id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500
        sent = 0
        body = bytearray()

        async def send_with_id(message: Message) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k != b"x-request-id"]
                message = {**message, "headers": [*headers, (b"x-request-id", request_id.encode())]}
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        async def receive_copy() -> ReceiveMessage:
            message = await receive()
            if message["type"] == "http.request" and len(body) < DEBUG_BODY_BYTES:
                body.extend(message.get("body", b"")[: DEBUG_BODY_BYTES - len(body)])
            return message

        try:
            await self.app(scope, receive_copy if self.debug else receive, send_with_id)
        finally:
            fields: dict[str, Any] = {
                "request_id": request_id,
                "method": scope.get("method", ""),
                "route": scope.get("path_template") or "(no route)",
                "status": status,
                "latency_ms": round((time.perf_counter() - started) * 1000, 2),
                "bytes": sent,
            }
            if self.debug:
                fields["path"] = scope["path"]
                fields["query"] = scope.get("query_string", b"").decode("latin-1")
                fields["body"] = body.decode("utf-8", "replace")
            log.info("request", extra={"fields": fields})


class JsonLines(logging.Formatter):
    """Every log record as one JSON object per line; `extra={"fields": {...}}` is merged in."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def log_config(level: str = "INFO") -> dict[str, Any]:
    """`logging.config.dictConfig` for `voix serve`: Voix's and uvicorn's records as JSON lines
    on stderr (uvicorn's own access log is off: RequestLog writes one line per request)."""
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonLines}},
        "handlers": {"stderr": handler},
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            name: {"handlers": [], "level": level, "propagate": True}
            for name in ("uvicorn", "uvicorn.error", "uvicorn.access")
        },
    }
