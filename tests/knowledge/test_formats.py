"""The HTML, PDF, DOCX and YAML readers: good files come back as sections or rows, bad ones
fail with a reason a person can act on. Every file is built here, by hand or with the same
libraries the readers use."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from pypdf import PdfReader, PdfWriter

from knowledge.sources import (
    Section,
    SourceError,
    read_docx_sections,
    read_html_sections,
    read_pdf_sections,
    read_rows,
    read_yaml_rows,
)

GARBAGE = bytes(range(256)) * 4  # contains NUL bytes, no PDF header, no zip signature


def _write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def _reason(read: Callable[[Path], object], path: Path) -> str:
    with pytest.raises(SourceError) as caught:
        read(path)
    assert caught.value.path == path
    return caught.value.reason


# --- HTML -------------------------------------------------------------------------------------

PAGE = """<!doctype html>
<html><head><title>Help centre</title><style>p { color: red }</style>
<script>document.write("<p>not content</p>");</script></head>
<body>
<nav><a href="/">Home</a> <a href="/shop">Shop</a></nav>
<p>Welcome &amp; thanks for visiting.</p>
<h1>Shipping</h1>
<p>We ship   to
   <b>Belgium</b> and France.</p>
<p>First line<br>second line</p>
<h2>Delays</h2>
<ul><li>Standard: 3 days<li>Express: <em>1 day</em></ul>
<h2>Costs</h2>
<table><tr><th>Zone</th><th>Price</th></tr><tr><td>FR</td><td>5 €</td></tr></table>
<pre>  tracking:
    ABC123</pre>
<h3></h3>
<h1>Returns</h1><div>Within 30 days.</div>
<footer>© 2024 Ondine</footer>
</body></html>"""


def test_html_headings_become_paths_and_page_furniture_is_dropped(tmp_path: Path) -> None:
    sections = read_html_sections(_write(tmp_path, "help.html", PAGE))
    assert sections == [
        Section([], 0, "Welcome & thanks for visiting."),
        Section(["Shipping"], 1, "We ship to Belgium and France.\n\nFirst line\nsecond line"),
        Section(["Shipping", "Delays"], 2, "Standard: 3 days\nExpress: 1 day"),
        Section(["Shipping", "Costs"], 2, "Zone | Price\nFR | 5 €\n\n  tracking:\n    ABC123"),
        Section(["Returns"], 1, "Within 30 days."),
    ]
    text = " ".join(s.body for s in sections)
    for furniture in ("Home", "not content", "color", "Help centre", "2024"):
        assert furniture not in text


def test_html_unclosed_nav_does_not_swallow_the_page_and_lists_stay_together(
    tmp_path: Path,
) -> None:
    markup = (
        "<body><nav><a>Menu</a><h2>Q?</h2><ul><li>a<ul><li>a.1</li></ul></li><li>b</li></ul>"
        "</body><p>After the body.</p><h2>FAQ</h2><p>One.</p><p>Two.</p>"
    )
    sections = read_html_sections(_write(tmp_path, "page.htm", markup))
    assert sections == [
        Section([], 0, "After the body."),
        Section(["FAQ"], 2, "One.\n\nTwo."),
    ]
    nested = read_html_sections(
        _write(tmp_path, "list.html", "<ul><li>a<ul><li>a.1</li></ul></li><li>b</li></ul><p>c</p>")
    )
    assert nested == [Section([], 0, "a\na.1\nb\n\nc")]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "is empty"),
        (GARBAGE, "looks binary"),
        ("<p>caf\u00e9</p>".encode("latin-1"), "not UTF-8"),
        ("<html><script>x()</script><nav>Menu</nav><footer>f</footer></html>", "no readable text"),
    ],
)
def test_bad_html_fails_with_a_reason(tmp_path: Path, content: bytes | str, reason: str) -> None:
    assert reason in _reason(read_html_sections, _write(tmp_path, "bad.html", content))


# --- PDF --------------------------------------------------------------------------------------


def _pdf(pages: list[list[str]]) -> bytes:
    """A minimal, valid PDF: each page shows its lines in Helvetica (WinAnsi, so "à" works)."""

    def escape(line: str) -> bytes:
        raw = line.encode("cp1252")
        return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    kids = []
    for lines in pages:
        ops = b"BT /F1 12 Tf 14 TL 72 720 Td "
        ops += b" ".join(b"(" + escape(line) + b") Tj T*" for line in lines) + b" ET"
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(ops), ops))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % len(objects)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _encrypted(pdf: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    # RC4, because AES would need the optional `cryptography` package to read back.
    writer.encrypt(user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


THREE_PAGES = [
    ["Livrez-vous en Belgique ?", "Oui, en 3 à 5 jours."],
    [],  # a blank page: no section, but it still counts in the numbering
    ["Returns (within 30 days)"],
]


def test_pdf_gives_one_section_per_page_with_text(tmp_path: Path) -> None:
    sections = read_pdf_sections(_write(tmp_path, "faq.pdf", _pdf(THREE_PAGES)))
    assert sections == [
        Section(["Page 1"], 1, "Livrez-vous en Belgique ?\nOui, en 3 à 5 jours."),
        Section(["Page 3"], 1, "Returns (within 30 days)"),
    ]


def test_pdf_pages_sit_under_the_outline(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf([["a"], ["b"], ["c"], ["d"]]))))
    shipping = writer.add_outline_item(title="Shipping", page_number=0)
    writer.add_outline_item(title="Belgium", page_number=1, parent=shipping)
    writer.add_outline_item(title="Returns", page_number=3)
    out = io.BytesIO()
    writer.write(out)
    sections = read_pdf_sections(_write(tmp_path, "guide.pdf", out.getvalue()))
    assert [(s.titles, s.level, s.body) for s in sections] == [
        (["Shipping", "Page 1"], 2, "a"),
        (["Shipping", "Belgium", "Page 2"], 3, "b"),
        (["Shipping", "Belgium", "Page 3"], 3, "c"),  # no entry starts here: the last one holds
        (["Returns", "Page 4"], 2, "d"),
    ]


def test_pdf_restricted_but_openable_is_read(tmp_path: Path) -> None:
    data = _encrypted(_pdf([["Open to all"]]), user_password="")
    assert PdfReader(io.BytesIO(data)).is_encrypted
    path = _write(tmp_path, "restricted.pdf", data)
    assert read_pdf_sections(path) == [Section(["Page 1"], 1, "Open to all")]


GOOD_PDF = _pdf([["Hello"]])


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "is empty"),
        (GARBAGE, "is not a PDF (no %PDF- header)"),
        (b"%PDF-1.4\nthis is not really a PDF\n", "is not a valid PDF"),
        (GOOD_PDF[: len(GOOD_PDF) // 2], "is not a valid PDF"),
        (_encrypted(GOOD_PDF, user_password="secret"), "is encrypted (password-protected)"),
        (_pdf([[], []]), "has no extractable text (scanned PDF?)"),
        (_pdf([]), "has no pages"),
    ],
    ids=["empty", "garbage", "header-only", "truncated", "password", "no-text", "no-pages"],
)
def test_bad_pdf_fails_with_a_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    assert reason in _reason(read_pdf_sections, _write(tmp_path, "bad.pdf", content))


# --- DOCX -------------------------------------------------------------------------------------


def _docx(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Ondine brand book.")
    document.add_heading("Voice", level=1)
    document.add_paragraph("Warm, short sentences.")
    document.add_paragraph("")  # empty paragraphs are spacing, not text
    document.add_heading("Emoji", level=2)
    document.add_paragraph("One per post at most.", style="List Bullet")
    document.add_paragraph("Never in replies to complaints.", style="List Bullet")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Platform", "Tone", "Tone"], strict=True):
        cell.text = text
    table.cell(1, 0).text = "Instagram"
    table.cell(1, 1).merge(table.cell(1, 2)).text = "Playful"
    document.add_heading("Hashtags", level=3)
    document.add_paragraph("Two at most.")
    custom = document.styles.add_style("Brand Heading", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = document.styles["Heading 2"]
    document.add_paragraph("Replies", style="Brand Heading")
    document.add_paragraph("Answer within the hour.")
    path = tmp_path / "brand.docx"
    document.save(str(path))
    return path


def test_docx_heading_styles_become_paths(tmp_path: Path) -> None:
    assert read_docx_sections(_docx(tmp_path)) == [
        Section([], 0, "Ondine brand book."),
        Section(["Voice"], 1, "Warm, short sentences."),
        Section(
            ["Voice", "Emoji"],
            2,
            "- One per post at most.\n- Never in replies to complaints.\n\n"
            "Platform | Tone | Tone\nInstagram | Playful",
        ),
        Section(["Voice", "Emoji", "Hashtags"], 3, "Two at most."),
        Section(["Voice", "Replies"], 2, "Answer within the hour."),  # based on Heading 2
    ]


def _zip(entries: dict[str, str | bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def _stored_with_flipped_byte(path: Path) -> bytes:
    """The same .docx stored uncompressed, one byte of its text changed: a checksum error."""
    with zipfile.ZipFile(path) as archive:
        data = _zip({n: archive.read(n) for n in archive.namelist()}, zipfile.ZIP_STORED)
    at = data.index(b"Warm, short")
    return data[:at] + b"w" + data[at + 1 :]


def test_bad_docx_fails_with_a_reason(tmp_path: Path) -> None:
    good = _docx(tmp_path)
    empty_document = tmp_path / "blank.docx"
    docx.Document().save(str(empty_document))
    cases: list[tuple[bytes, str]] = [
        (b"", "is empty"),
        (GARBAGE, "is not a .docx file (not a zip archive)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "legacy Word 97-2003"),
        (good.read_bytes()[:2000], "is damaged or truncated"),
        (_stored_with_flipped_byte(good), "is damaged (bad checksum in word/document.xml)"),
        (_zip({"notes.txt": "hello"}), "is not a Word document"),
        (empty_document.read_bytes(), "has no text"),
    ]
    for number, (content, reason) in enumerate(cases):
        path = _write(tmp_path, f"bad{number}.docx", content)
        assert reason in _reason(read_docx_sections, path)


def test_docx_of_another_office_type_is_refused(tmp_path: Path) -> None:
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
    )
    path = _write(tmp_path, "sheet.docx", _zip({"[Content_Types].xml": types, "xl/a.xml": "<a/>"}))
    assert "is not a Word document" in _reason(read_docx_sections, path)


# --- YAML -------------------------------------------------------------------------------------

FAQ_LIST = """\
# Ondine FAQ
- Question: Do you ship to Belgium?
  ANSWER: yes
  language: en
- question: Horaires ?
  answer: |
    9h-18h
    du lundi au vendredi
  language: fr
  tags: [horaires, magasin]
-
"""

FAQ_MAPPING = """\
brand: Ondine
faq:
  - question: Norway?
    answer: no
    version: 1.10
    duration: 01:30
    note: null
    empty:
"""


def test_yaml_list_of_entries_gives_rows(tmp_path: Path) -> None:
    rows = read_yaml_rows(_write(tmp_path, "faq.yaml", FAQ_LIST), required=("question", "answer"))
    assert rows == [
        {"question": "Do you ship to Belgium?", "answer": "yes", "language": "en"},
        {
            "question": "Horaires ?",
            "answer": "9h-18h\ndu lundi au vendredi",
            "language": "fr",
            "tags": "horaires, magasin",
        },
    ]


def test_yaml_faq_key_and_scalars_kept_as_written(tmp_path: Path) -> None:
    # safe_load would give False, 1.1, 5400 and None here.
    assert read_yaml_rows(_write(tmp_path, "faq.yml", FAQ_MAPPING)) == [
        {
            "question": "Norway?",
            "answer": "no",
            "version": "1.10",
            "duration": "01:30",
            "note": "",
            "empty": "",
        }
    ]


def test_yaml_and_jsonl_rows_agree(tmp_path: Path) -> None:
    yaml_path = _write(tmp_path, "a.yaml", '- question: "Hours, please?"\n  answer: 9-18\n')
    jsonl_path = _write(tmp_path, "a.jsonl", '{"question": "Hours, please?", "answer": "9-18"}\n')
    assert read_yaml_rows(yaml_path) == read_rows(jsonl_path)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "is empty"),
        (GARBAGE, "looks binary"),
        ("# only a comment\n", "has no entries"),
        ("[]\n", "has no entries"),
        ("- question: a\n  answer: Note: b\n", "not valid YAML: mapping values are not allowed"),
        ("- question: 'open\n  answer: b\n", "quoted scalar (line 1), found unexpected end"),
        ("- question: a\n\tanswer: b\n", "cannot start any token (line 2)"),
        ("- a: 1\n---\n- b: 2\n", "single document in the stream (line 1)"),
        ("just a sentence\n", "is a single value; expected a list of entries"),
        ("question: a\nanswer: b\n", "mapping without 'faq:' (keys: question, answer)"),
        ("faq:\n  question: a\n", "'faq:' (line 1) is a mapping"),
        ("- question: a\n  answer: b\n- [x, y]\n", "entry 2 (line 3) is a list"),
        ("- question: a\n  answer:\n    en: b\n", "entry 1: 'answer' (line 3) is a mapping"),
        ("- ? [a, b]\n  : c\n", "entry 1 (line 1) has a key that is a list"),
        ("- question: a\n  answer: b\n- question: c\n", "entry 2 (line 3) lacks answer"),
    ],
)
def test_bad_yaml_fails_with_a_reason(tmp_path: Path, content: bytes | str, reason: str) -> None:
    path = _write(tmp_path, "bad.yaml", content)
    with pytest.raises(SourceError) as caught:
        read_yaml_rows(path, required=("question", "answer"))
    assert reason in caught.value.reason
