"""The /review router the application mounts: the pages, signed in by cookie (not the bearer
token), each POST CSRF-checked, with their own error mapping."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote

from litestar import Request, Router
from litestar.di import NamedDependency, Provide

from eval.review import ReviewService
from eval.store import InvalidReview, clean_reviewer
from eval.web.auth import CSRF_FIELD, CSRF_HEADER, REVIEWER_COOKIE, SESSION_COOKIE, ReviewAuth
from eval.web.controller import ReviewController
from eval.web.errors import ERRORS, CsrfRejected, ReviewAuthRequired, review_error
from eval.web.session import Fields, Session, read_fields
from server.security import TokenStore


def review_router(tokens: TokenStore, home: Path) -> Router:
    """The review pages over the eval store in `home`, signed in with the API's `tokens`
    (a rotation of the token signs every browser out)."""
    auth = ReviewAuth(tokens)
    opened: list[ReviewService] = []

    def provide_auth() -> ReviewAuth:
        return auth

    def provide_review() -> ReviewService:
        # opened on the first page served: building the app touches no eval store
        if not opened:
            opened.append(ReviewService(home))
        return opened[0]

    def provide_session(request: Request[Any, Any, Any]) -> Session:
        session = auth.session(request.cookies.get(SESSION_COOKIE))
        if session is None:
            raise ReviewAuthRequired
        reviewer = request.cookies.get(REVIEWER_COOKIE)
        name: str | None = None
        if reviewer:
            try:
                name = clean_reviewer(unquote(reviewer))
            except InvalidReview:
                name = None
        return Session(id=session, csrf=auth.csrf(session), reviewer=name)

    async def provide_fields(
        request: Request[Any, Any, Any], session: NamedDependency[Session]
    ) -> Fields:
        """A POST's fields, once its CSRF token (header or form field) matches the session."""
        fields = await read_fields(request)
        field = fields.pop(CSRF_FIELD, None)
        presented = request.headers.get(CSRF_HEADER) or field
        if not auth.csrf_ok(session.id, presented if isinstance(presented, str) else None):
            raise CsrfRejected
        return fields

    return Router(
        path="/review",
        route_handlers=[ReviewController],
        dependencies={
            "auth": Provide(provide_auth, sync_to_thread=False),
            "review": Provide(provide_review, sync_to_thread=False),
            "session": Provide(provide_session, sync_to_thread=False),
            "fields": Provide(provide_fields),
        },
        exception_handlers=dict.fromkeys(ERRORS, review_error),
        include_in_schema=False,
    )
