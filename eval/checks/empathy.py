"""Replies to criticism and complaints: acknowledge the person, apologise where the brand is
at fault, and give a concrete next step (French and English markers).

Markers are phrases, not sentiment: a reviewer can see exactly why a reply passed, and the
rubric's human empathy score covers what phrases cannot.
"""

from __future__ import annotations

from eval.checks.base import CheckContext, result
from eval.store import CheckResult
from server.drafting.empathy import markers

FAMILY = "empathy"


def check(ctx: CheckContext) -> list[CheckResult]:
    if not ctx.scenario.wants_empathy() or not ctx.drafts:
        return []
    text = "\n".join(d.text for d in ctx.drafts)
    found = markers(text)
    checks = ["acknowledgement", "next_step"]
    if ctx.scenario.wants_apology():
        checks.insert(1, "apology")
    results: list[CheckResult] = []
    for name in checks:
        marker = found[name]
        detail = f"“{marker}”" if marker else f"no {name.replace('_', ' ')} marker"
        results.append(result(f"empathy_{name}", FAMILY, marker is not None, detail))
    return results
