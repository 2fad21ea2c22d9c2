"""The brand profile's own rules: words it avoids, its hashtag and emoji policies."""

from __future__ import annotations

import re

from eval.checks.base import CheckContext, label, result
from eval.store import CheckResult
from knowledge.text import fold
from server.drafting.errors import UnknownPlatform
from server.guardrails.marks import EMOJI, HASHTAG
from server.guardrails.style import avoid_terms, term_pattern
from server.platforms.rules import get_platform

FAMILY = "brand"


def avoided_words(ctx: CheckContext) -> list[CheckResult]:
    terms = avoid_terms(ctx.profile.words.avoid)
    found: list[str] = []
    for draft in ctx.drafts:
        for term in terms:
            if re.search(term_pattern(term), draft.text, re.IGNORECASE):
                found.append(f"{label(draft, ctx.drafts)}: “{term}”")
    detail = "; ".join(found) if found else f"none of the {len(terms)} avoided terms"
    return [result("avoid_words", FAMILY, not found, detail)]


def hashtag_limit(ctx: CheckContext, platform: str) -> int:
    """Replies carry none; posts the lower of the brand's and the platform's limits."""
    if ctx.scenario.task == "reply":
        return 0
    try:
        spec_max = get_platform(platform).max_hashtags
    except UnknownPlatform:
        spec_max = ctx.profile.hashtags.max
    return max(0, min(ctx.profile.hashtags.max, spec_max))


def hashtags(ctx: CheckContext) -> list[CheckResult]:
    banned = {fold(tag.lstrip("#")) for tag in ctx.profile.hashtags.banned}
    problems: list[str] = []
    seen: list[str] = []
    for draft in ctx.drafts:
        tags = HASHTAG.findall(draft.text)
        limit = hashtag_limit(ctx, draft.platform)
        name = label(draft, ctx.drafts)
        seen.append(f"{name} {len(tags)}/{limit}")
        if len(tags) > limit:
            problems.append(f"{name}: {len(tags)} hashtags, at most {limit}")
        bad = [tag for tag in tags if fold(tag[1:]) in banned]
        if bad:
            problems.append(f"{name}: banned {' '.join(bad)}")
    detail = "; ".join(problems) if problems else "; ".join(seen)
    return [result("hashtags", FAMILY, not problems, detail)]


def _key(emoji: str) -> str:
    return emoji.replace("\ufe0f", "")


def emoji(ctx: CheckContext) -> list[CheckResult]:
    policy = ctx.profile.emoji
    if policy.policy == "freely":
        return []
    limit = 0 if policy.policy == "none" else policy.max_per_post
    allowed = {_key(e) for e in policy.allowed}
    problems: list[str] = []
    for draft in ctx.drafts:
        found = [m.group() for m in EMOJI.finditer(draft.text)]
        name = label(draft, ctx.drafts)
        if len(found) > limit:
            problems.append(f"{name}: {len(found)} emoji, at most {limit}")
        other = [e for e in found if allowed and _key(e) not in allowed]
        if other:
            problems.append(f"{name}: {' '.join(other)} not in the brand's set")
    detail = "; ".join(problems) if problems else f"{policy.policy}, at most {limit}"
    return [result("emoji", FAMILY, not problems, detail)]


def check(ctx: CheckContext) -> list[CheckResult]:
    if not ctx.drafts:
        return []
    return [*avoided_words(ctx), *hashtags(ctx), *emoji(ctx)]
