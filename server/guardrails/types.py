"""What the guard is given and what it returns."""

from __future__ import annotations

import msgspec

from knowledge.brand import BrandProfile


class GuardContext(msgspec.Struct, frozen=True, kw_only=True):
    profile: BrandProfile
    sources: list[str] = msgspec.field(default_factory=list)
    """The retrieved excerpts the draft may take facts from."""
    comment: str | None = None
    """The untrusted comment a reply answers."""
    system_prompt: str = ""
    max_hashtags: int = 0
    """The platform's limit; the brand's own limit applies too, and replies carry none."""
    kind: str = "reply"
    """`reply`, `post` or `trend`."""
    facts: list[str] = msgspec.field(default_factory=list)
    """The FAQ answers the draft was meant to carry (best as whole "Q: …\nA: …" entries, whose
    question says what they are about): a draft that says otherwise is blocked."""


class Guarded(msgspec.Struct, frozen=True):
    text: str
    """The fixed draft; empty when blocked, so that nothing unusable is posted by mistake."""
    warnings: list[str]
    blocked: bool
    """Unusable as is (leak, injection, insult, nothing left): regenerate or replace."""
