"""Which formats work on each platform: a format's typical (median) engagement rate over
its platform's, so a reel on Instagram is compared with Instagram, not with LinkedIn."""

from __future__ import annotations

from collections import defaultdict

import msgspec

from knowledge.insights.rows import PostRow
from knowledge.insights.stats import MIN_CONFIDENT_POSTS, lift, median


class FormatRow(msgspec.Struct, frozen=True, kw_only=True):
    platform: str
    format: str
    posts: int
    median_engagement_rate: float
    lift: float | None
    """The format's median rate over the platform's median (1.0 = usual)."""
    low_confidence: bool
    """Fewer than MIN_CONFIDENT_POSTS posts: the figure may be luck."""


def platform_medians(rows: list[PostRow]) -> dict[str, float | None]:
    """Each platform's median engagement rate over its posts with impressions."""
    rates: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        if row.rate is not None:
            rates[row.platform].append(row.rate)
    return {platform: median(values) for platform, values in rates.items()}


def formats(rows: list[PostRow]) -> list[FormatRow]:
    """Per platform, best lift first; posts without a format or impressions are left out."""
    baselines = platform_medians(rows)
    groups: dict[tuple[str, str], list[float]] = defaultdict(list)
    for row in rows:
        if row.format and row.rate is not None:
            groups[(row.platform, row.format)].append(row.rate)
    found = []
    for (platform, name), rates in groups.items():
        typical = median(rates)
        assert typical is not None
        found.append(
            FormatRow(
                platform=platform,
                format=name,
                posts=len(rates),
                median_engagement_rate=round(typical, 6),
                lift=lift(typical, baselines.get(platform)),
                low_confidence=len(rates) < MIN_CONFIDENT_POSTS,
            )
        )
    return sorted(found, key=lambda f: (f.platform, -(f.lift or 0.0), f.format))
