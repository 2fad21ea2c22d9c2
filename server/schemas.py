"""The API's types: msgspec Structs shared by routes, services, the CLI and the eval harness."""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import Meta

from knowledge.brand import BrandProfile
from knowledge.retrieval import Hit

MAX_COMMENT_CHARS = 5000


class Base(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Every request and response type: unknown request fields are refused, not ignored."""


class ReplyRequest(Base):
    brand: Annotated[str, Meta(min_length=1, max_length=64, examples=["ondine"])]
    platform: Annotated[str, Meta(min_length=1, max_length=32, examples=["x"])]
    comment: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=MAX_COMMENT_CHARS,
            description="The comment to answer. Treated as untrusted data, never as instructions.",
            examples=["Ma commande n'est toujours pas arrivée, ça fait 10 jours !"],
        ),
    ]
    language: (
        Annotated[str, Meta(pattern=r"^[a-z]{2}$", description="ISO 639-1; default: the comment's")]
        | None
    ) = None


class SourceRef(Base):
    kind: str
    source: str
    excerpt: str


class Draft(Base):
    text: str
    platform: str
    chars: int
    """Length as the platform counts it (X: weighted)."""
    limit: int
    sources: list[SourceRef]
    warnings: list[str] = msgspec.field(default_factory=list)


class ReplyResponse(Base):
    drafts: list[Draft]
    language: str


class Health(Base):
    status: str
    backend: str
    model: str
    brands: int
    version: str


class BrandSummary(Base):
    id: str
    name: str
    description: str
    languages: list[str]
    chunks: int
    """Entries indexed, all kinds together."""


class DocumentInfo(Base):
    id: str
    """The file's path in the brand folder, e.g. `faq/faq-fr.md`; use it to delete the file."""
    kind: str
    chunks: int


class BrandDetail(Base):
    profile: BrandProfile
    folder: str
    counts: dict[str, int]
    documents: list[DocumentInfo]


class SyncRequest(Base):
    folder: (
        Annotated[str, Meta(description="Sync this folder as the brand (registers it).")] | None
    ) = None
    dry_run: bool = False
    actor: Annotated[str, Meta(max_length=200)] | None = None
    """Who asked, for the audit log (the CLI sends `user@host via cli`)."""


class SearchHit(Base):
    kind: str
    source: str
    excerpt: str
    score: float
    similarity: float
    language: str
    platform: str | None = None


class SearchResponse(Base):
    hits: list[SearchHit]


def search_hit(hit: Hit) -> SearchHit:
    return SearchHit(
        kind=hit.kind,
        source=hit.source,
        excerpt=hit.excerpt,
        score=hit.score,
        similarity=hit.similarity,
        language=str(hit.metadata.get("language", "")),
        platform=str(hit.metadata["platform"]) if "platform" in hit.metadata else None,
    )
