"""Insights are computed from the brand's own rows: totals equal the export's column sums,
lifts rank known effects, best times are read on the brand's clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from knowledge.insights import InvalidInsightsQuery, PostRow, compute_insights
from knowledge.insights.rows import post_row
from knowledge.insights.times import best_times
from knowledge.insights.topics import topics

PARIS = ZoneInfo("Europe/Paris")


def row(n: int, platform: str = "instagram", **fields: object) -> PostRow:
    values: dict[str, object] = {"id": f"p{n}", "text": f"post {n}", "platform": platform}
    values.update(fields)
    return PostRow(**values)  # type: ignore[arg-type]


def test_totals_equal_the_sums_of_the_export_columns() -> None:
    rows = [
        row(
            1,
            "instagram",
            impressions=1000,
            reach=800,
            likes=50,
            comments=5,
            shares=2,
            saves=7,
            day=date(2025, 3, 3),
        ),
        row(
            2,
            "instagram",
            impressions=500,
            reach=450,
            likes=10,
            comments=1,
            shares=0,
            saves=1,
            day=date(2025, 3, 5),
        ),
        row(
            3,
            "linkedin",
            impressions=2000,
            likes=30,
            comments=4,
            shares=6,
            clicks=25,
            day=date(2025, 3, 6),
        ),
        row(4, "facebook", impressions=0, likes=3),  # undated, no impressions: still counted
    ]
    result = compute_insights("acme", rows)
    total = next(k for k in result.kpis if k.platform == "all")
    assert total.posts == 4
    assert total.impressions == 1000 + 500 + 2000 + 0
    assert total.reach == 800 + 450  # only the rows that have reach
    assert total.engagements == (50 + 5 + 2 + 7) + (10 + 1 + 0 + 1) + (30 + 4 + 6 + 25) + 3
    assert total.engagement_rate == round(total.engagements / total.impressions, 6)
    per_platform = {k.platform: k for k in result.kpis if k.platform != "all"}
    assert set(per_platform) == {"instagram", "linkedin", "facebook"}
    for field in ("posts", "impressions", "engagements"):
        assert sum(getattr(k, field) for k in per_platform.values()) == getattr(total, field)
    assert per_platform["linkedin"].reach is None
    assert per_platform["facebook"].engagement_rate is None


def test_previous_period_of_equal_length_and_the_change() -> None:
    rows = [
        row(1, impressions=100, likes=10, day=date(2025, 2, 25)),  # previous: Feb 22-28
        row(2, impressions=100, likes=10, day=date(2025, 2, 21)),  # before previous: out
        row(3, impressions=200, likes=30, day=date(2025, 3, 1)),  # current: Mar 1-7
        row(4, impressions=200, likes=30, day=date(2025, 3, 7)),
        row(5, impressions=999, likes=999, day=date(2025, 3, 8)),  # after: out
    ]
    result = compute_insights("acme", rows, start=date(2025, 3, 1), end=date(2025, 3, 7))
    assert result.previous_period is not None
    assert (result.previous_period.start, result.previous_period.end) == (
        date(2025, 2, 22),
        date(2025, 2, 28),
    )
    total = next(k for k in result.kpis if k.platform == "all")
    assert (total.posts, total.impressions, total.engagements) == (2, 400, 60)
    assert (total.previous.posts, total.previous.impressions) == (1, 100)
    assert total.change.posts == 1.0
    assert total.change.impressions == 3.0
    assert total.change.engagements == 5.0
    assert total.change.engagement_rate == pytest.approx((0.15 - 0.1) / 0.1, abs=1e-4)


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidInsightsQuery, match="swap --from and --to"):
        compute_insights("acme", [row(1)], start=date(2025, 3, 8), end=date(2025, 3, 1))


def test_an_unknown_platform_is_refused_with_the_brand_platforms() -> None:
    with pytest.raises(InvalidInsightsQuery, match="its platforms: instagram"):
        compute_insights("acme", [row(1)], platform="myspace")


def test_format_lift_ranks_the_known_effect_best_first() -> None:
    rows = []
    n = 0
    for fmt, rate_per_mille, count in (("reel", 80, 6), ("photo", 40, 6), ("carousel", 60, 2)):
        for _ in range(count):
            n += 1
            rows.append(row(n, impressions=1000, likes=rate_per_mille, format=fmt))
    rows.append(row(99, "linkedin", impressions=1000, likes=5, format="reel"))
    result = compute_insights("acme", rows)
    instagram = [f for f in result.formats if f.platform == "instagram"]
    assert [f.format for f in instagram] == ["reel", "carousel", "photo"]
    baseline = 0.06  # median of 6×0.08, 2×0.06, 6×0.04
    assert instagram[0].lift == round(0.08 / baseline, 4)
    assert instagram[2].lift == round(0.04 / baseline, 4)
    assert [f.low_confidence for f in instagram] == [False, True, False]
    linkedin = next(f for f in result.formats if f.platform == "linkedin")
    assert linkedin.lift == 1.0  # compared with its own platform only


def test_best_time_is_read_in_the_brand_timezone() -> None:
    # 17:30 UTC on a Monday in winter is 18:30 in Paris; in summer, 19:30.
    winter = [
        post_row(
            f"w{i}",
            "t",
            {
                "platform": "instagram",
                "impressions": 100,
                "likes": 9,
                "published_at": f"2025-01-{6 + 7 * i:02d}T17:30:00+00:00",
            },
            PARIS,
        )
        for i in range(3)
    ]
    summer = [
        post_row(
            f"s{i}",
            "t",
            {
                "platform": "instagram",
                "impressions": 100,
                "likes": 1,
                "published_at": f"2025-07-{7 + 7 * i:02d}T17:30:00Z",
            },
            PARIS,
        )
        for i in range(3)
    ]
    slots = best_times(winter + summer)
    assert [(s.weekday, s.hour) for s in slots] == [("monday", 18), ("monday", 19)]
    assert slots[0].lift == round(0.09 / 0.05, 4)
    assert slots[0].posts == 3


def test_a_time_without_offset_is_local_and_a_bare_date_has_no_slot() -> None:
    local = post_row("a", "t", {"published_at": "2025-01-06T08:15:00"}, PARIS)
    assert local.at == datetime(2025, 1, 6, 8, 15, tzinfo=PARIS)
    bare = post_row("b", "t", {"date": "2025-01-06"}, PARIS)
    assert (bare.day, bare.at) == (date(2025, 1, 6), None)


def test_a_slot_needs_enough_posts_to_be_ranked() -> None:
    start = datetime(2025, 1, 6, 9, tzinfo=PARIS)  # a Monday
    rows = [row(i, impressions=100, likes=5, at=start + timedelta(weeks=i)) for i in range(3)]
    rows += [
        row(10 + i, impressions=100, likes=50, at=start + timedelta(days=1, weeks=i))
        for i in range(2)
    ]  # two great Tuesday posts: not enough to rank
    assert [(s.weekday, s.hour) for s in best_times(rows)] == [("monday", 9)]
    assert [(s.weekday, s.posts) for s in best_times(rows, min_posts=2)] == [
        ("tuesday", 2),
        ("monday", 3),
    ]


def test_topics_group_posts_by_their_vectors_with_lift_and_two_examples() -> None:
    coffee = [
        row(
            i,
            text=f"espresso roast beans {i}",
            impressions=100,
            likes=10,
            vector=[1.0, 0.05 * i, 0.0],
        )
        for i in range(4)
    ]
    events = [
        row(
            10 + i,
            text=f"workshop cupping event {i}",
            impressions=100,
            likes=2,
            vector=[0.0, 0.05 * i, 1.0],
        )
        for i in range(4)
    ]
    found = topics(coffee + events)
    assert len(found) == 2
    best, worst = found
    assert best.posts == 4 and best.lift is not None and worst.lift is not None
    assert best.lift > worst.lift
    assert all(e.text.startswith("espresso") for e in best.examples)
    assert len(best.examples) == 2
    assert "espresso" in best.label
