"""All insights of one brand for one period: the one entry point the CLI and the API call."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import msgspec

from knowledge.index import KnowledgeIndex
from knowledge.insights.formats import FormatRow, formats
from knowledge.insights.kpis import KpiRow, kpis
from knowledge.insights.period import InvalidInsightsQuery, Period, resolve
from knowledge.insights.rows import PostRow, post_row
from knowledge.insights.times import TimeSlot, best_times
from knowledge.insights.topics import Topic, topics


class Insights(msgspec.Struct, frozen=True, kw_only=True):
    brand: str
    timezone: str
    platform: str | None
    period: Period | None
    """None when no date bounds the posts (no --from/--to and no dated post)."""
    previous_period: Period | None
    kpis: list[KpiRow]
    formats: list[FormatRow]
    best_times: list[TimeSlot]
    topics: list[Topic]


def compute_insights(
    brand: str,
    rows: list[PostRow],
    timezone: str = "UTC",
    start: date | None = None,
    end: date | None = None,
    platform: str | None = None,
) -> Insights:
    """Pure: figures from `rows` alone. With neither `start` nor `end`, every row counts (an
    undated one too), so the totals are the export's column sums."""
    if platform is not None:
        platform = platform.strip().lower()
        known = sorted({r.platform for r in rows})
        if platform not in known:
            raise InvalidInsightsQuery(
                f"No post of brand {brand!r} is on {platform!r}; its platforms: "
                f"{', '.join(known) or 'none (sync its posts/ folder)'}."
            )
        rows = [r for r in rows if r.platform == platform]
    period = resolve(rows, start, end)
    previous = period.previous() if period else None
    unbounded = start is None and end is None
    current = rows if unbounded or period is None else [r for r in rows if period.holds(r)]
    before = [r for r in rows if previous.holds(r)] if previous else []
    return Insights(
        brand=brand,
        timezone=timezone,
        platform=platform,
        period=period,
        previous_period=previous,
        kpis=kpis(current, before),
        formats=formats(current),
        best_times=best_times(current),
        topics=topics(current),
    )


def indexed_rows(index: KnowledgeIndex, brand: str, timezone: str) -> list[PostRow]:
    """The brand's synced posts with their vectors, read from the index (no model runs)."""
    zone = ZoneInfo(timezone)
    return [
        post_row(c.id, c.document, c.metadata, zone, c.embedding) for c in index.get(brand, "post")
    ]
