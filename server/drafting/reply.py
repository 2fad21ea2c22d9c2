"""Reply drafting: retrieve, generate, then enforce the rules the model cannot be trusted with."""

from __future__ import annotations

from typing import Any

from langchain_core.runnables import Runnable

from knowledge.brand import BrandProfile, BrandRegistry
from knowledge.language import detect_language
from knowledge.retrieval import Hit, Retriever
from server.chains.reply import build_reply_chain, reply_inputs
from server.drafting.guardrails import clean_output, fit_to_limit
from server.drafting.platforms import count, get_platform
from server.llm import LLMBackend
from server.schemas import Draft, ReplyRequest, ReplyResponse, SourceRef

FACTS_K = 3
EXAMPLES_K = 2
CANDIDATES = 8
EXCERPT_CHARS = 280


class ReplyService:
    def __init__(self, registry: BrandRegistry, retriever: Retriever, llm: LLMBackend) -> None:
        self.registry = registry
        self.retriever = retriever
        self.chain: Runnable[dict[str, Any], str] = build_reply_chain(llm.chat)

    async def draft(self, request: ReplyRequest) -> ReplyResponse:
        profile = self.registry.profile(request.brand)
        spec = get_platform(request.platform)
        language = request.language or detect_language(request.comment, profile.languages[0])
        facts, examples = self.retrieve(profile, request.comment, language)
        inputs = reply_inputs(
            profile, request.comment, spec.name, language, spec.reply_limit, facts, examples
        )
        warnings: list[str] = []
        text = clean_output(await self.chain.ainvoke(inputs))
        if not text:
            warnings.append("The model returned an empty reply; regenerated once.")
            text = clean_output(await self.chain.ainvoke(inputs))
        if not text and examples:
            warnings.append(
                "The model returned nothing usable; this is the closest approved reply."
            )
            text = str(examples[0].metadata.get("reply", ""))

        def measure(value: str) -> int:
            return count(value, spec)

        text, shortened = fit_to_limit(text, spec.reply_limit, measure)
        if shortened:
            warnings.append(f"Shortened to fit {spec.name}'s {spec.reply_limit}-character limit.")
        draft = Draft(
            text=text,
            platform=spec.id,
            chars=measure(text),
            limit=spec.reply_limit,
            sources=[_source(hit) for hit in (*facts, *examples)],
            warnings=warnings,
        )
        return ReplyResponse(drafts=[draft], language=language)

    def retrieve(
        self, profile: BrandProfile, comment: str, language: str
    ) -> tuple[list[Hit], list[Hit]]:
        """FAQ facts and approved replies nearest the comment, its own language first."""
        vector = self.retriever.embedder.embed_one(comment)
        faq = self.retriever.search(profile.id, comment, CANDIDATES, ("faq",), vector=vector)
        replies = self.retriever.search(profile.id, comment, CANDIDATES, ("reply",), vector=vector)
        return _prefer(faq, language)[:FACTS_K], _prefer(replies, language)[:EXAMPLES_K]


def _prefer(hits: list[Hit], language: str) -> list[Hit]:
    """Stable sort: hits in `language` first, each group still by score."""
    return sorted(hits, key=lambda hit: hit.metadata.get("language") != language)


def _source(hit: Hit) -> SourceRef:
    excerpt = (
        hit.excerpt if len(hit.excerpt) <= EXCERPT_CHARS else hit.excerpt[:EXCERPT_CHARS] + "…"
    )
    return SourceRef(kind=hit.kind, source=hit.source, excerpt=excerpt)
