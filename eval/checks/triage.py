"""Triage accuracy: the category and action recommended for a comment, a trend's verdict, and
whether a draft was proposed at all, against what the scenario expects."""

from __future__ import annotations

from eval.checks.base import CheckContext, result
from eval.store import CheckResult

FAMILY = "triage"


def _expected(name: str, got: object, acceptable: list[str]) -> CheckResult:
    ok = got in acceptable
    detail = f"{got}" + ("" if ok else f", expected {' or '.join(acceptable)}")
    return result(name, FAMILY, ok, detail)


def check(ctx: CheckContext) -> list[CheckResult]:
    expect = ctx.scenario.expect
    triage = ctx.output.triage or {}
    found: list[CheckResult] = []
    if ctx.output.error:
        return found
    if expect.category and "category" in triage:
        found.append(_expected("triage_category", triage["category"], expect.category))
    if expect.action and "action" in triage:
        found.append(_expected("triage_action", triage["action"], expect.action))
    if expect.verdict and "verdict" in triage:
        found.append(_expected("trend_verdict", triage["verdict"], expect.verdict))
    if expect.drafts is not None:
        has = bool(ctx.drafts)
        wanted = ", expected some" if expect.drafts else ", expected none"
        wanted = "" if has == expect.drafts else wanted
        detail = f"{len(ctx.drafts)} draft(s){wanted}"
        found.append(result("drafts_expected", FAMILY, has == expect.drafts, detail))
    return found
