"""Feedback from the extension: stored in SQLite under VOIX_HOME, listed newest first."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest

from knowledge.brand import BrandRegistry
from knowledge.errors import BrandNotFound
from server.feedback import FEEDBACK_FILE, FeedbackStore
from server.schemas import FeedbackIn
from tests.conftest import AUTH, fake_backend


def report(**changes: Any) -> dict[str, Any]:
    return {
        "brand": "ondine",
        "kind": "reply",
        "platform": "x",
        "draft": f"Merci ! {uuid.uuid4().hex}",
        "final": None,
        "edited": False,
        "variant": 0,
        **changes,
    }


async def test_feedback_is_stored_and_listed_newest_first(client_for: Any) -> None:
    client = await client_for(fake_backend("ok"))
    first = report(site="x.com")
    second = report(kind="post", platform="linkedin", final="Edited text", edited=True, variant=2)
    ids = []
    for body in (first, second):
        response = await client.post("/v1/feedback", json=body, headers=AUTH)
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    assert ids[1] > ids[0]
    listed = (await client.get("/v1/feedback?brand=ondine&limit=2", headers=AUTH)).json()
    assert [e["id"] for e in listed] == ids[::-1]
    newest = listed[0]
    assert newest["draft"] == second["draft"] and newest["final"] == "Edited text"
    assert newest["edited"] is True and newest["variant"] == 2 and newest["kind"] == "post"
    assert newest["site"] is None and listed[1]["site"] == "x.com" and newest["at"]


async def test_feedback_lands_in_sqlite_under_voix_home(client_for: Any) -> None:
    client = await client_for(fake_backend("ok"))
    body = report()
    await client.post("/v1/feedback", json=body, headers=AUTH)
    home: Path = client.app.state.services.settings.home
    with sqlite3.connect(home / FEEDBACK_FILE) as db:
        rows = db.execute("SELECT brand, draft FROM feedback WHERE draft = ?", (body["draft"],))
        assert rows.fetchall() == [("ondine", body["draft"])]


@pytest.mark.parametrize(
    "body",
    [
        report(kind="story"),
        report(draft=""),
        report(variant=-1),
        report(platform="X Corp"),
        report(edited="yes"),
        {"brand": "ondine", "kind": "reply"},
    ],
)
async def test_invalid_feedback_is_422(client_for: Any, body: dict[str, Any]) -> None:
    client = await client_for(fake_backend("ok"))
    response = await client.post("/v1/feedback", json=body, headers=AUTH)
    assert response.status_code == 422, response.text


async def test_feedback_for_an_unknown_brand_is_404(client_for: Any) -> None:
    client = await client_for(fake_backend("ok"))
    response = await client.post("/v1/feedback", json=report(brand="acme"), headers=AUTH)
    assert response.status_code == 404 and response.json()["brand"] == "acme"
    listing = await client.get("/v1/feedback?brand=acme", headers=AUTH)
    assert listing.status_code == 404


async def test_feedback_needs_the_token(client_for: Any) -> None:
    client = await client_for(fake_backend("ok"))
    assert (await client.post("/v1/feedback", json=report())).status_code == 401
    assert (await client.get("/v1/feedback")).status_code == 401


def test_the_store_creates_its_schema_on_first_use(tmp_path: Path, demo_home: Path) -> None:
    store = FeedbackStore(tmp_path / "home", BrandRegistry(demo_home))
    assert store.recent() == []
    item = FeedbackIn(brand="ondine", kind="trend", platform="instagram", draft="Hello")
    new_id = store.record(item)
    (entry,) = store.recent("ondine")
    assert entry.id == new_id and entry.kind == "trend" and entry.final is None
    with pytest.raises(BrandNotFound):
        store.record(FeedbackIn(brand="acme", kind="reply", platform="x", draft="Hi"))
