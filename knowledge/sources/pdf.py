"""PDF text, one section per page, under the document outline (bookmarks) when it has one.

Page numbers are what a person needs to find a passage again, and the outline is the only
heading structure a PDF states outright; guessing headings from font sizes is not worth it.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError
from pypdf.generic import Destination

from knowledge.limits import DEFAULT_LIMITS, Limits
from knowledge.sources.budget import Budget
from knowledge.sources.errors import SourceError
from knowledge.sources.markdown import Section

BLANK_LINES = re.compile(r"\n{3,}")


def read_pdf_sections(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Section]:
    budget = Budget(path, limits)
    reader = _open(path, budget)
    texts: list[str] = []
    try:
        for page in reader.pages:
            budget.count("pages")
            texts.append(_clean(page.extract_text()))
    except SourceError:
        raise
    # pypdf parses untrusted bytes and a damaged file can surface as almost any exception;
    # each means "this file cannot be read", which is what the sync has to report.
    except Exception as exc:
        raise SourceError(path, f"is not a valid PDF (page {len(texts) + 1}): {exc}") from exc
    if not texts:
        raise SourceError(path, "has no pages")
    if not any(texts):
        raise SourceError(path, "has no extractable text (scanned PDF?); run OCR on it first")

    starts = _outline_starts(reader)
    sections = []
    current: list[str] = []
    for index, text in enumerate(texts):
        entries = starts.get(index, [])
        # A page belongs to the first heading that starts on it, else to the last one before.
        titles = [*(entries[0] if entries else current), f"Page {index + 1}"]
        current = entries[-1] if entries else current
        if text:
            sections.append(Section(titles, len(titles), text))
    return sections


def _open(path: Path, budget: Budget) -> PdfReader:
    data = budget.read_bytes()
    if not data.strip():
        raise SourceError(path, "is empty")
    if b"%PDF-" not in data[:1024]:
        raise SourceError(path, "is not a PDF (no %PDF- header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except Exception as exc:  # as above: any failure to parse is a damaged file
        raise SourceError(path, f"is not a valid PDF: {exc}") from exc
    if encrypted:
        # Many PDFs are only restricted (printing, copying) and open with an empty password.
        try:
            opened = reader.decrypt("")
        except DependencyError as exc:
            raise SourceError(path, f"is encrypted and cannot be opened here ({exc})") from exc
        if opened == PasswordType.NOT_DECRYPTED:
            raise SourceError(path, "is encrypted (password-protected); export an unprotected copy")
    return reader


def _outline_starts(reader: PdfReader) -> dict[int, list[list[str]]]:
    """Page index -> heading paths of the outline entries starting on it, in outline order.

    The outline is a convenience: a broken one gives plain pages, not a rejected file.
    """
    starts: dict[int, list[list[str]]] = {}

    def walk(items: list[Any], parents: list[str]) -> None:
        last = parents
        for item in items:
            if isinstance(item, list):
                walk(item, last)  # a nested list holds the children of the entry before it
            elif isinstance(item, Destination):
                title = " ".join(str(item.title or "").split())
                if not title:
                    continue
                last = [*parents, title]
                page = reader.get_destination_page_number(item)
                if page is not None and page >= 0:
                    starts.setdefault(page, []).append(last)

    try:
        walk(reader.outline, [])
    except Exception:
        return {}
    return starts


def _clean(text: str) -> str:
    lines = (line.rstrip() for line in text.replace("\x00", "").splitlines())
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
