"""Which source each sentence of a written draft took its facts from, so that the panel can
say "from FAQ: How long does delivery take?" next to it. A composed reply knows its citations
already; a model's draft is matched sentence by sentence: a sentence cites the source that
holds its numbers, prices, dates or links, or, without any, the one it repeats nearly word
for word."""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.retrieval import Hit
from knowledge.text import fold
from server.drafting.answers import faq_answer
from server.guardrails.facts import fact_keys
from server.schemas import Citation

SENTENCE = re.compile(r"(?<=[.!?…])\s+")
OVERLAP = 0.6
"""Share of a sentence's words found in one source for it to count as taken from it."""


def label(hit: Hit) -> str:
    if hit.kind == "faq":
        question = str(hit.metadata.get("question", ""))
        return f"FAQ: {question}" if question else "FAQ"
    if hit.kind == "reply":
        return "Approved reply to a similar comment"
    if hit.kind == "post":
        return "Past post"
    if hit.kind == "guideline":
        heading = str(hit.metadata.get("heading", ""))
        return f"Guidelines: {heading}" if heading else "Guidelines"
    return hit.kind.capitalize()


def citation(text: str, hit: Hit) -> Citation:
    return Citation(text=text, kind=hit.kind, label=label(hit), source=hit.source)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", fold(text)) if len(w) > 2}


def _body(hit: Hit) -> str:
    if hit.kind == "faq":
        return faq_answer(hit)
    if hit.kind == "reply":
        return str(hit.metadata.get("reply", "")) or hit.excerpt
    return hit.excerpt


def cite(text: str, sources: Sequence[Hit]) -> list[Citation]:
    """A citation for each sentence of `text` that carries something from one of `sources`."""
    found: list[Citation] = []
    bodies = [(hit, _body(hit)) for hit in sources]
    for sentence in SENTENCE.split(text):
        sentence = sentence.strip()
        if not sentence:
            continue
        keys = fact_keys(sentence)
        words = _words(sentence)
        for hit, body in bodies:
            if keys and keys <= fact_keys(body):
                found.append(citation(sentence, hit))
                break
            if not keys and words and len(words & _words(body)) >= OVERLAP * len(words):
                found.append(citation(sentence, hit))
                break
    return found
