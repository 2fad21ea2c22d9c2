"""Drafts in the language asked for: the commenter's, or the scenario's."""

from __future__ import annotations

import re

from eval.checks.base import CheckContext, label, result
from eval.store import CheckResult
from knowledge.language import detect_language
from server.drafting.generation import LANGUAGE_MIN_WORDS, prose

FAMILY = "language"


def check(ctx: CheckContext) -> list[CheckResult]:
    expected = ctx.scenario.language
    judged: list[str] = []
    wrong: list[str] = []
    signatures = list(ctx.profile.signature.values())
    for draft in ctx.drafts:
        text = prose(draft.text, signatures)
        if len(re.findall(r"\w+", text)) < LANGUAGE_MIN_WORDS:
            continue
        found = detect_language(text, expected)
        judged.append(f"{label(draft, ctx.drafts)} {found}")
        if found != expected:
            wrong.append(f"{label(draft, ctx.drafts)} is {found}, not {expected}")
    if not judged:
        return []
    detail = "; ".join(wrong) if wrong else f"all {expected} ({', '.join(judged)})"
    return [result("language", FAMILY, not wrong, detail)]
