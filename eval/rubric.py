"""The reviewers' rubric: what a person scores on every output, 1 (poor) to 5 (excellent)."""

from __future__ import annotations

from typing import Final

RUBRIC: Final[tuple[tuple[str, str, str], ...]] = (
    ("voice", "On-brand voice", "Sounds like the brand: its tone, words and emoji policy."),
    ("accuracy", "Accuracy", "Every fact, price, date, link and promise is right and sourced."),
    ("empathy", "Empathy", "Acknowledges the person, owns the problem, gives a next step."),
    ("platform_fit", "Platform fit", "Length, format, hashtags and conventions of the network."),
    ("as_is", "Would post as-is", "5: post it unchanged; 1: rewrite it entirely."),
)
CRITERIA: Final[tuple[str, ...]] = tuple(key for key, _, _ in RUBRIC)
SCALE: Final[tuple[int, ...]] = (1, 2, 3, 4, 5)
CHOICES: Final[tuple[str, ...]] = ("a", "b", "tie")
"""A/B preferences, in terms of the two runs compared (never of what was shown left)."""
