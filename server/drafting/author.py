"""The name a reply may greet its author by: a first name only, and only one that looks like
a first name. A full name, a handle, an email or anything with digits is personal data or an
account name, never repeated in a public reply."""

from __future__ import annotations

import re

from knowledge.brand import BrandProfile
from knowledge.text import fold

FIRST_NAME = re.compile(r"^[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{1,19}(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{1,19})?$")
TITLES = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "m",
    "mme",
    "mlle",
    "me",
    "pr",
    "sir",
    "madame",
    "monsieur",
}
MAX_WORDS = 4
"""Longer "names" are a page or a sentence, not a person."""


def first_name(author: str | None, profile: BrandProfile | None = None) -> str | None:
    """The author's first name, or None when there is none to greet safely."""
    if not author:
        return None
    words = author.replace(",", " ").split()
    if not words or len(words) > MAX_WORDS or any(ch in author for ch in "@#/:0123456789"):
        return None
    first = words[0].rstrip(".")
    if fold(first) in TITLES or not FIRST_NAME.match(first):
        return None
    if profile is not None and fold(first) in {fold(profile.name.split()[0]), fold(profile.id)}:
        return None  # the brand answering under its own post
    return first
