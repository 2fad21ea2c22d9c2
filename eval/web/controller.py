"""The reviewer pages at /review: pick a run, score outputs on the rubric, blind A/B.

The pages are HTML; the same POST routes answer JSON to the pages' script (keyboard
scoring). Handlers only parse, call the review service (off the event loop: it is SQLite)
and shape the answer; sign-in, sessions and CSRF are `eval.web.router`'s dependencies.
"""

from __future__ import annotations

from functools import partial
from typing import Any, TypeVar

import anyio.to_thread
import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.enums import MediaType
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect

from eval import pages
from eval.review import ReviewService
from eval.rubric import CRITERIA
from eval.store import InvalidReview, clean_reviewer
from eval.web.auth import SESSION_COOKIE, ReviewAuth
from eval.web.responses import HEADERS, LOGIN_HINT, html, wants_json
from eval.web.session import Fields, Session, reviewer_cookie, session_cookie

T = TypeVar("T")


class ScoresIn(msgspec.Struct, forbid_unknown_fields=True):
    scores: dict[str, int] = msgspec.field(default_factory=dict)
    comment: str = ""


class PreferenceIn(msgspec.Struct, forbid_unknown_fields=True):
    a: str
    b: str
    scenario: str
    side: str


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
        return Redirect("/review", status_code=303, cookies=[session_cookie(cookie)])

    @post("/logout", status_code=303)
    async def logout(
        self,
        request: Request[Any, Any, Any],
        auth: NamedDependency[ReviewAuth],
        fields: NamedDependency[Fields],
    ) -> Redirect:
        auth.revoke(request.cookies.get(SESSION_COOKIE))
        gone = session_cookie("", max_age=0)
        return Redirect("/review/signed-out", status_code=303, cookies=[gone])

    @get("/signed-out", media_type=MediaType.HTML)
    async def signed_out(self) -> Response[str]:
        body = pages.render(
            "message.html", title="Signed out", message="You are signed out.", hint=LOGIN_HINT
        )
        return html(body)

    @get("/", media_type=MediaType.HTML)
    async def index(
        self, session: NamedDependency[Session], review: NamedDependency[ReviewService]
    ) -> Response[str]:
        runs = await anyio.to_thread.run_sync(review.runs)
        body = pages.render("index.html", runs=runs, csrf=session.csrf, reviewer=session.reviewer)
        return html(body)

    @post("/reviewer", status_code=303)
    async def choose_reviewer(self, fields: NamedDependency[Fields]) -> Redirect:
        name = clean_reviewer(str(fields.get("name") or ""))
        return Redirect("/review", status_code=303, cookies=[reviewer_cookie(name)])

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
        return html(body)

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
        given = _convert(fields, ScoresIn) if wants_json(request) else _form_scores(fields)
        saved = await anyio.to_thread.run_sync(
            partial(review.save_review, output_id, reviewer, given.scores, given.comment)
        )
        if wants_json(request):
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
        return html(body)

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
        if wants_json(request):
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
