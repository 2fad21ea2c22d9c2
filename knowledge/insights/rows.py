"""A past post as analytics reads it: its figures, its local publish time, its vector.

Engagements are likes + comments + shares + clicks + saves, whichever the export has (an
absent column adds nothing), unweighted: the figure a manager can check against the export's
own columns. Drafting's `engagement_rate` metadata weighs comments and shares for exemplar
choice; that is a ranking, not a KPI, and insights never read it.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import msgspec

from knowledge.chunking import Metadata

ENGAGEMENT_COLUMNS = ("likes", "comments", "shares", "clicks", "saves")


class PostRow(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    text: str
    platform: str
    day: date | None = None
    """The local publish date, in the brand's timezone; None when the export had none."""
    at: datetime | None = None
    """The local publish time, when the export gave one (a bare date has no hour)."""
    format: str = ""
    impressions: int = 0
    reach: int | None = None
    video_views: int | None = None
    likes: int = 0
    comments: int = 0
    shares: int = 0
    clicks: int | None = None
    saves: int | None = None
    vector: list[float] | None = None

    @property
    def engagements(self) -> int:
        return sum(getattr(self, name) or 0 for name in ENGAGEMENT_COLUMNS)

    @property
    def rate(self) -> float | None:
        """Engagements per impression; None without impressions (no rate, not a zero one)."""
        return self.engagements / self.impressions if self.impressions else None


def local_time(stamp: str, zone: ZoneInfo) -> tuple[date | None, datetime | None]:
    """An ISO stamp as the brand's local date and, when it has a time, local date-time. A
    time without an offset is taken as already local."""
    if not stamp:
        return None, None
    if len(stamp) == 10:
        try:
            return date.fromisoformat(stamp), None
        except ValueError:
            return None, None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None, None
    moment = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
    return moment.date(), moment


def post_row(
    chunk_id: str, text: str, meta: Metadata, zone: ZoneInfo, vector: list[float] | None = None
) -> PostRow:
    """A row from an indexed post's metadata (`published_at`, else the legacy `date`)."""
    day, at = local_time(str(meta.get("published_at") or meta.get("date") or ""), zone)

    def count(name: str) -> int | None:
        value = meta.get(name)
        return int(value) if isinstance(value, int | float) else None

    return PostRow(
        id=chunk_id,
        text=text,
        platform=str(meta.get("platform", "")).lower() or "unknown",
        day=day,
        at=at,
        format=str(meta.get("format", "")),
        impressions=count("impressions") or 0,
        reach=count("reach"),
        video_views=count("video_views"),
        likes=count("likes") or 0,
        comments=count("comments") or 0,
        shares=count("shares") or 0,
        clicks=count("clicks"),
        saves=count("saves"),
        vector=vector,
    )
