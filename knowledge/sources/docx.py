"""Word documents (.docx) as heading-aware sections.

Brand guidelines are often written in Word; their "Heading 1".."Heading 6" styles are the
outline, the same one Markdown headings give, so both chunk the same way.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

import docx
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

from knowledge.sources.builder import SectionBuilder
from knowledge.sources.errors import SourceError
from knowledge.sources.markdown import Section

HEADING_STYLE = re.compile(r"heading ([1-6])", re.IGNORECASE)
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Word 97-2003 .doc (and other legacy Office files)


def read_docx_sections(path: Path) -> list[Section]:
    _check_archive(path)
    try:
        document = docx.Document(str(path))
        builder = SectionBuilder()
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                _add_paragraph(builder, item)
            else:
                builder.block(_table_text(item))
    # python-docx raises whatever lxml or its own checks raise (KeyError for a missing part,
    # ValueError for another Office type, XMLSyntaxError...): not a readable Word document.
    except Exception as exc:
        raise SourceError(path, f"is not a Word document ({exc})") from exc
    sections = builder.build()
    if not sections:
        raise SourceError(path, "has no text")
    return sections


def _check_archive(path: Path) -> None:
    """Name the usual wrong files (empty, legacy .doc, damaged) before python-docx sees them."""
    try:
        with path.open("rb") as file:
            head = file.read(8)
    except OSError as exc:
        raise SourceError(path, f"cannot be read ({exc.strerror or exc})") from exc
    if not head:
        raise SourceError(path, "is empty")
    if head.startswith(OLE_MAGIC):
        raise SourceError(path, "is a legacy Word 97-2003 file; re-save it as .docx")
    if not head.startswith(ZIP_MAGIC):
        raise SourceError(path, "is not a .docx file (not a zip archive)")
    try:
        with zipfile.ZipFile(path) as archive:
            damaged = archive.testzip()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise SourceError(path, f"is damaged or truncated ({exc})") from exc
    if damaged:
        raise SourceError(path, f"is damaged (bad checksum in {damaged})")


def _add_paragraph(builder: SectionBuilder, paragraph: Paragraph) -> None:
    text = paragraph.text.strip()
    level = _heading_level(paragraph.style)
    listed = paragraph.style is not None and (paragraph.style.name or "").startswith("List")
    if level:
        builder.heading(level, text)
    elif text:
        builder.block(f"- {text}" if listed else text, "list" if listed else None)


def _heading_level(style: ParagraphStyle | None) -> int:
    """1-6 for a heading style or one based on it (a custom "Brand Heading"), else 0."""
    seen = 0
    while style is not None and seen < 10:
        match = HEADING_STYLE.fullmatch(style.name or "")
        if match:
            return int(match.group(1))
        style = style.base_style
        seen += 1
    return 0


def _table_text(table: Table) -> str:
    """One line per row, cells separated by " | " (a merged cell counted once)."""
    lines = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is not previous:  # a merged cell repeats for each column it spans
                cells.append(" ".join(cell.text.split()))
            previous = cell._tc
        if any(cells):
            lines.append(" | ".join(cells))
    return "\n".join(lines)
