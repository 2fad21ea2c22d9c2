"""Reply drafting: triage the comment, retrieve, generate, then enforce the rules the model
cannot be trusted with. Crises get an escalation note, not an improvised reply; abuse, spam
and trolls get moderation guidance; everything else gets guarded, grounded drafts."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncGenerator
from contextlib import aclosing
from pathlib import Path
from typing import Any, NamedTuple

from langchain_core.language_models.chat_models import BaseChatModel

from knowledge.brand import BrandProfile, BrandRegistry
from knowledge.retrieval import Hit, Retriever
from server.chains.reply import reply_inputs, reply_prompt
from server.drafting.answers import Answer, AnswerFinder, with_context
from server.drafting.author import first_name
from server.drafting.citations import citation, cite
from server.drafting.composition import compose
from server.drafting.empathy import Frame, frame
from server.drafting.events import DraftEvent, Generated, final
from server.drafting.generation import (
    RELEVANCE_MIN,
    is_duplicate,
    similarity,
    source_ref,
    stream_text,
    wrong_language,
)
from server.drafting.timings import Stopwatch
from server.drafting.voice_examples import VoiceExamples
from server.guardrails.guard import guard
from server.guardrails.output import fit_to_limit
from server.guardrails.types import GuardContext
from server.llm import LLMBackend
from server.platforms.counting import count
from server.platforms.rules import PlatformSpec, find_platform, get_platform
from server.prompts import phrase
from server.schemas import Citation, Draft, ReplyRequest, ReplyResponse, TriageOut
from server.triage.examples import load_examples
from server.triage.triager import Triager
from server.triage.types import Triage

FACTS_K = 3
EXAMPLES_K = 2
CANDIDATES = 8
FACT_FLOOR = 0.25
"""A FAQ entry less similar to the comment than this (cosine) answers something else."""
FACT_MARGIN = 0.12
"""Facts after the first are kept only within this much of its similarity: a comment with
two questions keeps both answers, a comment with one does not get two unrelated ones."""
SIMILAR_MIN = 0.5
"""An approved reply this close to the comment goes into the prompt as a reference."""
APPROVED_MIN = 0.62
"""An approved reply this close to the comment (same language) is itself a draft: it was
written for the same situation and approved by the brand."""

ATTEMPTS = 2
DM_WORDS = re.compile(
    r"\b(DM|MP|inbox|private message|message privé|messages privés|en privé)\b", re.IGNORECASE
)
NO_SIGNATURE = {"x", "instagram", "threads", "bluesky", "tiktok"}


class ReplyService:
    def __init__(
        self, registry: BrandRegistry, retriever: Retriever, llm: LLMBackend, triager: Triager
    ) -> None:
        self.registry = registry
        self.retriever = retriever
        self.embedder = retriever.embedder
        self.chat: BaseChatModel = llm.chat
        self.triager = triager
        self.voice = VoiceExamples(retriever.index)
        self.answers = AnswerFinder(retriever)
        self.writes = llm.writes_replies
        self._brand_triagers: dict[str, tuple[float, Triager]] = {}

    async def draft(self, request: ReplyRequest) -> ReplyResponse:
        return await final(self.stream(request), ReplyResponse)

    async def stream(self, request: ReplyRequest) -> AsyncGenerator[DraftEvent, None]:
        """Events: `triage`, then `token`s and a `draft` per variant, then `done`."""
        watch = Stopwatch()
        profile = self.registry.profile(request.brand)
        spec = get_platform(request.platform)
        with watch.stage("triage"):
            vector = self.embedder.embed_one(request.comment)
            # the post being answered says what a bare "same here" is about; it is embedded
            # once, for triage and for retrieval
            context = self.embedder.embed_one(request.context) if request.context else None
            triage = self.triager_for(request.brand).triage(
                request.comment, vector=vector, context=request.context, context_vector=context
            )
        language = request.language or triage.language
        triage_out = TriageOut(**{f: getattr(triage, f) for f in TriageOut.__struct_fields__})
        yield DraftEvent("triage", triage_out)

        with watch.stage("retrieval"):
            # a complaint tells what happened in words of its own; a criticism's question
            # ("vous abusez un peu non ?") must find what it names, like any question
            grievance = triage.category in {"complaint", "crisis"}
            answers = self.answers.find(
                profile, request.comment, language, vector, context, grievance=grievance
            )
            query = f"{request.comment}\n{request.context}" if request.context else request.comment
            facts, examples = self.retrieve(profile, query, language, with_context(vector, context))
            facts = _union([a.hit for a in answers if a.hit is not None], facts)[:FACTS_K]
        sources = [source_ref(hit) for hit in (*facts, *examples)]
        note = self._note(profile, triage, language)
        drafts: list[Draft] = []
        if triage.action == "escalate":
            holding = phrase("holding_reply", language)
            draft = self._finish(
                holding, spec, sources, ["Crisis: a holding reply only; escalate first."]
            )
            drafts.append(draft)
            yield DraftEvent("draft", draft)
        elif triage.action in {"moderate", "no_reply"}:
            pass
        else:
            replies = Replies(request, profile, spec, language, vector, triage, answers)
            variants = (
                self._written(replies, facts, examples, drafts, watch)
                if self.writes
                else self._composed(replies, facts, examples, drafts, watch)
            )
            async with aclosing(variants) as events:
                async for event in events:
                    yield event
        done = ReplyResponse(
            drafts=drafts,
            language=language,
            triage=triage_out,
            note=note,
            timings=watch.timings(),
        )
        yield DraftEvent("done", done)

    async def _composed(
        self,
        replies: Replies,
        facts: list[Hit],
        examples: list[Hit],
        drafts: list[Draft],
        watch: Stopwatch,
    ) -> AsyncGenerator[DraftEvent, None]:
        """Drafts made of the brand's own sentences (see `composition`): the approved reply
        to the same situation when there is one, the composition from the FAQ, and the
        composition in the phrases' other wordings, as many as the variants asked."""
        request, spec = replies.request, replies.spec
        context = self._guard_context(replies, facts, examples)
        sources = [source_ref(hit) for hit in (*facts, *examples)]
        approved = self._approved(examples, replies.language, replies.triage.category)
        if approved is not None and not self.answers.names_enough(
            replies.profile, replies.language, request.comment, approved.excerpt
        ):
            approved = None
        with watch.stage("composition"):
            candidates = [self._composition(replies, v) for v in range(request.variants)]
            # an approved reply carries the facts of the comment it answered: it is a draft
            # only where the FAQ has nothing that could contradict it
            if approved is not None and not any(a.hit is not None for a in replies.answers):
                text = self._approved_text(approved, spec)
                note = "The brand's approved reply to a similar comment."
                candidates.insert(0, (text, [citation(text, approved)], [note]))
        for text, citations, notes in candidates:
            if len(drafts) >= request.variants:
                break
            with watch.stage("guardrails"):
                problem, guarded, warnings = self._check(
                    text,
                    context,
                    replies.vector,
                    replies.language,
                    [d.text for d in drafts],
                    relevance=False,
                )
            if problem is not None:
                continue
            warnings = [*notes, *warnings]
            if replies.triage.pii and not DM_WORDS.search(guarded):
                guarded = self._invited(guarded, replies.language, spec, warnings)
            yield DraftEvent(
                "token",
                {"variant": len(drafts), "attempt": 0, "platform": spec.id, "text": guarded},
            )
            kept = [c for c in citations if c.text in guarded]
            draft = self._finish(guarded, spec, sources, warnings, kept)
            drafts.append(draft)
            yield DraftEvent("draft", draft)

    def _composition(self, replies: Replies, variant: int) -> tuple[str, list[Citation], list[str]]:
        spec = replies.spec

        def measure(value: str) -> int:
            return count(value, spec)

        composed = compose(
            category=replies.triage.category,
            pii=bool(replies.triage.pii),
            answers=replies.answers,
            language=replies.language,
            name=replies.name,
            limit=spec.reply_limit,
            measure=measure,
            variant=variant,
        )
        return composed.text, composed.citations, composed.notes

    def _guard_context(
        self, replies: Replies, facts: list[Hit], examples: list[Hit], system_prompt: str = ""
    ) -> GuardContext:
        greeting = [phrase("greeting", replies.language, name=replies.name)] if replies.name else []
        return GuardContext(
            profile=replies.profile,
            # what the model was shown as the brand's own words may be repeated
            sources=[
                *(hit.excerpt for hit in (*facts, *examples)),
                *(str(hit.metadata.get("reply", "")) for hit in examples),
                *greeting,
            ],
            comment=replies.request.comment,
            system_prompt=system_prompt,
            max_hashtags=0,
            kind="reply",
            facts=[hit.excerpt for hit in facts if hit.kind == "faq"],
        )

    async def _written(
        self,
        replies: Replies,
        facts: list[Hit],
        examples: list[Hit],
        drafts: list[Draft],
        watch: Stopwatch,
    ) -> AsyncGenerator[DraftEvent, None]:
        """Drafts the model writes, under the guard; one it cannot get right is replaced by
        the composition (or the closest approved reply)."""
        request, profile, spec, language = (
            replies.request,
            replies.profile,
            replies.spec,
            replies.language,
        )
        vector, triage = replies.vector, replies.triage
        similar = [hit for hit in examples[:1] if hit.similarity >= SIMILAR_MIN]
        voice = self.voice.for_brand(profile)
        inputs = reply_inputs(
            profile,
            request.comment,
            spec.name,
            language,
            spec.reply_limit,
            facts,
            similar,
            voice,
            platforms=find_platform,
        )
        system_prompt = str(reply_prompt().format_messages(**inputs)[0].content)
        context = self._guard_context(replies, facts, [*examples, *voice], system_prompt)
        sources = [source_ref(hit) for hit in (*facts, *examples)]
        for variant in range(request.variants):
            temperature = self._temperature_for(variant)
            text: str | None = None
            warnings: list[str] = []
            for attempt in range(ATTEMPTS):
                raw = ""
                meta = {"variant": variant, "attempt": attempt, "platform": spec.id}
                async with aclosing(
                    stream_text(reply_prompt(), self.chat, inputs, meta, temperature)
                ) as stream:
                    async for item in stream:
                        if isinstance(item, Generated):
                            raw = item.text
                            watch.add("prompt", item.first_token_ms)
                            watch.add("generation", item.rest_ms)
                            watch.add("generations", 1)
                        else:
                            yield item
                with watch.stage("guardrails"):
                    problem, guarded_text, guard_warnings = self._check(
                        raw, context, vector, language, [d.text for d in drafts]
                    )
                if problem is None:
                    text = guarded_text
                    warnings.extend(guard_warnings)
                    break
                warnings.append(f"Draft {attempt + 1} rejected ({problem}); regenerated.")
            guarding = time.perf_counter()
            citations: list[Citation] = []
            if text is None:
                text, citations, notes = self._composition(replies, variant)
                if not text:
                    continue
                warnings[-1] = warnings[-1].replace("; regenerated.", ".")
                warnings.append(
                    "The model gave nothing usable; this reply is composed from the brand's "
                    "own sentences."
                )
                warnings.extend(notes)
            else:  # the model's words: held to the empathy frame
                text = self._framed(text, triage.category, language, spec, warnings)
                citations = cite(text, [*facts, *examples])
            if triage.pii and not DM_WORDS.search(text):
                text = self._invited(text, language, spec, warnings)
            draft = self._finish(text, spec, sources, warnings, citations)
            watch.add("guardrails", (time.perf_counter() - guarding) * 1000)
            drafts.append(draft)
            yield DraftEvent("draft", draft)

    @staticmethod
    def _framed(
        text: str, category: str, language: str, spec: PlatformSpec, warnings: list[str]
    ) -> str:
        """`text` inside the brand's empathy frame, judged on the words that will be posted.

        The model's part is shortened first so that the frame always fits, and the markers
        are looked for in what is left: a cut to the limit can remove the very sentence that
        held the apology or the next step.
        """

        framed = Frame("", "", [])
        while True:
            fitted, shortened = _fit_inside(text, framed, spec)
            needed = framed.union(frame(fitted, category, language))
            if needed == framed:
                break
            framed = needed
        if not framed.warnings:
            return text  # nothing to add; `_finish` shortens it to the limit as any draft
        warnings.extend(framed.warnings)
        if shortened:
            warnings.append(f"Shortened to leave room for the frame in {spec.name}'s limit.")
        return framed.around(fitted)

    @staticmethod
    def _invited(text: str, language: str, spec: PlatformSpec, warnings: list[str]) -> str:
        """`text` then the invitation to a private message, shortened first so that the
        limit never cuts the invitation (it is why the reply exists, with personal data)."""
        invited = Frame("", phrase("dm_invite", language), [])
        fitted, shortened = _fit_inside(text, invited, spec)
        warnings.append("Personal data in the comment: invited a private message.")
        if shortened:
            warnings.append(f"Shortened to leave room for the invitation in {spec.name}'s limit.")
        return invited.around(fitted)

    def _check(
        self,
        raw: str,
        context: GuardContext,
        vector: list[float],
        language: str,
        earlier: list[str],
        relevance: bool = True,
    ) -> tuple[str | None, str, list[str]]:
        """(what is wrong or None, the guarded text, the guard's warnings)."""
        guarded = guard(raw, context)
        if guarded.blocked or not guarded.text.strip():
            reason = "; ".join(guarded.warnings) or "empty"
            return reason, guarded.text, guarded.warnings
        signatures = list(context.profile.signature.values())
        if wrong := wrong_language(guarded.text, language, signatures):
            return wrong, guarded.text, guarded.warnings
        if relevance and similarity(self.embedder, guarded.text, vector) < RELEVANCE_MIN:
            return "it does not address the comment", guarded.text, guarded.warnings
        if is_duplicate(self.embedder, guarded.text, earlier):
            return "it repeats another variant", guarded.text, guarded.warnings
        return None, guarded.text, guarded.warnings

    @staticmethod
    def _temperature_for(variant: int) -> float | None:
        """Later variants sample hotter, so that they differ from the first."""
        return None if variant == 0 else min(1.0, 0.3 + 0.25 * variant)

    @staticmethod
    def _approved(examples: list[Hit], language: str, category: str) -> Hit | None:
        """The approved reply written for the same situation, in the reply's language: a
        comment close in words but of another kind (thanks for a latte, next to a question on
        the same café's hours) wants another reply, so the kinds must agree where known."""
        wanted = _kind(category)
        for hit in examples:
            known = str(hit.metadata.get("category", ""))
            if (
                hit.similarity >= APPROVED_MIN
                and hit.metadata.get("language") == language
                and str(hit.metadata.get("reply", "")).strip()
                and (not known or _kind(known) == wanted)
            ):
                return hit
        return None

    @staticmethod
    def _approved_text(hit: Hit, spec: PlatformSpec) -> str:
        reply = str(hit.metadata.get("reply", "")).strip()
        if spec.id in NO_SIGNATURE:
            reply = re.sub(r"\s*[—–-]\s*[^—–\n]{1,40}$", "", reply).strip()
        return reply

    def _finish(
        self,
        text: str,
        spec: PlatformSpec,
        sources: list[Any],
        warnings: list[str],
        citations: list[Citation] | None = None,
    ) -> Draft:
        def measure(value: str) -> int:
            return count(value, spec)

        text, shortened = fit_to_limit(text, spec.reply_limit, measure)
        if shortened:
            warnings = [*warnings, f"Shortened to fit {spec.name}'s {spec.reply_limit} limit."]
        return Draft(
            text=text,
            platform=spec.id,
            chars=measure(text),
            limit=spec.reply_limit,
            sources=sources,
            warnings=warnings,
            # a citation whose sentence the cut removed cites nothing any more
            citations=[c for c in citations or [] if c.text in text],
        )

    def _note(self, profile: BrandProfile, triage: Triage, language: str) -> str | None:
        if triage.action == "escalate":
            esc = profile.escalation
            return phrase(
                "escalation_note",
                language,
                name=esc.name or "the crisis contact",
                contact=esc.contact or "see brand.toml [escalation]",
                phone=f", {esc.phone}" if esc.phone else "",
                why=triage.why,
                when=esc.when or "-",
            )
        if triage.action == "moderate":
            return phrase(
                "moderate_note", language, why=triage.why, netiquette=profile.netiquette or "-"
            )
        if triage.action == "no_reply":
            return phrase("no_reply_note", language, why=triage.why)
        return None

    def triager_for(self, brand_id: str) -> Triager:
        """The shipped triage examples plus the brand's own `triage/*.jsonl`, if any."""
        folder = Path(self.registry.get(brand_id).folder) / "triage"
        files = sorted(folder.glob("*.jsonl")) if folder.is_dir() else []
        if not files:
            return self.triager
        stamp = max(f.stat().st_mtime for f in files)
        cached = self._brand_triagers.get(brand_id)
        if cached is None or cached[0] != stamp:
            extra = [example for f in files for example in load_examples(f)]
            cached = (stamp, self.triager.with_examples(extra))
            self._brand_triagers[brand_id] = cached
        return cached[1]

    def retrieve(
        self, profile: BrandProfile, comment: str, language: str, vector: list[float]
    ) -> tuple[list[Hit], list[Hit]]:
        """FAQ facts and approved replies nearest the comment, its own language first."""
        faq = self.retriever.search(profile.id, comment, CANDIDATES, ("faq",), vector=vector)
        replies = self.retriever.search(profile.id, comment, CANDIDATES, ("reply",), vector=vector)
        return relevant(_prefer(faq, language))[:FACTS_K], _prefer(replies, language)[:EXAMPLES_K]


class Replies(NamedTuple):
    """What every draft of one reply request shares."""

    request: ReplyRequest
    profile: BrandProfile
    spec: PlatformSpec
    language: str
    vector: list[float]
    triage: Triage
    answers: list[Answer]

    @property
    def name(self) -> str | None:
        """The author's first name, when the brand's voice greets people by name."""
        if not self.profile.voice.greet_by_name:
            return None
        return first_name(self.request.author, self.profile)


def _union(first: list[Hit], then: list[Hit]) -> list[Hit]:
    seen = {hit.id for hit in first}
    return [*first, *(hit for hit in then if hit.id not in seen)]


def relevant(hits: list[Hit]) -> list[Hit]:
    """The hits that answer the comment: above FACT_FLOOR and within FACT_MARGIN of the best,
    in their order."""
    best = max((hit.similarity for hit in hits), default=0.0)
    floor = max(FACT_FLOOR, round(best - FACT_MARGIN, 4))  # similarities have 4 decimals
    return [hit for hit in hits if hit.similarity >= floor]


def _prefer(hits: list[Hit], language: str) -> list[Hit]:
    """Stable sort: hits in `language` first, each group still by score."""
    return sorted(hits, key=lambda hit: hit.metadata.get("language") != language)


def _fit_inside(text: str, framed: Frame, spec: PlatformSpec) -> tuple[str, bool]:
    """`text` shortened so that `framed.around(text)` fits the platform's reply limit, and
    whether it was: what the service adds around the model's words is never the part cut."""

    def measure(value: str) -> int:
        return count(value, spec)

    room = spec.reply_limit - (measure(framed.around("x")) - measure("x"))
    return fit_to_limit(text, room, measure)


def _kind(category: str) -> str:
    """Complaints and criticism share their replies (an apology, a fix); other kinds do not."""
    return "grievance" if category in {"complaint", "criticism"} else category
