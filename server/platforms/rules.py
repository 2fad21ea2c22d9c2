"""The one table of platform rules.

Every limit and convention the drafting code needs lives here, so a platform's rule change
(Instagram's hashtag cap, a Mastodon server's own limit) is one edit. Limits are what each
platform enforces; the conventions (hashtags, emoji, links, visual) are what reads well there,
and feed the prompts and the post-processing."""

from __future__ import annotations

from typing import Final, Literal

import msgspec

from server.drafting.errors import UnknownPlatform

Counter = Literal["x_weighted", "mastodon", "graphemes", "chars"]
"""How a platform measures text against its limits: see `server.platforms.counting.count`."""
HashtagPlacement = Literal["inline", "end", "none"]
EmojiUse = Literal["ok", "sparingly", "rare"]
LinkHandling = Literal["counted_23", "not_clickable", "preview", "plain"]
"""counted_23: a link counts 23 whatever its length; not_clickable: links in the text do not
work, say "link in bio"; preview: the platform shows a card for the link; plain: none of these."""


class Visual(msgspec.Struct, frozen=True):
    """The visual to suggest with a post: each network crops and favours its own shapes."""

    format: str
    aspect: str


class PlatformSpec(msgspec.Struct, frozen=True, kw_only=True):
    """One platform's limits and conventions; frozen so the table cannot drift at runtime."""

    id: str
    name: str
    post_limit: int
    """For TikTok, the caption of a video; see `photo_post_limit`."""
    reply_limit: int
    """Limit of a comment or reply, which some platforms set lower than a post's."""
    counter: Counter = "chars"
    visual: Visual
    max_hashtags: int = 2
    """Most hashtags a post should carry (Instagram enforces its 5; elsewhere a convention)."""
    min_hashtags: int = 0
    """Low end of the usual range (X 1-2, LinkedIn and TikTok 3-5): where tags drive reach."""
    hashtag_placement: HashtagPlacement = "end"
    """inline: woven into the sentence, where space is scarce; end: grouped after the text."""
    emoji: EmojiUse = "ok"
    links: LinkHandling = "plain"
    threads: bool = False
    """Long posts become numbered threads (`split_thread`) rather than being shortened."""
    photo_post_limit: int | None = None
    """TikTok: photo and text posts take longer captions (4,000) than videos (2,200)."""


PLATFORMS: Final[dict[str, PlatformSpec]] = {
    spec.id: spec
    for spec in (
        PlatformSpec(
            id="x",
            name="X",
            post_limit=280,
            reply_limit=280,
            counter="x_weighted",
            visual=Visual("image", "16:9"),
            min_hashtags=1,
            max_hashtags=2,
            hashtag_placement="inline",  # every character counts
            links="counted_23",
            threads=True,
        ),
        PlatformSpec(
            id="threads",
            name="Threads",
            post_limit=500,
            reply_limit=500,
            visual=Visual("image", "4:5"),
            max_hashtags=1,  # Threads takes one topic tag per post
            hashtag_placement="inline",
            links="preview",
            threads=True,
        ),
        PlatformSpec(
            id="bluesky",
            name="Bluesky",
            post_limit=300,
            reply_limit=300,
            counter="graphemes",
            visual=Visual("image", "16:9"),
            max_hashtags=3,
            links="preview",
            threads=True,
        ),
        PlatformSpec(
            id="mastodon",
            name="Mastodon",
            post_limit=500,  # the default; each server sets its own, see get_platform
            reply_limit=500,
            counter="mastodon",
            visual=Visual("image with alt text", "16:9"),
            min_hashtags=1,  # no algorithm: hashtags are how posts get found
            max_hashtags=3,
            emoji="sparingly",  # screen readers, common there, read each one aloud
            links="counted_23",
            threads=True,
        ),
        PlatformSpec(
            id="linkedin",
            name="LinkedIn",
            post_limit=3000,
            reply_limit=1250,
            visual=Visual("image or document carousel", "1.91:1 or 4:5"),
            min_hashtags=3,
            max_hashtags=5,
            emoji="sparingly",
            links="preview",
        ),
        PlatformSpec(
            id="instagram",
            name="Instagram",
            post_limit=2200,
            reply_limit=2200,
            visual=Visual(
                "square or portrait image or carousel; Reel for video", "1:1 or 4:5; 9:16"
            ),
            max_hashtags=5,  # enforced; the current rule, it was 30
            links="not_clickable",
        ),
        PlatformSpec(
            id="facebook",
            name="Facebook",
            post_limit=63206,
            reply_limit=8000,
            visual=Visual("landscape link image or video", "1.91:1 or 16:9"),
            max_hashtags=2,
            links="preview",
        ),
        PlatformSpec(
            id="tiktok",
            name="TikTok",
            post_limit=2200,
            reply_limit=150,
            visual=Visual("vertical video", "9:16"),
            min_hashtags=3,
            max_hashtags=5,
            links="not_clickable",  # captions do not link; the bio does
            photo_post_limit=4000,
        ),
    )
}
ALIASES: Final[dict[str, str]] = {"twitter": "x", "bsky": "bluesky"}


def supported_platforms() -> list[str]:
    """Sorted platform ids, for error messages and help texts."""
    return sorted(PLATFORMS)


def get_platform(platform_id: str, mastodon_limit: int | None = None) -> PlatformSpec:
    """The spec of a platform id or alias (any case).

    Mastodon's 500 is only the default: each server sets its own limit, so callers pass the
    one of the brand's server (e.g. from their `VOIX_MASTODON_LIMIT` setting); it applies to
    posts and replies alike, and to Mastodon only.
    """
    if mastodon_limit is not None and mastodon_limit < 1:
        raise ValueError(f"mastodon_limit must be a positive number, not {mastodon_limit}")
    key = platform_id.strip().lower()
    spec = PLATFORMS.get(ALIASES.get(key, key))
    if spec is None:
        raise UnknownPlatform(platform_id, supported_platforms())
    if spec.id == "mastodon" and mastodon_limit is not None:
        spec = msgspec.structs.replace(spec, post_limit=mastodon_limit, reply_limit=mastodon_limit)
    return spec


def find_platform(platform_id: str) -> PlatformSpec | None:
    """The spec of a platform id or alias, or None for one Voix does not know: the lookup
    the chains are given to show each past reply in its own platform's terms."""
    try:
        return get_platform(platform_id)
    except UnknownPlatform:
        return None
