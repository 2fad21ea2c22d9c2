"""Confidence intervals for the small samples an eval has: Wilson for proportions (pass rates,
win rates), a seeded percentile bootstrap for means (rubric scores)."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

Z95 = 1.959963984540054


def wilson(successes: float, total: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a proportion; (0, 1) when there is no observation. Unlike the
    normal approximation it stays within [0, 1] and is honest at 0/n and n/n."""
    if total <= 0:
        return 0.0, 1.0
    p = successes / total
    z2 = z * z
    centre = (p + z2 / (2 * total)) / (1 + z2 / total)
    half = z * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total)) / (1 + z2 / total)
    return max(0.0, centre - half), min(1.0, centre + half)


def bootstrap_mean(
    values: Sequence[float], resamples: int = 2000, level: float = 0.95, seed: int = 7
) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean; seeded, so a report is reproducible."""
    if not values:
        return math.nan, math.nan
    if len(values) == 1:
        return float(values[0]), float(values[0])
    rng = random.Random(seed)
    n = len(values)
    means = sorted(sum(rng.choices(values, k=n)) / n for _ in range(resamples))
    tail = (1 - level) / 2
    low = means[math.floor(tail * (resamples - 1))]
    high = means[math.ceil((1 - tail) * (resamples - 1))]
    return low, high
