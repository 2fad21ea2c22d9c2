"""Posts are new writing, not a past post served again: no long verbatim run shared with one
of the brand's past posts, and (with the embedder) no near-identical meaning in other words."""

from __future__ import annotations

import re

import numpy as np

from eval.checks.base import CheckContext, PastPost, label, result
from eval.store import CheckResult, DraftOut
from knowledge.text import fold
from server.guardrails.marks import HASHTAG

FAMILY = "duplication"
RUN_WORDS = 8
"""A shared run this long is copying, not a shared fact ("27 rue de Gerland" is 4 words)."""
SIMILAR_MAX = 0.93
"""Cosine similarity above which two posts say the same thing (MiniLM, measured on the demo
posts: distinct posts about the same product score 0.6-0.85)."""


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(HASHTAG.sub(" ", text)))


def _runs(words: list[str], size: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def copied(text: str, past: PastPost, given: str = "") -> bool:
    """Whether `text` repeats a long run of `past`, runs the input asked for aside (a brief
    that quotes the product's description)."""
    words = _words(text)
    if len(words) < RUN_WORDS:
        return bool(words) and words == _words(past.text)
    shared = _runs(words, RUN_WORDS) & _runs(_words(past.text), RUN_WORDS)
    return bool(shared - _runs(_words(given), RUN_WORDS))


def _nearest(ctx: CheckContext, drafts: list[DraftOut]) -> list[tuple[float, PastPost]]:
    if ctx.embedder is None or not ctx.past_posts:
        return []
    vectors = np.asarray(ctx.embedder.embed([d.text for d in drafts]))
    known = [p.vector for p in ctx.past_posts]
    if all(v is not None for v in known):
        past = np.asarray(known, dtype=np.float32)
    else:
        past = np.asarray(ctx.embedder.embed([p.text for p in ctx.past_posts]))
    sims = vectors @ past.T
    return [(float(row.max()), ctx.past_posts[int(row.argmax())]) for row in np.atleast_2d(sims)]


def check(ctx: CheckContext) -> list[CheckResult]:
    if ctx.scenario.task == "reply" or not ctx.drafts or not ctx.past_posts:
        return []
    problems: list[str] = []
    # the brief's words and the brand's FAQ answers are the post's to repeat: a composed post
    # quotes the FAQ sentence a past post quoted too, and that is a shared fact, not a copy
    facts = [s.text for s in ctx.output.sources if s.kind == "faq"]
    given = "\n".join([ctx.input_text, *facts])
    nearest = _nearest(ctx, ctx.drafts)
    for position, draft in enumerate(ctx.drafts):
        name = label(draft, ctx.drafts)
        twins = [p for p in ctx.past_posts if copied(draft.text, p, given)]
        if twins:
            problems.append(f"{name} copies {RUN_WORDS}+ words of {twins[0].source}")
        elif nearest and nearest[position][0] >= SIMILAR_MAX:
            similarity, past = nearest[position]
            problems.append(f"{name} says what {past.source} said ({similarity:.2f})")
    if problems:
        return [result("duplication", FAMILY, False, "; ".join(problems))]
    closest = max((s for s, _ in nearest), default=None)
    detail = f"nearest past post {closest:.2f}" if closest is not None else "no shared run"
    return [result("duplication", FAMILY, True, detail)]
