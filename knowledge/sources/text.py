"""Decoding of text files, refusing binaries and empty files with a clear reason.

UTF-8 is the norm; UTF-16 and UTF-32 are read when they say so with a byte-order mark, as
Windows tools (Notepad, Excel's "Unicode text") save them.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from knowledge.sources.budget import Budget
from knowledge.sources.errors import SourceError

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose mark begins it
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_text(path: Path, budget: Budget | None = None) -> str:
    data = (budget or Budget(path)).read_bytes()
    encoding = next((name for bom, name in BOMS if data.startswith(bom)), None)
    if encoding is None and b"\x00" in data[:8192]:
        raise SourceError(path, "looks binary (contains NUL bytes); expected UTF-8 text")
    try:
        text = data.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as exc:
        name = (encoding or "utf-8").upper()
        raise SourceError(
            path, f"is not {name} text (byte {exc.start}); re-save it as UTF-8"
        ) from exc
    if not text.strip():
        raise SourceError(path, "is empty")
    return text
