"""Facts a draft states (links, prices, percentages, dates, numbers), normalised so that equal
facts written differently compare equal, and the rule that drops a sentence whose facts the
sources do not have. The guard and the eval's grounding check share it."""

from __future__ import annotations

import re

from knowledge.text import fold
from server.guardrails.marks import HASHTAG, URL
from server.guardrails.text import rewrite_sentences

AMOUNT = r"\d{1,3}(?:[  .,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
PRICE = re.compile(
    rf"(?P<c1>[€$£]|\b(?:EUR|USD|GBP)\b)\s?(?P<v1>{AMOUNT})|(?P<v2>{AMOUNT})\s?"
    r"(?P<c2>€|\$|£|\b(?:eur|euros?|usd|dollars?|gbp|pounds?)\b)",
    re.IGNORECASE,
)
CURRENCIES = {"€": "eur", "euro": "eur", "euros": "eur", "$": "usd", "dollar": "usd"}
CURRENCIES |= {"dollars": "usd", "£": "gbp", "pound": "gbp", "pounds": "gbp"}
PERCENT = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s?(?:%|percent\b|pour\s?cent\b)", re.I)
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "janvier january jan",
            "fevrier february feb fev",
            "mars march mar",
            "avril april apr avr",
            "mai may",
            "juin june jun",
            "juillet july jul juil",
            "aout august aug",
            "septembre september sep sept",
            "octobre october oct",
            "novembre november nov",
            "decembre december dec",
        ),
        start=1,
    )
    for name in names.split()
}
MONTH = (
    r"(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|"
    r"d[ée]cembre|january|february|march|april|may|june|july|august|september|october|"
    r"november|december)(?!\w)|(?:jan|feb|f[ée]v|mar|apr|avr|jun|jul|juil|aug|sept?|oct|nov|"
    r"dec)\b\.?"
)
DATE = re.compile(
    r"\b(?P<y>\d{4})-(?P<ym>\d{1,2})-(?P<yd>\d{1,2})\b"
    r"|(?<![\d/.,])(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/\d{2,4})?(?![\d/])"
    r"|(?<![\d.,])(?P<dd>\d{1,2})\.(?P<dm>\d{1,2})\.\d{2,4}\b"
    rf"|\b(?P<nd>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?:de\s+)?(?P<nm>{MONTH})(?!\w)"
    rf"|\b(?P<mn>{MONTH})\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?\b",
    re.IGNORECASE,
)


def bare_url(url: str) -> str:
    url = fold(url).rstrip(".,;:!?)»\"'")
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", url).rstrip("/")


def normalise_number(value: str) -> str:
    """'1 299,00', '1,299.00' and '1299' all become '1299'; '14,5' and '14.50' become '14.5'."""
    value = re.sub(r"[\s  ]", "", value)
    if re.search(r"[.,]\d{3}$", value) or ("," in value and "." in value):
        value = re.sub(r"[.,](?=\d{3}\b)", "", value)
    try:
        return f"{float(value.replace(',', '.')):g}"
    except ValueError:
        return value


def date_readings(match: re.Match[str]) -> set[tuple[int, int]]:
    """The (day, month) readings of a date; 03/12 reads both ways, so both count."""
    g = match.groupdict()
    if g["y"]:
        pairs = {(int(g["yd"]), int(g["ym"]))}
    elif g["d"]:
        if match.group() == "24/7":
            return set()
        pairs = {(int(g["d"]), int(g["m"])), (int(g["m"]), int(g["d"]))}
    elif g["dd"]:
        pairs = {(int(g["dd"]), int(g["dm"]))}
    else:
        month = MONTHS.get(fold(g["nm"] or g["mn"]).rstrip("."), 0)
        pairs = {(int(g["nd"] or g["md"]), month)}
    return {(d, m) for d, m in pairs if 1 <= d <= 31 and 1 <= m <= 12}


def fact_keys(text: str) -> set[str]:
    """Every URL, price, percentage and date in `text`, normalised so that equal facts written
    differently ("14,50 €", "€14.50", "EUR 14.5") compare equal."""
    keys = {f"url:{bare_url(m.group())}" for m in URL.finditer(text)}
    for m in PRICE.finditer(text):
        currency = fold(m.group("c1") or m.group("c2"))
        currency = CURRENCIES.get(currency, currency)
        keys.add(f"price:{currency}:{normalise_number(m.group('v1') or m.group('v2'))}")
    keys |= {f"pct:{normalise_number(m.group(1))}" for m in PERCENT.finditer(text)}
    for m in DATE.finditer(text):
        keys |= {f"date:{d}/{mo}" for d, mo in date_readings(m)}
    return keys


BARE_NUMBER = re.compile(r"(?<![\w#@/.,])(\d{2,}(?:[.,]\d+)?|\d[.,]\d+)(?![.,]?\d)")
"""A number of two digits or more, or a decimal ("20 minutes", "since 2017", "1.5 days"):
single digits are too common in plain speech ("2 or 3 days") to police."""
ANY_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def number_keys(text: str) -> set[str]:
    """Every number in `text`, whole and by part ("18h30" gives 18 and 30, "3,90" gives 3.9),
    so that a number is supported however the source wrote it."""
    keys: set[str] = set()
    for m in ANY_NUMBER.finditer(text):
        keys.add(f"num:{normalise_number(m.group())}")
        keys |= {f"num:{int(part)}" for part in re.findall(r"\d+", m.group())}
    return keys


def unsupported_numbers(sentence: str, supported: set[str]) -> list[str]:
    """Bare numbers (not prices, percentages, dates or links: those have their own rules)
    that no source has."""
    for pattern in (URL, PRICE, PERCENT, DATE, HASHTAG):
        sentence = pattern.sub(" ", sentence)
    return [
        m.group()
        for m in BARE_NUMBER.finditer(sentence)
        if f"num:{normalise_number(m.group())}" not in supported
    ]


def supported_keys(sources: str, given: str = "") -> set[str]:
    """What a draft may state: the sources' facts and numbers, and the numbers the person
    gave ("my 2 orders" may be answered back). The guard and the eval's grounding share it."""
    return fact_keys(sources) | number_keys(sources) | number_keys(given)


def unsupported_facts(sentence: str, supported: set[str]) -> list[str]:
    """The facts of `sentence` that `supported` (see `fact_keys` and `number_keys`) lacks."""
    missing: list[str] = []
    source_urls = [k[4:] for k in supported if k.startswith("url:")]
    for m in URL.finditer(sentence):
        bare = bare_url(m.group())
        if bare and not any(url == bare or url.startswith(bare + "/") for url in source_urls):
            missing.append(m.group().rstrip(".,;:!?"))
    for pattern in (PRICE, PERCENT):
        for m in pattern.finditer(sentence):
            if not fact_keys(m.group()) <= supported:
                missing.append(m.group().strip())
    for m in DATE.finditer(sentence):
        readings = {f"date:{d}/{mo}" for d, mo in date_readings(m)}
        if readings and not readings & supported:
            missing.append(m.group())
    return missing + unsupported_numbers(sentence, supported)


def remove_unsupported(
    text: str, sources: list[str], comment: str | None = None
) -> tuple[str, list[str]]:
    """Drop each sentence carrying a URL, price, percentage, date or number the sources do not
    have: the model invents them, and a wrong figure in public is worse than a shorter reply.
    A bare number the comment gave ("my 2 orders") may be answered back."""
    supported = supported_keys(" \n".join(sources), comment or "")
    warnings: list[str] = []

    def fix(sentence: str) -> str | None:
        missing = unsupported_facts(sentence, supported)
        if missing:
            warnings.append(
                f"Removed a sentence with facts not in the sources: {', '.join(missing)}."
            )
            return None
        return sentence

    return rewrite_sentences(text, fix), warnings
