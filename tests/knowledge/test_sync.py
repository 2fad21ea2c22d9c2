"""Sync against real Chroma with the real embedding model, on a copy of the demo brand."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge import chunking
from knowledge.brand import BrandRegistry
from knowledge.embedding import Embedder
from knowledge.errors import IndexLocked, InvalidBrand
from knowledge.index import KnowledgeIndex, open_index
from knowledge.language import detect_language
from knowledge.sync import sync_brand
from tests.conftest import DEMO_BRAND


class CountingEmbedder(Embedder):
    """The real embedder, counting the texts it is asked to embed."""

    def __init__(self, inner: Embedder) -> None:
        super().__init__()
        self._model = inner.model
        self.embedded = 0

    def embed(self, texts: list[str]) -> list[list[float]]:  # type: ignore[override]
        self.embedded += len(texts)
        return super().embed(texts)


@pytest.fixture
def brand(tmp_path: Path) -> Path:
    target = tmp_path / "brand"
    shutil.copytree(DEMO_BRAND, target)
    return target


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture(params=["embedded", "server"])
def index(request: pytest.FixtureRequest, home: Path) -> Iterator[KnowledgeIndex]:
    """Every sync test runs on an embedded index and on a shared Chroma server."""
    if request.param == "embedded":
        index = open_index(home)
    else:
        index = open_index(home, request.getfixturevalue("chroma_server"))
        index.drop_brand("ondine")  # the server outlives each test
    yield index
    index.close()


@pytest.fixture
def counting(embedder: Embedder) -> CountingEmbedder:
    return CountingEmbedder(embedder)


def _sync(brand: Path, index: KnowledgeIndex, embedder: Embedder, home: Path):  # type: ignore[no-untyped-def]
    return sync_brand(brand, index, embedder, BrandRegistry(home))


def test_first_sync_indexes_every_kind_and_registers_the_brand(
    brand: Path, index: KnowledgeIndex, counting: CountingEmbedder, home: Path
) -> None:
    report = _sync(brand, index, counting, home)
    assert report.failed == []
    assert report.counts["faq"].added >= 30
    assert report.counts["post"].added >= 40
    assert report.counts["reply"].added >= 20
    assert report.counts["guideline"].added >= 3
    assert counting.embedded == report.total
    for kind, counts in report.counts.items():
        assert index.count("ondine", kind) == counts.added  # type: ignore[arg-type]
    assert BrandRegistry(home).profile("ondine").name == "Ondine Coffee Roasters"


def test_unchanged_resync_embeds_nothing(
    brand: Path, index: KnowledgeIndex, counting: CountingEmbedder, home: Path
) -> None:
    first = _sync(brand, index, counting, home)
    before = counting.embedded
    again = _sync(brand, index, counting, home)
    assert counting.embedded == before
    assert all(c.added == 0 and c.removed == 0 for c in again.counts.values())
    assert again.total == first.total


def test_unchanged_resync_detects_no_language_again(
    brand: Path,
    index: KnowledgeIndex,
    embedder: Embedder,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A new process (empty cache) learns detected languages back from the index."""
    first = _sync(brand, index, embedder, home)
    monkeypatch.setattr(chunking, "_DETECTED", {})
    calls: list[str] = []

    def counting_detect(text: str, default: str = "en") -> str:
        calls.append(text)
        return detect_language(text, default)

    monkeypatch.setattr(chunking, "detect_language", counting_detect)
    again = _sync(brand, index, embedder, home)
    assert calls == []
    assert again.total == first.total
    assert all(c.added == c.updated == c.removed == 0 for c in again.counts.values())
    faq = brand / "faq" / "faq-en.md"
    faq.write_text(
        faq.read_text(encoding="utf-8") + "\n## Do you roast on Sundays?\nNo, never.\n",
        encoding="utf-8",
    )
    _sync(brand, index, embedder, home)
    assert len(calls) == 1 and "Sundays" in calls[0]


def test_resync_adds_and_removes_exactly_what_changed(
    brand: Path, index: KnowledgeIndex, counting: CountingEmbedder, home: Path
) -> None:
    _sync(brand, index, counting, home)
    faq = brand / "faq" / "faq-en.md"
    faq.write_text(
        faq.read_text(encoding="utf-8")
        + "\n## Do you roast on Sundays?\nNo, the roastery is closed on Sundays.\n",
        encoding="utf-8",
    )
    removed_posts = index.count("ondine", "post")
    shutil.rmtree(brand / "posts")
    before = counting.embedded
    report = _sync(brand, index, counting, home)
    assert counting.embedded - before == 1
    assert report.counts["faq"].added == 1 and report.counts["faq"].removed == 0
    assert report.counts["post"].removed == removed_posts
    assert index.count("ondine", "post") == 0


def test_edited_entries_count_as_updates_and_new_figures_reuse_vectors(
    brand: Path, index: KnowledgeIndex, counting: CountingEmbedder, home: Path
) -> None:
    _sync(brand, index, counting, home)
    faq = brand / "faq" / "faq-en.md"
    text = faq.read_text(encoding="utf-8")
    heading_at = text.index("\n## ") + 1
    body_at = text.index("\n", heading_at) + 1
    faq.write_text(text[:body_at] + "Edited answer. " + text[body_at:], encoding="utf-8")
    posts = next((brand / "posts").glob("*.csv"))
    lines = posts.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO("\n".join(lines) + "\n")))
    rows[0]["likes"] = str(int(rows[0]["likes"]) + 1000)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    writer.writerows(rows)
    posts.write_text(out.getvalue(), encoding="utf-8")

    before = counting.embedded
    plan = sync_brand(brand, index, counting, BrandRegistry(home), dry_run=True)
    assert counting.embedded == before, "a dry run embeds nothing"
    assert plan.counts["faq"].updated == 1 and plan.counts["post"].updated == 1
    report = _sync(brand, index, counting, home)
    assert report.counts["faq"].updated == 1
    assert report.counts["faq"].added == report.counts["faq"].removed == 0
    assert report.counts["post"].updated == 1
    assert counting.embedded - before == 1, "only the edited answer is embedded again"
    hits = index.collection("ondine", "post").get(where={"likes": int(rows[0]["likes"])})
    assert len(hits["ids"]) == 1


def test_corrupt_file_is_reported_skipped_and_its_knowledge_kept(
    brand: Path, index: KnowledgeIndex, embedder: Embedder, home: Path
) -> None:
    first = _sync(brand, index, embedder, home)
    replies = next((brand / "replies").iterdir())
    replies.write_bytes(b"\x00\x01garbage")
    (brand / "faq" / "broken.csv").write_text("title\nno answer column\n", encoding="utf-8")
    report = _sync(brand, index, embedder, home)
    reasons = {f.path: f.reason for f in report.failed}
    assert "looks binary" in reasons[f"replies/{replies.name}"]
    assert "lacks column(s) question (column 'question')" in reasons["faq/broken.csv"]
    assert index.count("ondine", "reply") == first.counts["reply"].added
    assert report.counts["faq"].added == 0


def test_a_second_process_cannot_open_an_owned_index(home: Path) -> None:
    index = open_index(home)
    try:
        with pytest.raises(IndexLocked, match="in use by pid"):
            open_index(home)
    finally:
        index.close()
    open_index(home).close()  # released: the next owner gets it


def test_a_folder_without_brand_toml_is_refused(
    tmp_path: Path, index: KnowledgeIndex, embedder: Embedder, home: Path
) -> None:
    with pytest.raises(InvalidBrand, match=r"has no brand\.toml"):
        _sync(tmp_path, index, embedder, home)
