"""Shaping the model's raw output: labels, wrapping quotes and stray tags off, our delimiters
out of untrusted text, and a draft fitted to a length limit without cutting a word."""

from __future__ import annotations

import re
from collections.abc import Callable

from server.guardrails.text import SENTENCE_END
from server.prompts.delimiters import COMMENT_TAG

LEADING_LABEL = re.compile(
    r"^\s*(?:\*\*)?(?:reply|réponse|response|answer|assistant)\s*(?:\*\*)?\s*:\s*", re.IGNORECASE
)
ELLIPSIS = "…"
MARKUP_TAG = re.compile(
    r"</?[a-zA-Z][\w-]*"
    r"(?:\s+[\w:-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*"
    r"\s*/?>"
)
"""Stray tags (`<text>`, `</reply>`, `<hr class="x">`) that small models wrap around drafts."""


def clean_output(text: str) -> str:
    """Drop labels, wrapping quotes and stray tags that small models add around a reply."""
    text = COMMENT_TAG.sub("", text).strip()
    text = MARKUP_TAG.sub("", text).strip()
    text = LEADING_LABEL.sub("", text).strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'“”«»":
        text = text[1:-1].strip()
    if text.startswith("“") and text.endswith("”"):
        text = text[1:-1].strip()
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def fit_to_limit(text: str, limit: int, measure: Callable[[str], int]) -> tuple[str, bool]:
    """Shorten `text` to `limit` as measured, at a sentence end if one fits, else at a word.

    Returns the text and whether it was shortened. Never cuts inside a word.
    """
    if measure(text) <= limit:
        return text, False
    sentences = SENTENCE_END.split(text)
    kept = ""
    for sentence in sentences:
        candidate = f"{kept} {sentence}".strip() if kept else sentence
        if measure(candidate) > limit:
            break
        kept = candidate
    if kept:
        return kept, True
    words = text.split()
    kept = ""
    for word in words:
        candidate = f"{kept} {word}" if kept else word
        if measure(candidate + ELLIPSIS) > limit:
            break
        kept = candidate
    kept = kept.rstrip(",;:-–— ")
    return (kept + ELLIPSIS if kept else ""), True
