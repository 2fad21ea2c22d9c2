"""Review sign-in state outlives the server: a spent ticket stays spent and a signed-out
session stays out after a restart (a new app on the same VOIX_HOME), and the store of both
keeps only what has not expired."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from eval.web.auth import (
    AUTH_FILE,
    LOGIN_TTL_S,
    SESSION_COOKIE,
    SESSION_TTL_S,
    ReviewAuth,
    login_ticket,
)
from server.security import TokenStore
from tests.conftest import TOKEN, fake_backend
from tests.eval.test_review_pages import signed_in


async def test_a_spent_ticket_stays_spent_after_a_restart(client_for: Any) -> None:
    ticket = login_ticket(TOKEN)
    before = await client_for(fake_backend("ok"))
    first = await before.get(f"/review/login?ticket={ticket}", follow_redirects=False)
    assert first.status_code == 303

    after = await client_for(fake_backend("ok"))  # a new app over the same home: a restart
    again = await after.get(f"/review/login?ticket={ticket}")
    assert again.status_code == 401 and "already used" in again.text


async def test_a_sign_out_holds_after_a_restart(client_for: Any) -> None:
    before = await client_for(fake_backend("ok"))
    csrf = await signed_in(before)
    cookie = {"Cookie": f"{SESSION_COOKIE}={before.cookies[SESSION_COOKIE]}"}
    out = await before.post("/review/logout", data={"_csrf": csrf}, follow_redirects=False)
    assert out.status_code == 303

    after = await client_for(fake_backend("ok"))
    page = await after.get("/review", headers=cookie)
    assert page.status_code == 401 and "voix eval review" in page.text


def test_expired_entries_are_dropped(tmp_path: Path) -> None:
    now = [1_000_000.0]
    auth = ReviewAuth(TokenStore(tmp_path, TOKEN), clock=lambda: now[0])
    cookie = auth.redeem(login_ticket(TOKEN, now=now[0]))
    auth.revoke(cookie)
    assert auth.session(cookie) is None

    now[0] += SESSION_TTL_S + LOGIN_TTL_S + 1
    auth.revoke(auth.redeem(login_ticket(TOKEN, now=now[0])))
    with closing(sqlite3.connect(tmp_path / AUTH_FILE)) as db:
        tickets = db.execute("SELECT count(*) FROM spent_tickets").fetchone()[0]
        sessions = db.execute("SELECT count(*) FROM revoked_sessions").fetchone()[0]
    assert (tickets, sessions) == (1, 1)  # the expired pair is gone, the fresh one kept
