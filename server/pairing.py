"""One-time pairing codes: `voix pair` shows one, the extension trades it for the API token.

A code is short enough to type (8 characters of Crockford base32, 40 random bits), so it is
guarded by what makes guessing hopeless rather than by its length: it lives a few minutes,
works once, a newer code replaces it, and a handful of wrong guesses voids every pending code.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import msgspec

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford base32: no I, L, O or U, so nothing reads as another character."""
CODE_CHARS = 8
READS_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


class PairingFailed(Exception):
    """The code is wrong, expired or used; the user must run `voix pair` again."""

    def __init__(self, voided: bool = False) -> None:
        self.voided = voided
        super().__init__(
            "This pairing code is wrong, expired or already used"
            + (" (too many wrong codes: every pending code is now void)" if voided else "")
            + ". Run `voix pair` again and enter the new code."
        )


@dataclass(frozen=True)
class IssuedCode:
    code: str
    """As shown to the user, e.g. `K7Q4-MZ2P`."""
    expires_in: int
    """Seconds."""


def normalise(code: str) -> str:
    """What the user typed, as stored: case, spaces, dashes and look-alike letters forgiven."""
    kept = "".join(c for c in code.upper() if c.isalnum())
    return kept.translate(READS_AS)


class PairingCodes:
    """The pending codes of one server. Thread-safe; the clock is injectable for tests."""

    def __init__(
        self,
        ttl_s: float = 300.0,
        max_failures: int = 5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl_s = ttl_s
        self.max_failures = max_failures
        self.clock = clock
        self._pending: dict[str, float] = {}
        """Normalised code → expiry time on `clock`."""
        self._failures = 0
        self._lock = threading.Lock()

    def issue(self) -> IssuedCode:
        """A fresh code; it replaces any code still pending."""
        raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_CHARS))
        with self._lock:
            self._pending = {raw: self.clock() + self.ttl_s}
            self._failures = 0
        half = CODE_CHARS // 2
        return IssuedCode(code=f"{raw[:half]}-{raw[half:]}", expires_in=round(self.ttl_s))

    def redeem(self, code: str) -> None:
        """Consume a valid code, or raise PairingFailed; every pending code is compared in
        constant time, so timing does not tell how much of a guess was right."""
        presented = normalise(code).encode()
        with self._lock:
            now = self.clock()
            self._pending = {c: t for c, t in self._pending.items() if t > now}
            match = None
            for candidate in self._pending:
                if hmac.compare_digest(candidate.encode(), presented):
                    match = candidate
            if match is not None:
                del self._pending[match]
                self._failures = 0
                return
            self._failures += 1
            voided = self._failures >= self.max_failures and bool(self._pending)
            if self._failures >= self.max_failures:
                self._pending.clear()
                self._failures = 0
        raise PairingFailed(voided)

    @property
    def pending(self) -> int:
        with self._lock:
            now = self.clock()
            return sum(1 for t in self._pending.values() if t > now)


PAIRED_FILE = "paired.json"


class Pairing(msgspec.Struct, frozen=True):
    """When the extension last paired, and with which token (a fingerprint, never the token):
    `voix doctor` tells from it whether the extension still holds the current token."""

    at: str
    token_sha256: str

    def matches(self, token: str) -> bool:
        return hmac.compare_digest(self.token_sha256, _fingerprint(token))


def _fingerprint(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:16]


def record_pairing(home: Path, token: str) -> None:
    at = datetime.now(UTC).replace(microsecond=0).isoformat()
    home.mkdir(parents=True, exist_ok=True)
    (home / PAIRED_FILE).write_bytes(msgspec.json.encode(Pairing(at, _fingerprint(token))))


def last_pairing(home: Path) -> Pairing | None:
    try:
        return msgspec.json.decode((home / PAIRED_FILE).read_bytes(), type=Pairing)
    except (OSError, msgspec.DecodeError):
        return None
