"""Replies to criticism and complaints: acknowledge the person, apologise where the brand is
at fault, and give a concrete next step (French and English markers).

Markers are phrases, not sentiment: a reviewer can see exactly why a reply passed, and the
rubric's human empathy score covers what phrases cannot.
"""

from __future__ import annotations

import re

from eval.checks.base import CheckContext, result
from eval.store import CheckResult
from server.drafting.guardrails import fold

FAMILY = "empathy"


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


def check(ctx: CheckContext) -> list[CheckResult]:
    if not ctx.scenario.wants_empathy() or not ctx.drafts:
        return []
    text = "\n".join(d.text for d in ctx.drafts)
    found = markers(text)
    checks = ["acknowledgement", "next_step"]
    if ctx.scenario.wants_apology():
        checks.insert(1, "apology")
    results: list[CheckResult] = []
    for name in checks:
        marker = found[name]
        detail = f"“{marker}”" if marker else f"no {name.replace('_', ' ')} marker"
        results.append(result(f"empathy_{name}", FAMILY, marker is not None, detail))
    return results
