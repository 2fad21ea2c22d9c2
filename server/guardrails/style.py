"""The brand's style rules: words it avoids, hashtags, emoji."""

from __future__ import annotations

import re

from knowledge.brand import BrandProfile, EmojiPolicy
from knowledge.text import fold
from server.guardrails.marks import EMOJI, HASHTAG, SPACED_EMOJI
from server.guardrails.text import rewrite_sentences, tidy
from server.guardrails.types import GuardContext

ACCENTS = {"a": "aàâäáã", "e": "eéèêë", "i": "iîïíì", "o": "oôöóò", "u": "uùûüú", "c": "cç"}
SOFT_REMOVALS = (
    r"\s+(?:and|et|or|ou|&)\s+{t}(?=[\s,.!?;:]|$)",
    r"{t}\s+(?:and|et|or|ou|&)\s+",
    r",\s*{t}(?=\s*,)",
    r"\s*\(\s*{t}\s*\)",
)
"""Where a word can go without breaking its sentence: a list item or an aside."""


def avoid_terms(avoid: list[str]) -> list[str]:
    """The profile's entries, with "zéro déchet / zero waste" split into its alternatives."""
    return [term.strip() for entry in avoid for term in re.split(r"\s+/\s+", entry) if term.strip()]


def term_pattern(term: str) -> str:
    """A case- and accent-insensitive whole-word pattern (use with re.IGNORECASE)."""
    parts: list[str] = []
    for ch in fold(" ".join(term.split())):
        if ch in " -":
            parts.append(r"[\s-]+")
        elif ch == "%":
            parts.append(r"\s?%")
        elif ch in "'’":
            parts.append("['’]")
        else:
            parts.append(f"[{ACCENTS[ch]}]" if ch in ACCENTS else re.escape(ch))
    return rf"(?<!\w){''.join(parts)}(?!\w)"


def remove_avoided(text: str, avoid: list[str]) -> tuple[str, list[str]]:
    """Take out the words the brand avoids: the word alone where the sentence survives it
    (a list item, an aside), otherwise the whole sentence, since a gap reads worse than less."""
    terms = avoid_terms(avoid)
    warnings: list[str] = []

    def fix(sentence: str) -> str | None:
        for term in terms:
            pattern = term_pattern(term)
            if not re.search(pattern, sentence, re.IGNORECASE):
                continue
            for soft in SOFT_REMOVALS:
                shorter = re.sub(soft.format(t=pattern), "", sentence, count=1, flags=re.I)
                if shorter != sentence and not re.search(pattern, shorter, re.IGNORECASE):
                    warnings.append(f"Removed “{term}”: the brand avoids that word.")
                    capital = sentence[:1].isupper()
                    sentence = shorter[:1].upper() + shorter[1:] if capital else shorter
                    break
            else:
                warnings.append(f"Dropped a sentence with “{term}”: the brand avoids that word.")
                return None
        return sentence

    return rewrite_sentences(text, fix), warnings


def hashtag_limit(context: GuardContext) -> int:
    """Replies carry none; posts the lower of the brand's and the platform's limits."""
    if context.kind == "reply":
        return 0
    return max(0, min(context.profile.hashtags.max, context.max_hashtags))


def limit_hashtags(text: str, profile: BrandProfile, limit: int) -> tuple[str, list[str]]:
    """Drop banned hashtags, then keep at most `limit`, the brand's preferred ones first.
    A dropped tag inside a sentence leaves its word ("we love #coffee" → "we love coffee")."""
    banned = {fold(tag.lstrip("#")) for tag in profile.hashtags.banned}
    preferred = {fold(tag.lstrip("#")) for tag in profile.hashtags.preferred}
    tags = list(HASHTAG.finditer(text))
    allowed = [m for m in tags if fold(m.group()[1:]) not in banned]
    unique: dict[str, re.Match[str]] = {}
    for match in allowed:
        unique.setdefault(fold(match.group()), match)
    ranked = sorted(unique.values(), key=lambda m: fold(m.group()[1:]) not in preferred)
    keep = {m.start() for m in ranked[:limit]}
    permitted = {m.start() for m in allowed}
    warnings = [f"Removed banned hashtag {m.group()}." for m in tags if m.start() not in permitted]
    dropped = len(allowed) - len(keep)
    if dropped:
        warnings.append(
            "Removed hashtags: none belong here."
            if limit == 0
            else f"Removed {dropped} hashtag(s): at most {limit} here."
        )

    def replace(match: re.Match[str]) -> str:
        if match.start() in keep:
            return match.group()
        before, after = text[: match.start()], text[match.end() :]
        inline = re.search(r"\w[^\w\n#]*$", before) and re.match(r"[^\S\n]*[^\W#]", after)
        return match.group()[1:] if inline and match.start() in permitted else ""

    return tidy(HASHTAG.sub(replace, text)), warnings


def _emoji_key(emoji: str) -> str:
    return emoji.replace("\ufe0f", "")


def limit_emoji(text: str, policy: EmojiPolicy) -> tuple[str, list[str]]:
    """`none` removes every emoji; `sparingly` keeps `max_per_post`, and only from the brand's
    set when it lists one (the eval's `emoji` check holds drafts to the same rule)."""
    found = list(EMOJI.finditer(text))
    if not found or policy.policy == "freely":
        return text, []
    limit = 0 if policy.policy == "none" else max(0, policy.max_per_post)
    allowed = {_emoji_key(e) for e in policy.allowed}
    usable = [i for i, m in enumerate(found) if not allowed or _emoji_key(m.group()) in allowed]
    if len(found) <= limit and len(usable) == len(found):
        return text, []
    keep = {found[i].start() for i in usable[:limit]}
    result = SPACED_EMOJI.sub(lambda m: m.group() if m.start(1) in keep else "", text)
    if limit == 0:
        return tidy(result), ["Removed emoji: the brand uses none."]
    if len(usable) < len(found):
        return tidy(result), [
            f"Kept {len(keep)} of {len(found)} emoji: only the brand's own "
            f"({' '.join(policy.allowed)}), at most {limit}."
        ]
    return tidy(result), [f"Kept {limit} of {len(found)} emoji (brand policy)."]
