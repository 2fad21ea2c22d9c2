"""What triage decides, and the labelled examples it learns from."""

from __future__ import annotations

from typing import Literal, get_args

import msgspec

Category = Literal[
    "praise", "question", "complaint", "criticism", "remark", "troll", "spam", "abuse", "crisis"
]
Sentiment = Literal["positive", "neutral", "negative"]
Action = Literal["reply_public", "move_to_private", "escalate", "moderate", "no_reply"]

CATEGORIES: tuple[Category, ...] = get_args(Category)


class LabelledExample(msgspec.Struct, frozen=True):
    text: str
    category: Category
    language: str = "en"


class Triage(msgspec.Struct, frozen=True):
    category: Category
    sentiment: Sentiment
    severity: int
    """0 praise or plain question, 1 mild, 2 angry / repeated / abusive, 3 crisis."""
    language: str
    pii: list[str]
    """Kinds of personal data found (email, phone, ...), never the data itself."""
    injection_suspected: bool
    action: Action
    why: str
    """One or two sentences for the community manager, in the comment's language (fr or en)."""
    questions: list[str] = msgspec.field(default_factory=list)
    """The comment's real questions (rhetorical ones left out), personal data blanked out: a
    complaint that asks something is still answered on that point."""
    about_context: bool = False
    """Read as being about the incident in the post or thread it answers (`context`)."""
