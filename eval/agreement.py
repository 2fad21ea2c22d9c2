"""Inter-reviewer agreement: how far reviewers' rubric scores can be trusted.

Cohen's kappa for two reviewers (unweighted, or weighted for ordinal 1-5 scores) and
Krippendorff's alpha for any number of reviewers with missing scores (nominal, ordinal or
interval). Both are 1 for perfect agreement and 0 for agreement no better than chance.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from itertools import combinations
from typing import Literal, TypeVar

Weights = Literal["linear", "quadratic"] | None
Level = Literal["nominal", "ordinal", "interval"]
Item = TypeVar("Item", bound=Hashable)


def cohen_kappa(
    first: Sequence[Hashable],
    second: Sequence[Hashable],
    weights: Weights = None,
    categories: Sequence[Hashable] | None = None,
) -> float:
    """Cohen's kappa of two raters over the same items (NaN when undefined: no item, or
    both raters always gave one and the same category). `weights` needs ordered categories
    (numbers, or `categories` in order): disagreements then cost by their distance."""
    if len(first) != len(second):
        raise ValueError("both raters must rate the same items")
    if not first:
        return math.nan
    labels = list(categories) if categories is not None else sorted(set(first) | set(second))  # type: ignore[type-var]
    index = {label: i for i, label in enumerate(labels)}
    size, n = len(labels), len(first)
    observed = [[0.0] * size for _ in range(size)]
    for a, b in zip(first, second, strict=True):
        observed[index[a]][index[b]] += 1 / n
    rows = [sum(row) for row in observed]
    cols = [sum(observed[i][j] for i in range(size)) for j in range(size)]

    def cost(i: int, j: int) -> float:
        if weights is None:
            return 0.0 if i == j else 1.0
        distance = abs(i - j) / max(1, size - 1)
        return distance if weights == "linear" else distance**2

    seen = sum(cost(i, j) * observed[i][j] for i in range(size) for j in range(size))
    chance = sum(cost(i, j) * rows[i] * cols[j] for i in range(size) for j in range(size))
    if chance == 0:
        return math.nan
    return 1 - seen / chance


def _coincidences(units: Sequence[Sequence[float]]) -> dict[tuple[float, float], float]:
    matrix: dict[tuple[float, float], float] = {}
    for values in units:
        m = len(values)
        if m < 2:
            continue  # a unit scored once says nothing about agreement
        for i, j in ((i, j) for i in range(m) for j in range(m) if i != j):
            key = (values[i], values[j])
            matrix[key] = matrix.get(key, 0.0) + 1 / (m - 1)
    return matrix


def krippendorff_alpha(units: Sequence[Sequence[float | None]], level: Level = "interval") -> float:
    """Krippendorff's alpha over `units`, each the values its raters gave (None: not rated).

    Computed from the coincidence matrix (Krippendorff 2011, "Computing Krippendorff's
    Alpha-Reliability"); NaN when fewer than two pairable values or no variation at all.
    """
    pairable = [[v for v in unit if v is not None] for unit in units]
    matrix = _coincidences(pairable)
    totals: Counter[float] = Counter()
    for (c, _), weight in matrix.items():
        totals[c] += weight  # type: ignore[assignment]
    n = sum(totals.values())
    if n <= 1:
        return math.nan
    values = sorted(totals)
    position = {v: i for i, v in enumerate(values)}

    def delta(c: float, k: float) -> float:
        if level == "nominal":
            return 0.0 if c == k else 1.0
        if level == "interval":
            return (c - k) ** 2
        low, high = sorted((position[c], position[k]))
        between = sum(totals[values[g]] for g in range(low, high + 1))
        return (between - (totals[c] + totals[k]) / 2) ** 2

    observed = sum(weight * delta(c, k) for (c, k), weight in matrix.items()) / n
    expected = sum(totals[c] * totals[k] * delta(c, k) for c in values for k in values) / (
        n * (n - 1)
    )
    if expected == 0:
        return math.nan
    return 1 - observed / expected


def rating_units(ratings: Mapping[str, Mapping[Item, float]]) -> list[list[float | None]]:
    """Reviewer -> item -> score, as one list of scores per item (None where not scored)."""
    reviewers = sorted(ratings)
    items = sorted({item for scores in ratings.values() for item in scores}, key=str)
    return [[ratings[r].get(item) for r in reviewers] for item in items]


def pairwise_kappa(
    ratings: Mapping[str, Mapping[Item, float]],
    weights: Weights = "quadratic",
    categories: Sequence[Hashable] = (1, 2, 3, 4, 5),
) -> list[tuple[str, str, int, float]]:
    """(reviewer, reviewer, items both scored, kappa) for each pair of reviewers."""
    found: list[tuple[str, str, int, float]] = []
    for one, two in combinations(sorted(ratings), 2):
        shared = sorted(set(ratings[one]) & set(ratings[two]), key=str)
        kappa = cohen_kappa(
            [ratings[one][i] for i in shared],
            [ratings[two][i] for i in shared],
            weights,
            categories,
        )
        found.append((one, two, len(shared), kappa))
    return found


def interpret(value: float) -> str:
    """Landis and Koch's words for a kappa or alpha, for readers of a report."""
    if math.isnan(value):
        return "undefined"
    for threshold, word in (
        (0.8, "almost perfect"),
        (0.6, "substantial"),
        (0.4, "moderate"),
        (0.2, "fair"),
        (0.0, "slight"),
    ):
        if value > threshold:
            return word
    return "poor (chance or worse)"
