"""The reviewer pages at /review: pick a run, score outputs on the rubric, blind A/B.

Browsers cannot send the bearer token on navigation, so these routes sit outside the token
guard and take a session cookie instead (see server/review_auth.py): `voix eval review`
prints a one-time login link; POSTs also need the session's CSRF token. The pages are HTML;
the same POST routes answer JSON to the pages' script (keyboard scoring).
"""

from __future__ import annotations

from functools import partial
from typing import Any, TypeVar
from urllib.parse import quote, unquote

import anyio.to_thread
import msgspec
from litestar import Controller, Request, Response, Router, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency, Provide
from litestar.enums import MediaType
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect

from eval import pages
from eval.review import ReviewService
from eval.rubric import CRITERIA
from eval.store import InvalidReview, RunNotFound, clean_reviewer
from server.problems import problem
from server.review_auth import (
    COOKIE_PATH,
    CSRF_FIELD,
    CSRF_HEADER,
    REVIEWER_COOKIE,
    SESSION_COOKIE,
    SESSION_TTL_S,
    ReviewAuth,
    ReviewLoginFailed,
)
from server.security import TokenStore
from server.services import Services

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # no-referrer would make form posts send `Origin: null`
    "Cache-Control": "no-store",
}
T = TypeVar("T")
LOGIN_HINT = "Run `voix eval review` on this machine and open the link it prints."


class ReviewAuthRequired(Exception):
    """No valid review session cookie."""


class CsrfRejected(Exception):
    """A POST without this session's CSRF token."""


class Session(msgspec.Struct, frozen=True):
    id: str
    csrf: str
    reviewer: str | None


Fields = dict[str, Any]
"""A POST's JSON object or form fields, CSRF token checked and removed."""


class ScoresIn(msgspec.Struct, forbid_unknown_fields=True):
    scores: dict[str, int] = msgspec.field(default_factory=dict)
    comment: str = ""


class PreferenceIn(msgspec.Struct, forbid_unknown_fields=True):
    a: str
    b: str
    scenario: str
    side: str


def _html(body: str, status: int = 200) -> Response[str]:
    return Response(body, status_code=status, media_type=MediaType.HTML, headers=HEADERS)


def _wants_json(request: Request[Any, Any, Any]) -> bool:
    return "application/json" in request.headers.get("accept", "") or (
        request.headers.get("content-type", "").startswith("application/json")
    )


def _session_cookie(value: str, max_age: int = SESSION_TTL_S) -> Cookie:
    return Cookie(
        key=SESSION_COOKIE,
        value=value,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        max_age=max_age,
    )


def _reviewer_cookie(name: str, max_age: int = 365 * 86400) -> Cookie:
    return Cookie(
        key=REVIEWER_COOKIE,
        value=quote(name),
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        max_age=max_age,
    )


async def _fields(request: Request[Any, Any, Any]) -> dict[str, Any]:
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


def _convert(fields: dict[str, Any], into: type[T]) -> T:
    try:
        return msgspec.convert(fields, into)
    except msgspec.ValidationError as exc:
        raise InvalidReview(str(exc)) from exc


def _form_scores(fields: dict[str, Any]) -> ScoresIn:
    """A plain form's radio buttons (one per criterion) and comment."""
    scores: dict[str, int] = {}
    for criterion in CRITERIA:
        value = fields.get(criterion)
        if value:
            if not str(value).isdigit():
                raise InvalidReview(f"Scores are 1 to 5, not {value!r}.")
            scores[criterion] = int(value)
    return ScoresIn(scores=scores, comment=str(fields.get("comment") or ""))


def _reviewer(session: Session) -> str:
    if not session.reviewer:
        raise InvalidReview("Choose a reviewer name first (on /review).")
    return session.reviewer


class ReviewController(Controller):
    path = "/"

    @get("/login", media_type=MediaType.HTML)
    async def login(self, ticket: FromQuery[str], auth: NamedDependency[ReviewAuth]) -> Redirect:
        cookie = auth.redeem(ticket)
        return Redirect("/review", status_code=303, cookies=[_session_cookie(cookie)])

    @post("/logout", status_code=303)
    async def logout(
        self,
        request: Request[Any, Any, Any],
        auth: NamedDependency[ReviewAuth],
        fields: NamedDependency[Fields],
    ) -> Redirect:
        auth.revoke(request.cookies.get(SESSION_COOKIE))
        gone = _session_cookie("", max_age=0)
        return Redirect("/review/signed-out", status_code=303, cookies=[gone])

    @get("/signed-out", media_type=MediaType.HTML)
    async def signed_out(self) -> Response[str]:
        body = pages.render(
            "message.html", title="Signed out", message="You are signed out.", hint=LOGIN_HINT
        )
        return _html(body)

    @get("/", media_type=MediaType.HTML)
    async def index(
        self, session: NamedDependency[Session], review: NamedDependency[ReviewService]
    ) -> Response[str]:
        runs = await anyio.to_thread.run_sync(review.runs)
        body = pages.render("index.html", runs=runs, csrf=session.csrf, reviewer=session.reviewer)
        return _html(body)

    @post("/reviewer", status_code=303)
    async def choose_reviewer(self, fields: NamedDependency[Fields]) -> Redirect:
        name = clean_reviewer(str(fields.get("name") or ""))
        return Redirect("/review", status_code=303, cookies=[_reviewer_cookie(name)])

    @get("/runs/{run_ref:str}", media_type=MediaType.HTML)
    async def run_page(
        self,
        run_ref: FromPath[str],
        session: NamedDependency[Session],
        review: NamedDependency[ReviewService],
    ) -> Response[str] | Redirect:
        if not session.reviewer:
            return Redirect("/review#reviewer", status_code=303)
        run = await anyio.to_thread.run_sync(review.run, run_ref)
        outputs, reviews = await anyio.to_thread.run_sync(review.outputs, run.id, session.reviewer)
        body = pages.render(
            "run.html",
            run=run,
            outputs=outputs,
            reviews=reviews,
            scored=sum(1 for r in reviews.values() if r.scores),
            csrf=session.csrf,
            reviewer=session.reviewer,
        )
        return _html(body)

    @post("/outputs/{output_id:int}/scores", status_code=200)
    async def save_scores(
        self,
        output_id: FromPath[int],
        request: Request[Any, Any, Any],
        fields: NamedDependency[Fields],
        session: NamedDependency[Session],
        review: NamedDependency[ReviewService],
    ) -> Response[Any] | Redirect:
        reviewer = _reviewer(session)
        given = _convert(fields, ScoresIn) if _wants_json(request) else _form_scores(fields)
        saved = await anyio.to_thread.run_sync(
            partial(review.save_review, output_id, reviewer, given.scores, given.comment)
        )
        if _wants_json(request):
            return Response({"saved": True, "scores": saved.scores, "comment": saved.comment})
        output = await anyio.to_thread.run_sync(review.store.output, output_id)
        run_id = output.run_id if output else ""
        return Redirect(f"/review/runs/{run_id}#o-{output_id}", status_code=303)

    @get("/ab", media_type=MediaType.HTML)
    async def ab_page(
        self,
        a: FromQuery[str],
        b: FromQuery[str],
        auth: NamedDependency[ReviewAuth],
        session: NamedDependency[Session],
        review: NamedDependency[ReviewService],
    ) -> Response[str] | Redirect:
        if not session.reviewer:
            return Redirect("/review#reviewer", status_code=303)
        run_a = await anyio.to_thread.run_sync(review.run, a)
        run_b = await anyio.to_thread.run_sync(review.run, b)
        pairs = await anyio.to_thread.run_sync(
            review.pairs, run_a.id, run_b.id, session.reviewer, auth.blind_key()
        )
        body = pages.render(
            "ab.html",
            pairs=pairs,
            run_a=run_a.id,
            run_b=run_b.id,
            chosen=sum(1 for p in pairs if p.chosen),
            csrf=session.csrf,
            reviewer=session.reviewer,
        )
        return _html(body)

    @post("/ab", status_code=200)
    async def prefer(
        self,
        request: Request[Any, Any, Any],
        auth: NamedDependency[ReviewAuth],
        fields: NamedDependency[Fields],
        session: NamedDependency[Session],
        review: NamedDependency[ReviewService],
    ) -> Response[Any] | Redirect:
        reviewer = _reviewer(session)
        given = _convert(fields, PreferenceIn)
        run_a = await anyio.to_thread.run_sync(review.run, given.a)
        run_b = await anyio.to_thread.run_sync(review.run, given.b)
        await anyio.to_thread.run_sync(
            partial(
                review.prefer,
                run_a.id,
                run_b.id,
                given.scenario,
                reviewer,
                given.side,
                auth.blind_key(),
            )
        )
        if _wants_json(request):
            return Response({"saved": True, "side": given.side})
        return Redirect(f"/review/ab?a={run_a.id}&b={run_b.id}", status_code=303)

    @get("/assets/{name:str}")
    async def asset(self, name: FromPath[str]) -> Response[bytes]:
        try:
            content, media_type = pages.asset(name)
        except KeyError:
            return Response(b"", status_code=404, headers=HEADERS)
        headers = {**HEADERS, "Cache-Control": "no-cache"}
        return Response(content, media_type=media_type, headers=headers)


ERRORS: dict[type[Exception], tuple[int, str]] = {
    ReviewAuthRequired: (401, "Sign in to review"),
    ReviewLoginFailed: (401, "Sign-in link not valid"),
    CsrfRejected: (403, "Request refused"),
    RunNotFound: (404, "No such run"),
    InvalidReview: (422, "Not saved"),
}


def _error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
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
    if _wants_json(request):
        return problem(status, detail, f"review-{status}")
    return _html(pages.render("message.html", title=title, message=detail, hint=hint), status)


def review_router(tokens: TokenStore) -> Router:
    """The /review pages, signed in by cookie (not the bearer token), each POST CSRF-checked."""
    auth = ReviewAuth(tokens)
    services_by_home: dict[str, ReviewService] = {}

    def provide_auth() -> ReviewAuth:
        return auth

    def provide_review(services: NamedDependency[Services]) -> ReviewService:
        key = str(services.settings.home)
        if key not in services_by_home:
            services_by_home[key] = ReviewService(services.settings.home)
        return services_by_home[key]

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
        fields = await _fields(request)
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
        exception_handlers=dict.fromkeys(ERRORS, _error),
        include_in_schema=False,
    )
