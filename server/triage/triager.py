"""Deterministic triage of an incoming comment: category, sentiment, severity, action.

No LLM: a k-nearest-neighbour vote over labelled examples (shipped + the brand's own), with
hand-written EN/FR rules that take precedence where a mistake would be costly (crises must be
escalated, insults and spam moderated). Fast enough to run on every comment, and the same
comment always gets the same answer, which a reviewer can reason about.

Surface constructions the embedding reads wrongly are cues on top of the vote: sarcasm and
thank-you-then-grievance ("thanks for nothing") are negative; a question that carries a
grievance ("when will you refund me?") is a complaint that also asks something; a rhetorical
question ("is this really the best you can do?") is criticism; a remark with no ask and no
grievance (a headline, banter, "ok", a friend's tag) needs no reply. The post or thread a
comment answers (`context`), when given, says what a bare "same here" is about.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from knowledge.embedding import Embedder
from knowledge.language import detect_language
from server.guardrails.injection import looks_like_injection
from server.guardrails.pii import find_pii
from server.triage.cues import Cues, read_cues
from server.triage.examples import SHIPPED_EXAMPLES, load_examples
from server.triage.explanations import WHY, explain
from server.triage.lexicon import (
    FOLLOW_UP,
    INCIDENT_POST,
    NEGATED_NEGATIVE,
    NEGATIVE,
    NOT_LANGUAGE,
    POSITIVE,
    WORD,
)
from server.triage.neighbours import EXTRA_WEIGHT, Bank, Idf, K, vote
from server.triage.policy import action_for, nudge, sentiment_of, severity_of
from server.triage.questions import real_questions, without_injection
from server.triage.rules import find_abuse, find_crisis, spam_signals
from server.triage.text import blank, count_matches, normalise
from server.triage.types import Category, LabelledExample, Triage

GENUINE: tuple[Category, ...] = ("question", "complaint", "criticism")
"""What a comment with injected instructions may still be, once they are cut."""
CONTEXT_INCIDENT_VOTE = 0.5
"""A negative thread reads as an incident when most of its neighbours are complaints."""
REST_MIN_WORDS = 4
"""Below this, what is left of a comment once injected instructions are cut is no request."""


class Triager:
    """Triage with the shipped examples, plus optional extra (per-brand) examples."""

    def __init__(
        self,
        embedder: Embedder,
        extra_examples: Sequence[LabelledExample] = (),
        *,
        k: int = K,
        _shipped: Bank | None = None,
        _idf: Idf | None = None,
    ) -> None:
        self.embedder = embedder
        self.k = k
        self._shipped = _shipped or Bank(load_examples(SHIPPED_EXAMPLES))
        self._idf = _idf or Idf([example.text for example in self._shipped.examples])
        self._extra = Bank(extra_examples)

    load_examples = staticmethod(load_examples)

    @property
    def examples(self) -> tuple[LabelledExample, ...]:
        return self._shipped.examples + self._extra.examples

    def with_examples(self, extra: Sequence[LabelledExample]) -> Triager:
        """A triager with this one's examples plus `extra`; the shipped vectors are shared,
        so only the extras get embedded (per-brand triagers stay cheap)."""
        return Triager(
            self.embedder,
            (*self._extra.examples, *extra),
            k=self.k,
            _shipped=self._shipped,
            _idf=self._idf,
        )

    def warm_up(self) -> None:
        """Embed the examples now rather than on the first comment."""
        self._shipped.matrix(self.embedder)
        if self._extra.examples:
            self._extra.matrix(self.embedder)

    def scores(self, vector: Sequence[float], text: str) -> dict[Category, float]:
        """Similarity-weighted vote of the k nearest examples, normalised to sum to 1.

        Similarity mixes the embedding (meaning) and character n-grams (surface cues).
        """
        banks = ((self._shipped, 1.0), (self._extra, EXTRA_WEIGHT))
        return vote(self.embedder, self._idf, banks, vector, text, self.k)

    def triage(
        self,
        comment: str,
        *,
        vector: list[float] | None = None,
        language: str | None = None,
        context: str | None = None,
        context_vector: list[float] | None = None,
    ) -> Triage:
        """Triage one comment. Pass `vector` (its embedding) when the caller already has it.

        `context` is the post or thread the comment answers, untrusted like the comment: it is
        only matched against incident and polarity cues (and embedded, or `context_vector`
        used, when the cues say nothing), never quoted. Under an outage post, "still down
        here" is a complaint about that incident; under praise, "same here" is not one.
        """
        if not comment.strip():
            return Triage(
                category="troll",
                sentiment="neutral",
                severity=0,
                language=language or "en",
                pii=[],
                injection_suspected=False,
                action="no_reply",
                why=WHY["fr" if language == "fr" else "en"]["empty"],
            )
        # Links and @handles say nothing about the language, and tilt short comments to English.
        language = language or detect_language(NOT_LANGUAGE.sub(" ", comment))
        lang = "fr" if language == "fr" else "en"
        matches = find_pii(comment)
        pii = list(dict.fromkeys(match.kind for match in matches))
        spans = [(m.start, m.end) for m in matches]
        text = normalise(blank(comment, spans))
        injection = looks_like_injection(comment)

        injection_only = False
        subject, subject_vector = comment, vector
        if injection:
            # Classify what the person actually asks, not the instructions they injected.
            subject, subject_vector = without_injection(text), None
            injection_only = len(WORD.findall(subject)) < REST_MIN_WORDS
            if injection_only:
                subject = text
        if subject_vector is None:
            subject_vector = self.embedder.embed_one(subject)
        cues = read_cues(text if subject is comment else subject)
        votes = nudge(self.scores(subject_vector, subject), cues)
        voted: Category = max(votes, key=lambda c: votes[c])
        if injection and voted not in GENUINE:
            # Praise or banter wrapped around injected instructions is still manipulation.
            injection_only = True

        crisis = find_crisis(text)
        abuse = find_abuse(text)
        spam_score, spam_sure, spam_quote = spam_signals(text)
        quote: str | None = None
        category: Category
        if crisis:
            category, quote = "crisis", crisis[1]
        elif abuse:
            category, quote = "abuse", abuse
        elif spam_sure and spam_score >= 3:
            category, quote = "spam", spam_quote
        elif injection_only:
            category = "troll"
        else:
            category = voted

        about_context = False
        # Rules and manipulation keep their call; an unmarked provocation may be a grievance.
        rules = category in ("crisis", "abuse", "spam") or injection_only
        marked_troll = category == "troll" and (cues.troll or cues.sarcasm)
        if context and context.strip() and not rules and not marked_troll:
            category, about_context = self._in_context(
                category, text, cues, context, context_vector
            )

        # Real questions, personal data blanked out, injected instructions cut.
        asked = normalise(blank(comment, spans, "…")) if spans else normalise(comment)
        questions = [] if injection_only else real_questions(without_injection(asked) or asked)
        if category == "remark" and questions:
            category = "question"  # a question is never a remark
        sentiment = sentiment_of(category, cues)
        severity = severity_of(category, cues, sentiment)
        action = action_for(category, pii, cues.account_issue and not about_context)
        why = explain(
            lang=lang,
            category=category,
            quote=quote,
            crisis_kind=crisis[0] if crisis else None,
            pii=pii,
            injection=injection,
            injection_only=injection_only,
            underlying=voted,
            cues=cues,
            about_context=about_context,
            asks=bool(questions),
        )
        return Triage(
            category=category,
            sentiment=sentiment,
            severity=severity,
            language=language,
            pii=pii,
            injection_suspected=injection,
            action=action,
            why=why,
            questions=questions,
            about_context=about_context,
        )

    def _in_context(
        self,
        category: Category,
        comment: str,
        cues: Cues,
        context: str,
        context_vector: Sequence[float] | None,
    ) -> tuple[Category, bool]:
        """The category once the post or thread the comment answers is known, and whether
        the comment is read as being about it.

        Only comments that say little by themselves move: an echo ("same here"), a short
        "still ..." update, or what would otherwise be a remark, a plain question or an
        unmarked provocation. A comment with its own grievance or praise keeps its category.
        """
        bare = cues.echo or cues.still
        open_to_context = bare or category in ("remark", "troll")
        open_to_context = open_to_context or (category == "praise" and not cues.positive)
        # A question under an outage post is about it when it asks after it ("any news?",
        # "is it back?") or carries a grievance; "do you ship to Canada?" is not.
        about_it = category == "question" and (cues.negative > 0 or bool(FOLLOW_UP.search(comment)))
        if not (open_to_context or about_it):
            return category, False
        kind = self._context_kind(normalise(context), context_vector)
        if kind == "incident":
            return "complaint", True
        if cues.echo:
            return ("praise", True) if kind == "positive" else ("remark", False)
        return category, False

    def _context_kind(
        self, context: str, context_vector: Sequence[float] | None
    ) -> Literal["incident", "positive"] | None:
        """What the thread is about: an incident (outage, delay, recall), praise, or neither.
        Rules first; the neighbours' vote on the context only when the rules say nothing and
        the context reads negative."""
        if INCIDENT_POST.search(context):
            return "incident"
        plain = NEGATED_NEGATIVE.sub(" ", context)
        positive = count_matches(POSITIVE, plain) + count_matches(NEGATED_NEGATIVE, context)
        negative = count_matches(NEGATIVE, plain)
        if positive > negative:
            return "positive"
        if negative > positive:
            vector = context_vector
            if vector is None:
                vector = self.embedder.embed_one(context)
            votes = self.scores(vector, context)
            if votes["complaint"] + votes["crisis"] >= CONTEXT_INCIDENT_VOTE:
                return "incident"
        return None
