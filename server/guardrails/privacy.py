"""Personal data never repeated in public, unless the sources hold it (the brand's own)."""

from __future__ import annotations

import re

from knowledge.text import fold
from server.guardrails.pii import find_pii
from server.guardrails.text import rewrite_sentences


def _digit_key(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    return re.sub(r"^(?:00)?33(?=\d{9}$)", "0", digits)


def remove_pii(text: str, sources: list[str], comment: str | None = None) -> tuple[str, list[str]]:
    """Drop each sentence with personal data (emails, phones, order numbers, cards, IBANs,
    addresses), unless the sources hold it: the brand's own contact details are facts."""
    joined = "\n".join(sources)
    known = {fold(m.text) for m in find_pii(joined)} | {
        _digit_key(m.text) for m in find_pii(joined) if len(_digit_key(m.text)) >= 9
    }
    from_comment = {fold(m.text) for m in find_pii(comment or "")} | {
        _digit_key(m.text) for m in find_pii(comment or "") if len(_digit_key(m.text)) >= 5
    }
    warnings: list[str] = []

    def fix(sentence: str) -> str | None:
        found = [
            m for m in find_pii(sentence) if {fold(m.text), _digit_key(m.text)}.isdisjoint(known)
        ]
        if not found:
            return sentence
        kinds = ", ".join(dict.fromkeys(m.kind.replace("_", " ") for m in found))
        echoed = any({fold(m.text), _digit_key(m.text)} & from_comment for m in found)
        origin = "the commenter's personal data" if echoed else "personal data"
        warnings.append(f"Removed a sentence with {origin} ({kinds}): never repeated in public.")
        return None

    return rewrite_sentences(text, fix), warnings
