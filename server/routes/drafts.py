from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from server.schemas import ReplyRequest, ReplyResponse
from server.services import Services


class DraftsController(Controller):
    path = "/v1/drafts"
    tags = ["drafts"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post(
        "/reply",
        summary="Draft a reply to a comment",
        description=(
            "Retrieves the brand's FAQ entries and approved replies nearest the comment, "
            "drafts a reply in the comment's language and fits it to the platform's limit."
        ),
        status_code=200,
    )
    async def reply(
        self, data: JSONBody[ReplyRequest], services: NamedDependency[Services]
    ) -> ReplyResponse:
        return await services.replies.draft(data)
