"""One generation through a chain, streamed token by token, and the checks shared by every
kind of draft: relevance to what it answers, its language, and near-duplicates among variants."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncGenerator, Sequence
from typing import Any

import numpy as np
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import Runnable

from knowledge.embedding import Embedder
from knowledge.language import LANGUAGE_NAMES, detect_language
from knowledge.retrieval import Hit
from knowledge.text import fold
from server.drafting.events import DraftEvent, Generated
from server.guardrails.marks import HASHTAG, URL
from server.guardrails.output import clean_output
from server.schemas import SourceRef

EXCERPT_CHARS = 280
RELEVANCE_MIN = 0.2
"""Cosine similarity below which a draft does not address its comment or brief. Measured on
the demo brand: approved replies score 0.25-0.74 against their comments; an off-topic
SmolLM2 reply ("your family's loss" to a late-parcel complaint) scored 0.01-0.19."""
DUPLICATE_MIN = 0.95
LANGUAGE_MIN_WORDS = 3
"""Shorter than this, no detector can tell French from English: not judged."""


async def stream_text(
    prompt: ChatPromptTemplate,
    chat: Runnable[Any, Any],
    inputs: dict[str, Any],
    meta: dict[str, Any],
    temperature: float | None = None,
) -> AsyncGenerator[DraftEvent | Generated, None]:
    """Token events while the model writes, then the cleaned text.

    The chat model is streamed itself rather than through a `prompt | chat | parser`
    sequence: closing LangChain's sequence (or a `bind`) leaves the model's own stream open
    until the garbage collector finds it, and with it the connection to the model, which
    then goes on writing for nobody. Closing this generator closes the model's stream now.
    """
    parts: list[str] = []
    started = time.perf_counter()
    first: float | None = None
    options = {} if temperature is None else {"temperature": temperature}
    stream = chat.astream(prompt.format_messages(**inputs), None, **options)
    try:
        async for chunk in stream:
            piece = _text(chunk)
            if piece:
                if first is None:
                    first = time.perf_counter()
                parts.append(piece)
                yield DraftEvent("token", {**meta, "text": piece})
    except ValueError:
        if parts:
            raise
        # The model produced no chunk at all (langchain raises): an empty draft, handled
        # by the caller like any other unusable one.
    finally:
        await stream.aclose()  # type: ignore[attr-defined]
    ended = time.perf_counter()
    first = first or ended
    yield Generated(
        clean_output("".join(parts)),
        first_token_ms=(first - started) * 1000,
        rest_ms=(ended - first) * 1000,
    )


def _text(chunk: Any) -> str:
    """A chunk's text, whatever the chat model streams (message chunks, or plain strings)."""
    content = getattr(chunk, "content", chunk)
    if isinstance(content, list):  # content blocks
        return "".join(str(b.get("text", "")) if isinstance(b, dict) else str(b) for b in content)
    return str(content)


def similarity(embedder: Embedder, text: str, vector: Sequence[float]) -> float:
    return float(np.dot(np.asarray(embedder.embed_one(text)), np.asarray(vector)))


def prose(text: str, signatures: Sequence[str] = ()) -> str:
    """The words a reader reads: no hashtags, links, @mentions or the brand's signature."""
    for signature in signatures:
        if signature:
            text = text.replace(signature, " ")
    text = URL.sub(" ", HASHTAG.sub(" ", text))
    return re.sub(r"@\w+", " ", text)


def wrong_language(text: str, expected: str, signatures: Sequence[str] = ()) -> str | None:
    """Why `text` is not in `expected` (small models drift into their examples' language), or
    None when it is, or when it is too short to tell."""
    words = prose(text, signatures)
    if len(re.findall(r"\w+", words)) < LANGUAGE_MIN_WORDS:
        return None
    found = detect_language(words, expected)
    if found == expected:
        return None
    name = LANGUAGE_NAMES.get(found, found)
    return f"it is in {name}, not {LANGUAGE_NAMES.get(expected, expected)}"


def normalized(text: str) -> str:
    return re.sub(r"\W+", " ", fold(text)).strip()


def is_duplicate(embedder: Embedder, text: str, earlier: Sequence[str]) -> bool:
    """Same words, or the same meaning in other words, as an earlier variant."""
    if not earlier:
        return False
    if normalized(text) in {normalized(e) for e in earlier}:
        return True
    vectors = np.asarray(embedder.embed([text, *earlier]))
    return bool((vectors[1:] @ vectors[0]).max() >= DUPLICATE_MIN)


def source_ref(hit: Hit) -> SourceRef:
    excerpt = hit.excerpt
    if len(excerpt) > EXCERPT_CHARS:
        excerpt = excerpt[:EXCERPT_CHARS] + "…"
    return SourceRef(kind=hit.kind, source=hit.source, excerpt=excerpt)
