"""Agreement and interval math against published values."""

from __future__ import annotations

import math

import pytest

from eval.agreement import (
    cohen_kappa,
    interpret,
    krippendorff_alpha,
    pairwise_kappa,
    rating_units,
)
from eval.stats import bootstrap_mean, wilson

N = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the 4-observer,
# 12-unit example with missing values: alpha is 0.743 nominal, 0.815 ordinal, 0.849 interval.
OBSERVERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]
UNITS = [list(unit) for unit in zip(*OBSERVERS, strict=True)]


@pytest.mark.parametrize(
    ("level", "expected"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)]
)
def test_krippendorff_alpha_matches_the_published_example(level: str, expected: float) -> None:
    assert krippendorff_alpha(UNITS, level) == pytest.approx(expected, abs=0.0005)  # type: ignore[arg-type]


def test_krippendorff_alpha_edge_cases() -> None:
    assert krippendorff_alpha([[3, 3], [4, 4], [1, 1]]) == pytest.approx(1.0)
    assert math.isnan(krippendorff_alpha([[3, 3], [3, 3]]))  # no variation: undefined
    assert math.isnan(krippendorff_alpha([[1, N], [2, N]]))  # nothing pairable
    # Systematic disagreement is worse than chance.
    assert krippendorff_alpha([[1, 5], [5, 1], [1, 5], [5, 1]]) < 0


def test_cohen_kappa_matches_the_textbook_example() -> None:
    # 50 items: both yes 20, yes/no 5, no/yes 10, both no 15 -> p_o 0.7, p_e 0.5, kappa 0.4.
    first = ["y"] * 25 + ["n"] * 25
    second = ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15
    assert cohen_kappa(first, second) == pytest.approx(0.4)


def test_weighted_kappa_by_hand() -> None:
    # Scores 1-3 on four items; quadratic weights w = ((i-j)/2)^2.
    first, second = [1, 2, 3, 3], [1, 3, 3, 2]
    # observed: (1,1) (2,3) (3,3) (3,2) -> mean cost (0 + .25 + 0 + .25)/4 = 0.125
    # marginals: first {1:.25, 2:.25, 3:.5}, second {1:.25, 2:.25, 3:.5}
    chance = sum(
        p * q * ((i - j) / 2) ** 2
        for i, p in enumerate((0.25, 0.25, 0.5))
        for j, q in enumerate((0.25, 0.25, 0.5))
    )
    expected = 1 - 0.125 / chance
    assert cohen_kappa(first, second, "quadratic", [1, 2, 3]) == pytest.approx(expected)
    # With two categories, weighting changes nothing.
    a, b = [1, 1, 2, 2, 1], [1, 2, 2, 2, 1]
    assert cohen_kappa(a, b, "quadratic") == pytest.approx(cohen_kappa(a, b))
    # A near miss costs less with weights than without.
    near = cohen_kappa([1, 2, 3, 4, 5], [2, 2, 3, 4, 4], "quadratic", [1, 2, 3, 4, 5])
    assert near > cohen_kappa([1, 2, 3, 4, 5], [2, 2, 3, 4, 4], None, [1, 2, 3, 4, 5])


def test_pairwise_kappa_uses_items_both_scored() -> None:
    ratings = {"ana": {1: 5, 2: 4, 3: 2}, "bo": {1: 5, 2: 4, 3: 2, 4: 1}, "cy": {9: 3}}
    pairs = {(a, b): (n, k) for a, b, n, k in pairwise_kappa(ratings)}
    assert pairs[("ana", "bo")][0] == 3 and pairs[("ana", "bo")][1] == pytest.approx(1.0)
    assert pairs[("ana", "cy")][0] == 0 and math.isnan(pairs[("ana", "cy")][1])
    assert rating_units({"a": {1: 2}, "b": {2: 3}}) == [[2, None], [None, 3]]


def test_wilson_interval_known_values() -> None:
    low, high = wilson(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-4) and high == pytest.approx(0.9433, abs=1e-4)
    assert wilson(0, 10)[0] == 0.0 and wilson(0, 10)[1] == pytest.approx(0.2775, abs=1e-4)
    assert wilson(0, 0) == (0.0, 1.0)


def test_bootstrap_mean_is_reproducible_and_brackets_the_mean() -> None:
    values = [1.0, 2, 3, 4, 5, 4, 4, 3]
    low, high = bootstrap_mean(values)
    assert low < sum(values) / len(values) < high
    assert (low, high) == bootstrap_mean(values)
    assert bootstrap_mean([4.0]) == (4.0, 4.0)


def test_interpretation_words() -> None:
    assert interpret(0.85) == "almost perfect"
    assert interpret(0.5) == "moderate"
    assert interpret(-0.1).startswith("poor")
    assert interpret(math.nan) == "undefined"
