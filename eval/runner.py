"""Draft every scenario through the API's own drafting services, check and store each output.

The runner builds the same request Structs the API decodes (validated the same way), calls
`services.replies / posts / trends.stream(...)` as the routes do, and keeps the `done`
payload: no copy of any chain or guard, so what is measured is what the API serves. Only the
HTTP layer (the gate that queues concurrent clients) is left out: a run drafts one at a time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

import msgspec

from eval.checks import CheckContext, PastPost, run_checks
from eval.fingerprint import combined, git_state, kb_versions, prompt_versions
from eval.scenario import Scenario, scenarios_hash
from eval.store import CheckResult, DraftOut, EvalStore, Output, Run, RunConfig, SourceOut
from knowledge.brand import BrandProfile
from knowledge.index import KnowledgeIndex
from server import __version__
from server.drafting.events import DraftEvent, final
from server.schemas import (
    Draft,
    PostRequest,
    PostResponse,
    ReplyRequest,
    ReplyResponse,
    TrendRequest,
    TrendResponse,
)
from server.services import Services

Progress = Callable[[int, int, Output], None]
ELLIPSIS = "…"


class Judge:
    """Scores outputs on the rubric with a model (see eval.judge); the runner only calls it."""

    name: str = ""

    async def judge(self, output: Output, profile: BrandProfile) -> list[CheckResult]:
        raise NotImplementedError


def request_for(scenario: Scenario) -> ReplyRequest | PostRequest | TrendRequest:
    """The API request a scenario stands for, validated like a request body."""
    given = scenario.input
    common: dict[str, Any] = {"brand": scenario.brand, "variants": given.variants}
    if given.language:
        common["language"] = given.language
    if scenario.task == "reply":
        body = {
            **common,
            "platform": scenario.platform,
            "comment": given.comment,
            "context": given.context,
            "author": given.author,
        }
        return msgspec.convert(body, ReplyRequest)
    if scenario.task == "post":
        body = {**common, "platforms": scenario.platforms, "brief": given.brief}
        if given.tone:
            body["tone"] = given.tone
        return msgspec.convert(body, PostRequest)
    body = {
        **common,
        "platforms": scenario.platforms,
        "trend": given.trend,
        "examples": given.examples,
    }
    return msgspec.convert(body, TrendRequest)


class SourceResolver:
    """Full entries behind the API's shortened source excerpts, looked up in the index once
    per brand and kind: grounding is checked against what the model saw, not a preview."""

    def __init__(self, index: KnowledgeIndex) -> None:
        self.index = index
        self._documents: dict[tuple[str, str], list[str]] = {}

    def full_text(self, brand: str, kind: str, excerpt: str) -> str:
        if not excerpt.endswith(ELLIPSIS):
            return excerpt
        prefix = excerpt[: -len(ELLIPSIS)]
        key = (brand, kind)
        if key not in self._documents:
            self._documents[key] = self.index.documents(brand, kind)[1]  # type: ignore[arg-type]
        return next((doc for doc in self._documents[key] if doc.startswith(prefix)), prefix)


class Runner:
    def __init__(self, services: Services, store: EvalStore, judge: Judge | None = None) -> None:
        self.services = services
        self.store = store
        self.judge = judge
        self.sources = SourceResolver(services.index)
        self._past: dict[str, list[PastPost]] = {}

    def config(self, scenarios: Sequence[Scenario], source: str) -> RunConfig:
        settings = self.services.settings
        prompts = prompt_versions()
        kb = kb_versions(self.services.index, (s.brand for s in scenarios))
        commit, dirty = git_state()
        return RunConfig(
            backend=self.services.llm.backend,
            model=self.services.llm.model,
            llm=settings.llm,
            embedding_model=settings.embedding_model or "all-MiniLM-L6-v2 (shipped)",
            prompts=prompts,
            prompts_hash=combined(prompts),
            kb=kb,
            kb_hash=combined(kb),
            scenarios=source,
            scenarios_hash=scenarios_hash(scenarios),
            git_commit=commit,
            git_dirty=dirty,
            version=__version__,
            judge=self.judge.name if self.judge else None,
            max_new_tokens=settings.max_new_tokens,
        )

    async def run(
        self,
        scenarios: Sequence[Scenario],
        *,
        label: str,
        source: str,
        progress: Progress | None = None,
    ) -> Run:
        """Draft, check and store every scenario; a failed draft is stored with its error and
        the run goes on. An interrupted run keeps what it stored, marked `interrupted`."""
        run = self.store.create_run(label, self.config(scenarios, source), len(scenarios))
        status = "interrupted"
        try:
            for position, scenario in enumerate(scenarios):
                output = await self.draft(run.id, position, scenario)
                output.checks = self.check(output)
                if self.judge is not None and output.error is None and output.drafts:
                    profile = self.services.registry.profile(scenario.brand)
                    output.checks += await self.judge.judge(output, profile)
                self.store.add_output(output)
                if progress is not None:
                    progress(position + 1, len(scenarios), output)
            status = "done"
        finally:
            self.store.finish_run(run.id, status)
        return self.store.run(run.id)

    async def draft(self, run_id: str, position: int, scenario: Scenario) -> Output:
        """One scenario through its service; an error becomes the output's `error`."""
        output = Output(run_id=run_id, position=position, scenario=scenario)
        started = time.perf_counter()
        try:
            request = request_for(scenario)
            response = await self._respond(request)
        except (KeyboardInterrupt, asyncio.CancelledError):
            raise
        except TimeoutError:
            limit = self.services.settings.draft_timeout_s
            output.error = f"timed out after {limit:g} s"
        except Exception as exc:  # a run records failures and goes on
            output.error = f"{type(exc).__name__}: {exc}"
        else:
            self._fill(output, response)
        output.seconds = round(time.perf_counter() - started, 3)
        return output

    async def _respond(
        self, request: ReplyRequest | PostRequest | TrendRequest
    ) -> ReplyResponse | PostResponse | TrendResponse:
        """Through the service's stream, as the API does, under the API's time limit."""
        services = self.services
        stream: AsyncIterator[DraftEvent]
        kind: type[ReplyResponse] | type[PostResponse] | type[TrendResponse]
        if isinstance(request, ReplyRequest):
            stream, kind = services.replies.stream(request), ReplyResponse
        elif isinstance(request, PostRequest):
            stream, kind = services.posts.stream(request), PostResponse
        else:
            stream, kind = services.trends.stream(request), TrendResponse
        try:
            async with asyncio.timeout(services.settings.draft_timeout_s):
                return await final(stream, kind)
        finally:
            await stream.aclose()

    def _fill(self, output: Output, response: ReplyResponse | PostResponse | TrendResponse) -> None:
        drafts: list[Draft]
        if isinstance(response, ReplyResponse):
            drafts = list(response.drafts)
            output.triage = msgspec.to_builtins(response.triage) if response.triage else None
            output.note = response.note
        else:
            drafts = [d for group in response.platforms for d in group.drafts]
            if isinstance(response, TrendResponse):
                output.triage = msgspec.to_builtins(response.fit)
        output.language = response.language
        output.drafts = [
            DraftOut(
                platform=d.platform,
                text=d.text,
                chars=d.chars,
                limit=d.limit,
                thread=list(d.thread),
                warnings=list(d.warnings),
                hashtags=list(d.hashtags),
                angle=d.angle,
            )
            for d in drafts
        ]
        seen: dict[tuple[str, str], SourceOut] = {}
        for draft in drafts:
            for ref in draft.sources:
                text = self.sources.full_text(output.scenario.brand, ref.kind, ref.excerpt)
                source = SourceOut(kind=ref.kind, source=ref.source, text=text)
                seen.setdefault((ref.source, text), source)
        output.sources = list(seen.values())

    def past_posts(self, brand: str) -> list[PastPost]:
        if brand not in self._past:
            chunks = self.services.index.get(brand, "post")
            self._past[brand] = [
                PastPost(
                    source=f"{c.metadata.get('platform', '')} post of {c.metadata.get('date')}",
                    text=c.document,
                    vector=c.embedding,
                )
                for c in chunks
            ]
        return self._past[brand]

    def check(self, output: Output) -> list[CheckResult]:
        brand = output.scenario.brand
        return run_checks(
            CheckContext(
                output=output,
                profile=self.services.registry.profile(brand),
                past_posts=self.past_posts(brand),
                embedder=self.services.embedder,
            )
        )

    def recheck(self, run_id: str) -> list[Output]:
        """Re-run the automatic checks on a stored run (after a check changed); the model is
        not called, and the drafts stay as they were."""
        outputs = self.store.outputs(run_id)
        for output in outputs:
            kept = [c for c in output.checks if c.family == "judge"]
            output.checks = self.check(output) + kept
            self.store.replace_checks(output.id, output.checks)
        return outputs
