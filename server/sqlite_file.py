"""One SQLite file that a Voix store keeps beside the index: created on first use.

A connection per call keeps a store safe to use from Litestar's worker threads and from
another process (an eval runner) writing meanwhile; WAL lets readers go on during a write.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path


class SQLiteFile:
    def __init__(
        self, path: Path, schema: str, *, timeout_s: float = 30, foreign_keys: bool = False
    ) -> None:
        self.path = path
        self.schema = schema
        self.timeout_s = timeout_s
        self.foreign_keys = foreign_keys
        self._ready = False

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection in one transaction, committed when the block ends without error."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=self.timeout_s)) as db:
            if self.foreign_keys:
                db.execute("PRAGMA foreign_keys=ON")  # per connection, not stored in the file
            if not self._ready:
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(self.schema)
                self._ready = True
            with db:
                yield db
