"""Length counted the way each platform counts it: X's weighted length (a link counts 23,
most CJK and emoji 2), Mastodon's (a link 23, a remote mention its local part), graphemes, or
characters."""

from __future__ import annotations

import unicodedata
from typing import Final

import regex

from server.platforms.links import labels_fit, url_patterns, x_url_spans
from server.platforms.rules import PlatformSpec


def count(text: str, spec: PlatformSpec) -> int:
    """Length of `text` as `spec`'s platform measures it against its limits.

    x_weighted: X's weighted count (`x_weighted_length`). mastodon: Mastodon's count
    (`mastodon_length`). graphemes: Bluesky's 300 are user-perceived characters (the post
    record's maxGraphemes), so an emoji sequence is 1; links count in full, an upper bound as
    the Bluesky app shortens them on posting; the record's 3,000-byte cap is not checked, as
    only text of long emoji sequences nears it. chars: code points, for platforms that publish
    no finer rule (Threads, LinkedIn, Instagram, Facebook, TikTok); never fewer than the
    graphemes a reader sees.
    """
    if spec.counter == "x_weighted":
        return x_weighted_length(text)
    if spec.counter == "mastodon":
        return mastodon_length(text)
    if spec.counter == "graphemes":
        return grapheme_count(text)
    return len(text)


def x_weighted_length(text: str) -> int:
    """X's count, twitter-text v3 (`parseTweet`), which X checks its 280 against.

    The text is NFC-normalised; each URL counts 23 whatever its length; each emoji, sequences
    included (a family, a flag, a skin tone), counts 2; every other code point counts 1 in the
    ranges 0-4351 (Latin, Greek, Cyrillic, Hebrew, Arabic, Indic...), 8192-8205, 8208-8223 and
    8242-8247 (spaces, dashes, quotes, primes) and 2 elsewhere (CJK, Hangul...). URLs are those
    twitter-text extracts (`x_url_spans`): with http(s):// or without (`voix.ai`, `bit.ly/abc`,
    `www.example.com`), on a top-level domain of its list (`tlds.txt`). Deviations: the
    reserved TLDs .example, .test, .invalid and .localhost count as real ones, so that sample
    links count like the links they stand for; an emoji ZWJ sequence counts 2 even where
    twemoji does not know it.
    """
    text = unicodedata.normalize("NFC", text)
    total = 0
    position = 0
    for start, end in x_url_spans(text):
        total += _x_text_weight(text[position:start]) + URL_WEIGHT
        position = end
    return total + _x_text_weight(text[position:])


def mastodon_length(text: str) -> int:
    """Mastodon's count (`StatusLengthValidator`): graphemes, after each URL with a scheme
    becomes 23 characters and each remote mention `@user@server` becomes `@user`.

    Bare domains count in full there, unlike on X. A content warning would count too; Voix
    drafts none.
    """
    spans: list[tuple[int, int, str]] = []
    for match in url_patterns().mastodon_url.finditer(text):
        if labels_fit(match.group("domain")):
            spans.append((match.start(), match.end(), "x" * URL_WEIGHT))
    for match in MASTODON_REMOTE_MENTION.finditer(text):
        spans.append((match.start(), match.end(), f"@{match.group(1)}"))
    countable: list[str] = []
    position = 0
    for start, end, replacement in sorted(spans):
        if start < position:
            continue  # overlaps an entity already rewritten, as Mastodon drops it
        countable += [text[position:start], replacement]
        position = end
    countable.append(text[position:])
    return grapheme_count("".join(countable))


URL_WEIGHT: Final = 23
"""X and Mastodon count every URL as this many characters (X's t.co links are 23 long)."""
X_LIGHT_RANGES: Final = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
"""twitter-text v3: code points in these ranges weigh 1, every other one 2."""
MASTODON_REMOTE_MENTION: Final = regex.compile(
    r"(?<![=/\w])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)@\w+(?:[.-]+\w+)*", regex.IGNORECASE
)
GRAPHEME: Final = regex.compile(r"\X")
_X_EMOJI: Final = regex.compile(
    # twemoji-parser, which twitter-text v3 weighs 2 per match: keycaps, flags, pictographs
    # with their modifiers, tags and ZWJ links; © and ® only in their emoji (FE0F) form.
    r"[#*0-9]\uFE0F?\u20E3|[\u00A9\u00AE]\uFE0F|\p{Regional_Indicator}{2}"
    r"|(?![\u00A9\u00AE])\p{Extended_Pictographic}"
    r"(?:[\uFE0F\p{Emoji_Modifier}\U000E0020-\U000E007F]|\u200D\p{Extended_Pictographic})*"
)


def grapheme_count(text: str) -> int:
    return len(GRAPHEME.findall(text))


def _x_text_weight(text: str) -> int:
    """Weight of text holding no URL: 2 an emoji, else per code point."""
    total = 0
    for grapheme in GRAPHEME.findall(text):
        emoji = _X_EMOJI.match(grapheme)
        if emoji:
            total += 2
            grapheme = grapheme[emoji.end() :]
        for char in grapheme:
            code = ord(char)
            total += 1 if any(low <= code <= high for low, high in X_LIGHT_RANGES) else 2
    return total
