"""Reading a post brief: which of its words are the post's own, and which instruct the writer.

A community manager writes either the post's substance ("Our Winter Box is back: …", "Nous
recrutons des baristas …") or an instruction ("Announce the Winter Box", "Rappeler le cupping
…", "A short caption for our workshop: hearts, tulips …"). A composed post carries the first
as its lead and, of the second, only what follows its "that" or its colon: an instruction put
in a post reads as a note to an intern, not as the brand talking.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib.resources import files

LOOKAHEAD_WORDS = 8
"""How far after the instruction's verb its "that"/"que" may come ("Remind people that")."""
FORMAT_WORDS = 4
"""How many words may stand between an article and the post it names ("A short video caption")."""


@cache
def _words() -> dict[str, dict[str, list[str]]]:
    text = files(__package__).joinpath("brief_words.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _starts_with(text: str, phrases: list[str]) -> str | None:
    lowered = text.lower()
    for item in sorted(phrases, key=len, reverse=True):
        if re.match(rf"{re.escape(item)}(?!\w)", lowered):
            return item
    return None


def _is_instruction(brief: str, words: dict[str, list[str]]) -> bool:
    if _starts_with(brief, words["verbs"]):
        return True
    tokens = re.findall(r"[\w'’-]+", brief.lower())
    if not tokens or tokens[0] not in words["articles"]:
        return False
    return any(token in words["formats"] for token in tokens[1 : 2 + FORMAT_WORDS])


def _after_that(brief: str, words: dict[str, list[str]]) -> str | None:
    for match in re.finditer(r"[\w'’-]+", brief):
        if len(brief[: match.start()].split()) > LOOKAHEAD_WORDS:
            return None
        token = match.group().lower()
        if token in words["that"]:
            return brief[match.end() :]
        for elided in (w for w in words["that"] if w.endswith(("'", "’"))):
            if token.startswith(elided) and len(token) > len(elided):
                return brief[match.start() + len(elided) :]
    return None


def _named_post(brief: str, words: dict[str, list[str]]) -> str | None:
    """ "A short caption for our Latte Art workshop: hearts, tulips …" is the subject and its
    copy: "Our Latte Art workshop: hearts, tulips …"."""
    if _starts_with(brief, words["verbs"]) or ":" not in brief:
        return None
    head, copy = brief.split(":", 1)
    for word in words["for"]:
        found = re.search(rf"(?<!\w){re.escape(word)}\s+(.+)$", head, re.IGNORECASE)
        if found and copy.strip():
            return f"{found.group(1)}:{copy}"  # the brief's own spacing (" : " in French)
    return None


def _sentence(text: str) -> str | None:
    text = " ".join(text.split()).strip(" ,;:-–—")
    if len(text.split()) < 3:
        return None
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" else f"{text}."


def brief_lead(brief: str, language: str) -> str | None:
    """The brief's own words for the post's first sentence, or None when the brief only
    instructs ("Présenter le Décaféiné Nuit Calme pour les soirées")."""
    table = _words()
    words = table.get(language) or table["en"]
    brief = " ".join(brief.split())
    if not brief:
        return None
    if not _is_instruction(brief, words):
        return _sentence(brief)
    named = _named_post(brief, words)
    if named is not None:
        return _sentence(named)
    rest = _after_that(brief, words)
    if rest is None and ":" in brief:
        rest = brief.split(":", 1)[1]
    return _sentence(rest) if rest is not None else None
