"""The post prompt: the brand's voice, facts and best-performing posts on the same platform,
an angle per variant, and the platform's conventions spelled out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from langchain_core.prompts import ChatPromptTemplate

from knowledge.brand import BrandProfile
from knowledge.language import LANGUAGE_NAMES
from knowledge.retrieval import Hit
from server.prompts import load_prompt
from server.prompts.delimiters import neutralize_delimiters

ANGLES = (
    "informative: say what it is and the one practical detail people need",
    "storytelling: the people, place or origin behind it",
    "community: end with a question that invites replies",
    "behind the scenes: how the team makes it happen",
    "timely: why it matters now, with a clear next step",
)
BRIEF_TAG = ("<brief>", "</brief>")


class PostPlatform(Protocol):
    """What a post prompt says of a platform (drafting's `PlatformSpec` has it): the chain
    is given the spec and never imports drafting, which imports it."""

    @property
    def name(self) -> str: ...

    @property
    def post_limit(self) -> int: ...

    @property
    def emoji(self) -> str: ...

    @property
    def links(self) -> str: ...


def post_prompt() -> ChatPromptTemplate:
    return ChatPromptTemplate.from_messages(
        [
            ("system", load_prompt("post.system").text),
            ("human", load_prompt("post.user").text),
        ]
    )


def platform_rules(spec: PostPlatform, hashtag_max: int) -> str:
    hashtags = (
        "No hashtags."
        if hashtag_max == 0
        else f"At most {hashtag_max} hashtag{'s' if hashtag_max > 1 else ''}, at the end."
    )
    emoji = {"ok": "Emoji allowed.", "sparingly": "Emoji sparingly.", "rare": "Avoid emoji."}
    links = {
        "not_clickable": "Links are not clickable here: say 'link in bio' instead of a URL.",
        "counted_23": "A link counts as 23 characters.",
        "preview": "A link shows a preview card.",
    }
    return " ".join(
        part
        for part in (
            hashtags,
            emoji.get(spec.emoji, ""),
            links.get(spec.links, ""),
        )
        if part
    )


def post_inputs(
    profile: BrandProfile,
    spec: PostPlatform,
    brief: str,
    language: str,
    angle: str,
    tone: str | None,
    facts: Sequence[Hit],
    examples: Sequence[Hit],
    hashtag_max: int,
) -> dict[str, Any]:
    brief = neutralize_delimiters(brief)
    for tag in BRIEF_TAG:
        brief = brief.replace(tag, "")
    return {
        "brand_name": profile.name,
        "brand_description": profile.description,
        "voice": ", ".join(profile.voice.attributes) or "friendly, professional",
        "voice_description": profile.voice.description,
        "platform": spec.name,
        "language_name": LANGUAGE_NAMES.get(language, language),
        "tone": f", in a {tone} tone" if tone else "",
        "angle": angle,
        "platform_rules": platform_rules(spec, hashtag_max),
        "limit": spec.post_limit,
        "avoid": ", ".join(profile.words.avoid) or "(none)",
        "facts": "\n".join(f"- {hit.excerpt}" for hit in facts) or "- (no fact found)",
        "examples": "\n".join(f"- {hit.excerpt}" for hit in examples) or "- (none yet)",
        "brief": brief.strip(),
    }
