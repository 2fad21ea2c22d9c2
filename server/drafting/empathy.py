"""Empathy markers of a reply to a complaint or criticism, and the brand's fixed frame for a
draft that lacks them: acknowledge the person, apologise where the brand is at fault, give a
concrete next step (the domain's rule; a 135M model follows the approved replies' shape only
some of the time).

Markers are phrases over folded text (lowercase, no accents), French and English, so that a
person can see exactly why a draft counts as acknowledging: the eval harness scores with the
same ones.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from knowledge.text import fold
from server.prompts import phrase


def _rx(*patterns: str) -> re.Pattern[str]:
    """Patterns over folded text (lowercase, no accents)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns))


APOLOGY = _rx(
    r"\bsorry\b",
    r"\bapolog",
    r"\bdesole(?:e|s|es)?\b",
    r"\bexcuses?\b",
    r"\bpardon\b",
    r"\bnavre(?:e|s|es)?\b",
    r"\bregrett",
    r"\bregrettons\b",
)
ACKNOWLEDGEMENT = _rx(
    r"\bunderstand",
    r"\bsorry (?:to hear|to read|about|for|that|your)",
    r"\bthank(?:s| you) for (?:letting|telling|flagging|reporting|raising|your "
    r"(?:feedback|message|patience|honesty))",
    r"\b(?:that|this|it)(?:'s| is| was) not (?:the|how|what|ok|acceptable|normal)",
    r"\bnot the (?:experience|welcome|service)",
    r"\bshould(?:n't| not| never)? have\b",
    r"\bfrustrat",
    r"\bdisappoint",
    r"\bannoying\b",
    r"\byou(?:'re| are) right\b",
    r"\bfair point\b",
    r"\bwe hear you\b",
    r"\btake (?:this|it|your \w+) seriously\b",
    r"\bcompren(?:d|ds|ons|ez|drions)\b",
    r"\bcomprehensible\b",
    r"\bmerci (?:de|pour) (?:nous (?:l'|l’)?avoir|votre "
    r"(?:retour|message|signalement|patience|franchise))",
    r"\bdesole(?:e|s|es)? (?:de|d'|pour|que)",
    r"\bexcuses pour\b",
    r"\b(?:ce|cela|ca) n'(?:est|etait) pas (?:normal|acceptable|l'experience|l'accueil)",
    r"\bn'aurai(?:t|ent) (?:pas|jamais) du\b",
    r"\bfrustrant",
    r"\bdecevant",
    r"\bdeception\b",
    r"\bagacant",
    r"\bagacement\b",
    r"\bdesagreable\b",
    r"\bvous avez raison\b",
    r"\bprenons (?:cela|ceci|votre \w+|ce \w+|le \w+|la \w+) (?:tres )?au serieux",
)
NEXT_STEP = _rx(
    r"\b(?:dm|mp|inbox)\b",
    r"\bprivate message",
    r"\bmessage prive",
    r"\ben prive\b",
    r"\b[\w.+-]+@[\w-]+\.[\w.]+",
    r"\be-?mail",
    r"\bwrite to us\b",
    r"\bsend us\b",
    r"\bcontact",
    r"\bget in touch\b",
    r"\bwe(?:'ll| will| can| are going to) (?:send|refund|replace|re-?ship|look|check|follow|"
    r"contact|get back|investigate|fix|pass|make)",
    r"\blet us\b",
    r"\b(?:ecrivez|envoyez|contactez)(?:-nous)?\b",
    r"\bnous (?:allons|vous renvoyons|vous remboursons|regardons|verifions|vous recontactons|"
    r"transmettons|ouvrons)\b",
    r"\bnous (?:pouvons|pourrons) (?:vous|verifier|regarder)",
    r"\bon s'en occupe\b",
    r"\b(?:renvoi|remboursement|remplacement|replacement|refund)\b",
    r"https?://|\w+\.example\b",
)


def markers(text: str) -> dict[str, str | None]:
    """The first marker of each kind found, or None."""
    folded = fold(text).replace("’", "'")
    found: dict[str, str | None] = {}
    for name, pattern in (
        ("acknowledgement", ACKNOWLEDGEMENT),
        ("apology", APOLOGY),
        ("next_step", NEXT_STEP),
    ):
        match = pattern.search(folded)
        found[name] = match.group() if match else None
    return found


class Frame(NamedTuple):
    opening: str
    closing: str
    warnings: list[str]

    def around(self, text: str) -> str:
        return " ".join(part for part in (self.opening, text, self.closing) if part)

    def union(self, other: Frame) -> Frame:
        """Both frames' parts: what a shorter cut of the draft also needs."""
        return Frame(
            self.opening or other.opening,
            self.closing or other.closing,
            self.warnings + [w for w in other.warnings if w not in self.warnings],
        )


def frame(text: str, category: str, language: str) -> Frame:
    """The brand's acknowledgement (and apology, for a complaint) to put before `text` and the
    next step to put after it, where the draft lacks them; nothing for other categories."""
    if category not in {"complaint", "criticism"}:
        return Frame("", "", [])
    found = markers(text)
    opening = closing = ""
    warnings: list[str] = []
    if category == "complaint" and not (found["acknowledgement"] and found["apology"]):
        opening = phrase("complaint_opening", language)
        warnings.append("Added an apology and acknowledgement the draft lacked (complaint).")
    elif category == "criticism" and not found["acknowledgement"]:
        opening = phrase("criticism_opening", language)
        warnings.append("Added an acknowledgement the draft lacked (criticism).")
    if not found["next_step"]:
        closing = phrase("next_step", language)
        warnings.append("Added a concrete next step the draft lacked.")
    return Frame(opening, closing, warnings)
