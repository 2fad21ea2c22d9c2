from collections.abc import AsyncIterator
from typing import Any, TypeVar

from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from litestar.response import ServerSentEvent

from server.drafting.events import DraftEvent
from server.routes.streaming import respond
from server.schemas import (
    PostRequest,
    PostResponse,
    ReplyRequest,
    ReplyResponse,
    TrendRequest,
    TrendResponse,
)
from server.services import Services

T = TypeVar("T")
STREAMING = (
    " With `Accept: text/event-stream` the answer streams as server-sent events: "
    "`triage` (replies; the fit for trends), `token`, `draft`, `done` (the JSON answer), `error`."
)


async def _respond(
    request: Request[Any, Any, Any],
    services: Services,
    stream: AsyncIterator[DraftEvent],
    result: type[T],
) -> T | ServerSentEvent:
    """Every draft route answers alike: behind the model's line, within the time limit."""
    return await respond(request, stream, result, services.gate, services.settings.draft_timeout_s)


class DraftsController(Controller):
    path = "/v1/drafts"
    tags = ["drafts"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post(
        "/reply",
        summary="Triage a comment and draft replies",
        description=(
            "Triages the comment (category, severity, personal data, injection, recommended "
            "action), retrieves the brand's FAQ entries and approved replies nearest it, and "
            "drafts guarded replies in its language. Crises get an escalation note and a "
            "holding reply; abuse, spam and trolls get moderation guidance." + STREAMING
        ),
        status_code=200,
    )
    async def draft_reply(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[ReplyRequest],
        services: NamedDependency[Services],
    ) -> ReplyResponse | ServerSentEvent:
        return await _respond(request, services, services.replies.stream(data), ReplyResponse)

    @post(
        "/post",
        summary="Draft posts for several platforms",
        description=(
            "Per platform, `variants` drafts with different angles, styled on the brand's "
            "best-performing posts there, with hashtags per policy, a visual suggestion and "
            "sources; threads where the platform threads." + STREAMING
        ),
        status_code=200,
    )
    async def draft_post(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[PostRequest],
        services: NamedDependency[Services],
    ) -> PostResponse | ServerSentEvent:
        return await _respond(request, services, services.posts.stream(data), PostResponse)

    @post(
        "/trend",
        summary="Judge a trend's fit and adapt it to the brand",
        description=(
            "Scores the trend's fit (go, caution or skip, with risks and why), then adapts "
            "it to the brand's voice per platform unless it should be skipped." + STREAMING
        ),
        status_code=200,
    )
    async def draft_trend(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[TrendRequest],
        services: NamedDependency[Services],
    ) -> TrendResponse | ServerSentEvent:
        return await _respond(request, services, services.trends.stream(data), TrendResponse)
