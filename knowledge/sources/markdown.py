"""Markdown and plain text split into heading-aware sections."""

from __future__ import annotations

import re
from pathlib import Path

import msgspec

from knowledge.limits import DEFAULT_LIMITS, Limits
from knowledge.sources.budget import Budget
from knowledge.sources.text import read_text

FENCE = re.compile(r"^\s*(```|~~~)")
MARKS = re.compile(r"#{1,6}")


class Section(msgspec.Struct, frozen=True):
    titles: list[str]
    """The heading path, outermost first; empty for text before the first heading."""
    level: int
    body: str


def parse_sections(text: str, budget: Budget | None = None) -> list[Section]:
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

    for number, line in enumerate(text.splitlines()):
        if budget and number % 4096 == 0:
            budget.check_time()
        if FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _heading(line)
        if heading:
            if budget:
                budget.count("sections")
            flush()
            level = len(heading[0])
            path = [(lvl, t) for lvl, t in path if lvl < level] + [(level, heading[1])]
        else:
            lines.append(line)
    flush()
    return [s for s in sections if s.body or s.titles]


def _heading(line: str) -> tuple[str, str] | None:
    """`("##", "Title")` for an ATX heading line, closing hashes dropped, else None.

    String methods rather than one pattern: `^(#{1,6})\\s+(.+?)\\s*#*\\s*$` tried every split
    of a long run of spaces between its three whitespace groups (cubic: a heading of 3,000
    spaces took 23 s); stripping from each end is linear.
    """
    marks = MARKS.match(line)
    if marks is None:
        return None
    rest = line[marks.end() :]
    if not rest[:1].isspace():
        return None  # "#hashtag", "#######", or a bare "#"
    title = rest.strip()
    if not title:
        return None
    # The closing sequence: trailing hashes and spaces, keeping at least one character.
    end = len(title.rstrip("#").rstrip())
    return marks.group(), title[: max(end, 1)]


def read_sections(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Section]:
    budget = Budget(path, limits)
    text = read_text(path, budget)
    if path.suffix.lower() in {".md", ".markdown"}:
        return parse_sections(text, budget)
    return [Section([], 0, text.strip())]
