"""The reply chain: brand profile, retrieved facts and approved replies, and the comment as
delimited untrusted data, sent to whichever chat model the backend provides."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder
from langchain_core.runnables import Runnable

from knowledge.brand import BrandProfile
from knowledge.retrieval import Hit
from server.drafting.guardrails import neutralize_delimiters
from server.prompts import load_prompt

LANGUAGE_NAMES = {
    "en": "English",
    "fr": "French",
    "es": "Spanish",
    "de": "German",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
}


def reply_prompt() -> ChatPromptTemplate:
    return ChatPromptTemplate.from_messages(
        [
            ("system", load_prompt("reply.system").text),
            MessagesPlaceholder("examples"),
            ("human", load_prompt("reply.user").text),
        ]
    )


def build_reply_chain(chat: BaseChatModel) -> Runnable[dict[str, Any], str]:
    return reply_prompt() | chat | StrOutputParser()


def reply_inputs(
    profile: BrandProfile,
    comment: str,
    platform: str,
    language: str,
    limit: int,
    facts: Sequence[Hit],
    examples: Sequence[Hit],
) -> dict[str, Any]:
    """The chain's variables. Approved replies become example turns the model imitates."""
    language_name = LANGUAGE_NAMES.get(language, language)
    user = load_prompt("reply.user").text
    example_turns: list[BaseMessage] = []
    for hit in examples:
        past_comment = hit.excerpt.removeprefix("Comment: ").split("\nReply: ", 1)[0]
        approved = str(hit.metadata.get("reply", ""))
        if not approved:
            continue
        example_turns.append(
            HumanMessage(
                user.format(
                    platform=platform,
                    comment=neutralize_delimiters(past_comment),
                    language_name=language_name,
                    limit=limit,
                )
            )
        )
        example_turns.append(AIMessage(approved))
    return {
        "brand_name": profile.name,
        "brand_description": profile.description,
        "voice": ", ".join(profile.voice.attributes) or "friendly, professional",
        "language_name": language_name,
        "limit": limit,
        "avoid": ", ".join(profile.words.avoid) or "(none)",
        "facts": "\n".join(f"- {hit.excerpt}" for hit in facts) or "- (no fact found)",
        "examples": example_turns,
        "platform": platform,
        "comment": neutralize_delimiters(comment),
    }
