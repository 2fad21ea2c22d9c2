"""Medians and lifts: the two figures every ranking of insights is made of.

A median, not a mean: one viral post would otherwise make its whole format or slot look
good. A lift is a group's median over its platform's, so 1.3 reads "30% above usual"
whatever the platform's own level.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable

MIN_CONFIDENT_POSTS = 5
"""Fewer posts than this in a group: its figure is shown, marked low confidence."""


def median(values: Iterable[float]) -> float | None:
    values = list(values)
    return statistics.median(values) if values else None


def lift(group: float | None, baseline: float | None) -> float | None:
    """`group` over `baseline`; None when either is unknown or the baseline is zero."""
    if group is None or not baseline:
        return None
    return round(group / baseline, 4)


def change(current: float | None, previous: float | None) -> float | None:
    """Relative change (0.25 = +25%); None when there is nothing to compare with."""
    if current is None or not previous:
        return None
    return round((current - previous) / previous, 4)
