"""Search of the synced demo brand with the real embedding model and real Chroma."""

from pathlib import Path

import numpy as np
import pytest

from knowledge import retrieval
from knowledge.chunking import post_chunk
from knowledge.embedding import Embedder
from knowledge.index import KnowledgeIndex, open_index
from knowledge.retrieval import FILTER_EXPANSIONS, Retriever
from knowledge.sync import SyncReport


def test_french_delivery_question_finds_the_french_delivery_faq_first(
    demo_index: KnowledgeIndex, embedder: Embedder, demo_sync: SyncReport
) -> None:
    hits = Retriever(demo_index, embedder).search(
        "ondine", "Combien de temps prend la livraison en France ?", k=5, diversify=False
    )
    top = hits[0]
    assert top.kind == "faq"
    assert top.metadata["language"] == "fr"
    assert "livr" in str(top.metadata["question"]).lower()
    assert top.source == "faq/faq-fr.md"
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_english_question_finds_the_english_faq_and_hits_carry_their_origin(
    demo_index: KnowledgeIndex, embedder: Embedder, demo_sync: SyncReport
) -> None:
    hits = Retriever(demo_index, embedder).search(
        "ondine", "Can I pause my coffee subscription?", k=3, kinds=("faq",)
    )
    assert hits[0].metadata["language"] == "en"
    assert "subscri" in hits[0].excerpt.lower()
    assert all(h.kind == "faq" and h.source and h.excerpt for h in hits)


def test_approved_replies_are_found_by_the_comment_they_answered(
    demo_index: KnowledgeIndex, embedder: Embedder, demo_sync: SyncReport
) -> None:
    hits = Retriever(demo_index, embedder).search(
        "ondine", "my package still hasn't arrived", k=2, kinds=("reply",)
    )
    assert hits and hits[0].metadata["reply"]
    assert hits[0].excerpt.startswith("Comment: ")


def test_lexical_side_finds_rare_exact_words(
    demo_index: KnowledgeIndex, embedder: Embedder, demo_sync: SyncReport
) -> None:
    """A lot name is one rare word: BM25 lifts the posts that name it."""
    hits = Retriever(demo_index, embedder).search("ondine", "Nyeri", k=3, kinds=("post",))
    assert "Nyeri" in hits[0].excerpt


def test_filters_keep_only_matching_platform_and_language(
    demo_index: KnowledgeIndex, embedder: Embedder, demo_sync: SyncReport
) -> None:
    retriever = Retriever(demo_index, embedder)
    hits = retriever.search(
        "ondine", "new harvest", k=5, kinds=("post",), platform="linkedin", language="en"
    )
    assert hits
    assert all(h.metadata["platform"] == "linkedin" for h in hits)
    assert all(h.metadata["language"] == "en" for h in hits)


def test_faq_entries_are_indexed_in_both_languages(
    demo_index: KnowledgeIndex, demo_sync: SyncReport
) -> None:
    languages = [c.metadata["language"] for c in demo_index.get("ondine", "faq")]
    assert languages.count("fr") >= 25 and languages.count("en") >= 25


def test_mmr_drops_near_duplicates(
    demo_index: KnowledgeIndex, embedder: Embedder, demo_sync: SyncReport
) -> None:
    """The same FAQ exists in French and English; diversified hits do not stack both pairs."""
    retriever = Retriever(demo_index, embedder)
    query = "delivery times and shipping costs"

    def max_pair_similarity(hits: list) -> float:  # type: ignore[type-arg]
        vectors = {c.id: c.embedding for c in demo_index.get("ondine", "faq", [h.id for h in hits])}
        best = 0.0
        for i, a in enumerate(hits):
            for b in hits[i + 1 :]:
                va, vb = vectors[a.id], vectors[b.id]
                best = max(best, sum(x * y for x, y in zip(va, vb, strict=True)))
        return best

    plain = retriever.search("ondine", query, k=4, kinds=("faq",), diversify=False)
    diverse = retriever.search("ondine", query, k=4, kinds=("faq",))
    assert plain[0].id == diverse[0].id
    assert max_pair_similarity(diverse) <= max_pair_similarity(plain)
    assert {h.id for h in diverse} != {h.id for h in plain}


def test_exemplary_posts_weigh_engagement(
    demo_index: KnowledgeIndex, embedder: Embedder, demo_sync: SyncReport
) -> None:
    retriever = Retriever(demo_index, embedder)
    relevant = retriever.search(
        "ondine", "new harvest single origin", k=12, kinds=("post",), platform="x", diversify=False
    )
    best = retriever.exemplary_posts("ondine", "new harvest single origin", platform="x", k=3)
    assert len(best) == 3 and all(h.metadata["platform"] == "x" for h in best)

    def mean_rate(hits: list) -> float:  # type: ignore[type-arg]
        return sum(float(h.metadata["engagement_rate"]) for h in hits) / len(hits)

    assert {h.id for h in best} <= {h.id for h in relevant}, "still on topic"
    assert mean_rate(best) > mean_rate(relevant[:3]), "better performers than relevance alone"


def _rare_platform_index(home: Path) -> tuple[KnowledgeIndex, list[float]]:
    """300 X posts near the query, 6 Mastodon posts far from it."""
    rng = np.random.default_rng(7)
    query = rng.normal(size=384)
    query /= np.linalg.norm(query)
    chunks, vectors = [], []
    for i in range(306):
        platform = "mastodon" if i % 51 == 0 else "x"
        chunks.append(
            post_chunk(
                {"platform": platform, "text": f"Roast notes {i} for {platform}", "language": "en"},
                "posts.csv",
            )
        )
        noise = rng.normal(size=384) * (0.3 if platform == "x" else 3.0)
        vector = query + noise
        vectors.append(list(map(float, vector / np.linalg.norm(vector))))
    index = open_index(home)
    index.add("rare", chunks, vectors)
    return index, list(map(float, query))


@pytest.mark.parametrize("expansions", [FILTER_EXPANSIONS, 0])
def test_a_rare_platform_still_gets_k_hits(
    tmp_path: Path, embedder: Embedder, expansions: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deeper candidates find them; with no expansion left, the `where` fallback does."""
    monkeypatch.setattr(retrieval, "FILTER_EXPANSIONS", expansions)
    index, vector = _rare_platform_index(tmp_path / "home")
    try:
        retriever = Retriever(index, embedder)
        hits = retriever.search(
            "rare", "roast notes", k=5, kinds=("post",), platform="mastodon", vector=vector
        )
        assert len(hits) == 5
        assert {h.metadata["platform"] for h in hits} == {"mastodon"}
        unfiltered = retriever.search("rare", "roast notes", k=5, kinds=("post",), vector=vector)
        assert {h.metadata["platform"] for h in unfiltered} == {"x"}
    finally:
        index.close()
