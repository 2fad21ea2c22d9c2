"""Every supported format through a real sync, and platform exports with their own columns."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from knowledge.brand import BrandRegistry
from knowledge.embedding import Embedder
from knowledge.index import KnowledgeIndex, open_index
from knowledge.sync import sync_brand


@pytest.fixture
def index(tmp_path: Path) -> Iterator[KnowledgeIndex]:
    index = open_index(tmp_path / "home")
    yield index
    index.close()


def test_all_formats_and_a_column_mapping(
    tmp_path: Path, index: KnowledgeIndex, embedder: Embedder
) -> None:
    brand = tmp_path / "acme"
    for sub in ("guidelines", "faq", "posts", "replies"):
        (brand / sub).mkdir(parents=True)
    (brand / "brand.toml").write_text(
        'id = "acme"\nname = "Acme"\n'
        '[columns.post]\ntext = "Message"\nplatform = "Network"\nlikes = "Reactions"\n',
        encoding="utf-8",
    )
    (brand / "guidelines" / "tone.html").write_text(
        "<html><body><nav>Menu</nav><h1>Tone</h1><p>Warm and precise.</p>"
        "<h2>Emoji</h2><p>At most two.</p><script>x()</script></body></html>",
        encoding="utf-8",
    )
    document = docx.Document()
    document.add_heading("Crisis", level=1)
    document.add_paragraph("Escalate legal threats to the communication lead.")
    document.save(str(brand / "guidelines" / "crisis.docx"))
    (brand / "guidelines" / "notes.txt").write_text("Sign replies with the team name.")
    (brand / "faq" / "faq.yaml").write_text(
        "faq:\n  - question: Do you ship abroad?\n    answer: 'No'\n    language: en\n"
        "  - question: Livrez-vous à l'étranger ?\n    answer: Non.\n",
        encoding="utf-8",
    )
    (brand / "posts" / "export.csv").write_text(
        "Network,Message,Reactions,Date\nlinkedin,We are hiring roasters,120,2026-01-02\n",
        encoding="utf-8",
    )
    (brand / "replies" / "approved.jsonl").write_text(
        '{"comment": "Great coffee", "reply": "Thank you!", "platform": "x"}\n',
        encoding="utf-8",
    )

    report = sync_brand(brand, index, embedder, BrandRegistry(tmp_path / "home"))
    assert report.failed == []
    assert {k: c.added for k, c in report.counts.items()} == {
        "guideline": 4,
        "faq": 2,
        "post": 1,
        "reply": 1,
    }
    guidelines = " ".join(c.document for c in index.get("acme", "guideline"))
    assert "Tone > Emoji" in guidelines and "Crisis" in guidelines
    assert "Menu" not in guidelines and "x()" not in guidelines
    (post,) = index.get("acme", "post")
    assert post.metadata["platform"] == "linkedin" and post.metadata["likes"] == 120
    faq = {c.metadata["language"] for c in index.get("acme", "faq")}
    assert faq == {"en", "fr"}
    assert any(c.document.endswith("A: No") for c in index.get("acme", "faq"))


def test_unsupported_and_mis_columned_files_are_reported_with_their_path(
    tmp_path: Path, index: KnowledgeIndex, embedder: Embedder
) -> None:
    brand = tmp_path / "acme"
    (brand / "posts").mkdir(parents=True)
    (brand / "faq").mkdir()
    (brand / "brand.toml").write_text('id = "acme"\nname = "Acme"\n')
    (brand / "posts" / "posts.md").write_text("# not an export")
    (brand / "posts" / "export.csv").write_text("Network,Message\nx,hello\n")
    (brand / "faq" / "faq.pdf").write_bytes(b"%PDF-1.4 nothing")
    (brand / "faq" / "good.csv").write_text("question,answer\nOpen on Sunday?,No.\n")
    report = sync_brand(brand, index, embedder, BrandRegistry(tmp_path / "home"))
    reasons = {f.path: f.reason for f in report.failed}
    assert "unsupported format '.md' for posts" in reasons["posts/posts.md"]
    assert "lacks column(s) platform" in reasons["posts/export.csv"]
    assert "[columns.post]" in reasons["posts/export.csv"]
    assert "unsupported format '.pdf' for faqs" in reasons["faq/faq.pdf"]
    assert report.counts["faq"].added == 1 and report.counts["post"].failed == 2
