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
