from pathlib import Path

import pytest

from knowledge.chunking import faq_chunks_from_sections, guideline_chunks
from knowledge.sources import SourceError, read_rows, read_sections
from knowledge.sources.markdown import parse_sections


def test_sections_keep_heading_path_and_ignore_headings_in_code() -> None:
    text = "# Voice\nIntro.\n## Emoji\nSparingly.\n```\n# not a heading\n```\n## Hashtags\nTwo."
    sections = parse_sections(text)
    assert [s.titles for s in sections] == [["Voice"], ["Voice", "Emoji"], ["Voice", "Hashtags"]]
    assert "# not a heading" in sections[1].body


def test_markdown_faq_gives_one_chunk_per_question(tmp_path: Path) -> None:
    path = tmp_path / "faq.md"
    path.write_text(
        "# FAQ\n## Livrez-vous en Belgique ?\nOui, en 3 à 5 jours.\n"
        "## Do you ship to Belgium?\nYes, in 3 to 5 days.\n",
        encoding="utf-8",
    )
    chunks = faq_chunks_from_sections(read_sections(path), "faq/faq.md")
    assert [c.metadata["question"] for c in chunks] == [
        "Livrez-vous en Belgique ?",
        "Do you ship to Belgium?",
    ]
    assert [c.metadata["language"] for c in chunks] == ["fr", "en"]
    assert chunks[0].document == "Q: Livrez-vous en Belgique ?\nA: Oui, en 3 à 5 jours."


def test_long_guideline_sections_split_at_paragraphs() -> None:
    body = "\n\n".join(f"Paragraph {i} " + "word " * 60 for i in range(8))
    sections = parse_sections(f"# Tone\n## Replies\n{body}")
    chunks = guideline_chunks(sections, "guidelines/tone.md")
    assert len(chunks) > 1
    assert all(c.document.startswith("Tone > Replies\n") for c in chunks)
    assert all(len(c.document) < 1300 for c in chunks)


def test_chunk_ids_are_stable_and_content_addressed(tmp_path: Path) -> None:
    sections = parse_sections("## Q?\nA.")
    first = faq_chunks_from_sections(sections, "faq/a.md")[0]
    again = faq_chunks_from_sections(parse_sections("## Q?\nA."), "faq/a.md")[0]
    changed = faq_chunks_from_sections(parse_sections("## Q?\nB."), "faq/a.md")[0]
    assert first.id == again.id != changed.id


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.csv", b"", "is empty"),
        ("binary.csv", b"\x89PNG\x00\x00\x01", "looks binary"),
        ("latin1.csv", "question,answer\ncafé,oui\n".encode("latin-1"), "not UTF-8"),
        ("cols.csv", b"title,body\na,b\n", "lacks column(s) question, answer"),
        ("bad.jsonl", b'{"question": "a", "answer": "b"}\n{oops\n', "line 2 is not valid JSON"),
        ("list.jsonl", b"[1, 2]\n", "line 1 is not a JSON object"),
    ],
)
def test_bad_tabular_files_fail_with_a_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SourceError) as caught:
        read_rows(path, required=("question", "answer"))
    assert reason in caught.value.reason


def test_rows_from_csv_and_jsonl_agree(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text('Question,Answer\n"Hours, please?",9-18\n', encoding="utf-8")
    (tmp_path / "a.jsonl").write_text('{"question": "Hours, please?", "answer": "9-18"}\n')
    assert read_rows(tmp_path / "a.csv") == read_rows(tmp_path / "a.jsonl")
