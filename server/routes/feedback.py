from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, QueryParameter

from server.schemas import FeedbackCreated, FeedbackEntry, FeedbackIn
from server.services import Services

BrandQuery = Annotated[str | None, QueryParameter(pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$")]


class FeedbackController(Controller):
    path = "/v1/feedback"
    tags = ["feedback"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post(
        "/",
        summary="Report what became of an inserted draft",
        description=(
            "Sent by the extension when a draft is inserted into a site's editor: which draft "
            "and variant, and the text finally posted when known, so the learning loop can see "
            "what community managers keep and what they rewrite."
        ),
        status_code=201,
        sync_to_thread=True,
    )
    def record(
        self, data: JSONBody[FeedbackIn], services: NamedDependency[Services]
    ) -> FeedbackCreated:
        return FeedbackCreated(id=services.feedback.record(data))

    @get("/", summary="Recent feedback, newest first", sync_to_thread=True)
    def recent(
        self,
        services: NamedDependency[Services],
        brand: BrandQuery = None,
        limit: Annotated[int, QueryParameter(ge=1, le=500)] = 50,
    ) -> list[FeedbackEntry]:
        return services.feedback.recent(brand, limit)
