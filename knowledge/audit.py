"""The audit log of syncs: when, by whom or what, and what changed. One JSON line per sync."""

from __future__ import annotations

import fcntl
import getpass
import socket
from datetime import UTC, datetime
from pathlib import Path

import msgspec

from knowledge.sync import KindCounts, SyncReport

AUDIT_FILE = "audit.jsonl"


class AuditEntry(msgspec.Struct, kw_only=True):
    at: str
    """UTC time, ISO 8601."""
    brand: str
    actor: str
    """Who or what ran the sync: `user@host via cli`, `api upload`, ..."""
    counts: dict[str, KindCounts]
    failed: list[str]
    embedded: int
    seconds: float


def default_actor(via: str) -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"{user}@{socket.gethostname()} via {via}"


class AuditLog:
    def __init__(self, home: Path) -> None:
        self.path = home / AUDIT_FILE

    def record(self, report: SyncReport, actor: str) -> AuditEntry:
        entry = AuditEntry(
            at=datetime.now(UTC).isoformat(timespec="seconds"),
            brand=report.brand,
            actor=actor,
            counts=report.counts,
            failed=[f"{f.path}: {f.reason}" for f in report.failed],
            embedded=report.embedded,
            seconds=report.seconds,
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "ab") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)  # whole lines, even from two processes
            handle.write(msgspec.json.encode(entry) + b"\n")
        return entry

    def history(self, brand_id: str, limit: int | None = None) -> list[AuditEntry]:
        """This brand's syncs, newest first. A damaged line is skipped, not fatal."""
        if not self.path.is_file():
            return []
        entries = []
        decoder = msgspec.json.Decoder(AuditEntry)
        for line in self.path.read_bytes().splitlines():
            try:
                entry = decoder.decode(line)
            except msgspec.DecodeError:
                continue
            if entry.brand == brand_id:
                entries.append(entry)
        entries.reverse()
        return entries[:limit] if limit else entries
