"""Readers, one per file format. Each raises `SourceError` with a reason a person can act on."""

from knowledge.sources.errors import SourceError
from knowledge.sources.markdown import Section, read_sections
from knowledge.sources.tabular import read_rows

__all__ = ["Section", "SourceError", "read_rows", "read_sections"]
