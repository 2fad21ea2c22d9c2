"""Text primitives the rules share with the eval checks: words (folded by `knowledge.text.fold`),
sentences, and a sentence-by-sentence rewrite."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from knowledge.text import fold

SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def words_of(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def joined(words: Iterable[str]) -> str:
    return " " + " ".join(words) + " "


def tidy(text: str) -> str:
    lines = [re.sub(r"[ \t]{2,}", " ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r" +([,.])", r"\1", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def sentences(text: str) -> list[str]:
    return [s for line in text.split("\n") for s in SENTENCE_END.split(line.strip()) if s]


def rewrite_sentences(text: str, fix: Callable[[str], str | None]) -> str:
    """Apply `fix` to each sentence, keeping line breaks; `None` drops the sentence."""
    lines: list[str] = []
    for line in text.split("\n"):
        sentences = [s for s in SENTENCE_END.split(line.strip()) if s]
        kept = [fixed for fixed in map(fix, sentences) if fixed]
        if kept or not line.strip():
            lines.append(" ".join(kept))
    return tidy("\n".join(lines))
