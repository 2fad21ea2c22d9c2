"""The period insights cover and the one before it, of equal length."""

from __future__ import annotations

from datetime import date, timedelta

import msgspec

from knowledge.errors import KnowledgeError
from knowledge.insights.rows import PostRow


class InvalidInsightsQuery(KnowledgeError):
    """A period or platform that cannot be answered (`--from` after `--to`, …)."""


class Period(msgspec.Struct, frozen=True):
    start: date
    end: date
    """Inclusive: a period of one day has start == end."""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The same number of days, ending the day before this one starts."""
        end = self.start - timedelta(days=1)
        return Period(start=end - timedelta(days=self.days - 1), end=end)

    def holds(self, row: PostRow) -> bool:
        return row.day is not None and self.start <= row.day <= self.end


def resolve(rows: list[PostRow], start: date | None, end: date | None) -> Period | None:
    """The asked period; an open side extends to the brand's first or last dated post. None
    when nothing bounds it (no dates asked, no dated post): every row then counts."""
    if start and end and start > end:
        raise InvalidInsightsQuery(
            f"The period starts ({start}) after it ends ({end}): swap --from and --to."
        )
    days = [r.day for r in rows if r.day is not None]
    if start is None and end is None and not days:
        return None
    first = start or (min(days) if days else end)
    last = end or (max(days) if days else start)
    assert first is not None and last is not None
    if first > last:  # e.g. --from after the last post: an empty period, not an error
        last = first
    return Period(start=first, end=last)
