from pathlib import Path


class SourceError(Exception):
    """A file that cannot be read as a source; the sync reports it and skips it."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
