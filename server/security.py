"""The API token: generated once, stored 0600 in VOIX_HOME, checked in constant time."""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler

TOKEN_FILE = "token"
PUBLIC_PATHS = ("/health", "/schema")


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


def token_matches(expected: str, header: str | None) -> bool:
    if not header:
        return False
    scheme, _, presented = header.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(presented.strip().encode(), expected.encode())


def require_token(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """Litestar guard for every route but /health and the docs."""
    expected: str = connection.app.state.token
    if not token_matches(expected, connection.headers.get("authorization")):
        raise NotAuthorizedException(
            "Missing or wrong bearer token: send `Authorization: Bearer TOKEN` "
            "(print it with `voix token`)."
        )
