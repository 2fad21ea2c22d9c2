"""Files built to freeze, crash or fool a sync, one per defect a tester found: each is made
here (small on disk), fails alone with its reason or reads in linear time, and the good file
beside it is indexed all the same."""

from __future__ import annotations

import io
import os
import re
import struct
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from typer.testing import CliRunner

from knowledge import sync
from knowledge.brand import BrandRegistry
from knowledge.embedding import Embedder
from knowledge.index import KnowledgeIndex, open_index
from knowledge.limits import DEFAULT_LIMITS, Limits
from knowledge.retrieval import EXCERPT_MAX_CHARS, Retriever
from knowledge.sources import (
    SourceError,
    read_docx_sections,
    read_html_sections,
    read_rows,
    read_sections,
    read_yaml_rows,
)
from knowledge.sources.markdown import _heading
from knowledge.sync import SyncReport, sync_brand
from tests.hostile_readers import hostile

GOOD_FAQ = "question,answer\nAre you open on Sunday?,No: we roast on Sundays.\n"
FAST_S = 5.0
"""Each of these files took the old readers 20 s to 5 minutes; linear code takes well under
a second, so this bound only fails on a regression, never on a slow machine."""


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="module")
def index(home: Path) -> Iterator[KnowledgeIndex]:
    index = open_index(home)
    yield index
    index.close()


def _brand(tmp_path: Path, brand_id: str) -> Path:
    """A brand with one good FAQ file; each test adds its hostile file beside it."""
    brand = tmp_path / brand_id
    for sub in ("guidelines", "faq", "posts", "replies"):
        (brand / sub).mkdir(parents=True)
    (brand / "brand.toml").write_text(f'id = "{brand_id}"\nname = "{brand_id}"\n')
    (brand / "faq" / "good.csv").write_text(GOOD_FAQ)
    return brand


def _sync(
    brand: Path,
    index: KnowledgeIndex,
    embedder: Embedder,
    home: Path,
    limits: Limits = DEFAULT_LIMITS,
) -> SyncReport:
    return sync_brand(brand, index, embedder, BrandRegistry(home), limits=limits)


def _reasons(report: SyncReport) -> dict[str, str]:
    return {f.path: f.reason for f in report.failed}


def _good_file_indexed(report: SyncReport, index: KnowledgeIndex) -> None:
    documents = [c.document for c in index.get(report.brand, "faq")]
    assert any("roast on Sundays" in d for d in documents)
    assert "faq/good.csv" not in _reasons(report)


def _timed(read: Callable[[], Any]) -> tuple[Any, float]:
    """What `read` returns, or the SourceError it raises, and how long it took."""
    started = time.perf_counter()
    try:
        result: Any = read()
    except SourceError as exc:
        result = exc
    return result, time.perf_counter() - started


# --- DOCX: millions of paragraphs, parts that unzip to gigabytes --------------------------------


def _docx_with(tmp_path: Path, body_xml: str, name: str = "hostile.docx") -> Path:
    """A real .docx (python-docx's own template) with `body_xml` added to its body."""
    document = docx.Document()
    document.add_paragraph("Hello")
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    xml = parts["word/document.xml"].decode()
    at = xml.index("<w:body>") + len("<w:body>")
    parts["word/document.xml"] = (xml[:at] + body_xml + xml[at:]).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


def test_docx_of_a_million_empty_paragraphs_fails_at_once(
    tmp_path: Path, index: KnowledgeIndex, embedder: Embedder, home: Path
) -> None:
    # ~45 KB on disk; python-docx spent 1.3 ms on each paragraph (over 20 minutes).
    brand = _brand(tmp_path, "docx-paragraphs")
    path = _docx_with(brand / "guidelines", "<w:p/>" * 1_000_000)
    assert path.stat().st_size < 100_000
    failed, seconds = _timed(lambda: read_docx_sections(path))
    assert isinstance(failed, SourceError) and failed.limit == "elements"
    assert seconds < FAST_S
    report = _sync(brand, index, embedder, home)
    reason = _reasons(report)["guidelines/hostile.docx"]
    assert "has more than 200,000 paragraphs and table rows" in reason
    _good_file_indexed(report, index)


def test_docx_whose_parts_unzip_past_the_limit_fails_before_unzipping(
    tmp_path: Path, index: KnowledgeIndex, embedder: Embedder, home: Path
) -> None:
    brand = _brand(tmp_path, "docx-bomb")
    _docx_with(brand / "guidelines", f"<!--{' ' * 3_000_000}-->")  # 3 MB of XML, a few KB
    report = _sync(brand, index, embedder, home, Limits(expanded_mb=2))
    reason = _reasons(report)["guidelines/hostile.docx"]
    assert reason == "expands to more than 2 MB once unzipped"
    _good_file_indexed(report, index)


def test_docx_that_lies_about_its_unzipped_size_is_refused_as_damaged(tmp_path: Path) -> None:
    path = _docx_with(tmp_path, f"<!--{' ' * 3_000_000}-->")
    data = bytearray(path.read_bytes())
    # Declare every part 1 KB in the central directory: unzipping stops at the declared size
    # (and the checksum then fails), so the declared sizes bound what is unzipped.
    for entry in re.finditer(rb"PK\x01\x02", data):
        struct.pack_into("<I", data, entry.start() + 24, 1024)
    path.write_bytes(bytes(data))
    failed, seconds = _timed(lambda: read_docx_sections(path, Limits(expanded_mb=2)))
    assert isinstance(failed, SourceError) and "is damaged (bad checksum in" in failed.reason
    assert seconds < FAST_S


# --- Markdown and HTML: patterns and bookkeeping that were not linear --------------------------

OLD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def test_markdown_heading_of_thousands_of_spaces_reads_in_linear_time(
    tmp_path: Path, index: KnowledgeIndex, embedder: Embedder, home: Path
) -> None:
    # One 3 KB line froze the server 23 s: the old pattern tried every split of the spaces.
    brand = _brand(tmp_path, "markdown-spaces")
    path = brand / "guidelines" / "tone.md"
    path.write_text(
        "# Tone" + " " * 3000 + "x\n\nWarm and precise.\n" + "## a" + " " * 50_000 + "\n"
    )
    sections, seconds = _timed(lambda: read_sections(path))
    assert seconds < FAST_S
    assert sections[0].titles == ["Tone" + " " * 3000 + "x"]
    report = _sync(brand, index, embedder, home)
    assert report.failed == [] and report.counts["guideline"].added >= 1
    _good_file_indexed(report, index)


@pytest.mark.parametrize(
    "line",
    [
        "# Title",
        "## Title ##",
        "### Title ###   ",
        "#\tTabbed",
        "# C#",
        "# #",
        "# a # b #",
        "#hashtag",
        "####### seven",
        "#",
        "  # indented",
        "###### Six",
        "# Title\u00a0#",
    ],
)
def test_markdown_heading_reads_as_the_old_pattern_did(line: str) -> None:
    old = OLD_HEADING.match(line)
    assert _heading(line) == (old.group(1, 2) if old else None)


def test_html_of_unclosed_elements_and_unended_tags_reads_in_linear_time(
    tmp_path: Path, index: KnowledgeIndex, embedder: Embedder, home: Path
) -> None:
    brand = _brand(tmp_path, "html-unclosed")
    pages = {
        "paragraphs.html": "<h1>Open</h1>" + "<p>Text" * 20_000,  # 23 s before
        "cells.html": "<p>Prices</p><table><tr>" + "<td>cell" * 20_000,
        "tag.html": "<p>Start</p>" + "<a b='" * 50_000,  # html.parser's recovery: 5 minutes
        "comment.html": "<p>Start</p>" + "<!--" * 100_000,  # 2 minutes
    }
    for name, markup in pages.items():
        path = brand / "guidelines" / name
        path.write_text(markup)
        sections, seconds = _timed(lambda path=path: read_html_sections(path))
        assert seconds < FAST_S, name
        assert sections and not isinstance(sections, SourceError), name
    report = _sync(brand, index, embedder, home)
    assert report.failed == [] and report.counts["guideline"].added >= 4
    _good_file_indexed(report, index)


def test_html_past_the_element_limit_fails(tmp_path: Path) -> None:
    path = tmp_path / "many.html"
    path.write_text("<p>x</p>" * 1_001)
    with pytest.raises(SourceError, match="has more than 1,000 HTML elements"):
        read_html_sections(path, Limits(elements=1_000))


# --- YAML aliases, deep nesting ----------------------------------------------------------------


def test_yaml_aliases_expanding_past_the_limit_fail(
    tmp_path: Path, index: KnowledgeIndex, embedder: Embedder, home: Path
) -> None:
    # ~300 KB standing for 100 MB of answers: 6.7 GB and 157 s before, then 100 MB responses.
    brand = _brand(tmp_path, "yaml-aliases")
    entries = "".join(f"- question: Q{n}?\n  answer: *long\n" for n in range(10_000))
    path = brand / "faq" / "aliases.yaml"
    path.write_text(f"- question: Base?\n  answer: &long {'x' * 10_000}\n{entries}")
    assert path.stat().st_size < 400_000
    failed, seconds = _timed(lambda: read_yaml_rows(path))
    assert isinstance(failed, SourceError) and failed.limit == "yaml_alias_mb"
    assert seconds < FAST_S
    report = _sync(brand, index, embedder, home)
    assert (
        _reasons(report)["faq/aliases.yaml"] == "has aliases that expand to more than 1 MB of text"
    )
    _good_file_indexed(report, index)


def test_yaml_aliases_within_the_limit_are_read(tmp_path: Path) -> None:
    path = tmp_path / "faq.yaml"
    path.write_text(
        "- question: Hours?\n  answer: &hours 9-18\n- question: Opening times?\n  answer: *hours\n"
    )
    assert [r["answer"] for r in read_yaml_rows(path)] == ["9-18", "9-18"]


def test_deeply_nested_jsonl_and_yaml_fail_and_the_sync_completes(
    tmp_path: Path, index: KnowledgeIndex, embedder: Embedder, home: Path
) -> None:
    # A RecursionError escaped both readers: every sync of the brand answered 500.
    brand = _brand(tmp_path, "deep-nesting")
    (brand / "replies" / "deep.jsonl").write_text(
        '{"comment": "Hi", "reply": "Hello!"}\n' + '{"a": ' * 5_000 + "1" + "}" * 5_000 + "\n"
    )
    (brand / "faq" / "deep.yaml").write_text("- question: q\n  answer: " + "[" * 5_000 + "\n")
    (brand / "faq" / "block.yaml").write_text("".join("  " * n + "a:\n" for n in range(2_000)))
    (brand / "faq" / "list.jsonl").write_text(
        '{"question": "q", "answer": ' + "[" * 101 + "]" * 101 + "}\n"
    )
    report = _sync(brand, index, embedder, home)
    reasons = _reasons(report)
    for path in ("replies/deep.jsonl", "faq/deep.yaml", "faq/block.yaml", "faq/list.jsonl"):
        assert reasons[path] == "has nesting deeper than 100", path
    _good_file_indexed(report, index)


def test_nesting_up_to_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text('{"question": "q", "answer": ' + "[" * 99 + "]" * 99 + "}\n")  # 100 deep
    assert read_rows(path)[0]["question"] == "q"
    yaml_path = tmp_path / "faq.yaml"
    faq = "faq:\n  - question: q\n    answer: a\nmeta: "
    yaml_path.write_text(faq + "[" * 99 + "]" * 99 + "\n")  # the top mapping and 99 lists
    assert read_yaml_rows(yaml_path) == [{"question": "q", "answer": "a"}]
    yaml_path.write_text(faq + "[" * 100 + "]" * 100 + "\n")
    with pytest.raises(SourceError, match="has nesting deeper than 100"):
        read_yaml_rows(yaml_path)


# --- Any failure is a failed file ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        ("RecursionError", "is nested too deeply to read"),
        ("MemoryError", "needed more than 1024 MB to read"),
        ("UnicodeError", "cannot be read (UnicodeError: bad surrogate)"),
        ("KeyError", "cannot be read (KeyError: 'word/styles.xml')"),
    ],
)
def test_any_exception_from_a_reader_is_a_failed_file(
    tmp_path: Path,
    index: KnowledgeIndex,
    embedder: Embedder,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: str,
    reason: str,
) -> None:
    """Raised in the worker process that parses the file, reported here with its reason."""
    monkeypatch.setitem(sync.SECTION_READERS, ".txt", hostile)
    brand = _brand(tmp_path, f"broken-{error.lower()}")
    (brand / "guidelines" / f"raise-{error}.txt").write_text("Sign replies with the team.")
    report = _sync(brand, index, embedder, home)
    assert _reasons(report) == {f"guidelines/raise-{error}.txt": reason}
    _good_file_indexed(report, index)


def test_cli_sync_reports_a_failing_file_without_a_traceback(tmp_path: Path) -> None:
    from voix.cli import app

    brand = _brand(tmp_path, "cli-deep")
    (brand / "faq" / "deep.jsonl").write_text('{"a": ' * 5_000 + "1" + "}" * 5_000 + "\n")
    env = {"VOIX_HOME": str(tmp_path / "cli-home"), "HF_HUB_OFFLINE": "1"}
    result = CliRunner().invoke(app, ["kb", "sync", str(brand), "--dry-run"], env=env)
    output = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "faq/deep.jsonl" in output and "nesting deeper than 100" in output


# --- Limits are settings ------------------------------------------------------------------------


def test_file_size_and_parse_time_limits_fail_the_file(
    tmp_path: Path, index: KnowledgeIndex, embedder: Embedder, home: Path
) -> None:
    brand = _brand(tmp_path, "limits")
    (brand / "guidelines" / "big.md").write_text("# Big\n\n" + "word " * 4_000)
    report = _sync(brand, index, embedder, home, Limits(file_mb=0.01))
    assert _reasons(report)["guidelines/big.md"] == "is larger than 0.01 MB"
    _good_file_indexed(report, index)

    path = tmp_path / "slow.html"
    path.write_text("<p>x</p>" * 100)
    with pytest.raises(SourceError, match="takes longer than 1e-09 s to read") as caught:
        read_html_sections(path, Limits(parse_s=1e-9))
    assert caught.value.limit == "parse_s"


def test_server_settings_read_the_limits_from_the_environment() -> None:
    from server.settings import Settings

    settings = Settings.from_env(
        {
            "VOIX_HOME": "/tmp/x",
            "VOIX_MAX_FILE_MB": "5",
            "VOIX_MAX_DEPTH": "20",
            "VOIX_MAX_PARSE_MB": "512",
        }
    )
    assert settings.limits == Limits(file_mb=5, depth=20, parse_mb=512)
    with pytest.raises(ValueError, match="VOIX_MAX_ELEMENTS"):
        Settings.from_env({"VOIX_HOME": "/tmp/x", "VOIX_MAX_ELEMENTS": "-1"})


# --- Bounded hits ------------------------------------------------------------------------------


def test_hits_carry_a_bounded_excerpt(
    tmp_path: Path, index: KnowledgeIndex, embedder: Embedder, home: Path
) -> None:
    brand = _brand(tmp_path, "huge-entry")
    answer = "Our roasting schedule. " * 4_000  # ~90 KB in one entry
    (brand / "faq" / "huge.csv").write_text(f'question,answer\nWhen do you roast?,"{answer}"\n')
    (brand / "replies" / "huge.jsonl").write_text(
        f'{{"comment": "When do you roast?", "reply": "{answer}"}}\n'
    )
    report = _sync(brand, index, embedder, home)
    assert report.failed == []
    hits = Retriever(index, embedder).search("huge-entry", "When do you roast?", k=5)
    assert hits and all(len(h.excerpt) <= EXCERPT_MAX_CHARS for h in hits)
    assert all(len(str(v)) <= EXCERPT_MAX_CHARS for h in hits for v in h.metadata.values())
    short = [h for h in hits if "Sundays" in h.excerpt]
    assert short and short[0].excerpt.endswith("No: we roast on Sundays.")  # untouched


# --- Links and encodings -----------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_links_are_skipped_unread_and_what_they_indexed_is_removed(
    tmp_path: Path, index: KnowledgeIndex, embedder: Embedder, home: Path
) -> None:
    secret = tmp_path / "outside" / "token"
    secret.parent.mkdir()
    secret.write_text("voix-secret-token-0123456789")
    (tmp_path / "outside" / "faq.csv").write_text("question,answer\nToken?,voix-secret-token\n")
    brand = _brand(tmp_path, "links")
    notes = brand / "guidelines" / "notes.txt"
    notes.write_text("Before it became a link: voix-secret-token-0123456789")
    assert _sync(brand, index, embedder, home).counts["guideline"].added == 1

    notes.unlink()
    notes.symlink_to(secret)  # a file link, out of the folder
    (brand / "guidelines" / "shared").symlink_to(secret.parent, target_is_directory=True)
    os.link(tmp_path / "outside" / "faq.csv", brand / "faq" / "hard.csv")
    (brand / "posts").rmdir()
    (brand / "posts").symlink_to(secret.parent, target_is_directory=True)
    if hasattr(os, "mkfifo"):
        os.mkfifo(brand / "guidelines" / "pipe.md")  # reading it would block for ever
    report = _sync(brand, index, embedder, home)

    reasons = _reasons(report)
    for path in ("guidelines/notes.txt", "guidelines/shared", "posts"):
        assert reasons[path].startswith("is a symbolic link; skipped, not read"), path
    assert reasons["faq/hard.csv"].startswith("has 2 hard links; skipped, not read")
    if hasattr(os, "mkfifo"):
        assert "is not a regular file" in reasons["guidelines/pipe.md"]
    assert report.counts["guideline"].removed == 1  # the entry it held before it was a link
    for kind in ("guideline", "faq", "post", "reply"):
        assert not any("voix-secret-token" in c.document for c in index.get("links", kind))
    _good_file_indexed(report, index)


def test_a_symlink_swapped_in_after_listing_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "secret.md").write_text("# Secret\n\ntoken")
    link = tmp_path / "notes.md"
    link.symlink_to(tmp_path / "secret.md")
    with pytest.raises(SourceError, match="is a symbolic link; not read"):
        read_sections(link)


def test_utf16_with_a_byte_order_mark_is_read(
    tmp_path: Path, index: KnowledgeIndex, embedder: Embedder, home: Path
) -> None:
    brand = _brand(tmp_path, "utf16")
    (brand / "guidelines" / "notes.txt").write_bytes("Signez « L'équipe Ondine ».".encode("utf-16"))
    (brand / "faq" / "faq-be.csv").write_bytes(
        b"\xfe\xff" + "question,answer\nOuvert le lundi ?,Oui.\n".encode("utf-16-be")
    )
    report = _sync(brand, index, embedder, home)
    assert report.failed == []
    assert "L'équipe Ondine" in index.get("utf16", "guideline")[0].document
    assert any("Ouvert le lundi" in c.document for c in index.get("utf16", "faq"))
