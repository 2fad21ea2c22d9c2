"""Browser sign-in for the review pages, without putting the API token in a URL.

A browser cannot send `Authorization` on navigation, so: `voix eval review` mints a one-time
login ticket (HMAC of the API token, 5 minutes, single use) and prints
`/review/login?ticket=...`; redeeming it sets an HttpOnly, SameSite=Strict session cookie
scoped to `/review`; every POST also carries a CSRF token bound to that session. Tickets,
sessions and CSRF tokens are all keyed on the current API token, so `voix token --rotate`
signs every browser out at once. Nothing here is stored but the spent ticket nonces and the
sessions signed out before they expired, in `VOIX_HOME/review-auth.sqlite3`, so a ticket works
once and a sign-out holds across restarts (and between two servers on one home); each entry
is dropped once its ticket or session has expired anyway, which keeps the file small.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from server.security import TokenStore
from server.sqlite_file import SQLiteFile

LOGIN_TTL_S = 300
SESSION_TTL_S = 12 * 3600
SESSION_COOKIE = "voix_review"
REVIEWER_COOKIE = "voix_reviewer"
COOKIE_PATH = "/review"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "_csrf"
AUTH_FILE = "review-auth.sqlite3"
SCHEMA = """
CREATE TABLE IF NOT EXISTS spent_tickets (nonce TEXT PRIMARY KEY, expires REAL NOT NULL);
CREATE TABLE IF NOT EXISTS revoked_sessions (session TEXT PRIMARY KEY, expires REAL NOT NULL);
"""


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


def _expiry(value: str) -> float:
    """When a value `_verify` accepted stops being valid anyway: its entry can go then."""
    return float(value.split(".", 1)[0])


def login_ticket(token: str, now: float | None = None, ttl_s: int = LOGIN_TTL_S) -> str:
    """A one-time ticket for `/review/login`; the CLI mints it from the token it can read."""
    expiry = int((now if now is not None else time.time()) + ttl_s)
    return _signed(token, "review-login", expiry, secrets.token_urlsafe(12))


class ReviewAuth:
    def __init__(
        self,
        tokens: TokenStore,
        clock: Callable[[], float] = time.time,
        path: Path | None = None,
    ) -> None:
        self.tokens = tokens
        self.clock = clock
        self.path = path or tokens.home / AUTH_FILE
        self._connect = SQLiteFile(self.path, SCHEMA, timeout_s=10).connect

    def redeem(self, ticket: str) -> str:
        """A session cookie value for a valid ticket, which can never be used again."""
        now = self.clock()
        token = self.tokens.current()
        nonce = _verify(token, "review-login", ticket, now)
        if nonce is None:
            raise ReviewLoginFailed(
                "This login link is invalid or has expired. Run `voix eval review` for a new one."
            )
        # One transaction: of two servers redeeming the same ticket at once, one inserts.
        with self._connect() as db:
            db.execute("DELETE FROM spent_tickets WHERE expires < ?", (now,))
            spent = db.execute(
                "INSERT OR IGNORE INTO spent_tickets VALUES (?, ?)", (nonce, _expiry(ticket))
            )
        if spent.rowcount != 1:
            raise ReviewLoginFailed(
                "This login link was already used. Run `voix eval review` for a new one."
            )
        expiry = int(now + SESSION_TTL_S)
        return _signed(token, "review-session", expiry, secrets.token_urlsafe(16))

    def session(self, cookie: str | None) -> str | None:
        """The session id of a valid session cookie, else None."""
        if not cookie:
            return None
        session = _verify(self.tokens.current(), "review-session", cookie, self.clock())
        if session is None:
            return None
        with self._connect() as db:
            revoked = db.execute(
                "SELECT 1 FROM revoked_sessions WHERE session = ?", (session,)
            ).fetchone()
        return None if revoked else session

    def revoke(self, cookie: str | None) -> None:
        """Sign a session out for good: a copy of its cookie no longer opens the pages."""
        now = self.clock()
        session = self.session(cookie)
        if session is None or cookie is None:
            return
        with self._connect() as db:
            db.execute("DELETE FROM revoked_sessions WHERE expires < ?", (now,))
            db.execute(
                "INSERT OR REPLACE INTO revoked_sessions VALUES (?, ?)", (session, _expiry(cookie))
            )

    def csrf(self, session: str) -> str:
        return _mac(self.tokens.current(), "review-csrf", session)

    def csrf_ok(self, session: str, presented: str | None) -> bool:
        if not presented:
            return False
        return hmac.compare_digest(presented.encode(), self.csrf(session).encode())

    def blind_key(self) -> bytes:
        """Secret for the A/B side assignment: reviewers cannot predict which run is left."""
        return _mac(self.tokens.current(), "review-blind").encode()
