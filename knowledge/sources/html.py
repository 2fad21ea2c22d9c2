"""HTML pages (saved help-centre articles, exported wikis) as heading-aware sections.

The standard library's `html.parser` is enough: we want the visible text and the h1–h6
outline, not a DOM, and it never raises on malformed markup, which saved pages often are.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

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


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = SectionBuilder()
        self._skipping: list[str] = []
        self._open: list[tuple[str, int]] = []  # open block elements (tag, serial), innermost last
        self._serial = 0
        self._text: list[str] = []
        self._heading: tuple[int, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self._skipping.append(tag)
        elif self._skipping:
            return
        elif tag in HEADINGS:
            self._end_block()
            self._heading = (HEADINGS[tag], [])
        elif tag in BLOCKS:
            self._end_block()
            if tag != "hr":
                self._serial += 1
                self._open.append((tag, self._serial))
        elif tag == "br":
            self._text.append("\n")
        elif tag in {"td", "th"} and "".join(self._text).strip():
            self._text.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"body", "html"}:
            self._skipping.clear()  # an unclosed <nav> must not swallow the page
        if tag in self._skipping:
            del self._skipping[self._skipping.index(tag) :]
        elif self._skipping:
            return
        elif tag in HEADINGS:
            self._end_block()
        elif tag in BLOCKS and tag in self._tags():
            self._end_block()
            del self._open[len(self._open) - 1 - self._tags()[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._heading is not None:
            self._heading[1].append(data)
        else:
            self._text.append(data if "pre" in self._tags() else SPACES.sub(" ", data))

    def close(self) -> None:
        super().close()
        self._end_block()

    def _end_block(self) -> None:
        if self._heading is not None:
            level, parts = self._heading
            self._heading = None
            self.builder.heading(level, "".join(parts))
        text = "".join(self._text)
        self._text.clear()
        if "pre" not in self._tags():
            text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
        # The outermost open list or table, so that a nested list stays with its parent.
        group = next((serial for tag, serial in self._open if tag in GROUPS), None)
        self.builder.block(text, group)

    def _tags(self) -> list[str]:
        return [tag for tag, _ in self._open]


def parse_html_sections(markup: str) -> list[Section]:
    extractor = _Extractor()
    extractor.feed(markup)
    extractor.close()
    return extractor.builder.build()


def read_html_sections(path: Path) -> list[Section]:
    sections = parse_html_sections(read_text(path))
    if not sections:
        raise SourceError(path, "has no readable text (only markup, scripts or navigation)")
    return sections
