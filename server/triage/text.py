"""Small text operations the triage rules share: one spelling of apostrophes, blanking spans
out (personal data, sarcastic praise) while keeping offsets, counting and quoting matches."""

from __future__ import annotations

import re
from collections.abc import Iterable


def normalise(text: str) -> str:
    """Curly apostrophes to straight ones so one pattern covers both keyboards."""
    return text.replace("’", "'").replace("ʼ", "'")


def quote(match: re.Match[str]) -> str:
    return " ".join(match.group(0).split())[:40]


def blank(text: str, spans: Iterable[tuple[int, int]], fill: str = " ") -> str:
    """`text` with each span replaced by `fill` repeated (length kept when `fill` is one
    character, so the other spans stay valid)."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(len(chars), end)):
            chars[i] = fill
    return "".join(chars)


def count_matches(pattern: re.Pattern[str], text: str) -> int:
    return len(pattern.findall(text))
