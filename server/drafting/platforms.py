"""The one table of platform rules, and length counted the way each platform counts it."""

from __future__ import annotations

import unicodedata
from typing import Literal

import msgspec
import regex

from server.drafting.errors import UnknownPlatform

Counter = Literal["x_weighted", "graphemes", "chars"]


class Visual(msgspec.Struct, frozen=True):
    format: str
    aspect: str


class PlatformSpec(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    name: str
    post_limit: int
    reply_limit: int
    counter: Counter = "chars"
    max_hashtags: int = 2
    emoji: Literal["ok", "sparingly", "rare"] = "ok"
    links: Literal["counted_23", "not_clickable", "preview", "plain"] = "plain"
    threads: bool = False
    """Long posts become numbered threads rather than being shortened."""
    visual: Visual = msgspec.field(default_factory=lambda: Visual("image", "1:1"))
    photo_post_limit: int | None = None
    """TikTok: photo and text posts take longer captions than videos."""


PLATFORMS: dict[str, PlatformSpec] = {
    spec.id: spec
    for spec in (
        PlatformSpec(
            id="x",
            name="X",
            post_limit=280,
            reply_limit=280,
            counter="x_weighted",
            max_hashtags=2,
            links="counted_23",
            threads=True,
            visual=Visual("image", "16:9"),
        ),
        PlatformSpec(
            id="threads",
            name="Threads",
            post_limit=500,
            reply_limit=500,
            max_hashtags=1,  # Threads takes one topic tag per post
            threads=True,
            visual=Visual("image", "4:5"),
        ),
        PlatformSpec(
            id="bluesky",
            name="Bluesky",
            post_limit=300,
            reply_limit=300,
            counter="graphemes",
            max_hashtags=2,
            threads=True,
            visual=Visual("image", "16:9"),
        ),
        PlatformSpec(
            id="mastodon",
            name="Mastodon",
            post_limit=500,
            reply_limit=500,
            max_hashtags=3,
            links="counted_23",
            threads=True,
            visual=Visual("image with alt text", "16:9"),
        ),
        PlatformSpec(
            id="linkedin",
            name="LinkedIn",
            post_limit=3000,
            reply_limit=1250,
            max_hashtags=3,
            emoji="sparingly",
            links="preview",
            visual=Visual("image or document carousel", "1.91:1 or 4:5"),
        ),
        PlatformSpec(
            id="instagram",
            name="Instagram",
            post_limit=2200,
            reply_limit=2200,
            max_hashtags=5,  # the current rule; it was 30
            links="not_clickable",
            visual=Visual("square image or carousel; Reel for video", "1:1 or 4:5; 9:16"),
        ),
        PlatformSpec(
            id="facebook",
            name="Facebook",
            post_limit=63206,
            reply_limit=8000,
            max_hashtags=2,
            links="preview",
            visual=Visual("landscape image or link preview", "1.91:1 or 16:9"),
        ),
        PlatformSpec(
            id="tiktok",
            name="TikTok",
            post_limit=2200,
            reply_limit=150,
            max_hashtags=5,
            visual=Visual("vertical video", "9:16"),
            photo_post_limit=4000,
        ),
    )
}
ALIASES = {"twitter": "x"}

URL = regex.compile(r"(?:https?://|www\.)[^\s<>\"']+", regex.IGNORECASE)
GRAPHEME = regex.compile(r"\X")
EMOJI = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}")
X_URL_WEIGHT = 23
# twitter-text v3: these code point ranges weigh 1, every other code point 2.
X_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


def supported_platforms() -> list[str]:
    return sorted(PLATFORMS)


def get_platform(platform_id: str, mastodon_limit: int | None = None) -> PlatformSpec:
    """The spec of a platform id or alias; Mastodon servers may set their own limit."""
    key = ALIASES.get(platform_id.strip().lower(), platform_id.strip().lower())
    spec = PLATFORMS.get(key)
    if spec is None:
        raise UnknownPlatform(platform_id, supported_platforms())
    if key == "mastodon" and mastodon_limit:
        spec = msgspec.structs.replace(spec, post_limit=mastodon_limit, reply_limit=mastodon_limit)
    return spec


def split_thread(text: str, spec: PlatformSpec) -> list[str]:
    """Numbered parts ("1/3 ...") each within the limit as the platform counts it, split at
    paragraphs, then sentences, then words; never inside a word. Short text stays whole."""
    if count(text, spec) <= spec.post_limit:
        return [text]
    pieces = _pieces(text)
    for total_guess in (9, 99):
        parts = _pack(pieces, spec, total_guess)
        if len(parts) <= total_guess:
            total = len(parts)
            return [f"{i}/{total} {part}" for i, part in enumerate(parts, start=1)]
    raise ValueError("text too long to thread")


def _pieces(text: str) -> list[str]:
    """Sentences (each paragraph's), the units a thread is packed from."""
    pieces: list[str] = []
    for paragraph in regex.split(r"\n\s*\n", text):
        pieces.extend(p for p in regex.split(r"(?<=[.!?…])\s+", paragraph.strip()) if p)
    return pieces


def _pack(pieces: list[str], spec: PlatformSpec, total: int) -> list[str]:
    prefix = len(f"{total}/{total} ")
    room = spec.post_limit - prefix
    parts: list[str] = []
    current = ""
    for piece in pieces:
        for unit in [piece] if count(piece, spec) <= room else piece.split():
            candidate = f"{current} {unit}".strip()
            if current and count(candidate, spec) > room:
                parts.append(current)
                current = unit
            else:
                current = candidate
    if current:
        parts.append(current)
    return parts


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
