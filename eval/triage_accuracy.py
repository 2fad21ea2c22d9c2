"""Triage measured on real comments that people labelled, and nobody on the project wrote.

The shared evaluation data (`../shared/data/`, read in place, never copied into the repo):
- `sentiment,text` files (airline tweets): the annotators' sentiment, and for negative ones
  their reason (`negative_reason`). Triage's sentiment is compared with theirs.
- `category,text` files (SignalConso): every row is a consumer complaint, so triage should
  call it a complaint, a criticism or a crisis, and recommend an answer.

A figure here says how the rules and examples generalise; tuning them to these rows would
make it meaningless. So each file is split, once and for all, into a **tuning half** and a
**held-out half** (`half_of`): rules may be adjusted by looking at the tuning half's misses
(generic patterns only, never a row's phrase), and the held-out half is the figure to report.
The command shows misses from the tuning half only.

The split rule: SHA-256 of `SPLIT_SALT`, a NUL byte and the comment's text (case-folded,
whitespace collapsed); the first byte even -> tuning half, odd -> held-out half. It depends on
the text alone, not on the row's position or the file's order, so a re-sorted or extended file
keeps every comment in its half, and duplicates of a comment share one half.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, get_args

import msgspec

from eval.stats import wilson
from knowledge.embedding import Embedder
from server.triage.triager import Triager
from server.triage.types import Triage

SENTIMENTS = ("negative", "neutral", "positive")
GRIEVANCES = {"complaint", "criticism", "crisis"}
"""What recognises a complaint: crisis is its gravest form (escalated, then answered)."""
ANSWERED = {"reply_public", "move_to_private", "escalate"}
"""Actions that give a person an answer (escalation ends in one, after the crisis owner)."""

Half = Literal["tune", "held-out"]
HALVES: tuple[Half, ...] = get_args(Half)
SPLIT_SALT = "voix-triage-split-2026-12"
"""Recorded with the figures: changing it draws a new split, and the old held-out half, now
partly seen, stops being held out."""


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
    category: str = ""
    """Triage's category, to read a sentiment miss (e.g. `positive` from a `praise`)."""


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
    half: str = "all"
    """`tune`, `held-out` or `all` (the whole file)."""
    sentiment: Rate | None
    """Triage's sentiment equal to the annotators', where the file labels sentiment."""
    confusion: dict[str, dict[str, int]]
    """Annotated sentiment -> triage's sentiment -> comments."""
    grievances_caught: Rate
    """Grievances that triage calls a complaint, a criticism or a crisis."""
    grievances_answered: Rate
    """Grievances for which triage recommends an answer (not moderation, not silence)."""
    neutral_no_reply: Rate | None = None
    """Neutral comments (as annotated) for which triage recommends no reply: remarks, banter.
    Not all should be: neutral questions need an answer, so this is read with the categories."""
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


def half_of(text: str, salt: str = SPLIT_SALT) -> Half:
    """The half a comment belongs to, from its text alone (see the module's docstring)."""
    key = " ".join(text.casefold().split())
    digest = hashlib.sha256(f"{salt}\x00{key}".encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "held-out"


def split(
    comments: Sequence[LabelledComment], salt: str = SPLIT_SALT
) -> dict[Half, list[LabelledComment]]:
    """Each half's comments, in the file's order."""
    halves: dict[Half, list[LabelledComment]] = {half: [] for half in HALVES}
    for comment in comments:
        halves[half_of(comment.text, salt)].append(comment)
    return halves


def select(comments: Sequence[LabelledComment], half: str) -> list[LabelledComment]:
    """The comments of one half, or all of them for `all`."""
    if half == "all":
        return list(comments)
    for name in HALVES:
        if half == name:
            return split(comments)[name]
    raise ValueError(f"half {half!r}: expected {', '.join(HALVES)} or all")


def measure(
    triager: Triager,
    embedder: Embedder,
    comments: Sequence[LabelledComment],
    source: str,
    *,
    keep_misses: int = 5,
    half: str = "all",
) -> Agreement:
    vectors = embedder.embed([c.text for c in comments]) if comments else []
    triages: list[Triage] = [
        triager.triage(c.text, vector=v) for c, v in zip(comments, vectors, strict=True)
    ]
    confusion: dict[str, dict[str, int]] = {}
    categories: dict[str, dict[str, int]] = {}
    misses: list[Miss] = []
    agreed = caught = answered = grievances = neutral = silent = 0
    for comment, triage in zip(comments, triages, strict=True):
        by_label = categories.setdefault(comment.label, {})
        by_label[triage.category] = by_label.get(triage.category, 0) + 1
        if comment.sentiment is not None:
            row = confusion.setdefault(comment.sentiment, dict.fromkeys(SENTIMENTS, 0))
            row[triage.sentiment] += 1
            agreed += triage.sentiment == comment.sentiment
            if comment.sentiment == "neutral":
                neutral += 1
                silent += triage.action == "no_reply"
            if triage.sentiment != comment.sentiment and len(misses) < keep_misses:
                misses.append(
                    Miss(comment.text, comment.sentiment, triage.sentiment, triage.category)
                )
        if comment.grievance:
            grievances += 1
            caught += triage.category in GRIEVANCES
            answered += triage.action in ANSWERED
            unlabelled_miss = comment.sentiment is None and triage.category not in GRIEVANCES
            if unlabelled_miss and len(misses) < keep_misses:
                misses.append(Miss(comment.text, "complaint", triage.category, triage.category))
    labelled = sum(c.sentiment is not None for c in comments)
    return Agreement(
        source=source,
        total=len(comments),
        half=half,
        sentiment=Rate.of(agreed, labelled) if labelled else None,
        confusion=confusion,
        grievances_caught=Rate.of(caught, grievances),
        grievances_answered=Rate.of(answered, grievances),
        neutral_no_reply=Rate.of(silent, neutral) if neutral else None,
        categories={label: categories[label] for label in sorted(categories)},
        actions=dict(Counter(t.action for t in triages).most_common()),
        misses=misses,
    )
