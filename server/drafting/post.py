"""Post drafting: per platform, variants with different angles, grounded in the brand's facts
and styled on its best-performing posts there; guarded, fitted or threaded, deduplicated."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import aclosing
from typing import Any, NamedTuple

from langchain_core.language_models.chat_models import BaseChatModel

from knowledge.brand import BrandProfile, BrandRegistry
from knowledge.language import detect_language
from knowledge.retrieval import Hit, Retriever
from server.chains.post import ANGLES, post_inputs, post_prompt
from server.drafting.answers import Answer, AnswerFinder
from server.drafting.brief import brief_lead
from server.drafting.citations import cite
from server.drafting.events import DraftEvent, Generated, final
from server.drafting.generation import (
    RELEVANCE_MIN,
    is_duplicate,
    similarity,
    source_ref,
    stream_text,
    wrong_language,
)
from server.drafting.post_composition import compose_post
from server.guardrails.facts import fact_keys
from server.guardrails.guard import guard
from server.guardrails.marks import HASHTAG
from server.guardrails.output import fit_to_limit
from server.guardrails.types import GuardContext
from server.llm import LLMBackend
from server.platforms.counting import count
from server.platforms.rules import PlatformSpec, get_platform
from server.platforms.threads import split_thread
from server.schemas import Citation, Draft, PlatformDrafts, PostRequest, PostResponse, Visual

FACTS_K = 4
EXEMPLARS_K = 3
ATTEMPTS = 2
PARAGRAPHS = {"linkedin", "facebook", "instagram", "tiktok"}
"""Platforms where a post's lead stands in its own paragraph; elsewhere one block reads best."""


class PostService:
    def __init__(self, registry: BrandRegistry, retriever: Retriever, llm: LLMBackend) -> None:
        self.registry = registry
        self.retriever = retriever
        self.embedder = retriever.embedder
        self.chat: BaseChatModel = llm.chat
        self.answers = AnswerFinder(retriever)
        self.writes = llm.writes_posts

    async def draft(self, request: PostRequest) -> PostResponse:
        return await final(self.stream(request), PostResponse)

    async def stream(self, request: PostRequest) -> AsyncGenerator[DraftEvent, None]:
        profile = self.registry.profile(request.brand)
        specs = [get_platform(p) for p in dict.fromkeys(request.platforms)]
        language = request.language or detect_language(request.brief, profile.languages[0])
        results: list[PlatformDrafts] = []
        async with aclosing(
            self.platform_drafts(
                profile, specs, request.brief, language, request.tone, request.variants, results
            )
        ) as events:
            async for event in events:
                yield event
        yield DraftEvent("done", PostResponse(language=language, platforms=results))

    async def platform_drafts(
        self,
        profile: BrandProfile,
        specs: list[PlatformSpec],
        brief: str,
        language: str,
        tone: str | None,
        variants: int,
        results: list[PlatformDrafts],
        subject: str | None = None,
    ) -> AsyncGenerator[DraftEvent, None]:
        """Drafts for each platform into `results`, streaming tokens and drafts as they come.
        Shared with trend adaptation, whose brief is the trend put in the brand's terms:
        its `subject` (the trend) is what a composed draft is about, and the brief, our own
        instruction to the model, never becomes a post's lead."""
        vector = self.embedder.embed_one(brief)
        facts = self.retriever.search(
            profile.id, brief, FACTS_K, ("faq", "guideline"), vector=vector
        )
        topic = subject or brief
        topic_vector = vector if subject is None else self.embedder.embed_one(subject)
        about = self.answers.about(profile, topic, language, topic_vector)
        answers = [about] if about is not None else []
        known = {hit.id for hit in facts}
        facts = [*facts, *(a.hit for a in answers if a.hit is not None and a.hit.id not in known)]
        floor = Floor(None if subject else brief_lead(brief, language), answers, bool(subject))
        for spec in specs:
            examples = self.retriever.exemplary_posts(
                profile.id, brief, spec.id, EXEMPLARS_K, vector=vector
            )
            drafts: list[Draft] = []
            dropped: list[str] = []
            async with aclosing(
                self._platform(
                    profile,
                    spec,
                    brief,
                    language,
                    tone,
                    variants,
                    vector,
                    facts,
                    examples,
                    drafts,
                    dropped,
                    floor,
                )
            ) as events:
                async for event in events:
                    yield event
            if not drafts and not any(m.startswith("No draft for") for m in dropped):
                dropped.append(
                    f"No draft for {spec.name} passed the checks. Make the brief more specific, "
                    "add facts to the brand's knowledge, or use a larger model "
                    "(VOIX_LLM=ollama:MODEL)."
                )
            visual = Visual(format=spec.visual.format, aspect=spec.visual.aspect)
            results.append(
                PlatformDrafts(platform=spec.id, drafts=drafts, visual=visual, warnings=dropped)
            )

    async def _platform(
        self,
        profile: BrandProfile,
        spec: PlatformSpec,
        brief: str,
        language: str,
        tone: str | None,
        variants: int,
        vector: list[float],
        facts: list[Hit],
        examples: list[Hit],
        drafts: list[Draft],
        dropped: list[str],
        floor: Floor,
    ) -> AsyncGenerator[DraftEvent, None]:
        hashtag_max = min(profile.hashtags.max, spec.max_hashtags)
        sources = [source_ref(hit) for hit in (*facts, *examples)]
        if not self.writes:
            draft = self._composed(profile, spec, brief, language, facts, floor, hashtag_max)
            if isinstance(draft, str):
                dropped.append(draft)
                return
            if variants > 1:
                draft.warnings.append(
                    "One composed draft: the embedded model writes no post of its own. For "
                    "more variants, use a larger model (VOIX_LLM=ollama:MODEL)."
                )
            drafts.append(draft)
            yield DraftEvent("draft", draft)
            return
        for variant in range(variants):
            angle = ANGLES[variant % len(ANGLES)]
            inputs = post_inputs(
                profile, spec, brief, language, angle, tone, facts, examples, hashtag_max
            )
            context = GuardContext(
                profile=profile,
                sources=[hit.excerpt for hit in (*facts, *examples)] + [brief],
                comment=None,
                system_prompt=str(post_prompt().format_messages(**inputs)[0].content),
                max_hashtags=hashtag_max,
                kind="post",
            )
            temperature = self._temperature_for(variant)
            text: str | None = None
            warnings: list[str] = []
            for attempt in range(ATTEMPTS):
                raw = ""
                meta = {"variant": variant, "attempt": attempt, "platform": spec.id}
                async with aclosing(
                    stream_text(post_prompt(), self.chat, inputs, meta, temperature)
                ) as stream:
                    async for item in stream:
                        if isinstance(item, Generated):
                            raw = item.text
                        else:
                            yield item
                guarded = guard(raw, context)
                problem = None
                if guarded.blocked or not guarded.text.strip():
                    problem = "; ".join(guarded.warnings) or "empty"
                elif wrong := wrong_language(
                    guarded.text, language, list(profile.signature.values())
                ):
                    problem = wrong
                elif similarity(self.embedder, guarded.text, vector) < RELEVANCE_MIN:
                    problem = "it is off the brief"
                elif is_duplicate(self.embedder, guarded.text, [d.text for d in drafts]):
                    problem = "it repeats another variant"
                elif missing := _missing(brief, guarded.text):
                    problem = f"it leaves out the brief's {', '.join(missing)}"
                if problem is None:
                    text = guarded.text
                    warnings.extend(guarded.warnings)
                    break
                warnings.append(f"Draft {attempt + 1} rejected ({problem}); regenerated.")
            if text is None:
                # the floor: the brief's words and the brand's sentences, once per platform
                floored = None
                if not any(d.angle == "composed" for d in drafts):
                    floored = self._composed(
                        profile, spec, brief, language, facts, floor, hashtag_max
                    )
                if isinstance(floored, Draft):
                    floored.warnings.insert(
                        0,
                        f"The model's drafts were rejected ({'; '.join(warnings)}): this one "
                        "is composed from the brief and the brand's FAQ.",
                    )
                    drafts.append(floored)
                    yield DraftEvent("draft", floored)
                else:
                    dropped.append(f"Variant {variant + 1} dropped: {'; '.join(warnings)}")
                continue
            draft = self._finish(text, spec, profile, hashtag_max, sources, warnings, angle)
            draft.citations.extend(cite(text, [*facts, *examples]))
            drafts.append(draft)
            yield DraftEvent("draft", draft)

    def _composed(
        self,
        profile: BrandProfile,
        spec: PlatformSpec,
        brief: str,
        language: str,
        facts: list[Hit],
        floor: Floor,
        hashtag_max: int,
    ) -> Draft | str:
        """The composed post for `spec`, guarded like a written one; or why there is none."""
        composed = compose_post(
            lead=floor.lead,
            answers=floor.answers,
            limit=spec.post_limit,
            measure=lambda value: count(value, spec),
            paragraphs=spec.id in PARAGRAPHS,
        )
        if composed is None and floor.trend:
            return (
                f"No draft for {spec.name}: the embedded model writes no trend adaptation of "
                "its own, and the brand's FAQ has nothing on this trend's subject to compose "
                "one from. Use a larger model (VOIX_LLM=ollama:MODEL), or write your angle's "
                "first sentence as a post brief."
            )
        if composed is None:
            return (
                f"No draft for {spec.name}: the brief only gives instructions and the brand's "
                "FAQ has nothing on its subject. Write the post's first sentence in the brief "
                "(“Our Winter Box is back: …”), or add the facts to the knowledge base."
            )
        context = GuardContext(
            profile=profile,
            sources=[hit.excerpt for hit in facts] + [brief],
            comment=None,
            max_hashtags=hashtag_max,
            kind="post",
        )
        guarded = guard(composed.text, context)
        if guarded.blocked or not guarded.text.strip():
            return f"No draft for {spec.name}: {'; '.join(guarded.warnings) or 'nothing left'}."
        sources = [source_ref(hit) for hit in facts if _cited(hit, composed.citations)]
        draft = self._finish(
            guarded.text,
            spec,
            profile,
            hashtag_max,
            sources,
            [*guarded.warnings, *composed.notes],
            "composed",
        )
        draft.citations.extend(composed.citations)
        return draft

    @staticmethod
    def _temperature_for(variant: int) -> float | None:
        """Later variants sample hotter, so that they differ from the first."""
        return None if variant == 0 else min(1.0, 0.3 + 0.2 * variant)

    def _finish(
        self,
        text: str,
        spec: PlatformSpec,
        profile: BrandProfile,
        hashtag_max: int,
        sources: list[Any],
        warnings: list[str],
        angle: str,
    ) -> Draft:
        warnings = list(warnings)
        present = HASHTAG.findall(text)
        if hashtag_max and not present and profile.hashtags.preferred:
            added = profile.hashtags.preferred[: min(hashtag_max, 2)]
            text = f"{text}\n\n{' '.join(added)}"
            warnings.append(f"Added the brand's hashtags: {' '.join(added)}.")

        def measure(value: str) -> int:
            return count(value, spec)

        thread: list[str] = []
        if measure(text) > spec.post_limit:
            if spec.threads:
                thread = split_thread(text, spec)
                warnings.append(f"Split into a {len(thread)}-part thread for {spec.name}.")
            else:
                text, _ = fit_to_limit(text, spec.post_limit, measure)
                warnings.append(f"Shortened to fit {spec.name}'s {spec.post_limit} limit.")
        chars = max((measure(part) for part in thread), default=measure(text))
        return Draft(
            text=text,
            platform=spec.id,
            chars=chars,
            limit=spec.post_limit,
            sources=sources,
            warnings=warnings,
            thread=thread,
            hashtags=HASHTAG.findall(text),
            angle=angle.split(":", 1)[0],
        )


class Floor(NamedTuple):
    """What a composed post is made of, found once for all of a brief's platforms."""

    lead: str | None
    answers: list[Answer]
    trend: bool = False


def _cited(hit: Hit, citations: list[Citation]) -> bool:
    return any(c.source == hit.source and c.label for c in citations)


def _missing(brief: str, text: str) -> list[str]:
    """The brief's prices, dates, percentages and links that the draft does not carry."""
    return sorted(key.split(":", 1)[1] for key in fact_keys(brief) - fact_keys(text))
