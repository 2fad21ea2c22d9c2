"""Drafts that make sense as this brand's answer to this input: no condolences without a loss,
no refusal to help, no greeting or mention of the brand's own account, no name that nothing
given holds, nothing the FAQ entries retrieved contradict.

The same checks as the drafting guard (`server.drafting.sense`), run on what was delivered:
the guard blocks these, so a failure here is a draft that got past it (an approved fallback, a
frame, a guard that was not told the facts) or a check that the guard does not run (a stored
run from before it). One metric per check, so that a report shows which sense failed.
"""

from __future__ import annotations

from collections.abc import Callable

from eval.checks.base import CheckContext, label, result
from eval.store import CheckResult
from server.drafting.errors import UnknownPlatform
from server.drafting.sense import (
    Problem,
    brand_texts,
    condolences,
    contradictions,
    fixed_phrases,
    invented_entities,
    refusals,
    self_mentions,
)
from server.platforms.rules import get_platform

FAMILY = "sense"


def _platform_names(ctx: CheckContext) -> list[str]:
    names: list[str] = []
    for platform in ctx.scenario.platforms:
        try:
            names.append(get_platform(platform).name)
        except UnknownPlatform:
            names.append(platform)
    return names


def _allowed(ctx: CheckContext) -> list[str]:
    """What a draft may name: the sources, the input (with the author's name, which a reply may
    greet), the brand's profile, the fixed phrases and the platforms written for."""
    given = ctx.scenario.input
    return [
        *(source.text for source in ctx.output.sources),
        ctx.input_text,
        given.author or "",
        *brand_texts(ctx.profile),
        *fixed_phrases(),
        *_platform_names(ctx),
    ]


def _facts(ctx: CheckContext) -> list[str]:
    """The FAQ entries retrieved for the output: what a reply was meant to carry."""
    return [source.text for source in ctx.output.sources if source.kind == "faq"]


def _metric(
    ctx: CheckContext, name: str, find: Callable[[str], list[Problem]], clean: str
) -> CheckResult:
    found = [
        f"{label(draft, ctx.drafts)}: {problem.reason} (“{problem.excerpt}”)"
        for draft in ctx.drafts
        for problem in find(draft.text)
    ]
    return result(f"sense_{name}", FAMILY, not found, "; ".join(found) if found else clean)


def check(ctx: CheckContext) -> list[CheckResult]:
    if not ctx.drafts:
        return []
    reply = ctx.scenario.task == "reply"
    given = ctx.scenario.input.comment if reply else ctx.input_text
    allowed = _allowed(ctx)
    results = [
        _metric(ctx, "condolences", lambda t: condolences(t, given), "no condolences out of place")
    ]
    if reply:  # posts refuse nobody, and may name the brand's own account
        results.append(_metric(ctx, "refusal", refusals, "no refusal to help"))
        results.append(
            _metric(
                ctx,
                "self_mention",
                lambda t: self_mentions(t, ctx.profile),
                "the brand does not address itself",
            )
        )
    results.append(
        _metric(
            ctx,
            "entities",
            lambda t: invented_entities(t, allowed),
            "every name is in the sources or the input",
        )
    )
    facts = _facts(ctx)
    if facts:
        results.append(
            _metric(
                ctx,
                "contradiction",
                lambda t: contradictions(t, facts, ctx.input_text),
                f"nothing against the {len(facts)} FAQ entr{'y' if len(facts) == 1 else 'ies'}",
            )
        )
    return results
