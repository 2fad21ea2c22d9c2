"""Markdown and plain text split into heading-aware sections."""

from __future__ import annotations

import re
from pathlib import Path

import msgspec

from knowledge.sources.text import read_text

HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


class Section(msgspec.Struct, frozen=True):
    titles: list[str]
    """The heading path, outermost first; empty for text before the first heading."""
    level: int
    body: str


def parse_sections(text: str) -> list[Section]:
    """Split at headings (outside code fences) and keep each section's heading path."""
    sections: list[Section] = []
    path: list[tuple[int, str]] = []
    level = 0
    lines: list[str] = []
    in_fence = False

    def flush() -> None:
        body = "\n".join(lines).strip()
        if body or (path and level == path[-1][0]):
            sections.append(Section([t for _, t in path], level, body))
        lines.clear()

    for line in text.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else HEADING.match(line)
        if match:
            flush()
            level = len(match.group(1))
            path = [(lvl, t) for lvl, t in path if lvl < level] + [(level, match.group(2))]
        else:
            lines.append(line)
    flush()
    return [s for s in sections if s.body or s.titles]


def read_sections(path: Path) -> list[Section]:
    text = read_text(path)
    if path.suffix.lower() in {".md", ".markdown"}:
        return parse_sections(text)
    return [Section([], 0, text.strip())]
