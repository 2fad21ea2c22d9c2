"""Search over a brand's knowledge: one nearest-neighbour query per kind, merged by score."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from knowledge.chunking import KINDS, Kind, Metadata
from knowledge.embedding import Embedder
from knowledge.index import KnowledgeIndex


class Hit(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    kind: Kind
    source: str
    excerpt: str
    score: float
    """Cosine similarity to the query, in [-1, 1]."""
    metadata: Metadata = {}


class Retriever:
    def __init__(self, index: KnowledgeIndex, embedder: Embedder) -> None:
        self.index = index
        self.embedder = embedder

    def search(
        self,
        brand_id: str,
        query: str,
        k: int = 5,
        kinds: Sequence[Kind] = KINDS,
        vector: list[float] | None = None,
    ) -> list[Hit]:
        """The `k` best hits across `kinds`; pass `vector` to reuse an embedding."""
        if vector is None:
            vector = self.embedder.embed_one(query)
        hits: list[Hit] = []
        for kind in kinds:
            for stored in self.index.query(brand_id, kind, vector, k):
                hits.append(
                    Hit(
                        id=stored.id,
                        kind=kind,
                        source=str(stored.metadata.get("source", "")),
                        excerpt=stored.document,
                        score=round(1.0 - stored.distance, 4),
                        metadata=stored.metadata,
                    )
                )
        hits.sort(key=lambda hit: hit.score, reverse=True)
        return hits[:k]
