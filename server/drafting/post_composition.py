"""A post composed from the brief's own words and the brand's FAQ sentences on its subject.

The embedded 135M model cannot write a post a community manager would publish: it repeats the
brief as an instruction ("Annoncer le Coffret Hiver…"), drops the price the FAQ holds, invents
anniversaries. So with that model a post is made of two grounded parts: the brief's copy, when
it has some (`server/drafting/brief.py`), as the lead, and the sentences of the FAQ entry that
is about the brief, carried as the brand wrote them, in the post's language. Nothing else is
written; every fact cites its entry. With a capable model the model writes, and this is the
floor its draft falls back to when it misses the brief's facts or a check rejects it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import msgspec

from server.drafting.answers import Answer, word_stems
from server.drafting.citations import citation
from server.guardrails.facts import fact_keys
from server.schemas import Citation

SENTENCE_MARGIN = 0.2
"""A post has room for more of the entry than a reply, but not for its unrelated sentences."""
MAX_SENTENCES = 3
SHORT_ENTRY = 220
"""An entry this short (characters) is carried whole: its sentences lean on each other."""
REDUNDANT = 0.75
"""Share of a sentence's informative words already in the lead for it to add nothing."""
HASHTAG_ROOM = 40
"""Characters kept free for the brand's hashtags, added after the composition."""


class ComposedPost(msgspec.Struct, frozen=True):
    text: str
    citations: list[Citation]
    notes: list[str]


def _within(text: str, other: str) -> bool:
    """Whether `other` already says what `text` says: most of its words, all of its facts."""
    words = word_stems(text)
    return (
        bool(words)
        and len(words & word_stems(other)) >= REDUNDANT * len(words)
        and fact_keys(text) <= fact_keys(other)
    )


def _chosen(answer: Answer) -> list[int]:
    """The entry's sentences that are about the brief, in written order."""
    sentences = answer.sentences
    if not sentences:
        return []
    if sum(len(s.text) for s in sentences) <= SHORT_ENTRY:
        return list(range(len(sentences)))
    top = max(s.similarity for s in sentences)
    near = sorted(
        (i for i, s in enumerate(sentences) if s.similarity >= top - SENTENCE_MARGIN),
        key=lambda i: -sentences[i].similarity,
    )[:MAX_SENTENCES]
    return sorted(near)


def compose_post(
    *,
    lead: str | None,
    answers: Sequence[Answer],
    limit: int,
    measure: Callable[[str], int],
    paragraphs: bool,
) -> ComposedPost | None:
    """The lead and the answering sentences that fit `limit`, or None when the brief has no
    copy and the knowledge base nothing on its subject: then nothing honest can be composed."""
    body: list[tuple[str, Citation, int]] = []  # sentence, its citation, its rank
    for answer in answers:
        if answer.hit is None:
            continue
        chosen = _chosen(answer)
        ranked = sorted(chosen, key=lambda i: -answer.sentences[i].similarity)
        for i in chosen:
            text = answer.sentences[i].text
            if lead and _within(text, lead):
                continue
            body.append((text, citation(text, answer.hit), ranked.index(i)))
    if lead and any(_within(lead, text) for text, _, _ in body):
        lead = None  # the brand's sentence says it all, and more: the brief's words would repeat
    if not lead and not body:
        return None
    separator = "\n\n" if paragraphs else " "
    room = max(0, limit - HASHTAG_ROOM)
    kept: list[int] = []
    for index in sorted(range(len(body)), key=lambda i: body[i][2]):
        trial = sorted([*kept, index])
        if measure(_join(lead, [body[i][0] for i in trial], separator)) <= room:
            kept = trial
    notes = []
    if len(kept) < len(body):
        notes.append(
            f"Left out {len(body) - len(kept)} sentence(s) of the FAQ entry to fit the limit: "
            "see Sources for the whole entry."
        )
    if not kept and not lead:
        kept = [min(range(len(body)), key=lambda i: body[i][2])]  # a thread carries it
    text = _join(lead, [body[i][0] for i in kept], separator)
    return ComposedPost(text, [body[i][1] for i in kept], notes)


def _join(lead: str | None, sentences: list[str], separator: str) -> str:
    body = " ".join(sentences)
    return separator.join(part for part in (lead, body) if part)
