"""How `voix serve` runs uvicorn: proxy headers, connection time-outs, problem bodies.

- Proxy headers (`X-Forwarded-For`, `-Proto`) are read only from the proxies named in
  VOIX_TRUSTED_PROXIES. Uvicorn's default trusts them from loopback, where every local process
  sits: a rotating `X-Forwarded-For` would give a caller a fresh rate-limit budget per request.
- A connection must send a whole request head within VOIX_HEADER_TIMEOUT of connecting (or of
  its previous response), and a body must not stall longer than that between two reads; idle
  keep-alive connections close after VOIX_IDLE_TIMEOUT. Uvicorn alone waits for ever for the
  first byte of a connection and for the rest of a half-sent request.
- The 400 uvicorn answers to a malformed request, and the 408 of a head that never completes,
  are problem bodies like every other error.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
import msgspec
from uvicorn.protocols.http.h11_impl import H11Protocol

from server.problems import PROBLEM_JSON, problem_body
from server.settings import Settings

MAX_HEAD_BYTES = 16 * 1024
"""A request line and headers larger than this are refused (400) before they are buffered."""


class GuardedH11Protocol(H11Protocol):
    """Uvicorn's h11 protocol with a deadline on whatever the client still owes."""

    head_timeout_s: float = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._deadline: asyncio.TimerHandle | None = None
        self._waiting_for: str | None = None
        super().connection_made(transport)
        self._watch()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._watch()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        self._write_problem(400, "The request is not valid HTTP/1.1 (or its head is too large).")

    def _watch(self) -> None:
        """A head gets one deadline, however slowly it drips in; a body gets a fresh one at
        each read, so a slow upload goes on and a stalled one is closed."""
        if self.transport.is_closing():
            self._disarm()
            return
        state = self.conn.their_state
        if state is h11.IDLE and self._waiting_for != "head":
            self._arm("head")
        elif state is h11.SEND_BODY:
            self._arm("body")
        elif state not in (h11.IDLE, h11.SEND_BODY):
            self._disarm()

    def _arm(self, what: str) -> None:
        self._disarm()
        self._waiting_for = what
        self._deadline = self.loop.call_later(self.head_timeout_s, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = None
        self._waiting_for = None

    def _expire(self) -> None:
        if self.transport.is_closing():
            return
        if self._waiting_for == "body" and self.flow.read_paused:
            self._arm("body")  # the app has not taken what came yet: the wait is ours
            return
        partial_head = self._waiting_for == "head" and self.conn.their_state is h11.IDLE
        if partial_head and self.conn.trailing_data[0]:  # part of a head came, then nothing
            self._write_problem(
                408,
                f"The request head did not arrive within {self.head_timeout_s:g} s "
                "(VOIX_HEADER_TIMEOUT).",
            )
            return
        self._disarm()
        self.transport.close()

    def _write_problem(self, status: int, detail: str) -> None:
        """Raw bytes: h11 may not be in a state that lets it send a response."""
        body = msgspec.json.encode(problem_body(status, detail))
        reason = {400: b"Bad Request", 408: b"Request Timeout"}[status]
        head = (
            b"HTTP/1.1 %d %s\r\ncontent-type: %s\r\ncontent-length: %d\r\n"
            b"connection: close\r\n\r\n" % (status, reason, PROBLEM_JSON.encode(), len(body))
        )
        self._disarm()
        self.transport.write(head + body)
        self.transport.close()


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for `uvicorn.run` / `uvicorn.Config`, from the settings."""
    protocol = type(
        "VoixH11Protocol", (GuardedH11Protocol,), {"head_timeout_s": settings.header_timeout_s}
    )
    trusted = list(settings.trusted_proxies)
    return {
        "host": settings.host,
        "port": settings.port,
        "http": protocol,
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": trusted or None,
        "timeout_keep_alive": settings.idle_timeout_s,
        "h11_max_incomplete_event_size": MAX_HEAD_BYTES,
    }
