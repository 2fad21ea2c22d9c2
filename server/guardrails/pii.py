"""Personal data in text: what a public reply must never repeat (French and English forms).

Patterns are deliberately specific (a leading 0 or + for phones, a keyword or a 5-digit # for
orders, Luhn for cards, mod-97 or the word IBAN for IBANs) so that prices, dates, percentages
and quantities are not taken for personal data.
"""

from __future__ import annotations

import re

import msgspec


class PiiMatch(msgspec.Struct, frozen=True):
    kind: str
    """`email`, `phone`, `order_number`, `card_number`, `iban` or `address`."""
    start: int
    end: int
    text: str


EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
PHONE = re.compile(
    # French national, one separator throughout: 06 12 34 56 78, 06.12.34.56.78, 0612345678
    r"(?<![\w+])0[1-9]([\s.-]?)\d{2}(?:\1\d{2}){3}(?![\w€$£%])"
    # International: +33 6 12 34 56 78, +33 (0)6 12 34 56 78, +1 (415) 555-0132, +44 20 7946 0958
    r"|(?<![\w+])\+\d{1,3}(?:[\s.-]?\(0\))?(?:[\s.-]?\(?\d{1,4}\)?){1,5}[\s.-]?\d{2,4}(?![\w€$£%])"
    # North American and other national forms with dashes or brackets: (415) 555-0132
    r"|(?<![\w+(])(?:\(\d{3}\)\s?|\d{3}-)\d{3}-\d{4}(?![\w€$£%])"
)
ORDER_KEYWORD = (
    r"(?:n°\s*de\s*commande|num[ée]ro\s+de\s+(?:commande|suivi|colis|dossier)|commande|"
    r"order(?:\s+(?:no|nr|number|num|id|ref)\b\.?)?|cmd|tracking(?:\s+number)?|"
    r"suivi|colis|parcel|ticket|dossier|invoice|facture|r[ée]f(?:[ée]rence)?)"
)
ORDER = re.compile(
    rf"\b{ORDER_KEYWORD}\s*(?:n°|no\.?|nr\.?|#|:|id)?\s*:?\s*"
    r"(?=(?:[A-Z-]*\d){4})([A-Z0-9][A-Z0-9-]{3,}[A-Z0-9])\b",
    re.IGNORECASE,
)
BARE_ORDER = re.compile(r"(?<![\w&])#(\d{5,}|[A-Z]{1,3}-?\d{4,})\b")
"""`#123456` or `#AB-12345`: digits, not words, so `#Lyon2024` stays a hashtag."""
CARD = re.compile(r"(?<![\d.,])(?:\d[ -]?){12,18}\d(?![\d.,]\d)")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
FR_STRONG = r"rue|avenue|av\.|boulevard|bd|impasse|all[ée]e|chemin|quai|square|passage"
FR_WEAK = r"place|cours|route|chauss[ée]e|esplanade"
LINK = r"(?:de\s+la|de\s+l['’]|du|des|de|d['’]|la|le|les|l['’])"
NAME = r"[A-ZÀ-Ý][\w'’-]*"
ADDRESS = re.compile(
    # French: 12 rue des Lilas, 3 bis avenue Jean Jaurès, 5 place Bellecour 69002 Lyon
    rf"(?<![\w,.])\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+(?i:(?:{FR_STRONG})\s+(?:{LINK}\s*)?[\w'’-]+|"
    rf"(?:{FR_WEAK})\s+(?:{LINK}\s*)?(?-i:{NAME}))(?:\s+(?-i:{NAME})){{0,3}}"
    rf"(?:,?\s+\d{{5}}\s+{NAME})?"
    # English: 221B Baker Street, 12 Main St., 10 Downing Street
    rf"|(?<![\w,.])\d{{1,5}}[A-Z]?\s+(?:{NAME}\s+){{1,3}}(?i:street|st\b\.?|road|rd\b\.?|avenue|"
    r"ave\b\.?|boulevard|blvd\b\.?|lane|ln\b\.?|drive|dr\b\.?|way|court|ct\b\.?|place|pl\b\.?|"
    r"terrace|close|crescent)"
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


def _iban_valid(iban: str) -> bool:
    """The ISO 13616 mod-97 check: random letter-digit runs almost never pass it."""
    compact = iban.replace(" ", "")
    rearranged = compact[4:] + compact[:4]
    try:
        return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1
    except ValueError:
        return False


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _candidates(text: str) -> list[PiiMatch]:
    found: list[PiiMatch] = []
    for match in EMAIL.finditer(text):
        found.append(PiiMatch("email", match.start(), match.end(), match.group()))
    for match in IBAN.finditer(text):
        labelled = re.search(
            r"\b(?:iban|rib)\b", text[max(0, match.start() - 20) : match.start()], re.I
        )
        if labelled or _iban_valid(match.group()):
            found.append(PiiMatch("iban", match.start(), match.end(), match.group()))
    for match in CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 13 <= len(digits) <= 19 and _luhn(digits):
            found.append(PiiMatch("card_number", match.start(), match.end(), match.group()))
    for match in PHONE.finditer(text):
        value = match.group().strip()
        if 9 <= _digits(value) <= 15:
            start = match.start() + match.group().index(value)
            found.append(PiiMatch("phone", start, start + len(value), value))
    for pattern in (ORDER, BARE_ORDER):
        for match in pattern.finditer(text):
            found.append(PiiMatch("order_number", match.start(1), match.end(1), match.group(1)))
    for match in ADDRESS.finditer(text):
        value = match.group().rstrip(" ,.")
        found.append(PiiMatch("address", match.start(), match.start() + len(value), value))
    return found


def find_pii(text: str) -> list[PiiMatch]:
    """Every piece of personal data found, in order; of overlapping matches the longest wins."""
    found = sorted(_candidates(text), key=lambda m: (m.start, -(m.end - m.start)))
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
