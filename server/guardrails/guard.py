"""The entry point: every rule applied to a generated draft, in order."""

from __future__ import annotations

from knowledge.brand import BrandProfile
from server.guardrails.facts import remove_unsupported
from server.guardrails.marks import HASHTAG
from server.guardrails.privacy import remove_pii
from server.guardrails.safety import injection_followed, insult, prompt_leak, public_text
from server.guardrails.sense import nonsense, remove_self_address
from server.guardrails.style import hashtag_limit, limit_emoji, limit_hashtags, remove_avoided
from server.guardrails.text import sentences, words_of
from server.guardrails.types import GuardContext, Guarded

MIN_WORDS_LEFT = 4
"""A draft cut down to a greeting and a signature says nothing: it is regenerated instead."""


def guard(text: str, context: GuardContext) -> Guarded:
    """Apply every rule to a generated draft: fix what can be fixed (with a warning each),
    block what cannot (leak, obeyed injection, insult, nonsense, nothing left)."""
    if not text.strip():
        return Guarded("", ["The model wrote nothing."], True)
    leak = prompt_leak(text, context)
    if leak:
        return Guarded("", [leak], True)
    followed = injection_followed(text, context.comment, public_text(context))
    if followed:
        return Guarded("", [f"It obeyed instructions hidden in the comment: {followed}."], True)
    rude = insult(text)
    if rude:
        return Guarded("", [f"It contains an insult (“{rude}”)."], True)

    sources = [*context.sources, context.profile.website, context.profile.description]
    warnings: list[str] = []
    before = len(sentences(text))
    text, found = remove_pii(text, sources, context.comment)
    warnings += found
    text, found = remove_unsupported(text, sources, context.comment)
    warnings += found
    text, found = remove_avoided(text, context.profile.words.avoid)
    warnings += found
    if context.kind == "reply":  # a post may name its own account ("tag @OndineCoffee")
        text, found = remove_self_address(text, context.profile)
        warnings += found
    dropped = len(sentences(text)) < before
    text, found = limit_hashtags(text, context.profile, hashtag_limit(context))
    warnings += found
    text, found = limit_emoji(text, context.profile.emoji)
    warnings += found
    warnings = list(dict.fromkeys(warnings))
    if _substance(text, context.profile) < (MIN_WORDS_LEFT if dropped else 1):
        return Guarded("", [*warnings, "Nothing usable was left."], True)
    problems = nonsense(text, context)
    if problems:
        return Guarded("", [*warnings, *dict.fromkeys(p.warning for p in problems)], True)
    return Guarded(text, warnings, False)


def _substance(text: str, profile: BrandProfile) -> int:
    """How many words the draft says, hashtags and the brand's signature aside."""
    for signature in profile.signature.values():
        text = text.replace(signature, " ")
    return len(words_of(HASHTAG.sub(" ", text)))
