"""Key figures per platform and in total, against the previous period of equal length.

The engagement rate is engagements over impressions: every export has impressions, per
post, and they count what the post was shown, which is what it is judged on. Reach
(unique people) is missing from many exports and cannot be summed across posts (one person
reached twice counts once per post); followers measure the account, not the post, and
change over the period.
"""

from __future__ import annotations

import msgspec

from knowledge.insights.rows import PostRow
from knowledge.insights.stats import change

ALL = "all"


class Figures(msgspec.Struct, frozen=True, kw_only=True):
    posts: int
    impressions: int
    reach: int | None
    """Sum of the export's reach column; None when no post in the group has one."""
    engagements: int
    engagement_rate: float | None
    """engagements / impressions, over the group (not a mean of per-post rates)."""


class Change(msgspec.Struct, frozen=True, kw_only=True):
    """Relative change against the previous period (0.25 = +25%); None without a base."""

    posts: float | None
    impressions: float | None
    reach: float | None
    engagements: float | None
    engagement_rate: float | None


class KpiRow(msgspec.Struct, frozen=True, kw_only=True):
    platform: str
    """A network, or "all" for the total row."""
    posts: int
    impressions: int
    reach: int | None
    engagements: int
    engagement_rate: float | None
    previous: Figures
    change: Change


def figures(rows: list[PostRow]) -> Figures:
    impressions = sum(r.impressions for r in rows)
    engagements = sum(r.engagements for r in rows)
    reaches = [r.reach for r in rows if r.reach is not None]
    return Figures(
        posts=len(rows),
        impressions=impressions,
        reach=sum(reaches) if reaches else None,
        engagements=engagements,
        engagement_rate=round(engagements / impressions, 6) if impressions else None,
    )


def kpis(current: list[PostRow], previous: list[PostRow]) -> list[KpiRow]:
    """One row per platform of either period, by platform name, then the "all" row."""
    platforms = sorted({r.platform for r in current} | {r.platform for r in previous})
    groups = [
        (p, [r for r in current if r.platform == p], [r for r in previous if r.platform == p])
        for p in platforms
    ]
    groups.append((ALL, current, previous))
    return [_row(platform, now, before) for platform, now, before in groups]


def _row(platform: str, current: list[PostRow], previous: list[PostRow]) -> KpiRow:
    now, before = figures(current), figures(previous)
    return KpiRow(
        platform=platform,
        **msgspec.structs.asdict(now),
        previous=before,
        change=Change(
            **{
                name: change(getattr(now, name), getattr(before, name))
                for name in Change.__struct_fields__
            }
        ),
    )
