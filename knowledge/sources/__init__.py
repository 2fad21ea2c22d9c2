"""Readers, one per file format. Each raises `SourceError` with a reason a person can act on."""

from knowledge.sources.docx import read_docx_sections
from knowledge.sources.errors import SourceError
from knowledge.sources.html import read_html_sections
from knowledge.sources.markdown import Section, read_sections
from knowledge.sources.pdf import read_pdf_sections
from knowledge.sources.tabular import read_rows
from knowledge.sources.yamlfile import read_yaml_rows

__all__ = [
    "Section",
    "SourceError",
    "read_docx_sections",
    "read_html_sections",
    "read_pdf_sections",
    "read_rows",
    "read_sections",
    "read_yaml_rows",
]
