"""A reply composed from grounded parts: the brand's own sentences for the greeting,
acknowledgement, apology and next step (chosen by the triage), and the FAQ sentences that
answer each question, carried as the brand wrote them.

This is how the embedded 135M model's replies are made postable: it cannot write French, nor
keep a fact straight in English, so it writes none of the reply; the composition is also the
floor under a capable model (its draft is replaced by this one when a check fires). Nothing in
a composed reply is invented: every sentence is the brand's, and each fact cites its entry.

When the platform's limit cannot hold every part, the parts are kept by priority (the private
message invitation when the comment holds personal data, a complaint's apology, the answer's
best sentence, the other courtesies and next step, then the rest of the answer by relevance)
and put back in reading order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

import msgspec

from server.drafting.answers import Answer, without_verdict
from server.drafting.citations import citation
from server.drafting.empathy import markers
from server.prompts import phrase
from server.schemas import Citation

ORDER = ("greeting", "opening", "answer", "unanswered", "next_step")
SENTENCE_MARGIN = 0.12
"""An answer's other sentences join its best one only when nearly as relevant: a reply
carries what was asked, not the whole FAQ entry."""
MAX_SENTENCES = 2
SHORT_ANSWER = 130
"""An answer this short (characters) is carried whole: its sentences lean on each other."""
EMPATHY = {"complaint", "criticism", "crisis"}
BACK_REFERENCE = re.compile(
    r"\b(?:that|this|these|those)\s+(?:window|time|period|delay|deadline|case|date|limit)\b"
    r"|\b(?:ce|cet|cette|ces)\s+(?:délai|cas|période|date|moment|limite)s?\b",
    re.IGNORECASE,
)
"""A sentence that leans on the one before it ("within that window", "dans ce délai"): carried
alone it refers to nothing the reply said, so its antecedent comes with it."""
ACTION = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|\b[\w-]+\.[a-z]{2,}/[\w/-]*", re.IGNORECASE)
"""An email address or a page of the brand's site: a sentence holding one tells the person
what to do next, in the brand's words."""


class Part(NamedTuple):
    role: str
    text: str
    priority: int
    """Lower is kept first when the limit is tight."""
    position: int
    """Reading order within its role."""
    citation: Citation | None = None


class Composition(msgspec.Struct, frozen=True):
    text: str
    citations: list[Citation]
    notes: list[str]
    """What a community manager should know (an unanswered question, a dropped sentence)."""


def parts_for(
    *,
    category: str,
    pii: bool,
    answers: Sequence[Answer],
    language: str,
    name: str | None,
    variant: int = 0,
) -> tuple[list[Part], list[str]]:
    """The candidate parts of a reply and the notes that go with them."""
    parts: list[Part] = []
    notes: list[str] = []
    if name:
        parts.append(Part("greeting", phrase("greeting", language, name=name), 5, 0))
    opening = {
        "complaint": "complaint_opening",
        "crisis": "complaint_opening",
        "criticism": "criticism_opening",
        "praise": "praise_opening",
    }.get(category)
    if opening:
        # a complaint without an apology is not answered, whatever facts follow
        priority = 0 if category in {"complaint", "crisis"} else 1
        parts.append(Part("opening", phrase(opening, language, variant), priority, 0))
    answered = [answer for answer in answers if answer.hit is not None and answer.sentences]
    carried = ""
    taken: set[str] = set()
    entries: set[str] = set()
    for index, answer in enumerate(answered):
        assert answer.hit is not None
        if answer.hit.id in entries:
            # a second question on an entry already carried: its own best sentence, once
            best_text = max(answer.sentences, key=lambda s: s.similarity).text
            if without_verdict(best_text) not in taken:
                cited = citation(best_text, answer.hit)
                parts.append(Part("answer", best_text, 3 + index, index * 100, cited))
                taken.add(without_verdict(best_text))
                carried += " " + best_text
            continue
        entries.add(answer.hit.id)
        best = max(range(len(answer.sentences)), key=lambda i: answer.sentences[i].similarity)
        top = answer.sentences[best].similarity
        near = sorted(
            (i for i, s in enumerate(answer.sentences) if s.similarity >= top - SENTENCE_MARGIN),
            key=lambda i: -answer.sentences[i].similarity,
        )[:MAX_SENTENCES]
        if sum(len(s.text) for s in answer.sentences) <= SHORT_ANSWER:
            near = list(range(len(answer.sentences)))
        for i in sorted(near, reverse=True):
            if i and i - 1 not in near and BACK_REFERENCE.search(answer.sentences[i].text):
                near.append(i - 1)
        # the entry's own way forward (an address to write to, a page), when there is room:
        # the brand's next step rather than a generic one
        action = next(
            (i for i, s in enumerate(answer.sentences) if i not in near and ACTION.search(s.text)),
            None,
        )
        for position, sentence in enumerate(answer.sentences):
            if position not in near and position != action:
                continue
            if without_verdict(sentence.text) in taken:
                continue
            taken.add(without_verdict(sentence.text))
            priority = 0 if position == best else 3 + index
            if position == action:
                priority = 4 + index
            slot = index * 100 + position
            carried += " " + sentence.text
            last = parts[-1] if parts else None
            if (
                last is not None
                and last.role == "answer"
                and last.position == slot - 1
                and BACK_REFERENCE.search(sentence.text)
            ):
                # kept or left out with the sentence it leans on: a limit that keeps one
                # and drops the other leaves "within that window" pointing at nothing
                text = f"{last.text} {sentence.text}"
                first = min(last.priority, priority)
                parts[-1] = Part("answer", text, first, last.position, citation(text, answer.hit))
                # alone, only where the pair does not fit: its fact still answers
                cited = citation(sentence.text, answer.hit)
                parts.append(Part("answer", sentence.text, first, slot, cited))
                continue
            cited = citation(sentence.text, answer.hit)
            parts.append(Part("answer", sentence.text, priority, slot, cited))
    unanswered = [answer for answer in answers if answer.hit is None]
    asked = any(answer.question for answer in unanswered)
    routed = False
    if unanswered and answered:
        parts.append(Part("unanswered", phrase("other_question", language, variant), 1, 0))
        notes.append("One question has no answer in the knowledge base: routed, not guessed.")
        routed = True
    elif not answered and (asked or category == "question"):
        # a complaint's own next step, or the private-message invitation when the comment
        # holds personal data, routes it already
        if category not in EMPATHY and not pii:
            parts.append(Part("unanswered", phrase("no_answer", language, variant), 1, 0))
            routed = True
        notes.append("The knowledge base has no answer to this comment: routed, not guessed.")
    if category == "criticism" and not answered:
        parts.append(Part("answer", phrase("feedback_passed", language, variant), 2, 0))
    if pii:
        parts.append(Part("next_step", phrase("dm_invite", language), -1, 0))
    elif category in EMPATHY and not routed and not markers(carried)["next_step"]:
        parts.append(Part("next_step", phrase("next_step", language, variant), 2, 0))
    return parts, notes


def assemble(parts: Sequence[Part], limit: int, measure: Callable[[str], int]) -> list[Part]:
    """The parts that fit `limit`, most important first, in reading order."""
    kept: list[Part] = []
    for part in sorted(parts, key=lambda p: (p.priority, ORDER.index(p.role), p.position)):
        if any(part.text in other.text for other in kept):
            continue  # a sentence already kept with the one it leans on
        trial = [*kept, part]
        if measure(join(trial)) <= limit:
            kept = trial
    return sorted(kept, key=lambda p: (ORDER.index(p.role), p.position))


def join(parts: Sequence[Part]) -> str:
    ordered = sorted(parts, key=lambda p: (ORDER.index(p.role), p.position))
    return " ".join(part.text for part in ordered)


def compose(
    *,
    category: str,
    pii: bool,
    answers: Sequence[Answer],
    language: str,
    name: str | None,
    limit: int,
    measure: Callable[[str], int],
    variant: int = 0,
) -> Composition:
    parts, notes = parts_for(
        category=category,
        pii=pii,
        answers=answers,
        language=language,
        name=name,
        variant=variant,
    )
    kept = assemble(parts, limit, measure)
    dropped = [part for part in parts if part not in kept and part.role == "answer"]
    if dropped:
        notes.append(
            f"Left out {len(dropped)} sentence(s) of the answer to fit the limit: "
            "see Sources for the full entry."
        )
    citations = [part.citation for part in kept if part.citation is not None]
    return Composition(join(kept), citations, notes)
