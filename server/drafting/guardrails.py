"""Pure rules applied to generated text after the model speaks: it is never trusted to obey."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import msgspec
import regex

from knowledge.brand import BrandProfile
from server.drafting.injection import injection_signals, looks_like_injection
from server.drafting.pii import find_pii

COMMENT_TAG = re.compile(r"</?\s*comment\s*>", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
LEADING_LABEL = re.compile(
    r"^\s*(?:\*\*)?(?:reply|réponse|response|answer|assistant)\s*(?:\*\*)?\s*:\s*", re.IGNORECASE
)
ELLIPSIS = "…"
MARKUP_TAG = re.compile(r"</?[a-zA-Z][\w-]*\s*/?>")
"""Stray tags (`<text>`, `</reply>`) that small models wrap around what they write."""


def neutralize_delimiters(comment: str) -> str:
    """Strip our own delimiter tags from untrusted text so it cannot close its frame."""
    return COMMENT_TAG.sub("", comment).strip()


def clean_output(text: str) -> str:
    """Drop labels, wrapping quotes and stray tags that small models add around a reply."""
    text = COMMENT_TAG.sub("", text).strip()
    text = MARKUP_TAG.sub("", text).strip()
    text = LEADING_LABEL.sub("", text).strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'“”«»":
        text = text[1:-1].strip()
    if text.startswith("“") and text.endswith("”"):
        text = text[1:-1].strip()
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def fit_to_limit(text: str, limit: int, measure: Callable[[str], int]) -> tuple[str, bool]:
    """Shorten `text` to `limit` as measured, at a sentence end if one fits, else at a word.

    Returns the text and whether it was shortened. Never cuts inside a word.
    """
    if measure(text) <= limit:
        return text, False
    sentences = SENTENCE_END.split(text)
    kept = ""
    for sentence in sentences:
        candidate = f"{kept} {sentence}".strip() if kept else sentence
        if measure(candidate) > limit:
            break
        kept = candidate
    if kept:
        return kept, True
    words = text.split()
    kept = ""
    for word in words:
        candidate = f"{kept} {word}" if kept else word
        if measure(candidate + ELLIPSIS) > limit:
            break
        kept = candidate
    kept = kept.rstrip(",;:-–— ")
    return (kept + ELLIPSIS if kept else ""), True


# --- Rules on a whole draft -------------------------------------------------------------

SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")
HASHTAG = re.compile(r"(?<![\w#])#\w+", re.UNICODE)
EMOJI = regex.compile(
    r"(?:\p{Extended_Pictographic}|\p{Regional_Indicator})(?:\uFE0F|\u200D\p{Extended_Pictographic})*"
)
URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"')]+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|fr|net|org|io|co|example|ly|be|eu)(?:/[^\s<>\"')]*)?",
    re.IGNORECASE,
)
PRICE = re.compile(
    r"(?:[€$£]\s?\d+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?\s?(?:€|\$|£|eur\b|euros?\b|usd\b))",
    re.IGNORECASE,
)
PERCENT = re.compile(r"\d+(?:[.,]\d+)?\s?%")
MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|"
    "décembre|decembre|january|february|march|april|may|june|july|august|september|october|"
    "november|december"
)
DATE = re.compile(
    rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\b|"
    rf"\b\d{{1,2}}(?:er)?\s+(?:{MONTHS})\b|\b(?:{MONTHS})\s+\d{{1,2}}\b",
    re.IGNORECASE,
)
CANARY = re.compile(r"\b(?=[A-Z0-9_-]*\d)(?=[A-Z0-9_-]*[A-Z])[A-Z0-9][A-Z0-9_-]{3,}\b")
QUOTED = re.compile(r"[\"“«]\s*([^\"”»]{3,120}?)\s*[\"”»]")
INSULTS = re.compile(
    r"\b(idiot|idiots|stupid|moron|dumb|loser|shut up|crétin|cretin|connard|connasse|abruti|"
    r"imbécile|imbecile|débile|debile|nul(?:le)?s?\b(?=.*\bêtes?\b)|ta gueule|ferme-la)\b",
    re.IGNORECASE,
)
LEAK_WORDS = 8
LEAK_WORDS_WHEN_ASKED = 3
"""A comment that asks for the instructions makes even a short verbatim run suspect."""


class GuardContext(msgspec.Struct, frozen=True, kw_only=True):
    profile: BrandProfile
    sources: list[str]
    """The retrieved excerpts the draft may take facts from."""
    comment: str | None = None
    """The untrusted comment a reply answers."""
    system_prompt: str = ""
    max_hashtags: int = 0
    kind: str = "reply"


class Guarded(msgspec.Struct, frozen=True):
    text: str
    warnings: list[str]
    blocked: bool
    """Unusable as is (leak, injection, insult, nothing left): regenerate or replace."""


def fold(text: str) -> str:
    """Lowercase without accents, for comparisons that must not hinge on either."""
    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.split(text) if s.strip()]


def _number_key(value: str) -> str:
    """'14,50 €', '€14.50' and 'EUR 14.5' all become '14.5'."""
    digits = re.sub(r"[^\d.,]", "", value).replace(",", ".").strip(".")
    try:
        return f"{float(digits):g}"
    except ValueError:
        return digits


def _unsupported(sentence: str, sources: str, source_numbers: set[str]) -> list[str]:
    """Facts in `sentence` (URLs, prices, phones, percentages, dates) the sources lack."""
    missing: list[str] = []
    for match in URL.finditer(sentence):
        url = match.group().rstrip(".,;:!?").lower()
        bare = re.sub(r"^(https?://)?(www\.)?", "", url).rstrip("/")
        if bare and bare not in sources:
            missing.append(match.group())
    for pattern in (PRICE, PERCENT):
        for match in pattern.finditer(sentence):
            if _number_key(match.group()) not in source_numbers:
                missing.append(match.group().strip())
    for match in DATE.finditer(sentence):
        if fold(match.group()) not in sources:
            missing.append(match.group())
    return missing


def _in_sources(value: str, sources: str) -> bool:
    """The brand's own contact details are facts, not a customer's personal data."""
    if fold(value) in sources:
        return True
    digits = re.sub(r"\D", "", value)
    return len(digits) >= 9 and digits in re.sub(r"\D", "", sources)


def guard(text: str, context: GuardContext) -> Guarded:
    """Apply every rule to a generated draft; fixes where it can, blocks where it cannot."""
    warnings: list[str] = []
    blocked = False
    profile = context.profile
    sources = fold(" ".join(context.sources))
    source_numbers = {
        _number_key(m.group())
        for p in (PRICE, PERCENT)
        for m in p.finditer(" ".join(context.sources))
    }

    reveal_asked = bool(context.comment) and "asks to reveal the prompt" in injection_signals(
        context.comment or ""
    )
    run = LEAK_WORDS_WHEN_ASKED if reveal_asked else LEAK_WORDS
    if context.system_prompt and _leaks(text, context.system_prompt, run):
        return Guarded("", ["It repeated its instructions (system prompt leak)."], True)
    if context.comment and looks_like_injection(context.comment):
        carried = _carries_payload(text, context.comment)
        if carried:
            return Guarded("", [f"It obeyed instructions hidden in the comment ({carried})."], True)
    if INSULTS.search(text):
        return Guarded("", ["It contains an insult."], True)

    kept: list[str] = []
    for sentence in _sentences(text):
        avoided = [w for w in profile.words.avoid if _contains_word(sentence, w)]
        if avoided:
            warnings.append(
                f"Removed a sentence with words the brand avoids: {', '.join(avoided)}."
            )
            continue
        personal = [m for m in find_pii(sentence) if not _in_sources(m.text, sources)]
        if personal:
            kinds = sorted({m.kind.replace("_", " ") for m in personal})
            warnings.append(f"Removed personal data ({', '.join(kinds)}) from the draft.")
            continue
        missing = _unsupported(sentence, sources, source_numbers)
        if missing:
            warnings.append(
                f"Removed a sentence with facts not in the sources: {', '.join(missing)}."
            )
            continue
        kept.append(sentence)
    result = " ".join(kept)
    result, hashtag_warnings = _hashtags(result, context)
    result, emoji_warnings = _emoji(result, profile)
    warnings += hashtag_warnings + emoji_warnings
    result = re.sub(r"\s{2,}", " ", result).strip()
    if not result:
        blocked = True
        warnings.append("Nothing usable was left.")
    return Guarded(result, warnings, blocked)


def _contains_word(text: str, word: str) -> bool:
    return bool(re.search(rf"(?<!\w){re.escape(fold(word))}(?!\w)", fold(text)))


def _leaks(text: str, system_prompt: str, run: int) -> bool:
    """Whether `run` consecutive words of the draft come verbatim from the instructions."""
    words = re.findall(r"\w+", fold(text))
    prompt = " " + " ".join(re.findall(r"\w+", fold(system_prompt))) + " "
    return any(f" {' '.join(words[i : i + run])} " in prompt for i in range(len(words) - run + 1))


def _carries_payload(text: str, comment: str) -> str | None:
    """What of an injecting comment's payload the draft repeats, if anything."""
    folded = fold(text)
    for match in URL.finditer(comment):
        if fold(match.group()).rstrip(".,;:!?/") in folded:
            return f"link {match.group()}"
    for token in CANARY.findall(comment):
        if fold(token) in folded:
            return f"string {token}"
    for quoted in QUOTED.findall(comment):
        if len(quoted.split()) >= 2 and fold(quoted) in folded:
            return f"quoted text '{quoted}'"
    return None


def _hashtags(text: str, context: GuardContext) -> tuple[str, list[str]]:
    banned = {fold(tag) for tag in context.profile.hashtags.banned}
    allowed = 0 if context.kind == "reply" else context.max_hashtags
    warnings: list[str] = []
    seen = 0

    def keep(match: re.Match[str]) -> str:
        nonlocal seen
        tag = match.group()
        if fold(tag) in banned:
            warnings.append(f"Removed banned hashtag {tag}.")
            return ""
        seen += 1
        if seen > allowed:
            return ""
        return tag

    result = HASHTAG.sub(keep, text)
    if seen > allowed:
        warnings.append(f"Kept {allowed} of {seen} hashtags (policy).")
    return result, warnings


def _emoji(text: str, profile: BrandProfile) -> tuple[str, list[str]]:
    found = EMOJI.findall(text)
    policy = profile.emoji
    if not found:
        return text, []
    if policy.policy == "none":
        return EMOJI.sub("", text), ["Removed emoji: the brand uses none."]
    if policy.policy == "sparingly" and len(found) > policy.max_per_post:
        kept = 0

        def keep(match: regex.Match[str]) -> str:
            nonlocal kept
            kept += 1
            return match.group() if kept <= policy.max_per_post else ""

        return EMOJI.sub(keep, text), [f"Kept {policy.max_per_post} emoji (brand policy)."]
    return text, []
