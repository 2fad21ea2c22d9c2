"""Heading-path bookkeeping shared by the structured readers (HTML, DOCX).

They meet headings and text blocks one at a time; this turns that stream into the same
`Section`s that `parse_sections` gives for Markdown, so chunking treats every format alike.
"""

from __future__ import annotations

from knowledge.sources.markdown import Section


class SectionBuilder:
    def __init__(self) -> None:
        self._sections: list[Section] = []
        self._path: list[tuple[int, str]] = []
        self._blocks: list[tuple[str, object]] = []

    def heading(self, level: int, title: str) -> None:
        """Open a section; a heading closes those at its level or deeper, as in Markdown."""
        title = " ".join(title.split())
        if not title:
            return
        self._flush()
        self._path = [(lvl, t) for lvl, t in self._path if lvl < level] + [(level, title)]

    def block(self, text: str, group: object = None) -> None:
        """Add a paragraph. Consecutive blocks of one `group` (the items of a list, the rows
        of a table) are joined by a single newline: chunking splits at blank lines, and a
        list belongs in one piece."""
        text = text.strip("\n").rstrip()  # leading spaces may be a <pre>'s indentation
        if text.strip():
            self._blocks.append((text, group))

    def build(self) -> list[Section]:
        self._flush()
        return self._sections

    def _flush(self) -> None:
        parts: list[str] = []  # joined once: `body += text` may copy the body every block
        previous: object = None
        for text, group in self._blocks:
            if parts:
                parts.append("\n" if group is not None and group == previous else "\n\n")
            parts.append(text)
            previous = group
        self._blocks.clear()
        body = "".join(parts)
        if body or self._path:
            level = self._path[-1][0] if self._path else 0
            self._sections.append(Section([t for _, t in self._path], level, body))
