from __future__ import annotations

from pathlib import Path


class SourceError(Exception):
    """A file that cannot be read as a source; the sync reports it and skips it."""

    def __init__(self, path: Path, reason: str, limit: str | None = None) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.limit = limit
        """The `Limits` field the file exceeds (`file_mb`, `depth`...), None for a bad file:
        an upload over a limit is a 413, a malformed one a 422."""


def as_source_error(path: Path, exc: BaseException) -> SourceError:
    """Any failure reading a file (a recursion, a decoding slip, a parser library's own bug,
    memory) as that file's `SourceError`, with a reason a person can act on."""
    if isinstance(exc, SourceError):
        return exc
    if isinstance(exc, RecursionError):
        return SourceError(path, "is nested too deeply to read", "depth")
    if isinstance(exc, MemoryError):
        return SourceError(path, "needs more memory to read than is available")
    detail = " ".join(str(exc).split())[:200]
    return SourceError(
        path, f"cannot be read ({type(exc).__name__}{': ' if detail else ''}{detail})"
    )
