"""The API token: generated once, stored 0600 in VOIX_HOME, checked in constant time.

VOIX_HOME holds a brand's unpublished knowledge (the index, audit log, eval and feedback
stores) as well as the token, so it is private as a whole: the folder 0700, every file 0600.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import secrets
import stat
from pathlib import Path

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler

TOKEN_FILE = "token"
PUBLIC_PATHS = ("/health", "/schema", "/v1/pair")
PRIVATE_UMASK = 0o077
"""Files and folders created under it are the owner's only: 0600 and 0700."""


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
    make_private_home(home)
    token = secrets.token_urlsafe(32)
    tmp = home / f".{TOKEN_FILE}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    tmp.replace(token_path(home))
    return token


def make_private_home(home: Path) -> None:
    """Create the Voix home owner-only (0700), whatever the process umask."""
    if not home.is_dir():
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
        home.chmod(0o700)  # mkdir's mode is filtered by the umask


def keep_new_files_private() -> None:
    """Set the process umask so every file Voix, Chroma or SQLite creates from now on is 0600
    (folders 0700): set once by the `voix` command, before anything opens the home."""
    os.umask(PRIVATE_UMASK)


def tighten_home(home: Path) -> int:
    """Remove group and other permissions from the home and everything in it (a home created
    before Voix made it private, or files copied in); the number of entries changed.

    Symbolic links are neither followed nor changed: a brand folder outside the home, or
    anything a link points to, keeps its permissions.
    """
    if home.is_symlink() or not home.is_dir():
        return 0
    changed = int(_owner_only(home))
    for root, dirs, files in os.walk(home):  # does not descend into linked folders
        for name in (*dirs, *files):
            changed += _owner_only(Path(root) / name)
    return changed


def _owner_only(path: Path) -> bool:
    try:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode) or not mode & PRIVATE_UMASK:
            return False
        private = stat.S_IMODE(mode) & ~PRIVATE_UMASK
        try:
            os.chmod(path, private, follow_symlinks=False)
        except NotImplementedError:  # older Linux C libraries; lstat said it is no link
            os.chmod(path, private)
    except (FileNotFoundError, PermissionError):
        return False  # gone meanwhile (a Chroma temp file), or not ours to change
    return True


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
