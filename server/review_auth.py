"""Browser sign-in for the review pages, without putting the API token in a URL.

A browser cannot send `Authorization` on navigation, so: `voix eval review` mints a one-time
login ticket (HMAC of the API token, 5 minutes, single use) and prints
`/review/login?ticket=...`; redeeming it sets an HttpOnly, SameSite=Strict session cookie
scoped to `/review`; every POST also carries a CSRF token bound to that session. Tickets,
sessions and CSRF tokens are all keyed on the current API token, so `voix token --rotate`
signs every browser out at once. Nothing here is stored but the spent ticket nonces and the
sessions signed out before they expired (in memory: a restart forgets them).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable

from server.security import TokenStore

LOGIN_TTL_S = 300
SESSION_TTL_S = 12 * 3600
SESSION_COOKIE = "voix_review"
REVIEWER_COOKIE = "voix_reviewer"
COOKIE_PATH = "/review"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "_csrf"


class ReviewLoginFailed(Exception):
    """A login ticket that is malformed, forged, expired or already used."""


def _mac(token: str, purpose: str, *parts: str) -> str:
    message = "|".join((purpose, *parts)).encode()
    digest = hmac.new(token.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _signed(token: str, purpose: str, expiry: int, nonce: str) -> str:
    return f"{expiry}.{nonce}.{_mac(token, purpose, str(expiry), nonce)}"


def _verify(token: str, purpose: str, value: str, now: float) -> str | None:
    """The nonce of a valid, unexpired signed value, else None."""
    parts = value.split(".")
    if len(parts) != 3 or not parts[0].isdigit():
        return None
    expiry, nonce, mac = parts
    expected = _mac(token, purpose, expiry, nonce)
    if not hmac.compare_digest(mac.encode(), expected.encode()) or int(expiry) < now:
        return None
    return nonce


def login_ticket(token: str, now: float | None = None, ttl_s: int = LOGIN_TTL_S) -> str:
    """A one-time ticket for `/review/login`; the CLI mints it from the token it can read."""
    expiry = int((now if now is not None else time.time()) + ttl_s)
    return _signed(token, "review-login", expiry, secrets.token_urlsafe(12))


class ReviewAuth:
    def __init__(self, tokens: TokenStore, clock: Callable[[], float] = time.time) -> None:
        self.tokens = tokens
        self.clock = clock
        self._spent: dict[str, float] = {}
        self._revoked: dict[str, float] = {}
        self._lock = threading.Lock()

    def redeem(self, ticket: str) -> str:
        """A session cookie value for a valid ticket, which can never be used again."""
        now = self.clock()
        token = self.tokens.current()
        nonce = _verify(token, "review-login", ticket, now)
        if nonce is None:
            raise ReviewLoginFailed(
                "This login link is invalid or has expired. Run `voix eval review` for a new one."
            )
        with self._lock:
            self._spent = {n: t for n, t in self._spent.items() if t >= now}
            if nonce in self._spent:
                raise ReviewLoginFailed(
                    "This login link was already used. Run `voix eval review` for a new one."
                )
            self._spent[nonce] = now + LOGIN_TTL_S
        expiry = int(now + SESSION_TTL_S)
        return _signed(token, "review-session", expiry, secrets.token_urlsafe(16))

    def session(self, cookie: str | None) -> str | None:
        """The session id of a valid session cookie, else None."""
        if not cookie:
            return None
        session = _verify(self.tokens.current(), "review-session", cookie, self.clock())
        with self._lock:
            return None if session in self._revoked else session

    def revoke(self, cookie: str | None) -> None:
        """Sign a session out for good: a copy of its cookie no longer opens the pages."""
        now = self.clock()
        session = self.session(cookie)
        if session is None or cookie is None:
            return
        expiry = float(cookie.split(".", 1)[0])
        with self._lock:
            self._revoked = {n: t for n, t in self._revoked.items() if t >= now}
            self._revoked[session] = expiry

    def csrf(self, session: str) -> str:
        return _mac(self.tokens.current(), "review-csrf", session)

    def csrf_ok(self, session: str, presented: str | None) -> bool:
        if not presented:
            return False
        return hmac.compare_digest(presented.encode(), self.csrf(session).encode())

    def blind_key(self) -> bytes:
        """Secret for the A/B side assignment: reviewers cannot predict which run is left."""
        return _mac(self.tokens.current(), "review-blind").encode()
