"""A reviewer's browser session: its cookies, and a POST's fields read from JSON or a form.

Browsers cannot send the bearer token on navigation, so the review pages take a session
cookie instead (minted by `eval.web.auth` from a one-time login link), and every POST also
carries the session's CSRF token.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import msgspec
from litestar import Request
from litestar.datastructures import Cookie

from eval.store import InvalidReview
from eval.web.auth import COOKIE_PATH, REVIEWER_COOKIE, SESSION_COOKIE, SESSION_TTL_S


class Session(msgspec.Struct, frozen=True):
    id: str
    csrf: str
    reviewer: str | None


Fields = dict[str, Any]
"""A POST's JSON object or form fields, CSRF token checked and removed."""


def session_cookie(value: str, max_age: int = SESSION_TTL_S) -> Cookie:
    return Cookie(
        key=SESSION_COOKIE,
        value=value,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        max_age=max_age,
    )


def reviewer_cookie(name: str, max_age: int = 365 * 86400) -> Cookie:
    return Cookie(
        key=REVIEWER_COOKIE,
        value=quote(name),
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        max_age=max_age,
    )


async def read_fields(request: Request[Any, Any, Any]) -> Fields:
    """A JSON object or a form, as a dict (the script sends JSON, plain forms urlencoded)."""
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            data = msgspec.json.decode(await request.body())
        except msgspec.DecodeError as exc:
            raise InvalidReview(f"The body is not valid JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise InvalidReview("The body must be a JSON object.")
        return data
    form = await request.form()
    return {key: form.get(key) for key in form}
