"""The API's types: msgspec Structs shared by routes, services, the CLI and the eval harness."""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import Meta

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
    warnings: list[str] = []


class ReplyResponse(Base):
    drafts: list[Draft]
    language: str


class Health(Base):
    status: str
    backend: str
    model: str
    brands: int
    version: str
