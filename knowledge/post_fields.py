"""The analytics fields of a past post, read strictly from an export's text cells.

A figure that does not read ("12k", "n/a", "2025-13-01") is an error naming its column, not a
silent zero: insights sum these columns, and a total that quietly skipped a cell would be
wrong without anyone knowing. An empty cell is "not in this export" and stays absent.
"""

from __future__ import annotations

from datetime import date, datetime

COUNT_FIELDS = ("reach", "clicks", "saves", "video_views")
"""Optional counts a post export may carry besides likes, comments, shares and impressions."""


class BadValue(ValueError):
    """A cell that does not read as its field; the reader adds the file, row and column."""

    def __init__(self, field: str, value: str, expected: str) -> None:
        super().__init__(f"{value[:60]!r} is not {expected}")
        self.field = field
        self.value = value
        self.expected = expected


def read_count(field: str, value: str) -> int | None:
    """A whole, non-negative count ("1,204" and "1 204" read); None when the cell is empty."""
    text = value.replace(",", "").replace(" ", "").replace("\u202f", "").replace("\xa0", "")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise BadValue(field, value, "a count") from None
    if number < 0 or number != int(number):
        raise BadValue(field, value, "a whole count of 0 or more")
    return int(number)


def read_published_at(field: str, value: str) -> str:
    """ISO 8601: a date-time with its offset ("2025-03-04T18:30:00+01:00"), one without (read
    later in the brand's timezone), or a bare date. Returned normalised; "" when empty."""
    text = value.strip()
    if not text:
        return ""
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        raise BadValue(
            field, value, "an ISO 8601 date or date-time (2025-03-04T18:30:00+01:00)"
        ) from None


def read_format(value: str) -> str:
    """Free text, one spelling per format: "Reel", " REEL " and "reel" are one group."""
    return " ".join(value.split()).lower()
