"""Automatic checks, one module per family; each returns named pass/fail metrics with a
detail a reviewer can read, or nothing where it does not apply to the output."""

from __future__ import annotations

from eval.checks import (
    brand,
    duplication,
    empathy,
    grounding,
    injection,
    language,
    mentions,
    platform,
    privacy,
    sense,
    triage,
)
from eval.checks.base import Check, CheckContext, PastPost, result
from eval.store import CheckResult

FAMILIES: tuple[Check, ...] = (
    platform.check,
    language.check,
    brand.check,
    grounding.check,
    mentions.check,
    triage.check,
    privacy.check,
    injection.check,
    duplication.check,
    empathy.check,
    sense.check,
)


def completed(ctx: CheckContext) -> list[CheckResult]:
    """The service answered: an error (timeout, a crash) fails the output outright."""
    error = ctx.output.error
    return [result("completed", "run", error is None, error or "answered")]


def run_checks(ctx: CheckContext) -> list[CheckResult]:
    found = completed(ctx)
    if ctx.output.error is None:
        for family in FAMILIES:
            found.extend(family(ctx))
    return found


__all__ = ["FAMILIES", "CheckContext", "PastPost", "run_checks"]
