"""The rules that take precedence over the neighbours' vote, where a mistake would be costly:
crises are escalated, insults and spam moderated. Each returns the words it fired on, so the
explanation can quote them."""

from __future__ import annotations

from server.triage.lexicon import (
    ABUSE,
    ABUSE_EXCEPTIONS,
    CRISIS,
    LINK,
    SPAM_MEDIUM,
    SPAM_STRONG,
    SPAM_WEAK,
)
from server.triage.text import quote


def find_crisis(text: str) -> tuple[str, str] | None:
    """The first crisis kind found and the words that triggered it."""
    for kind, pattern in CRISIS.items():
        match = pattern.search(text)
        if match:
            return kind, quote(match)
    return None


def find_abuse(text: str) -> str | None:
    match = ABUSE.search(ABUSE_EXCEPTIONS.sub(" ", text))
    return quote(match) if match else None


def spam_signals(text: str) -> tuple[int, bool, str | None]:
    """Spam score, whether a strong or medium signal fired, and the words to quote."""
    strong = SPAM_STRONG.search(text)
    medium = SPAM_MEDIUM.findall(text)
    weak = SPAM_WEAK.findall(text)
    link = LINK.search(text)
    score = (3 if strong else 0) + 2 * len(medium) + len(weak) + (1 if link else 0)
    first = strong or SPAM_MEDIUM.search(text) or link
    return score, bool(strong or medium), (quote(first) if first else None)
