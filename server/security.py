"""The API token: generated once, stored 0600 in VOIX_HOME, checked in constant time."""

from __future__ import annotations

import hmac
import ipaddress
import os
import secrets
from pathlib import Path

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler

TOKEN_FILE = "token"
PUBLIC_PATHS = ("/health", "/schema", "/v1/pair")


def token_path(home: Path) -> Path:
    return home / TOKEN_FILE


def load_or_create_token(home: Path, override: str | None = None) -> str:
    if override:
        return override
    path = token_path(home)
    if path.is_file():
        token = path.read_text(encoding="utf-8").strip()
        if token:
            return token
    return write_token(home)


def write_token(home: Path) -> str:
    """A fresh random token, written atomically with owner-only permissions."""
    home.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    tmp = home / f".{TOKEN_FILE}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    tmp.replace(token_path(home))
    return token


class TokenStore:
    """The token the server checks, re-read when `voix token --rotate` rewrites the file, so
    a rotation takes effect at once without a restart (one stat per request)."""

    def __init__(self, home: Path, override: str | None = None) -> None:
        self.home = home
        self._path = token_path(home)
        self._override = override
        self._token = load_or_create_token(home, override)
        self._stamp = self._mtime()

    def _mtime(self) -> int:
        try:
            return self._path.stat().st_mtime_ns
        except OSError:
            return 0

    def current(self) -> str:
        if self._override:
            return self._token
        stamp = self._mtime()
        if stamp != self._stamp:
            token = self._path.read_text(encoding="utf-8").strip() if stamp else ""
            if token:
                self._token, self._stamp = token, stamp
        return self._token

    def matches(self, header: str | None) -> bool:
        return token_matches(self.current(), header)


def is_loopback(host: str) -> bool:
    """Whether binding `host` keeps the API on this machine."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def token_matches(expected: str, header: str | None) -> bool:
    if not header:
        return False
    scheme, _, presented = header.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(presented.strip().encode(), expected.encode())


def require_token(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """Litestar guard for every route but /health, /v1/pair and the docs."""
    tokens: TokenStore = connection.app.state.tokens
    if not tokens.matches(connection.headers.get("authorization")):
        raise NotAuthorizedException(
            "Missing or wrong bearer token: send `Authorization: Bearer TOKEN` "
            "(print it with `voix token`)."
        )
