"""What community managers did with inserted drafts, kept in SQLite for the learning loop.

One small table in `VOIX_HOME/feedback.sqlite3`, created on first use.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from knowledge.brand import BrandRegistry
from server.schemas import FeedbackEntry, FeedbackIn
from server.sqlite_file import SQLiteFile

FEEDBACK_FILE = "feedback.sqlite3"
SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    brand TEXT NOT NULL,
    kind TEXT NOT NULL,
    platform TEXT NOT NULL,
    draft TEXT NOT NULL,
    final TEXT,
    edited INTEGER NOT NULL,
    variant INTEGER NOT NULL,
    site TEXT
);
CREATE INDEX IF NOT EXISTS feedback_brand_id ON feedback (brand, id);
"""
COLUMNS = "id, at, brand, kind, platform, draft, final, edited, variant, site"


class FeedbackStore:
    def __init__(self, home: Path, registry: BrandRegistry) -> None:
        self.path = home / FEEDBACK_FILE
        self.registry = registry
        self._connect = SQLiteFile(self.path, SCHEMA, timeout_s=10).connect

    def record(self, item: FeedbackIn) -> int:
        """Store one report; an unknown brand raises BrandNotFound."""
        self.registry.get(item.brand)
        at = datetime.now(UTC).isoformat(timespec="seconds")
        with self._connect() as db:
            cursor = db.execute(
                f"INSERT INTO feedback ({COLUMNS.removeprefix('id, ')}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    at,
                    item.brand,
                    item.kind,
                    item.platform,
                    item.draft,
                    item.final,
                    int(item.edited),
                    item.variant,
                    item.site,
                ),
            )
            return int(cursor.lastrowid or 0)

    def recent(self, brand: str | None = None, limit: int = 50) -> list[FeedbackEntry]:
        """Newest first; one brand's (which must exist) or every brand's."""
        if brand is not None:
            self.registry.get(brand)
        where, params = ("WHERE brand = ?", (brand,)) if brand is not None else ("", ())
        with self._connect() as db:
            rows = db.execute(
                f"SELECT {COLUMNS} FROM feedback {where} ORDER BY id DESC LIMIT ?",
                (*params, limit),
            ).fetchall()
        return [
            FeedbackEntry(
                id=r[0],
                at=r[1],
                brand=r[2],
                kind=r[3],
                platform=r[4],
                draft=r[5],
                final=r[6],
                edited=bool(r[7]),
                variant=r[8],
                site=r[9],
            )
            for r in rows
        ]
