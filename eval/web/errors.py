"""The review pages' errors and their one mapping: an HTML page for a browser, a problem
body (the API's own format) for the pages' script."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response

from eval import pages
from eval.store import InvalidReview, RunNotFound
from eval.web.auth import ReviewLoginFailed
from eval.web.responses import LOGIN_HINT, html, wants_json
from server.problems import problem


class ReviewAuthRequired(Exception):
    """No valid review session cookie."""


class CsrfRejected(Exception):
    """A POST without this session's CSRF token."""


ERRORS: dict[type[Exception], tuple[int, str]] = {
    ReviewAuthRequired: (401, "Sign in to review"),
    ReviewLoginFailed: (401, "Sign-in link not valid"),
    CsrfRejected: (403, "Request refused"),
    RunNotFound: (404, "No such run"),
    InvalidReview: (422, "Not saved"),
}


def review_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    status, title = next(
        (value for kind, value in ERRORS.items() if isinstance(exc, kind)), (400, "Error")
    )
    detail = str(exc)
    hint = None
    if isinstance(exc, ReviewAuthRequired):
        detail = "The review pages need a sign-in from this machine."
        hint = LOGIN_HINT
    elif isinstance(exc, CsrfRejected):
        detail = "The form's security token is missing or stale: reload the page and try again."
    elif isinstance(exc, ReviewLoginFailed):
        hint = LOGIN_HINT
    if wants_json(request):
        return problem(status, detail, f"review-{status}")
    return html(pages.render("message.html", title=title, message=detail, hint=hint), status)
