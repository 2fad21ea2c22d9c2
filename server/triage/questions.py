"""What a comment asks, and what is left of it once injected instructions are cut: a
complaint that asks something is still answered on that point."""

from __future__ import annotations

from server.guardrails.injection import looks_like_injection
from server.triage.lexicon import CLAUSES, LINK, QUESTION_WORDS, RHETORICAL, SENTENCES, WORD


def is_question(text: str) -> bool:
    bare = LINK.sub(" ", text)  # the "?" of a link's query string asks nothing
    return "?" in bare or bool(QUESTION_WORDS.search(bare))


def real_questions(text: str) -> list[str]:
    """The sentences that ask something, rhetorical ones left out (at most 3)."""
    found: list[str] = []
    for sentence in SENTENCES.split(text):
        sentence = " ".join(sentence.split())
        bare = LINK.sub(" ", sentence)
        asks = "?" in bare or (
            bool(QUESTION_WORDS.search(bare)) and not bare.rstrip().endswith("!")
        )
        if asks and WORD.search(bare) and not RHETORICAL.search(sentence):
            found.append(sentence if len(sentence) <= 200 else sentence[:199] + "…")
    return found[:3]


def without_injection(text: str) -> str:
    """The comment minus injected instructions: in each sentence, the clause that starts
    them and every clause after it (their payload) are cut."""
    kept: list[str] = []
    for sentence in SENTENCES.split(text):
        for clause in CLAUSES.split(sentence):
            if looks_like_injection(clause):
                break
            kept.append(clause)
    return " ".join(kept).strip()
