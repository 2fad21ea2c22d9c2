"""The reply prompt: the brand's rules and its voice examples first (the same for every comment
of the brand, so the model's process keeps them evaluated), then, as a system turn, the facts
retrieved for this comment and a close approved reply when there is one, and last the comment
as delimited untrusted data, in the very form of the examples' comments. Sent to whichever
chat model the backend provides."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder

from knowledge.brand import BrandProfile
from knowledge.language import LANGUAGE_NAMES
from knowledge.retrieval import Hit
from server.prompts import load_prompt
from server.prompts.delimiters import neutralize_delimiters


class PlatformTerms(Protocol):
    """What a reply prompt says of a platform (drafting's `PlatformSpec` has it): chains take
    the platform table as a parameter and never import drafting, which imports them."""

    @property
    def name(self) -> str: ...

    @property
    def reply_limit(self) -> int: ...


PlatformLookup = Callable[[str], PlatformTerms | None]
"""A platform id or alias to its terms; None for a platform Voix does not know."""


def reply_prompt() -> ChatPromptTemplate:
    return ChatPromptTemplate.from_messages(
        [
            ("system", load_prompt("reply.system").text),
            MessagesPlaceholder("examples"),
            ("system", load_prompt("reply.facts").text),
            ("human", load_prompt("reply.user").text),
        ]
    )


def example_turns(
    examples: Sequence[Hit], platform: str, limit: int, platforms: PlatformLookup | None = None
) -> list[BaseMessage]:
    """Approved replies as earlier turns the model imitates, each in its own platform's
    terms; a past reply on a platform Voix does not know (or without `platforms` to look it
    up) is shown as on the current one."""
    template = load_prompt("reply.user").text
    turns: list[BaseMessage] = []
    for hit in examples:
        approved = str(hit.metadata.get("reply", ""))
        if not approved:
            continue
        past_comment = hit.excerpt.removeprefix("Comment: ").split("\nReply: ", 1)[0]
        language = str(hit.metadata.get("language", ""))
        spec = platforms(str(hit.metadata.get("platform", ""))) if platforms else None
        name, past_limit = (spec.name, spec.reply_limit) if spec else (platform, limit)
        turns.append(
            HumanMessage(
                template.format(
                    platform=name,
                    comment=neutralize_delimiters(past_comment),
                    language_name=LANGUAGE_NAMES.get(language, language or "its language"),
                    limit=past_limit,
                )
            )
        )
        turns.append(AIMessage(approved))
    return turns


def fact_text(hit: Hit) -> str:
    """A FAQ entry's answer alone: shown its "Q: … A: …" form, the small model goes on
    writing questions and answers instead of a reply."""
    if hit.kind == "faq" and "\nA: " in hit.excerpt:
        return hit.excerpt.split("\nA: ", 1)[1].strip()
    return hit.excerpt


def facts_block(facts: Sequence[Hit], similar: Sequence[Hit]) -> str:
    lines = [f"- {fact_text(hit)}" for hit in facts]
    lines += [
        f"- Our approved reply to a similar comment: {hit.metadata['reply']}"
        for hit in similar
        if hit.metadata.get("reply")
    ]
    return "\n".join(lines) or "- (no fact found)"


def reply_inputs(
    profile: BrandProfile,
    comment: str,
    platform: str,
    language: str,
    limit: int,
    facts: Sequence[Hit],
    similar: Sequence[Hit] = (),
    voice: Sequence[Hit] = (),
    platforms: PlatformLookup | None = None,
) -> dict[str, Any]:
    """The prompt's variables: `voice` (the brand's fixed examples, each shown in the terms
    of its own platform as `platforms` finds it) opens every prompt of the brand; `facts` and
    `similar` (a close approved reply) belong to this comment."""
    return {
        "brand_name": profile.name,
        "brand_description": profile.description,
        "voice": ", ".join(profile.voice.attributes) or "friendly, professional",
        "avoid": ", ".join(profile.words.avoid) or "(none)",
        "examples": example_turns(voice, platform, limit, platforms),
        "facts": facts_block(facts, similar),
        "platform": platform,
        "language_name": LANGUAGE_NAMES.get(language, language),
        "limit": limit,
        "comment": neutralize_delimiters(comment),
    }
