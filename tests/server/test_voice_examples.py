"""Which approved replies open every reply prompt of a brand, and which facts a comment gets."""

from __future__ import annotations

from typing import cast

from knowledge.brand import BrandProfile
from knowledge.index import KnowledgeIndex, StoredChunk
from knowledge.retrieval import EXCERPT_MAX_CHARS, Hit
from server.drafting.reply import relevant
from server.drafting.voice_examples import VoiceExamples, choose


def reply(id_: str, language: str, category: str, text: str) -> StoredChunk:
    metadata = {"language": language, "category": category, "reply": text, "platform": "x"}
    return StoredChunk(
        id=id_, document=f"Comment: c\nReply: {text}", metadata=metadata, embedding=[]
    )


def test_the_voice_shows_each_language_on_complaints_then_questions_shortest_first() -> None:
    chunks = [
        reply("a", "en", "praise", "Thanks!"),
        reply("b", "en", "question", "Yes, every Saturday at 10."),
        reply("c", "en", "complaint", "We're so sorry: could you DM us your order number?"),
        reply("d", "en", "complaint", "Sorry! DM us."),
        reply("e", "fr", "question", "Oui, le samedi à 10 h."),
        reply("f", "de", "complaint", "Entschuldigung."),
        reply("g", "fr", "complaint", ""),  # no approved text: never shown
    ]
    chosen = [c.id for c in choose(chunks, ["en", "fr"])]
    assert chosen == ["d", "b", "e"]
    assert [c.id for c in choose(chunks, ["en", "fr"])] == chosen  # the same every time
    assert [c.id for c in choose(list(reversed(chunks)), ["en", "fr"])] == chosen


def test_a_brand_without_languages_gets_its_replies_own_languages() -> None:
    chunks = [reply("a", "fr", "question", "Oui."), reply("b", "en", "question", "Yes.")]
    assert {c.id for c in choose(chunks, [])} == {"a", "b"}


def hit(id_: str, similarity: float) -> Hit:
    return Hit(id=id_, kind="faq", source="faq.md", excerpt=id_, score=1.0, similarity=similarity)


def test_facts_far_from_the_best_one_or_from_the_comment_are_left_out() -> None:
    assert [h.id for h in relevant([hit("a", 0.54), hit("b", 0.09), hit("c", 0.1)])] == ["a"]
    two_questions = [hit("pause", 0.56), hit("shipping", 0.44), hit("delay", 0.39)]
    assert [h.id for h in relevant(two_questions)] == ["pause", "shipping"]
    assert relevant([hit("a", 0.17), hit("b", 0.14)]) == []  # praise: nothing to state


class _OneReplyIndex:
    """Just what VoiceExamples reads from an index: one stored reply, never changing."""

    def __init__(self, chunk: StoredChunk) -> None:
        self.chunk = chunk

    def generation(self, brand_id: str, kind: str) -> int:
        return 1

    def get(self, brand_id: str, kind: str) -> list[StoredChunk]:
        return [self.chunk]


def test_a_huge_stored_reply_opens_prompts_as_a_bounded_excerpt_not_whole() -> None:
    huge = reply("a", "en", "complaint", "Sorry! " * 100_000)
    examples = VoiceExamples(cast(KnowledgeIndex, _OneReplyIndex(huge)))
    [example] = examples.for_brand(BrandProfile(id="b", name="B", languages=["en"]))
    assert len(example.excerpt) <= EXCERPT_MAX_CHARS
    assert len(str(example.metadata["reply"])) <= EXCERPT_MAX_CHARS
