"""When to post: each weekday-and-hour slot's median engagement rate over its platform's,
on the brand's own clock (the timezone in brand.toml's [calendar])."""

from __future__ import annotations

from collections import defaultdict

import msgspec

from knowledge.insights.formats import platform_medians
from knowledge.insights.rows import PostRow
from knowledge.insights.stats import lift, median

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MIN_SLOT_POSTS = 3
"""A slot with fewer posts is not ranked: one lucky post is not a best time."""


class TimeSlot(msgspec.Struct, frozen=True, kw_only=True):
    platform: str
    weekday: str
    """English, lowercase: "monday" … "sunday", in the brand's timezone."""
    hour: int
    """0–23, in the brand's timezone."""
    posts: int
    median_engagement_rate: float
    lift: float | None


def best_times(rows: list[PostRow], min_posts: int = MIN_SLOT_POSTS) -> list[TimeSlot]:
    """Per platform, best lift first, slots of at least `min_posts` posts with a time."""
    baselines = platform_medians(rows)
    slots: dict[tuple[str, int, int], list[float]] = defaultdict(list)
    for row in rows:
        if row.at is not None and row.rate is not None:
            slots[(row.platform, row.at.weekday(), row.at.hour)].append(row.rate)
    found = []
    for (platform, weekday, hour), rates in slots.items():
        if len(rates) < min_posts:
            continue
        typical = median(rates)
        assert typical is not None
        found.append(
            TimeSlot(
                platform=platform,
                weekday=WEEKDAYS[weekday],
                hour=hour,
                posts=len(rates),
                median_engagement_rate=round(typical, 6),
                lift=lift(typical, baselines.get(platform)),
            )
        )
    return sorted(
        found,
        key=lambda s: (s.platform, -(s.lift or 0.0), WEEKDAYS.index(s.weekday), s.hour),
    )
