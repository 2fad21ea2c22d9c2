"""The one table of platform rules, and length counted the way each platform counts it."""

from __future__ import annotations

import unicodedata
from typing import Literal

import msgspec
import regex

from server.drafting.errors import UnknownPlatform

Counter = Literal["x_weighted", "graphemes", "chars"]


class PlatformSpec(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    name: str
    post_limit: int
    reply_limit: int
    counter: Counter = "chars"


PLATFORMS: dict[str, PlatformSpec] = {
    spec.id: spec
    for spec in (
        PlatformSpec(id="x", name="X", post_limit=280, reply_limit=280, counter="x_weighted"),
        PlatformSpec(id="threads", name="Threads", post_limit=500, reply_limit=500),
        PlatformSpec(
            id="bluesky", name="Bluesky", post_limit=300, reply_limit=300, counter="graphemes"
        ),
        PlatformSpec(id="mastodon", name="Mastodon", post_limit=500, reply_limit=500),
        PlatformSpec(id="linkedin", name="LinkedIn", post_limit=3000, reply_limit=1250),
        PlatformSpec(id="instagram", name="Instagram", post_limit=2200, reply_limit=2200),
        PlatformSpec(id="facebook", name="Facebook", post_limit=63206, reply_limit=8000),
        PlatformSpec(id="tiktok", name="TikTok", post_limit=2200, reply_limit=150),
    )
}
ALIASES = {"twitter": "x"}

URL = regex.compile(r"https?://[^\s<>\"']+", regex.IGNORECASE)
GRAPHEME = regex.compile(r"\X")
EMOJI = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}")
X_URL_WEIGHT = 23
# twitter-text v3: these code point ranges weigh 1, every other code point 2.
X_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


def get_platform(platform_id: str) -> PlatformSpec:
    key = ALIASES.get(platform_id.strip().lower(), platform_id.strip().lower())
    spec = PLATFORMS.get(key)
    if spec is None:
        raise UnknownPlatform(platform_id, sorted(PLATFORMS))
    return spec


def count(text: str, spec: PlatformSpec) -> int:
    if spec.counter == "x_weighted":
        return x_weighted_length(text)
    if spec.counter == "graphemes":
        return len(GRAPHEME.findall(unicodedata.normalize("NFC", text)))
    return len(text)


def x_weighted_length(text: str) -> int:
    """X's count: NFC text, each URL 23, each emoji 2, CJK and other heavy characters 2."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    position = 0
    for match in URL.finditer(text):
        total += _x_text_weight(text[position : match.start()]) + X_URL_WEIGHT
        position = match.end()
    return total + _x_text_weight(text[position:])


def _x_text_weight(text: str) -> int:
    total = 0
    for grapheme in GRAPHEME.findall(text):
        if EMOJI.search(grapheme):
            total += 2
            continue
        for char in grapheme:
            code = ord(char)
            total += 1 if any(lo <= code <= hi for lo, hi in X_LIGHT_RANGES) else 2
    return total
