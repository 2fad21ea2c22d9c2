"""What the posts talk about, and which subjects perform: k-means over the vectors the index
already holds (no model call), each group with its lift and the two posts nearest its centre.

A post's rate is first divided by its platform's median, so a topic posted mostly on a
high-rate network does not look good for that reason alone.
"""

from __future__ import annotations

import re
from collections import Counter

import msgspec
import numpy as np

from knowledge.insights.formats import platform_medians
from knowledge.insights.rows import PostRow
from knowledge.insights.stats import MIN_CONFIDENT_POSTS, median

MAX_TOPICS = 8
ITERATIONS = 50
WORD = re.compile(r"[^\W\d_]{5,}", re.UNICODE)


class TopicExample(msgspec.Struct, frozen=True, kw_only=True):
    platform: str
    text: str
    engagement_rate: float | None


class Topic(msgspec.Struct, frozen=True, kw_only=True):
    label: str
    """The words most particular to the group's posts: a hint, not a title."""
    posts: int
    lift: float | None
    """Median of each post's rate over its platform's median (1.0 = usual)."""
    low_confidence: bool
    examples: list[TopicExample]


def topics(rows: list[PostRow], max_topics: int = MAX_TOPICS) -> list[Topic]:
    """Best lift first; rows without a vector are left out."""
    with_vectors = [r for r in rows if r.vector]
    if len(with_vectors) < 2:
        return []
    vectors = np.asarray([r.vector for r in with_vectors], dtype=np.float64)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True).clip(min=1e-12)
    k = min(max_topics, max(2, round((len(with_vectors) / 2) ** 0.5)), len(with_vectors))
    labels, centres = kmeans(vectors, k)
    baselines = platform_medians(rows)
    everywhere = Counter(w for r in with_vectors for w in set(_words(r.text)))
    found = []
    for group in range(k):
        members = np.flatnonzero(labels == group)
        if not len(members):
            continue
        posts = [with_vectors[i] for i in members]
        relative = [
            r.rate / base
            for r in posts
            if r.rate is not None and (base := baselines.get(r.platform))
        ]
        nearest = members[np.argsort(-(vectors[members] @ centres[group]))[:2]]
        typical = median(relative)
        found.append(
            Topic(
                label=_label(posts, everywhere, len(with_vectors)),
                posts=len(posts),
                lift=round(typical, 4) if typical is not None else None,
                low_confidence=len(posts) < MIN_CONFIDENT_POSTS,
                examples=[
                    TopicExample(
                        platform=with_vectors[i].platform,
                        text=with_vectors[i].text,
                        engagement_rate=_rounded(with_vectors[i].rate),
                    )
                    for i in nearest
                ],
            )
        )
    return sorted(found, key=lambda t: (-(t.lift or 0.0), -t.posts, t.label))


def kmeans(vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Cosine k-means, seeded by farthest-point picks from the first vector: deterministic,
    so the same posts always give the same topics."""
    centres = [vectors[0]]
    for _ in range(1, k):
        similarity = np.max(vectors @ np.asarray(centres).T, axis=1)
        centres.append(vectors[int(np.argmin(similarity))])
    centre = np.asarray(centres)
    labels = np.zeros(len(vectors), dtype=int)
    for _ in range(ITERATIONS):
        new = np.argmax(vectors @ centre.T, axis=1)
        if _ and np.array_equal(new, labels):
            break
        labels = new
        for group in range(k):
            members = vectors[labels == group]
            if len(members):
                mean = members.mean(axis=0)
                centre[group] = mean / max(float(np.linalg.norm(mean)), 1e-12)
    return labels, centre


def _words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def _label(posts: list[PostRow], everywhere: Counter[str], total: int) -> str:
    """Three words common in the group and rarer elsewhere (count in group × rarity)."""
    here = Counter(w for r in posts for w in set(_words(r.text)))
    scored = sorted(
        (w for w, n in here.items() if n >= 2 or len(posts) == 1),
        key=lambda w: (-here[w] * np.log(total / everywhere[w] + 1.0), w),
    )
    return ", ".join(scored[:3]) or "(misc)"


def _rounded(rate: float | None) -> float | None:
    return round(rate, 6) if rate is not None else None
