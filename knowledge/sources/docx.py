"""Word documents (.docx) as heading-aware sections.

Brand guidelines are often written in Word; their "Heading 1".."Heading 6" styles are the
outline, the same one Markdown headings give, so both chunk the same way.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

import docx
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

from knowledge.limits import DEFAULT_LIMITS, Limits, megabytes
from knowledge.sources.budget import Budget
from knowledge.sources.builder import SectionBuilder
from knowledge.sources.errors import SourceError
from knowledge.sources.markdown import Section

HEADING_STYLE = re.compile(r"heading ([1-6])", re.IGNORECASE)
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Word 97-2003 .doc (and other legacy Office files)
CHUNK = 1024 * 1024
BLOCK_TAGS = tuple(f"<w:{t}{end}".encode() for t in ("p", "tr") for end in (">", " ", "/>"))
"""How WordprocessingML opens a paragraph or a table row."""
ELEMENTS = "paragraphs and table rows"


def read_docx_sections(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Section]:
    budget = Budget(path, limits)
    data = budget.read_bytes()
    _check_archive(path, data, budget)
    try:
        document = docx.Document(io.BytesIO(data))
        builder = SectionBuilder()
        styles = _StyleCache()
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                budget.count(ELEMENTS)
                _add_paragraph(builder, item, styles)
            else:
                builder.block(_table_text(item, budget))
    except SourceError:
        raise
    # python-docx raises whatever lxml or its own checks raise (KeyError for a missing part,
    # ValueError for another Office type, XMLSyntaxError...): not a readable Word document.
    except Exception as exc:
        raise SourceError(path, f"is not a Word document ({exc})") from exc
    sections = builder.build()
    if not sections:
        raise SourceError(path, "has no text")
    return sections


def _check_archive(path: Path, data: bytes, budget: Budget) -> None:
    """Name the usual wrong files (empty, legacy .doc, damaged), and refuse zip bombs, before
    python-docx unzips and parses every part in memory."""
    head = data[:8]
    if not head:
        raise SourceError(path, "is empty")
    if head.startswith(OLE_MAGIC):
        raise SourceError(path, "is a legacy Word 97-2003 file; re-save it as .docx")
    if not head.startswith(ZIP_MAGIC):
        raise SourceError(path, "is not a .docx file (not a zip archive)")
    limit = budget.limits.expanded_bytes
    too_large = f"expands to more than {megabytes(budget.limits.expanded_mb)} once unzipped"
    name = ""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            budget.count("archive parts", len(members))
            # The sizes the archive declares first (no work), then the bytes it really gives:
            # a declared size can lie, and reading stops as soon as the total passes the limit.
            if sum(m.file_size for m in members) > limit:
                raise SourceError(path, too_large, "expanded_mb")
            unzipped = 0
            paragraphs = 0
            for member in members:
                name = member.filename
                with archive.open(member) as part:
                    while chunk := part.read(CHUNK):
                        unzipped += len(chunk)
                        if unzipped > limit:
                            raise SourceError(path, too_large, "expanded_mb")
                        paragraphs += sum(chunk.count(tag) for tag in BLOCK_TAGS)
                budget.check_time()
            # Counted in the raw XML, so that millions of empty paragraphs are refused before
            # lxml builds a tree of them.
            if paragraphs > budget.limits.elements:
                raise SourceError(
                    path, f"has more than {budget.limits.elements:,} {ELEMENTS}", "elements"
                )
    except zipfile.BadZipFile as exc:
        if "CRC" in str(exc):
            raise SourceError(path, f"is damaged (bad checksum in {name})") from exc
        raise SourceError(path, f"is damaged or truncated ({exc})") from exc
    except (zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        raise SourceError(path, f"is damaged or truncated ({exc})") from exc


class _StyleCache:
    """Heading level and list flag per style id: python-docx looks a paragraph's style up in
    the styles part each time (1.3 ms), which a document of many paragraphs cannot afford."""

    def __init__(self) -> None:
        self._known: dict[str | None, tuple[int, bool]] = {}

    def __call__(self, paragraph: Paragraph) -> tuple[int, bool]:
        style_id = paragraph._p.style
        known = self._known.get(style_id)
        if known is None:
            style = paragraph.style
            listed = style is not None and (style.name or "").startswith("List")
            known = self._known[style_id] = (_heading_level(style), listed)
        return known


def _add_paragraph(builder: SectionBuilder, paragraph: Paragraph, styles: _StyleCache) -> None:
    text = paragraph.text.strip()
    if not text:
        return  # an empty heading or paragraph adds nothing; skip the style lookup
    level, listed = styles(paragraph)
    if level:
        builder.heading(level, text)
    else:
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


def _table_text(table: Table, budget: Budget) -> str:
    """One line per row, cells separated by " | " (a merged cell counted once)."""
    lines = []
    for row in table.rows:
        budget.count(ELEMENTS)
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is not previous:  # a merged cell repeats for each column it spans
                cells.append(" ".join(cell.text.split()))
            previous = cell._tc
        if any(cells):
            lines.append(" | ".join(cells))
    return "\n".join(lines)
