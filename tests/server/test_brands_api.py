"""The brand endpoints against real Chroma and the real embedder, on a private copy of the
demo brand (uploads and deletes change its folder)."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from knowledge.embedding import Embedder
from knowledge.index import KnowledgeIndex, open_index
from server.app import create_app
from server.services import Services
from server.settings import Settings
from tests.conftest import AUTH, DEMO_BRAND, TOKEN, fake_backend


@pytest.fixture(scope="module")
def kb_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("kb-home")


@pytest.fixture(scope="module")
def kb_brand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("kb-brand") / "ondine"
    shutil.copytree(DEMO_BRAND, target)
    return target


@pytest.fixture(scope="module")
def kb_index(kb_home: Path) -> Iterator[KnowledgeIndex]:
    index = open_index(kb_home)
    yield index
    index.close()


@pytest.fixture(scope="module")
async def client(
    kb_home: Path, kb_index: KnowledgeIndex, embedder: Embedder, kb_brand: Path
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    settings = Settings(home=kb_home, token=TOKEN, max_upload_bytes=50_000)
    services = Services.build(settings, fake_backend("ok"), kb_index, embedder)
    async with AsyncTestClient(app=create_app(services)) as client:
        response = await client.post(
            "/v1/brands/ondine/sync", json={"folder": str(kb_brand)}, headers=AUTH
        )
        assert response.status_code == 200, response.text
        yield client


async def test_list_and_detail(client: AsyncTestClient[Litestar]) -> None:
    brands = (await client.get("/v1/brands", headers=AUTH)).json()
    assert [b["id"] for b in brands] == ["ondine"]
    assert brands[0]["chunks"] > 100
    detail = (await client.get("/v1/brands/ondine", headers=AUTH)).json()
    assert detail["profile"]["name"] == "Ondine Coffee Roasters"
    assert detail["counts"]["faq"] >= 30
    assert {"faq/faq-fr.md", "faq/faq-en.md"} <= {d["id"] for d in detail["documents"]}


async def test_unknown_brand_is_404_everywhere(client: AsyncTestClient[Litestar]) -> None:
    for method, path in [
        ("GET", "/v1/brands/acme"),
        ("GET", "/v1/brands/acme/search?q=coffee"),
        ("POST", "/v1/brands/acme/sync"),
        ("DELETE", "/v1/brands/acme/documents/faq/x.md"),
        ("GET", "/v1/brands/acme/history"),
    ]:
        response = await client.request(method, path, headers=AUTH)
        assert response.status_code == 404, (method, path, response.text)
        assert response.json()["brand"] == "acme"


async def test_search_with_filters(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get(
        "/v1/brands/ondine/search",
        params={"q": "livraison", "k": 4, "kind": "post", "platform": "instagram"},
        headers=AUTH,
    )
    assert response.status_code == 200, response.text
    hits = response.json()["hits"]
    assert hits and all(h["kind"] == "post" and h["platform"] == "instagram" for h in hits)
    french = await client.get(
        "/v1/brands/ondine/search",
        params={"q": "delivery", "k": 5, "language": "fr"},
        headers=AUTH,
    )
    assert all(h["language"] == "fr" for h in french.json()["hits"])
    bad = await client.get(
        "/v1/brands/ondine/search", params={"q": "x", "kind": "tweet"}, headers=AUTH
    )
    assert bad.status_code == 422


async def test_upload_indexes_at_once_and_delete_removes(
    client: AsyncTestClient[Litestar], kb_brand: Path
) -> None:
    faq = b"question,answer\nDo you roast on Sundays?,No: the roastery rests on Sundays.\n"
    response = await client.post(
        "/v1/brands/ondine/documents",
        files={"file": ("sundays.csv", faq, "text/csv")},
        data={"kind": "faq"},
        headers=AUTH,
    )
    assert response.status_code == 201, response.text
    assert response.json()["counts"]["faq"]["added"] == 1
    assert (kb_brand / "faq" / "sundays.csv").is_file()
    hits = (
        await client.get(
            "/v1/brands/ondine/search",
            params={"q": "roast on Sundays", "kind": "faq", "k": 1},
            headers=AUTH,
        )
    ).json()["hits"]
    assert hits[0]["source"] == "faq/sundays.csv"

    deleted = await client.delete("/v1/brands/ondine/documents/faq/sundays.csv", headers=AUTH)
    assert deleted.status_code == 200, deleted.text
    assert deleted.json()["counts"]["faq"]["removed"] == 1
    assert not (kb_brand / "faq" / "sundays.csv").exists()
    again = await client.delete("/v1/brands/ondine/documents/faq/sundays.csv", headers=AUTH)
    assert again.status_code == 404
    escape = await client.delete("/v1/brands/ondine/documents/../brand.toml", headers=AUTH)
    assert escape.status_code == 404
    assert (kb_brand / "brand.toml").is_file()


@pytest.mark.parametrize(
    ("name", "content", "kind", "status", "says"),
    [
        ("big.csv", b"question,answer\n" + b"q,a\n" * 20_000, "faq", 413, "limit is 50,000"),
        ("tool.exe", b"MZ\x00\x00", "faq", 415, "accepted: "),
        ("posts.md", b"# Not a post export", "post", 415, ".csv"),
        ("broken.csv", b"title\nno answer\n", "faq", 422, "lacks column(s) question"),
        ("empty.md", b"", "guideline", 422, "is empty"),
        ("faq.csv", b"question,answer\na,b\n", "tweets", 422, "kind"),
    ],
)
async def test_bad_uploads_are_refused_and_change_nothing(
    client: AsyncTestClient[Litestar],
    kb_brand: Path,
    name: str,
    content: bytes,
    kind: str,
    status: int,
    says: str,
) -> None:
    before = (await client.get("/v1/brands/ondine", headers=AUTH)).json()["counts"]
    response = await client.post(
        "/v1/brands/ondine/documents",
        files={"file": (name, content, "application/octet-stream")},
        data={"kind": kind},
        headers=AUTH,
    )
    assert response.status_code == status, response.text
    assert says in response.json()["detail"]
    assert not any(p.name == name for p in kb_brand.rglob("*") if p.parent != kb_brand)
    after = (await client.get("/v1/brands/ondine", headers=AUTH)).json()["counts"]
    assert after == before


async def test_a_second_sync_of_the_same_brand_is_refused_while_one_runs(
    client: AsyncTestClient[Litestar],
) -> None:
    lock = client.app.state.services.brands.lock_for("ondine")
    with lock:  # as a running sync holds it
        response = await client.post("/v1/brands/ondine/sync", headers=AUTH)
    assert response.status_code == 409
    assert "already running" in response.json()["detail"]
    assert response.headers["retry-after"]
    assert (await client.post("/v1/brands/ondine/sync", headers=AUTH)).status_code == 200


async def test_history_records_each_sync(client: AsyncTestClient[Litestar]) -> None:
    await client.post("/v1/brands/ondine/sync", json={"dry_run": False}, headers=AUTH)
    entries = (await client.get("/v1/brands/ondine/history", headers=AUTH)).json()
    assert entries[0]["actor"] == "api sync (bearer token, from testclient)"
    assert entries[-1]["actor"].startswith("api sync")
    assert entries[-1]["counts"]["faq"]["added"] >= 30


async def test_brand_routes_need_the_token(client: AsyncTestClient[Litestar]) -> None:
    for path in ("/v1/brands", "/v1/brands/ondine", "/v1/brands/ondine/search?q=a"):
        assert (await client.get(path)).status_code == 401
