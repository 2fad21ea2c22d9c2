"""A test-only reader for `.txt` files that misbehaves as its file's name says, as a parser
library can: it must be importable by name, since the sync's worker process imports it.

`stuck-8.txt` holds the interpreter in one C call for 8 s (a parser stuck in C checks no
deadline and lets no other thread run), `hog-2048.txt` allocates up to 2,048 MB, `crash.txt`
kills its process with SIGSEGV (only in a worker process: never the test run itself), and
`raise-RecursionError.txt` raises that exception. Any other file is read as plain text.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from pathlib import Path

from knowledge.limits import MB, Limits
from knowledge.sources import Section, read_sections

RAISED: dict[str, BaseException] = {
    "RecursionError": RecursionError("maximum recursion depth exceeded"),
    "MemoryError": MemoryError(),
    "UnicodeError": UnicodeError("bad surrogate"),
    "KeyError": KeyError("word/styles.xml"),
}


def hostile(path: Path, limits: Limits) -> list[Section]:
    what, _, arg = path.stem.partition("-")
    if what == "stuck":
        ctypes.PyDLL(None).sleep(int(arg))  # a C call that keeps the GIL
    elif what == "hog":
        held = [bytearray(64 * MB) for _ in range(int(arg) // 64)]
        del held
    elif what == "crash" and _in_worker():
        os.kill(os.getpid(), signal.SIGSEGV)
    elif what == "raise":
        raise RAISED[arg]
    return read_sections(path, limits)


def _in_worker() -> bool:
    """True in the sync's worker process (`python -m knowledge.parsing_worker`)."""
    spec = getattr(sys.modules["__main__"], "__spec__", None)
    return getattr(spec, "name", "") == "knowledge.parsing_worker"
