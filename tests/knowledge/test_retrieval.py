"""Search of the synced demo brand with the real embedding model and real Chroma."""

from knowledge.embedding import Embedder
from knowledge.index import KnowledgeIndex
from knowledge.retrieval import Retriever
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
