"""The marks a draft carries besides its words: hashtags, emoji and links."""

from __future__ import annotations

import re

import regex

HASHTAG = re.compile(r"(?<![\w#&])#\w+")
EMOJI = regex.compile(
    r"(?![©®™])(?:\p{Extended_Pictographic}|\p{Regional_Indicator})"
    r"(?:\uFE0F|\p{Emoji_Modifier}|\u200D\p{Extended_Pictographic})*"
)
SPACED_EMOJI = regex.compile(rf"[ \t]*({EMOJI.pattern})")
"""An emoji with the spaces before it, so that removing it leaves no gap before punctuation."""
URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'()]+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|fr|net|org|io|co|example|"
    r"ly|be|eu|ch|ca|uk|de|shop|store|app)\b(?:/[^\s<>\"'()]*)?",
    re.IGNORECASE,
)
