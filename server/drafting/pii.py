"""Personal data in text: what a public reply must never repeat (French and English forms)."""

from __future__ import annotations

import re

import msgspec


class PiiMatch(msgspec.Struct, frozen=True):
    kind: str
    start: int
    end: int
    text: str


EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
PHONE = re.compile(
    r"(?<![\w€$£.,])(?:\+\d{1,3}[\s.-]?(?:\(0\))?\s?\d(?:[\s.-]?\d{2,4}){2,5}"
    r"|0\d(?:[\s.-]?\d{2}){4})(?![\w€%])"
)
ORDER = re.compile(
    r"(?:(?:commande|order|cmd|n°\s*de\s*commande|order\s*(?:no|number|#)\.?|ticket|dossier|"
    r"réf(?:érence)?|ref(?:erence)?)\s*(?:n°|no\.?|#|:)?\s*|#)"
    r"(?=[A-Z0-9-]*\d)([A-Z0-9][A-Z0-9-]{4,})\b",
    re.IGNORECASE,
)
CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b")
ADDRESS = re.compile(
    r"\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|chemin|allée|"
    r"impasse|quai|cours|route|street|st\.|road|rd\.|lane|drive|avenue)\s+[\w'’ -]{2,40}",
    re.IGNORECASE,
)
PLACEHOLDERS = {
    "email": "[email]",
    "phone": "[phone]",
    "order_number": "[order number]",
    "card_number": "[card number]",
    "iban": "[IBAN]",
    "address": "[address]",
}


def _luhn(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def find_pii(text: str) -> list[PiiMatch]:
    """Every piece of personal data found, in order, without overlaps."""
    found: list[PiiMatch] = []
    for match in EMAIL.finditer(text):
        found.append(PiiMatch("email", match.start(), match.end(), match.group()))
    for match in IBAN.finditer(text):
        found.append(PiiMatch("iban", match.start(), match.end(), match.group()))
    for match in CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 13 <= len(digits) <= 19 and _luhn(digits):
            found.append(PiiMatch("card_number", match.start(), match.end(), match.group()))
    for match in PHONE.finditer(text):
        if len(re.sub(r"\D", "", match.group())) >= 9:
            found.append(PiiMatch("phone", match.start(), match.end(), match.group().strip()))
    for match in ORDER.finditer(text):
        found.append(PiiMatch("order_number", match.start(1), match.end(1), match.group(1)))
    for match in ADDRESS.finditer(text):
        found.append(PiiMatch("address", match.start(), match.end(), match.group().strip()))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[PiiMatch] = []
    for item in found:
        if not kept or item.start >= kept[-1].end:
            kept.append(item)
    return kept


def redact(text: str, matches: list[PiiMatch] | None = None) -> str:
    """`text` with each piece of personal data replaced by a placeholder naming its kind."""
    for match in sorted(find_pii(text) if matches is None else matches, key=lambda m: -m.start):
        text = text[: match.start] + PLACEHOLDERS.get(match.kind, "[redacted]") + text[match.end :]
    return text
