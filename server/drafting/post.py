"""Post drafting: per platform, variants with different angles, grounded in the brand's facts
and styled on its best-performing posts there; guarded, fitted or threaded, deduplicated."""

from __future__ import annotations

import re
from collections.abc import AsyncGenerator
from contextlib import aclosing
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel

from knowledge.brand import BrandProfile, BrandRegistry
from knowledge.language import detect_language
from knowledge.retrieval import Hit, Retriever
from server.chains.post import ANGLES, post_inputs, post_prompt
from server.drafting.events import DraftEvent, Generated, final
from server.drafting.generation import (
    RELEVANCE_MIN,
    is_duplicate,
    similarity,
    source_ref,
    stream_text,
    wrong_language,
)
from server.drafting.guardrails import GuardContext, fit_to_limit, guard
from server.drafting.platforms import PlatformSpec, count, get_platform, split_thread
from server.llm import LLMBackend
from server.schemas import Draft, PlatformDrafts, PostRequest, PostResponse, Visual

FACTS_K = 4
EXEMPLARS_K = 3
ATTEMPTS = 2
HASHTAG = re.compile(r"(?<!\w)#\w+", re.UNICODE)


class PostService:
    def __init__(self, registry: BrandRegistry, retriever: Retriever, llm: LLMBackend) -> None:
        self.registry = registry
        self.retriever = retriever
        self.embedder = retriever.embedder
        self.chat: BaseChatModel = llm.chat

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
    ) -> AsyncGenerator[DraftEvent, None]:
        """Drafts for each platform into `results`, streaming tokens and drafts as they come.
        Shared with trend adaptation, whose brief is the trend put in the brand's terms."""
        vector = self.embedder.embed_one(brief)
        facts = self.retriever.search(
            profile.id, brief, FACTS_K, ("faq", "guideline"), vector=vector
        )
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
                )
            ) as events:
                async for event in events:
                    yield event
            if not drafts:
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
    ) -> AsyncGenerator[DraftEvent, None]:
        hashtag_max = min(profile.hashtags.max, spec.max_hashtags)
        sources = [source_ref(hit) for hit in (*facts, *examples)]
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
                if problem is None:
                    text = guarded.text
                    warnings.extend(guarded.warnings)
                    break
                warnings.append(f"Draft {attempt + 1} rejected ({problem}); regenerated.")
            if text is None:  # no invented fallback for posts: fewer variants, said so
                dropped.append(f"Variant {variant + 1} dropped: {'; '.join(warnings)}")
                continue
            draft = self._finish(text, spec, profile, hashtag_max, sources, warnings, angle)
            drafts.append(draft)
            yield DraftEvent("draft", draft)

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
