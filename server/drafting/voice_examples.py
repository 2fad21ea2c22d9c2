"""The brand's approved replies that open every reply prompt of the brand: the same ones, in
the same order, whatever the comment.

Examples chosen per comment made every prompt differ from its second message on, so the model
evaluated ~1,000 tokens from scratch for each draft (~5 s on 2 cores). A fixed set, right after
the brand's rules, is a prefix the model's process keeps evaluated between requests; what
varies (the facts, a close approved reply, the comment) comes last and is all that is
evaluated again. The set shows the voice in each of the brand's languages, on the kinds of
comments that most need it (complaints, then questions), shortest first.
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.brand import BrandProfile
from knowledge.index import KnowledgeIndex, StoredChunk
from knowledge.retrieval import Hit, bounded

PER_LANGUAGE = 2
LANGUAGES = 2
CATEGORY_ORDER = ("complaint", "question", "criticism", "praise")


def choose(chunks: Sequence[StoredChunk], languages: Sequence[str]) -> list[StoredChunk]:
    """Up to PER_LANGUAGE approved replies per language (the brand's first LANGUAGES ones),
    each of another category when the brand has them."""

    def rank(chunk: StoredChunk) -> tuple[int, int, str]:
        category = str(chunk.metadata.get("category", ""))
        order = CATEGORY_ORDER.index(category) if category in CATEGORY_ORDER else 99
        return order, len(str(chunk.metadata.get("reply", ""))), chunk.id

    usable = [c for c in chunks if str(c.metadata.get("reply", "")).strip()]
    wanted = (
        list(languages[:LANGUAGES])
        or sorted({str(c.metadata.get("language", "")) for c in usable})[:LANGUAGES]
    )
    chosen: list[StoredChunk] = []
    for language in wanted:
        pool = sorted((c for c in usable if c.metadata.get("language") == language), key=rank)
        seen: set[str] = set()
        picked: list[StoredChunk] = []
        for chunk in pool:  # one per category first, then the next best
            category = str(chunk.metadata.get("category", ""))
            if category not in seen:
                seen.add(category)
                picked.append(chunk)
        picked += [c for c in pool if c not in picked]
        chosen += picked[:PER_LANGUAGE]
    return chosen


class VoiceExamples:
    """The chosen approved replies of each brand, chosen again after its replies change.

    Their excerpts are bounded as search hits are: an oversized stored reply must not put a
    whole document into every prompt."""

    def __init__(self, index: KnowledgeIndex) -> None:
        self.index = index
        self._chosen: dict[str, tuple[int, list[Hit]]] = {}

    def for_brand(self, profile: BrandProfile) -> list[Hit]:
        generation = self.index.generation(profile.id, "reply")
        cached = self._chosen.get(profile.id)
        if cached is not None and cached[0] == generation:
            return cached[1]
        chunks = choose(self.index.get(profile.id, "reply"), profile.languages)
        hits = [
            Hit(
                id=c.id,
                kind="reply",
                source=str(c.metadata.get("source", "")),
                excerpt=bounded(c.document),
                score=0.0,
                similarity=0.0,
                metadata={
                    k: bounded(v) if isinstance(v, str) else v for k, v in c.metadata.items()
                },
            )
            for c in chunks
        ]
        self._chosen[profile.id] = (generation, hits)
        return hits
