"""What reading one file may cost: its bytes, its elements and its parse time.

Every reader takes a `Budget` and charges it as it goes, so a file that would take minutes or
gigabytes fails early with the bound it crossed, rather than freezing the process.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from pathlib import Path

from knowledge.limits import DEFAULT_LIMITS, Limits, megabytes
from knowledge.sources.errors import SourceError

# Never follow a link planted where a file was listed, never block on a FIFO.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_BINARY", 0)
)


class Budget:
    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        self.path = path
        self.limits = limits
        self.elements = 0
        self._deadline = time.monotonic() + limits.parse_s

    def count(self, what: str = "elements", n: int = 1) -> None:
        """Charge `n` elements (paragraphs, rows, nodes) and check the clock."""
        self.elements += n
        if self.elements > self.limits.elements:
            raise SourceError(
                self.path, f"has more than {self.limits.elements:,} {what}", "elements"
            )
        self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self._deadline:
            raise SourceError(
                self.path, f"takes longer than {self.limits.parse_s:g} s to read", "parse_s"
            )

    def check_depth(self, depth: int) -> None:
        if depth > self.limits.depth:
            raise self.too_deep()

    def too_deep(self) -> SourceError:
        return SourceError(self.path, f"has nesting deeper than {self.limits.depth}", "depth")

    def read_bytes(self) -> bytes:
        """The file's bytes, refusing links, non-regular files and files over the size limit."""
        path, limit = self.path, self.limits.file_bytes
        too_large = f"is larger than {megabytes(self.limits.file_mb)}"
        try:
            fd = os.open(path, _OPEN_FLAGS)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise SourceError(path, "is a symbolic link; not read") from exc
            raise SourceError(path, f"cannot be read ({exc.strerror or exc})") from exc
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise SourceError(path, "is not a regular file")
            if info.st_size > limit:
                raise SourceError(path, too_large, "file_mb")
            with os.fdopen(fd, "rb", closefd=False) as file:
                data = file.read(limit + 1)  # the file may have grown since fstat
        except OSError as exc:
            raise SourceError(path, f"cannot be read ({exc.strerror or exc})") from exc
        finally:
            os.close(fd)
        if len(data) > limit:
            raise SourceError(path, too_large, "file_mb")
        return data
