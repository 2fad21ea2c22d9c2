"""The questions a comment asks, one by one: a comment with two questions needs two answers,
and each is looked up on its own (a single search for the whole comment finds the answer to
whichever question dominates it and loses the other).

Rules over sentences, French and English: a sentence that ends with "?" or opens with an
interrogative is a question; "How long does it take, and how much is it?" is two, split where a
second interrogative starts after "and"/"et" or a comma.
"""

from __future__ import annotations

import re

from knowledge.text import fold

SENTENCES = re.compile(r"(?<=[.!?…])\s+|\n+")
WH_WORDS = (
    r"how|what|when|where|why|which|whose|"
    r"comment|quand|ou|pourquoi|combien|quel|quelle|quels|quelles|qu'est-ce|est-ce que"
)
"""Open a question even without its "?" ("how do I track my order")."""
AUXILIARIES = (
    r"can|could|do|does|did|is|are|was|were|will|would|should|may|have|has|who|"
    r"pouvez-vous|peut-on|puis-je|avez-vous|faut-il|y a-t-il|allez-vous|etes-vous|"
    r"vous|c'est|est-il|sont-ils|qui"
)
"""Open a question only when a "?" ends the sentence ("Have a nice day." asks nothing)."""
INTERROGATIVE = f"{WH_WORDS}|{AUXILIARIES}"
OPENS_QUESTION = re.compile(rf"^(?:{WH_WORDS})\b")
SECOND_QUESTION = re.compile(
    rf"(?:,\s*|\s+)(?:and|et|or|ou bien|also|aussi)\s+(?=(?:{INTERROGATIVE})\b)"
)
MENTION = re.compile(r"(?<!\w)@\w+")
MIN_WORDS = 2
"""Fewer words ("why?", "et ?") carry nothing to look up on their own."""


def asks(comment: str) -> list[str]:
    """The comment's questions, in order, each as written (without its question mark)."""
    found: list[str] = []
    for sentence in SENTENCES.split(comment):
        sentence = MENTION.sub("", sentence).strip(" \t-–—:;,")
        if not sentence:
            continue
        folded = fold(sentence).replace("’", "'")
        if not (sentence.endswith("?") or OPENS_QUESTION.search(folded)):
            continue
        for part in _split(sentence, folded):
            part = part.strip(" ?,;").strip()
            if len(part.split()) >= MIN_WORDS:
                found.append(part)
    return found


def _split(sentence: str, folded: str) -> list[str]:
    """`sentence` cut where a second question starts; folding keeps the length, so the cut
    points found in the folded text are the original's."""
    if len(folded) != len(sentence):
        return [sentence]
    parts: list[str] = []
    start = 0
    for match in SECOND_QUESTION.finditer(folded):
        parts.append(sentence[start : match.start()])
        start = match.end()
    parts.append(sentence[start:])
    return parts
