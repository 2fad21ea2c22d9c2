"""Trend adaptation: first judge whether the trend fits the brand (brand safety and
relevance, deterministic), then draft it in the brand's voice per platform."""

from __future__ import annotations

import re
import tomllib
from collections.abc import AsyncGenerator
from contextlib import aclosing
from functools import cache
from importlib.resources import files

from knowledge.brand import BrandProfile, BrandRegistry
from knowledge.language import detect_language
from knowledge.retrieval import Retriever
from knowledge.text import fold
from server.drafting.events import DraftEvent, final
from server.drafting.post import PostService
from server.platforms.rules import get_platform
from server.schemas import PlatformDrafts, TrendFit, TrendRequest, TrendResponse

GO_SCORE = 0.55
SKIP_SCORE = 0.3


@cache
def _risk_table() -> dict[str, dict[str, list[str]]]:
    text = files(__package__).joinpath("trend_risks.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def find_risks(text: str, profile: BrandProfile) -> tuple[list[str], list[str]]:
    """(severe, mild) risk labels found in the trend, its examples and the brand's avoid list."""
    folded = fold(text)
    found: dict[str, list[str]] = {"severe": [], "mild": []}
    for level, groups in _risk_table().items():
        for label, stems in groups.items():
            hits = [s for s in stems if re.search(rf"(?<!\w){re.escape(fold(s))}", folded)]
            if hits:
                found[level].append(f"{label.replace('_', ' ')} ({', '.join(hits[:3])})")
    avoided = [w for w in profile.words.avoid if re.search(rf"(?<!\w){re.escape(fold(w))}", folded)]
    if avoided:
        found["mild"].append(f"words the brand avoids ({', '.join(avoided[:3])})")
    return found["severe"], found["mild"]


class TrendService:
    def __init__(self, registry: BrandRegistry, retriever: Retriever, posts: PostService) -> None:
        self.registry = registry
        self.retriever = retriever
        self.posts = posts

    async def draft(self, request: TrendRequest) -> TrendResponse:
        return await final(self.stream(request), TrendResponse)

    def fit(self, profile: BrandProfile, request: TrendRequest) -> TrendFit:
        """Score = how close the trend is to what the brand already talks about, minus risks."""
        material = " ".join([request.trend, *request.examples])
        severe, mild = find_risks(material, profile)
        hits = self.retriever.search(
            profile.id, request.trend, 3, ("post", "guideline"), diversify=False
        )
        relevance = max((hit.similarity for hit in hits), default=0.0)
        score = max(0.0, min(1.0, 0.25 + 1.2 * relevance - 0.5 * len(severe) - 0.15 * len(mild)))
        if severe or score < SKIP_SCORE:
            verdict = "skip"
        elif mild or score < GO_SCORE:
            verdict = "caution"
        else:
            verdict = "go"
        reasons = []
        if severe:
            reasons.append(f"brand-safety risk: {'; '.join(severe)}")
        if mild:
            reasons.append(f"handle with care: {'; '.join(mild)}")
        reasons.append(
            f"closeness to the brand's own posts and guidelines: {relevance:.2f}"
            + (f" (nearest: {hits[0].source})" if hits else "")
        )
        return TrendFit(
            score=round(score, 2), verdict=verdict, risks=severe + mild, why="; ".join(reasons)
        )

    async def stream(self, request: TrendRequest) -> AsyncGenerator[DraftEvent, None]:
        profile = self.registry.profile(request.brand)
        specs = [get_platform(p) for p in dict.fromkeys(request.platforms)]
        language = request.language or detect_language(request.trend, profile.languages[0])
        fit = self.fit(profile, request)
        yield DraftEvent("triage", fit)
        results: list[PlatformDrafts] = []
        if fit.verdict != "skip":
            examples = "; ".join(request.examples)
            brief = (
                f"Join the trend {request.trend!r} in our own voice, about our products "
                "or team, with nothing the facts do not support."
                + (f" Examples of the trend: {examples}" if examples else "")
            )
            async with aclosing(
                self.posts.platform_drafts(
                    profile,
                    specs,
                    brief,
                    language,
                    None,
                    request.variants,
                    results,
                    subject=" ".join([request.trend, *request.examples]),
                )
            ) as events:
                async for event in events:
                    yield event
        yield DraftEvent("done", TrendResponse(fit=fit, language=language, platforms=results))
