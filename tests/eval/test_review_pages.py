"""The /review pages over HTTP: cookie sign-in from a one-time ticket, CSRF on every POST,
scores and blind preferences stored per reviewer, and nothing of it opens the API."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from eval.store import EvalStore
from eval.web.auth import login_ticket
from server.security import write_token
from tests.conftest import AUTH, TOKEN, fake_backend


async def signed_in(client: Any) -> str:
    """Sign in with a fresh ticket; the page's CSRF token."""
    response = await client.get(
        f"/review/login?ticket={login_ticket(TOKEN)}", follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == "/review"
    page = await client.get("/review")
    assert page.status_code == 200
    return re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]


async def test_pages_need_a_sign_in_and_tickets_work_once(client_for: Any) -> None:
    client = await client_for(fake_backend("ok"))
    for path in ("/review", "/review/runs/latest", "/review/ab?a=x&b=y"):
        response = await client.get(path)
        assert response.status_code == 401 and "voix eval review" in response.text
        assert response.headers["content-type"].startswith("text/html")
    assert (await client.get("/review/login?ticket=1.2.3")).status_code == 401
    forged = login_ticket("another-token")
    assert (await client.get(f"/review/login?ticket={forged}")).status_code == 401
    expired = login_ticket(TOKEN, now=0)
    assert (await client.get(f"/review/login?ticket={expired}")).status_code == 401

    ticket = login_ticket(TOKEN)
    response = await client.get(f"/review/login?ticket={ticket}", follow_redirects=False)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/review" in cookie
    assert ticket not in response.headers["location"]
    again = await client.get(f"/review/login?ticket={ticket}")
    assert again.status_code == 401 and "already used" in again.text


async def test_the_review_cookie_opens_no_api_route(client_for: Any) -> None:
    client = await client_for(fake_backend("ok"))
    await signed_in(client)
    assert (await client.get("/v1/brands")).status_code == 401
    assert (await client.get("/v1/brands", headers=AUTH)).status_code == 200


async def test_security_headers_and_csrf(client_for: Any, runs: tuple[str, str]) -> None:
    client = await client_for(fake_backend("ok"))
    csrf = await signed_in(client)
    page = await client.get("/review")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-frame-options"] == "DENY" and page.headers["cache-control"] == "no-store"
    assert runs[0] in page.text

    refused = await client.post("/review/reviewer", data={"name": "Ana"})
    assert refused.status_code == 403
    wrong = await client.post("/review/reviewer", data={"name": "Ana", "_csrf": "nope"})
    assert wrong.status_code == 403
    chosen = await client.post(
        "/review/reviewer", data={"name": "Ana", "_csrf": csrf}, follow_redirects=False
    )
    assert chosen.status_code == 303
    assert "Reviewing as <strong>Ana</strong>" in (await client.get("/review")).text


async def test_scores_are_saved_per_reviewer(
    client_for: Any, runs: tuple[str, str], demo_home: Path
) -> None:
    client = await client_for(fake_backend("ok"))
    csrf = await signed_in(client)
    base, _ = runs
    # Without a reviewer name, the run page sends the reviewer to pick one.
    assert (await client.get(f"/review/runs/{base}", follow_redirects=False)).status_code == 303
    await client.post("/review/reviewer", data={"name": "Cy", "_csrf": csrf})
    page = await client.get(f"/review/runs/{base}")
    assert page.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<script>alert(1)" not in page.text
    output_id = int(re.findall(r'data-output="(\d+)"', page.text)[0])

    url = f"/review/outputs/{output_id}/scores"
    body = {"scores": {"voice": 4, "as_is": 2}, "comment": "Too long for X."}
    assert (await client.post(url, json=body)).status_code == 403
    saved = await client.post(url, json=body, headers={"X-CSRF-Token": csrf})
    assert saved.status_code == 200 and saved.json()["scores"] == {"voice": 4, "as_is": 2}
    bad = await client.post(url, json={"scores": {"voice": 9}}, headers={"X-CSRF-Token": csrf})
    assert bad.status_code == 422 and bad.headers["content-type"].startswith(
        "application/problem+json"
    )
    form = await client.post(
        url, data={"_csrf": csrf, "empathy": "5", "comment": "ok"}, follow_redirects=False
    )
    assert form.status_code == 303 and form.headers["location"].endswith(f"#o-{output_id}")

    review = EvalStore(demo_home).reviews(base, "Cy")[output_id]
    assert review.scores == {"voice": 4, "as_is": 2, "empathy": 5} and review.comment == "ok"
    assert EvalStore(demo_home).reviews(base, "Ana")[output_id].scores == {"voice": 5}


async def test_blind_ab_records_the_run_the_reviewer_preferred(
    client_for: Any, runs: tuple[str, str], demo_home: Path
) -> None:
    client = await client_for(fake_backend("ok"))
    csrf = await signed_in(client)
    base, nxt = runs
    await client.post("/review/reviewer", data={"name": "Dee", "_csrf": csrf})
    page = await client.get(f"/review/ab?a={base}&b={nxt}")
    assert page.status_code == 200
    assert base not in re.sub(r'name="[ab]" value="[^"]+"', "", page.text).split("<main>")[1]
    first = re.search(r'<article class="pair[^"]*"[^>]*data-scenario="([^"]+)"', page.text)
    assert first is not None
    scenario_id = first.group(1)
    left_text = re.search(
        r'<section class="side left[^"]*">.*?<p class="text">([^<]*)</p>', page.text, re.S
    ).group(1)  # type: ignore[union-attr]

    body = {"a": base, "b": nxt, "scenario": scenario_id, "side": "left"}
    assert (await client.post("/review/ab", json=body)).status_code == 403
    saved = await client.post("/review/ab", json=body, headers={"X-CSRF-Token": csrf})
    assert saved.status_code == 200
    (pref,) = [
        p
        for p in EvalStore(demo_home).preferences(base, nxt)
        if p.reviewer == "Dee" and p.scenario_id == scenario_id
    ]
    store = EvalStore(demo_home)
    winner_run = base if pref.winner == "a" else nxt
    winner_text = next(
        o.drafts[0].text for o in store.outputs(winner_run) if o.scenario_id == scenario_id
    )
    assert winner_text == left_text.replace("&lt;", "<").replace("&gt;", ">")
    assert pref.left_run == pref.winner
    again = await client.get(f"/review/ab?a={nxt}&b={base}")  # same sides, either order
    assert "chose left" in again.text
    unknown = {**body, "scenario": "nope"}
    assert (
        await client.post("/review/ab", json=unknown, headers={"X-CSRF-Token": csrf})
    ).status_code == 422


async def test_rotating_the_token_signs_browsers_out(settings: Any, make_app: Any) -> None:
    """`voix token --rotate` rewrites the token file; sessions keyed on the old one end."""
    from litestar.testing import AsyncTestClient

    app = make_app(fake_backend("ok"), token=None)  # the stored token, not a pinned one
    async with AsyncTestClient(app=app) as client:
        token = (settings.home / "token").read_text().strip()
        response = await client.get(
            f"/review/login?ticket={login_ticket(token)}", follow_redirects=False
        )
        assert response.status_code == 303
        assert (await client.get("/review")).status_code == 200
        try:
            write_token(settings.home)
            assert (await client.get("/review")).status_code == 401
        finally:  # the demo home is shared: give it its token back
            (settings.home / "token").write_text(token + "\n", encoding="utf-8")


async def test_sign_out_needs_csrf_and_ends_the_session_for_good(client_for: Any) -> None:
    client = await client_for(fake_backend("ok"))
    csrf = await signed_in(client)
    cookie = client.cookies.get("voix_review")
    assert (await client.post("/review/logout", data={})).status_code == 403
    assert (await client.get("/review")).status_code == 200  # a refused sign-out changed nothing

    out = await client.post("/review/logout", data={"_csrf": csrf}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/review/signed-out"
    assert "max-age=0" in out.headers["set-cookie"].lower()
    client.cookies.set("voix_review", cookie, path="/review")  # a copy kept of the old cookie
    again = await client.get("/review")
    assert again.status_code == 401 and "voix eval review" in again.text
    client.cookies.clear()
    assert await signed_in(client)  # a new sign-in works
