"""No invented facts: every URL, price, percentage, date, number and named offer of a draft
must be in what it was grounded in.

Prices, links, percentages and dates are compared normalised
(`server.guardrails.facts.fact_keys`: "14,50 €" equals "€14.50"), as the drafting guard compares
them. Plain numbers and named offers ("Winter
Box", "Coffret Hiver", a promo code) are what the guard cannot see, which is why this check
exists: they may also come from the input itself (the customer's own "10 days").
"""

from __future__ import annotations

import re

from eval.checks.base import CheckContext, label, result
from eval.store import CheckResult
from knowledge.text import fold
from server.guardrails.facts import (
    DATE,
    PERCENT,
    PRICE,
    fact_keys,
    normalise_number,
    supported_keys,
    unsupported_facts,
)
from server.guardrails.marks import HASHTAG, URL
from server.guardrails.pii import EMAIL

FAMILY = "grounding"
NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
CAPITAL = r"[A-ZÀ-Ý][\w’'-]*"
LINKERS = r"(?:de|du|des|d['’]|la|le|les|&|and|of|the|et)"
NAME_RUN = re.compile(rf"{CAPITAL}(?:\s+(?:{LINKERS}\s+)?{CAPITAL})+")
CODE = re.compile(r"\b(?=[A-Z]*\d)(?=\d*[A-Z])[A-Z0-9]{4,12}\b")
"""Promo-code-like tokens: capitals and digits (NOEL20, WELCOME10)."""
SENTENCE_START = re.compile(r"(?:^|[.!?…:\n]\s*|[—–-]\s+)$")
COMMON_WORDS = """I We You Our Your Thank Thanks Hello Hi Hey Merci Bonjour Nous Vous Notre Votre
Nos Vos Je Le La Les Un Une Des Et Oui Non Yes No The A An It This That Ce Cette Ces Monday
Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
August September October November December DM MP PS"""
COMMON_CAPITALS = frozenset(fold(word) for word in COMMON_WORDS.split())


def _masked(text: str) -> str:
    """The text with links, prices, percentages, dates, emails and hashtags blanked out."""
    for pattern in (URL, EMAIL, PRICE, PERCENT, DATE, HASHTAG):
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return text


def numbers(text: str) -> set[str]:
    return set(written_numbers(text))


def written_numbers(text: str) -> dict[str, str]:
    """Normalised number -> as first written, for details a person can find in the draft."""
    found: dict[str, str] = {}
    for match in NUMBER.finditer(_masked(text)):
        found.setdefault(normalise_number(match.group()), match.group())
    return found


def named_offers(text: str) -> list[str]:
    """Names written in capitals (two words or more) and promo codes; a sentence's first word
    is dropped from a name, since every sentence starts with a capital."""
    names: list[str] = []
    masked = _masked(text)
    for match in NAME_RUN.finditer(masked):
        words = match.group().split()
        if SENTENCE_START.search(masked[: match.start()]) or fold(words[0]) in COMMON_CAPITALS:
            words = words[1:]
        while words and fold(words[0]) in COMMON_CAPITALS:
            words = words[1:]
        capitals = [w for w in words if w[:1].isupper()]
        if len(capitals) >= 2 or (capitals and len(words) >= 2):
            names.append(" ".join(words))
    names.extend(CODE.findall(masked))
    return list(dict.fromkeys(names))


def _contains(haystack: str, name: str) -> bool:
    words = re.findall(r"\w+", fold(name))
    pattern = r"\W+".join(map(re.escape, words))
    return bool(words) and re.search(rf"(?<!\w){pattern}(?!\w)", haystack) is not None


def material(ctx: CheckContext) -> tuple[str, str]:
    """(what facts may come from, what plain numbers and names may also come from)."""
    profile = ctx.profile
    grounded = [source.text for source in ctx.output.sources]
    grounded += [profile.name, profile.description, profile.website, *profile.signature.values()]
    if ctx.scenario.task != "reply":
        grounded.append(ctx.input_text)  # a brief may announce what the KB does not hold yet
    return "\n".join(grounded), ctx.input_text


def unsupported(text: str, grounded: str, given: str) -> list[str]:
    """What `text` states that neither the grounding nor the input supports, as written."""
    missing = unsupported_facts(text, supported_keys(grounded, given))
    known_numbers = numbers(grounded) | numbers(given)
    stated = written_numbers(text)
    missing += [stated[n] for n in sorted(stated.keys() - known_numbers, key=float)]
    known_text = fold(grounded + "\n" + given)
    missing += [name for name in named_offers(text) if not _contains(known_text, name)]
    return list(dict.fromkeys(missing))


def check(ctx: CheckContext) -> list[CheckResult]:
    if not ctx.drafts:
        return []
    grounded, given = material(ctx)
    problems: list[str] = []
    stated = 0
    for draft in ctx.drafts:
        stated += len(fact_keys(draft.text)) + len(numbers(draft.text))
        missing = unsupported(draft.text, grounded, given)
        if missing:
            problems.append(f"{label(draft, ctx.drafts)}: {', '.join(missing)}")
    if problems:
        return [result("grounding", FAMILY, False, "not in the sources: " + "; ".join(problems))]
    detail = f"{stated} fact(s) stated, all in the sources" if stated else "no checkable fact"
    return [result("grounding", FAMILY, True, detail)]
