"""Decoding of text files, refusing binaries and empty files with a clear reason."""

from pathlib import Path

from knowledge.sources.errors import SourceError


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot be read ({exc.strerror or exc})") from exc
    if b"\x00" in data[:8192]:
        raise SourceError(path, "looks binary (contains NUL bytes); expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            path, f"is not UTF-8 text (byte {exc.start}); re-save it as UTF-8"
        ) from exc
    if not text.strip():
        raise SourceError(path, "is empty")
    return text
