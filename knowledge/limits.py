"""What one file may cost to read: the bounds that keep a hostile or broken export from
freezing or exhausting the process that syncs it.

Brand folders hold whatever a team's tools export, sometimes from a shared git folder: an
80 KB Word file can hold millions of paragraphs, a 4 MB one can unzip to gigabytes, and a
few hundred KB of YAML aliases can expand to 100 MB. A file past a bound is a failed file
with the bound in its reason; the rest of the sync goes on. The server sets these from its
environment (`VOIX_MAX_*`); a library caller passes its own or takes the defaults.
"""

from __future__ import annotations

import msgspec

MB = 1024 * 1024


class Limits(msgspec.Struct, frozen=True, kw_only=True):
    file_mb: float = 50.0
    """Largest file read, and the most text one file may give (a YAML file with its aliases
    expanded included)."""
    expanded_mb: float = 200.0
    """Largest a Word file's parts may unzip to, all parts together."""
    elements: int = 200_000
    """Most paragraphs, table rows, HTML elements, CSV or JSON Lines rows, or YAML nodes in
    one file."""
    depth: int = 100
    """Deepest nesting of JSON and YAML values."""
    yaml_alias_mb: float = 1.0
    """Most text that YAML aliases (`*name`) may add to a file by repeating an anchor."""
    parse_s: float = 60.0
    """Longest one file's parsing may take: checked as it reads elements, and the worker
    process that parses it is killed past it (a parser stuck in one C call checks nothing)."""
    parse_mb: float = 1024.0
    """Most memory (address space) the worker process may add to read one file; past it the
    file is a failed file. Enforced on Linux (`RLIMIT_AS`)."""

    @property
    def file_bytes(self) -> int:
        return int(self.file_mb * MB)

    @property
    def expanded_bytes(self) -> int:
        return int(self.expanded_mb * MB)

    @property
    def yaml_alias_chars(self) -> int:
        return int(self.yaml_alias_mb * MB)


DEFAULT_LIMITS = Limits()


def megabytes(value: float) -> str:
    """`200 MB`, `0.5 MB`: how a limit reads in a failed file's reason."""
    return f"{value:g} MB"
