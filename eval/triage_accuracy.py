"""Triage measured on real comments that people labelled, and nobody on the project wrote.

The shared evaluation data (`../shared/data/`, read in place, never copied into the repo):
- `sentiment,text` files (airline tweets): the annotators' sentiment, and for negative ones
  their reason (`negative_reason`). Triage's sentiment is compared with theirs.
- `category,text` files (SignalConso): every row is a consumer complaint, so triage should
  call it a complaint, a criticism or a crisis, and recommend an answer.

A figure here says how the rules and examples generalise; tuning them to these rows would
make it meaningless, so the command prints counts and a few misses, nothing to copy from.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import msgspec

from eval.stats import wilson
from knowledge.embedding import Embedder
from server.drafting.triage import Triage, Triager

SENTIMENTS = ("negative", "neutral", "positive")
GRIEVANCES = {"complaint", "criticism", "crisis"}
"""What recognises a complaint: crisis is its gravest form (escalated, then answered)."""
ANSWERED = {"reply_public", "move_to_private", "escalate"}
"""Actions that give a person an answer (escalation ends in one, after the crisis owner)."""


class TriageDataError(ValueError):
    """A labelled file that cannot be read; the message names the file and what to fix."""


class LabelledComment(msgspec.Struct, frozen=True):
    text: str
    sentiment: str | None
    """The annotators' sentiment, where the file gives one."""
    grievance: bool
    """A complaint by the file's own account (negative sentiment, or a complaints file)."""
    label: str
    """The annotators' reason or the file's category, for the breakdown."""


class Miss(msgspec.Struct, frozen=True):
    text: str
    expected: str
    got: str


class Rate(msgspec.Struct, frozen=True):
    passed: int
    total: int
    low: float
    high: float

    @classmethod
    def of(cls, passed: int, total: int) -> Rate:
        low, high = wilson(passed, total)
        return cls(passed, total, round(low, 3), round(high, 3))

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0


class Agreement(msgspec.Struct, kw_only=True):
    source: str
    total: int
    sentiment: Rate | None
    """Triage's sentiment equal to the annotators', where the file labels sentiment."""
    confusion: dict[str, dict[str, int]]
    """Annotated sentiment -> triage's sentiment -> comments."""
    grievances_caught: Rate
    """Grievances that triage calls a complaint, a criticism or a crisis."""
    grievances_answered: Rate
    """Grievances for which triage recommends an answer (not moderation, not silence)."""
    categories: dict[str, dict[str, int]]
    """The file's label (sentiment and reason, or category) -> triage's category -> comments."""
    actions: dict[str, int]
    misses: list[Miss]


def load(path: Path) -> list[LabelledComment]:
    """The labelled comments of one CSV file, whichever of the two formats it is."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise TriageDataError(f"{path}: cannot read it as CSV ({exc}).") from exc
    columns = set(rows[0]) if rows else set()
    if "text" not in columns or not columns & {"sentiment", "category"}:
        raise TriageDataError(
            f"{path}: expected the columns `sentiment,text` (annotated comments) or "
            f"`category,text` (complaints); found {', '.join(sorted(columns)) or 'none'}."
        )
    comments = []
    for line, row in enumerate(rows, start=2):
        text = (row.get("text") or "").strip()
        if not text:
            continue
        if "sentiment" in columns:
            sentiment = (row.get("sentiment") or "").strip().lower()
            if sentiment not in SENTIMENTS:
                raise TriageDataError(
                    f"{path}, line {line}: sentiment {sentiment!r} is not one of "
                    f"{', '.join(SENTIMENTS)}."
                )
            reason = (row.get("negative_reason") or "").strip()
            label = f"{sentiment}: {reason}" if reason else sentiment
            comments.append(LabelledComment(text, sentiment, sentiment == "negative", label))
        else:
            category = (row.get("category") or "").strip() or "(none)"
            comments.append(LabelledComment(text, None, True, category))
    if not comments:
        raise TriageDataError(f"{path}: no comment with a text.")
    return comments


def measure(
    triager: Triager,
    embedder: Embedder,
    comments: Sequence[LabelledComment],
    source: str,
    *,
    keep_misses: int = 5,
) -> Agreement:
    vectors = embedder.embed([c.text for c in comments])
    triages: list[Triage] = [
        triager.triage(c.text, vector=v) for c, v in zip(comments, vectors, strict=True)
    ]
    confusion: dict[str, dict[str, int]] = {}
    categories: dict[str, dict[str, int]] = {}
    misses: list[Miss] = []
    agreed = caught = answered = grievances = 0
    for comment, triage in zip(comments, triages, strict=True):
        by_label = categories.setdefault(comment.label, {})
        by_label[triage.category] = by_label.get(triage.category, 0) + 1
        if comment.sentiment is not None:
            row = confusion.setdefault(comment.sentiment, dict.fromkeys(SENTIMENTS, 0))
            row[triage.sentiment] += 1
            agreed += triage.sentiment == comment.sentiment
            if triage.sentiment != comment.sentiment and len(misses) < keep_misses:
                misses.append(Miss(comment.text, comment.sentiment, triage.sentiment))
        if comment.grievance:
            grievances += 1
            caught += triage.category in GRIEVANCES
            answered += triage.action in ANSWERED
            unlabelled_miss = comment.sentiment is None and triage.category not in GRIEVANCES
            if unlabelled_miss and len(misses) < keep_misses:
                misses.append(Miss(comment.text, "complaint", triage.category))
    labelled = sum(c.sentiment is not None for c in comments)
    return Agreement(
        source=source,
        total=len(comments),
        sentiment=Rate.of(agreed, labelled) if labelled else None,
        confusion=confusion,
        grievances_caught=Rate.of(caught, grievances),
        grievances_answered=Rate.of(answered, grievances),
        categories={label: categories[label] for label in sorted(categories)},
        actions=dict(Counter(t.action for t in triages).most_common()),
        misses=misses,
    )
