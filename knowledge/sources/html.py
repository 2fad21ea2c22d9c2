"""HTML pages (saved help-centre articles, exported wikis) as heading-aware sections.

The standard library's `html.parser` is enough: we want the visible text and the h1–h6
outline, not a DOM, and it never raises on malformed markup, which saved pages often are.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

from knowledge.limits import DEFAULT_LIMITS, Limits
from knowledge.sources.budget import Budget
from knowledge.sources.builder import SectionBuilder
from knowledge.sources.errors import SourceError
from knowledge.sources.markdown import Section
from knowledge.sources.text import read_text

HEADINGS = {f"h{n}": n for n in range(1, 7)}
# Page furniture and non-text: what a reader of the article would not call its content.
SKIPPED = {"script", "style", "nav", "footer", "noscript", "template", "title", "svg", "iframe"}
BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "form", "header", "hr", "li", "main", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
}  # fmt: skip
# Containers whose lines belong together (one paragraph for chunking): lists, tables.
GROUPS = {"ul", "ol", "dl", "table"}
SPACES = re.compile(r"\s+")


class _Open(NamedTuple):
    """An open block element, with what it inherits, so no lookup walks the open stack."""

    tag: str
    group: int | None
    """Serial of the outermost open list or table, so that a nested list stays with it."""
    pre: bool
    """Inside a <pre>: whitespace is kept."""


class _Extractor(HTMLParser):
    """Every handler costs O(1) amortised: the open stacks are kept with counts, and state
    that used to be recomputed from them on each call (20,000 unclosed <p> took 23 s) is
    carried by each entry."""

    def __init__(self, budget: Budget | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = SectionBuilder()
        self._budget = budget
        self._skipping: list[str] = []
        self._skipping_count: Counter[str] = Counter()
        self._open: list[_Open] = []  # open block elements, innermost last
        self._open_count: Counter[str] = Counter()
        self._serial = 0
        self._text: list[str] = []
        self._has_text = False
        self._heading: tuple[int, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._budget:
            self._budget.count("HTML elements")
        if tag in SKIPPED:
            self._skipping.append(tag)
            self._skipping_count[tag] += 1
        elif self._skipping:
            return
        elif tag in HEADINGS:
            self._end_block()
            self._heading = (HEADINGS[tag], [])
        elif tag in BLOCKS:
            self._end_block()
            if tag != "hr":
                self._serial += 1
                parent = self._open[-1] if self._open else None
                group = parent.group if parent else None
                if group is None and tag in GROUPS:
                    group = self._serial
                pre = tag == "pre" or (parent is not None and parent.pre)
                self._open.append(_Open(tag, group, pre))
                self._open_count[tag] += 1
        elif tag == "br":
            self._text.append("\n")
        elif tag in {"td", "th"} and self._has_text:
            self._text.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"body", "html"}:
            self._skipping.clear()  # an unclosed <nav> must not swallow the page
            self._skipping_count.clear()
        if self._skipping_count[tag]:
            # From the outermost such element: everything opened inside it closes too.
            outermost = self._skipping.index(tag)
            self._skipping_count.subtract(self._skipping[outermost:])
            del self._skipping[outermost:]
        elif self._skipping:
            return
        elif tag in HEADINGS:
            self._end_block()
        elif tag in BLOCKS and self._open_count[tag]:
            self._end_block()
            while True:  # close up to the innermost such element
                closed = self._open.pop()
                self._open_count[closed.tag] -= 1
                if closed.tag == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._heading is not None:
            self._heading[1].append(data)
            return
        text = data if self._in_pre() else SPACES.sub(" ", data)
        self._text.append(text)
        self._has_text = self._has_text or bool(text.strip())

    def close(self) -> None:
        if self.rawdata.startswith("<") and self.cdata_elem is None:
            # Given the whole page, `feed` stops only at a tag, comment or declaration that
            # runs to the end of the file: a browser drops it (end of file in a tag, a comment
            # to the end). html.parser's own recovery would rescan the rest of the page once
            # for each '<' in it: quadratic (300 KB of "<a b='" took five minutes).
            self.rawdata = ""
        super().close()
        self._end_block()

    def _end_block(self) -> None:
        if self._heading is not None:
            level, parts = self._heading
            self._heading = None
            self.builder.heading(level, "".join(parts))
        text = "".join(self._text)
        self._text.clear()
        self._has_text = False
        if not self._in_pre():
            text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
        self.builder.block(text, self._open[-1].group if self._open else None)

    def _in_pre(self) -> bool:
        return bool(self._open) and self._open[-1].pre


def parse_html_sections(markup: str, budget: Budget | None = None) -> list[Section]:
    extractor = _Extractor(budget)
    extractor.feed(markup)
    extractor.close()
    return extractor.builder.build()


def read_html_sections(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Section]:
    budget = Budget(path, limits)
    sections = parse_html_sections(read_text(path, budget), budget)
    if not sections:
        raise SourceError(path, "has no readable text (only markup, scripts or navigation)")
    return sections
