"""Fit for the platform: length as each platform counts it (X weighs links 23 and emoji 2),
for every thread part; and ready to post, with no placeholder left for someone to fill in."""

from __future__ import annotations

import re

from eval.checks.base import CheckContext, label, result
from eval.store import CheckResult
from server.drafting.errors import UnknownPlatform
from server.platforms.counting import count
from server.platforms.rules import get_platform

FAMILY = "platform"
PLACEHOLDER = re.compile(
    r"\[[^\]\n]{1,40}\]|\{[^}\n]{1,40}\}|<[^>\n]{1,40}>|\b(?:XX+|TODO|TBD|lorem ipsum)\b"
    r"|(?m:^\s*[A-E]:\s*$)",
    re.IGNORECASE,
)
"""[address], {name}, <link>, XXX, TODO, or an empty "E:" list item: text nobody can post."""


def check(ctx: CheckContext) -> list[CheckResult]:
    if not ctx.drafts:
        return []
    problems: list[str] = []
    measured: list[str] = []
    cap = ctx.scenario.expect.max_chars
    for draft in ctx.drafts:
        try:
            spec = get_platform(draft.platform)
        except UnknownPlatform:
            problems.append(f"{draft.platform}: unknown platform")
            continue
        limit = spec.reply_limit if ctx.scenario.task == "reply" else spec.post_limit
        if cap is not None:
            limit = min(limit, cap)
        lengths = [count(part, spec) for part in draft.parts]
        name = label(draft, ctx.drafts)
        parts = f" ({len(lengths)} parts)" if len(lengths) > 1 else ""
        measured.append(f"{name} {max(lengths)}/{limit}{parts}")
        over = [n for n in lengths if n > limit]
        if over:
            problems.append(f"{name}: {max(over)} > {limit}")
    detail = "; ".join(problems) if problems else "; ".join(measured)
    return [result("platform_limit", FAMILY, not problems, detail), *ready_to_post(ctx)]


def ready_to_post(ctx: CheckContext) -> list[CheckResult]:
    left = [
        f"{label(d, ctx.drafts)}: {m.group().strip()}"
        for d in ctx.drafts
        for m in PLACEHOLDER.finditer(d.text)
    ]
    detail = "; ".join(left) if left else "no placeholder"
    return [result("ready_to_post", FAMILY, not left, detail)]
