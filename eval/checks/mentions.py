"""What a scenario says a draft must say (a fact from the knowledge base) or must not say.

Matching ignores case, accents, spacing and apostrophe style; a price, date, percentage or
link matches however it is written ("14,50 €" = "€14.50"), as the guard compares them.
"""

from __future__ import annotations

import re

from eval.checks.base import CheckContext, label, result
from eval.store import CheckResult
from knowledge.text import fold
from server.guardrails.facts import fact_keys

FAMILY = "mentions"


def _flat(text: str) -> str:
    text = fold(text).replace("’", "'")
    return " ".join(text.split())


def mentions(text: str, phrase: str) -> bool:
    """Whether `text` says `phrase`: the same words, or the same price/date/link/percentage."""
    keys = fact_keys(phrase)
    if keys and keys <= fact_keys(text):
        return True
    words = _flat(phrase)
    if not words:
        return False
    pattern = r"\s*".join(re.escape(part) for part in words.split(" "))
    pattern = pattern.replace(r"\s*", r"\s+") if " " in words else pattern
    return re.search(rf"(?<!\w){pattern}(?!\w)", _flat(text)) is not None


def _alternatives(item: str | list[str]) -> list[str]:
    return [item] if isinstance(item, str) else list(item)


def must_mention(ctx: CheckContext) -> list[CheckResult]:
    items = ctx.scenario.expect.must_mention
    if not items:
        return []
    if not ctx.drafts:
        return [result("must_mention", FAMILY, False, "no draft to say it")]
    missing: list[str] = []
    for draft in ctx.drafts:
        absent = [
            " / ".join(_alternatives(item))
            for item in items
            if not any(mentions(draft.text, alt) for alt in _alternatives(item))
        ]
        if absent:
            missing.append(f"{label(draft, ctx.drafts)} lacks {'; '.join(absent)}")
    detail = "; ".join(missing) if missing else f"all {len(items)} item(s) in every draft"
    return [result("must_mention", FAMILY, not missing, detail)]


def must_not_mention(ctx: CheckContext) -> list[CheckResult]:
    items = ctx.scenario.expect.must_not_mention
    if not items or not ctx.drafts:
        return []
    found = [
        f"{label(draft, ctx.drafts)}: “{item}”"
        for draft in ctx.drafts
        for item in items
        if mentions(draft.text, item)
    ]
    detail = "; ".join(found) if found else f"none of {len(items)} item(s)"
    return [result("must_not_mention", FAMILY, not found, detail)]


def check(ctx: CheckContext) -> list[CheckResult]:
    return [*must_mention(ctx), *must_not_mention(ctx)]
