"""Why triage decided what it did, in one or two sentences for the community manager, in
the comment's language (fr or en).

The sentences are fixed and live in `server/prompts/triage.toml`, beside the other phrase
files; only rule words and labels are quoted, never personal data nor the context.
"""

from __future__ import annotations

from collections.abc import Sequence

from server.prompts import load_table
from server.triage.cues import Cues
from server.triage.types import Category

_TABLE = load_table("triage")
WHY: dict[str, dict[str, str]] = _TABLE["why"]
"""The sentences, per language, by situation ({placeholders} filled by `explain`)."""
CRISIS_LABEL: dict[str, dict[str, str]] = _TABLE["crisis_label"]
"""The name of each crisis kind of `server.triage.lexicon.CRISIS`, per language."""
PII_LABEL: dict[str, dict[str, str]] = _TABLE["pii_label"]
"""The name of each kind of personal data `server.guardrails.pii` finds, per language."""


def explain(
    *,
    lang: str,
    category: Category,
    quote: str | None,
    crisis_kind: str | None,
    pii: Sequence[str],
    injection: bool,
    injection_only: bool,
    underlying: Category,
    cues: Cues,
    about_context: bool = False,
    asks: bool = False,
) -> str:
    """Say why in the comment's language; quotes only rule words, never personal data (nor
    the comment's own words outside a rule, nor anything of the context)."""
    w = WHY[lang]
    pii_text = ", ".join(PII_LABEL[lang].get(kind, kind) for kind in pii)
    named = (("angry", cues.angry), ("repeated", cues.repeated), ("sarcastic", cues.irony))
    flags = [w[name] for name, on in named if on]
    detail = f" ({', '.join(flags)})" if flags else ""
    if category == "crisis":
        if crisis_kind:
            text = w["crisis"].format(label=CRISIS_LABEL[lang][crisis_kind], quote=quote)
        else:
            text = w["crisis_vote"]
    elif category == "abuse":
        text = w["abuse"].format(quote=quote)
        if underlying in ("complaint", "question", "criticism"):
            text += w["abuse_issue"].format(issue=w[f"issue_{underlying}"])
    elif category == "spam":
        text = w["spam"].format(quote=quote) if quote else w["spam_plain"]
    elif category == "troll":
        if injection_only:
            text = w["injection_only"]
        elif pii:
            text = w["troll_pii"].format(pii=pii_text)
        else:
            text = w["troll_question" if cues.question else "troll"]
    elif category == "complaint":
        key = "complaint_private" if cues.account_issue else "complaint"
        text = w["complaint_incident" if about_context else key].format(detail=detail)
    elif category == "criticism":
        text = w["criticism"].format(detail=detail)
    elif category == "remark":
        text = w["remark_dm" if cues.dm else "remark"]
    elif category == "praise" and about_context:
        text = w["praise_context"]
    else:
        text = w[category]
    if asks and category in ("complaint", "criticism"):
        text += w["asks"]
    if pii and category not in ("troll", "spam", "abuse"):
        text += w["pii"].format(pii=pii_text)
    if injection and not injection_only:
        text += w["injection"]
    return text
