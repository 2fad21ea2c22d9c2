"""Requests and folders an attacker or an unlucky user sends the API: links planted in the
brand folder, changes racing a sync, odd names and paths, deep JSON, a wrong sync folder, a
forged actor or client address, half-sent and idle connections. None may change what it must
not, and every refusal is a 4xx problem, never a 500."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import select
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import msgspec
import pytest
import uvicorn
from litestar import Litestar
from litestar.testing import AsyncTestClient

from knowledge import sync
from knowledge.embedding import Embedder
from knowledge.index import KnowledgeIndex, open_index
from knowledge.limits import Limits
from knowledge.sources import SourceError
from server.app import create_app
from server.http_server import uvicorn_options
from server.services import Services
from server.settings import Settings
from tests.conftest import AUTH, TOKEN, fake_backend, free_port
from tests.hostile_readers import hostile

FAQ = "question,answer\nDo you roast on Sundays?,No: the roastery rests on Sundays.\n"
PROBLEM = "application/problem+json"


def small_brand(folder: Path) -> Path:
    (folder / "faq").mkdir(parents=True)
    (folder / "brand.toml").write_text('id = "acme"\nname = "Acme"\n', encoding="utf-8")
    (folder / "faq" / "faq.csv").write_text(
        "question,answer\nWhen do you open?,At 8 every weekday.\n"
        "Do you ship abroad?,Yes, across the EU.\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile-home")


@pytest.fixture(scope="module")
def brand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_brand(tmp_path_factory.mktemp("hostile-brand") / "acme")


@pytest.fixture(scope="module")
def index(home: Path) -> Iterator[KnowledgeIndex]:
    opened = open_index(home)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def settings(home: Path) -> Settings:
    return Settings(home=home, token=TOKEN, llm="fake", max_upload_bytes=50_000, rate_limit=0)


@pytest.fixture(scope="module")
def services(settings: Settings, index: KnowledgeIndex, embedder: Embedder) -> Services:
    return Services.build(settings, fake_backend("ok"), index, embedder)


@pytest.fixture(scope="module")
async def client(services: Services, brand: Path) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=create_app(services)) as client:
        synced = await client.post(
            "/v1/brands/acme/sync", json={"folder": str(brand)}, headers=AUTH
        )
        assert synced.status_code == 200, synced.text
        yield client


async def upload(
    client: AsyncTestClient[Litestar], name: str, content: str | bytes = FAQ, kind: str = "faq"
) -> httpx.Response:
    return await client.post(
        "/v1/brands/acme/documents",
        files={"file": (name, content, "application/octet-stream")},
        data={"kind": kind},
        headers=AUTH,
    )


async def documents(client: AsyncTestClient[Litestar]) -> set[str]:
    detail = (await client.get("/v1/brands/acme", headers=AUTH)).json()
    return {d["id"] for d in detail["documents"]}


def assert_problem(response: httpx.Response, status: int, slug: str | None = None) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    if slug:
        assert response.json()["type"].endswith(f"/{slug}")


# Found 3: symbolic links are never written or deleted through


async def test_an_upload_never_writes_through_a_planted_link(
    client: AsyncTestClient[Litestar], brand: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.csv"
    outside.write_text("question,answer\nkeep,me\n")
    link = brand / "faq" / "linked.csv"
    link.symlink_to(outside)
    # the temporary name the upload used to write first, planted as a link too
    staged = brand / "faq" / ".sundays.csv.upload"
    staged_target = tmp_path / "staged-target.csv"
    staged_target.write_text("untouched")
    staged.symlink_to(staged_target)
    try:
        assert_problem(await upload(client, "linked.csv"), 409, "unsafe-path")
        assert outside.read_text() == "question,answer\nkeep,me\n"
        assert link.is_symlink()

        assert (await upload(client, "sundays.csv")).status_code == 201
        assert staged_target.read_text() == "untouched"
        assert not (brand / "faq" / "sundays.csv").is_symlink()
    finally:
        link.unlink()
        staged.unlink()
    assert (
        await client.delete("/v1/brands/acme/documents/faq/sundays.csv", headers=AUTH)
    ).is_success


async def test_a_linked_folder_moves_no_upload_or_delete_outside_the_brand(
    client: AsyncTestClient[Litestar], brand: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "old.csv").write_text("comment,reply\nhi,hello\n")
    (brand / "replies").symlink_to(elsewhere, target_is_directory=True)
    try:
        replies = "comment,reply\nWhere is my order?,Let us check.\n"
        assert_problem(await upload(client, "new.csv", replies, "reply"), 409, "unsafe-path")
        assert sorted(p.name for p in elsewhere.iterdir()) == ["old.csv"]
        deleted = await client.delete("/v1/brands/acme/documents/replies/old.csv", headers=AUTH)
        assert_problem(deleted, 409, "unsafe-path")
        assert (elsewhere / "old.csv").is_file()
    finally:
        (brand / "replies").unlink()


async def test_a_delete_never_removes_what_a_link_points_to(
    client: AsyncTestClient[Litestar], brand: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "precious.md"
    outside.write_text("# Precious\nDo not delete.\n")
    (brand / "faq" / "link.md").symlink_to(outside)
    try:
        deleted = await client.delete("/v1/brands/acme/documents/faq/link.md", headers=AUTH)
        assert_problem(deleted, 409, "unsafe-path")
        assert outside.read_text() == "# Precious\nDo not delete.\n"
    finally:
        (brand / "faq" / "link.md").unlink()


async def test_a_listed_document_whose_file_is_gone_can_still_be_deleted(
    client: AsyncTestClient[Litestar], brand: Path
) -> None:
    assert (await upload(client, "gone.csv")).status_code == 201
    (brand / "faq" / "gone.csv").unlink()  # removed by hand, no sync since
    assert "faq/gone.csv" in await documents(client)
    deleted = await client.delete("/v1/brands/acme/documents/faq/gone.csv", headers=AUTH)
    assert deleted.status_code == 200, deleted.text
    assert deleted.json()["counts"]["faq"]["removed"] == 1
    assert "faq/gone.csv" not in await documents(client)


# Found 4: the lock comes first


async def test_a_change_that_cannot_take_the_lock_changes_nothing_on_disk(
    client: AsyncTestClient[Litestar], brand: Path
) -> None:
    faq = brand / "faq" / "faq.csv"
    before = faq.read_bytes()
    with client.app.state.services.brands.lock_for("acme"):  # as a running sync holds it
        assert_problem(await upload(client, "racing.csv"), 409, "sync-in-progress")
        assert_problem(await upload(client, "faq.csv", FAQ), 409, "sync-in-progress")
        deleted = await client.delete("/v1/brands/acme/documents/faq/faq.csv", headers=AUTH)
        assert_problem(deleted, 409, "sync-in-progress")
    assert not (brand / "faq" / "racing.csv").exists()
    assert faq.read_bytes() == before
    assert not [p for p in (brand / "faq").iterdir() if p.name.startswith(".")]


# Uploads are parsed off the event loop; any parser failure is a 4xx


async def test_an_upload_being_parsed_does_not_hold_up_health(
    client: AsyncTestClient[Litestar], monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow_reader(*_: Any, **__: Any) -> list[Any]:
        time.sleep(1.5)  # a parser working through a pathological file
        return []

    monkeypatch.setattr("server.brands.read_source", slow_reader)

    async def probe_health() -> float:
        await asyncio.sleep(0.3)
        started = time.perf_counter()
        assert (await client.get("/health")).status_code == 200
        return time.perf_counter() - started

    uploaded, waited = await asyncio.gather(upload(client, "slow.csv"), probe_health())
    assert_problem(uploaded, 422, "upload-rejected")
    assert waited < 0.5, f"/health waited {waited:.2f} s behind the upload's parsing"


@pytest.mark.parametrize(
    "raised",
    [RuntimeError("a parser library's own bug"), RecursionError(), ValueError("bad codec")],
    ids=["library bug", "recursion", "decoding"],
)
async def test_any_parser_failure_of_an_upload_is_a_422(
    client: AsyncTestClient[Litestar],
    brand: Path,
    monkeypatch: pytest.MonkeyPatch,
    raised: Exception,
) -> None:
    def failing_reader(*_: Any, **__: Any) -> list[Any]:
        raise raised

    monkeypatch.setattr("server.brands.read_source", failing_reader)
    assert_problem(await upload(client, "broken.csv"), 422, "upload-rejected")
    assert not (brand / "faq" / "broken.csv").exists()


async def test_an_upload_over_a_reading_limit_is_a_413(
    client: AsyncTestClient[Litestar], monkeypatch: pytest.MonkeyPatch
) -> None:
    def limited_reader(path: Path, *_: Any, **__: Any) -> list[Any]:
        raise SourceError(path, "expands to more than 200 MB", "expanded_mb")

    monkeypatch.setattr("server.brands.read_source", limited_reader)
    refused = await upload(client, "bomb.csv")
    assert_problem(refused, 413, "upload-rejected")
    assert "200 MB" in refused.json()["detail"]


async def test_a_deeply_nested_jsonl_upload_is_a_4xx(
    client: AsyncTestClient[Litestar], brand: Path
) -> None:
    deep = "[" * 20_000 + "]" * 20_000 + "\n"
    refused = await upload(client, "deep.jsonl", deep)
    assert refused.status_code in (413, 422), refused.text
    assert not (brand / "faq" / "deep.jsonl").exists()


# Found 7: names and paths


async def test_a_file_name_ending_in_a_newline_is_refused(
    client: AsyncTestClient[Litestar], brand: Path
) -> None:
    refused = await upload(client, "faq.csv\n")
    assert_problem(refused, 422, "upload-rejected")
    assert "line break" in refused.json()["detail"]


async def test_an_accented_file_name_is_accepted_listed_and_deletable(
    client: AsyncTestClient[Litestar], brand: Path
) -> None:
    decomposed = "faq-e\u0301te\u0301.md"  # as macOS writes names: stored composed
    faq = "## Are you open in summer?\nYes, every day.\n"
    uploaded = await upload(client, decomposed, faq)
    assert uploaded.status_code == 201, uploaded.text
    assert (brand / "faq" / "faq-été.md").is_file()
    assert "faq/faq-été.md" in await documents(client)
    deleted = await client.delete(
        "/v1/brands/acme/documents/" + quote("faq/faq-été.md"), headers=AUTH
    )
    assert deleted.status_code == 200, deleted.text
    assert not (brand / "faq" / "faq-été.md").exists()


@pytest.mark.parametrize(
    "document",
    ["faq/x%00", "faq/" + "a" * 300 + ".md", "faq/" + "é" * 130 + ".md", "faq/" + "a/" * 2100],
    ids=["NUL byte", "name over 255 bytes", "accented name over 255 bytes", "path over 4096"],
)
async def test_impossible_document_paths_are_404_problems(
    client: AsyncTestClient[Litestar], document: str
) -> None:
    deleted = await client.delete(f"/v1/brands/acme/documents/{document}", headers=AUTH)
    assert_problem(deleted, 404, "document-not-found")


@pytest.mark.parametrize(
    ("folder", "status"),
    [
        ("x" * 5000, 422),
        ("/tmp/a\x00b", 400),
        ("/tmp/" + "a" * 300, 400),
        ("/" + "a/" * 1000, 400),
    ],
    ids=["5,000 characters", "NUL byte", "name over 255 bytes", "no such folder"],
)
async def test_impossible_sync_folders_are_4xx_problems(
    client: AsyncTestClient[Litestar], folder: str, status: int
) -> None:
    synced = await client.post("/v1/brands/acme/sync", json={"folder": folder}, headers=AUTH)
    assert_problem(synced, status)


# Found 2 (requests): JSON nested beyond any request of the API


DEEP = b'{"comment": ' + b"[" * 5000 + b"]" * 5000 + b"}"


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/v1/pair", {}),
        ("/v1/drafts/reply", AUTH),
        ("/v1/brands/acme/sync", AUTH),
        ("/v1/feedback", AUTH),
        ("/review/ab", {}),
        ("/no/such/route", {}),
    ],
)
async def test_deeply_nested_json_is_a_400_problem_on_every_route(
    client: AsyncTestClient[Litestar], path: str, headers: dict[str, str]
) -> None:
    response = await client.post(
        path, content=DEEP, headers={**headers, "Content-Type": "application/json"}
    )
    assert_problem(response, 400, "json-too-deep")
    assert "64 levels" in response.json()["detail"]


async def test_brackets_inside_strings_and_shallow_json_pass(
    client: AsyncTestClient[Litestar],
) -> None:
    body = msgspec.json.encode({"code": "[{" * 100 + '\\"' + "]}" * 100})
    response = await client.post(
        "/v1/pair", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code in (400, 422), response.text  # the pair route's own answer
    assert not response.json()["type"].endswith("json-too-deep")
    synced = await client.post("/v1/brands/acme/sync", json={"dry_run": True}, headers=AUTH)
    assert synced.status_code == 200, synced.text


# Found 8: the audit log's actor is the authenticated caller


async def test_the_history_records_the_authenticated_caller_not_a_body_field(
    client: AsyncTestClient[Litestar],
) -> None:
    forged = await client.post("/v1/brands/acme/sync", json={"actor": "ceo"}, headers=AUTH)
    assert_problem(forged, 422)
    assert (await client.post("/v1/brands/acme/sync", headers=AUTH)).status_code == 200
    entries = (await client.get("/v1/brands/acme/history", headers=AUTH)).json()
    assert entries[0]["actor"].startswith("api sync (bearer token, from ")
    assert all(e["actor"] != "ceo" for e in entries)


# Found 6: a wrong sync folder does not wipe the brand


async def test_syncing_the_brand_from_another_folder_needs_replace(
    client: AsyncTestClient[Litestar], brand: Path, tmp_path: Path
) -> None:
    other = tmp_path / "only-profile"
    other.mkdir()
    (other / "brand.toml").write_text('id = "acme"\nname = "Acme"\n')
    before = (await client.get("/v1/brands/acme", headers=AUTH)).json()
    assert before["counts"]["faq"] >= 2

    refused = await client.post("/v1/brands/acme/sync", json={"folder": str(other)}, headers=AUTH)
    assert_problem(refused, 409, "folder-change")
    problem = refused.json()
    assert problem["registered_folder"] == str(brand.resolve())
    assert problem["folder"] == str(other.resolve())
    assert problem["removed"] == problem["indexed"] == sum(before["counts"].values())
    assert '"replace": true' in problem["detail"] and str(brand.resolve()) in problem["detail"]
    assert (await client.get("/v1/brands/acme", headers=AUTH)).json() == before

    plan = await client.post(
        "/v1/brands/acme/sync", json={"folder": str(other), "dry_run": True}, headers=AUTH
    )
    assert plan.status_code == 200 and plan.json()["dry_run"]

    replaced = await client.post(
        "/v1/brands/acme/sync", json={"folder": str(other), "replace": True}, headers=AUTH
    )
    assert replaced.status_code == 200, replaced.text
    assert (await client.get("/v1/brands/acme", headers=AUTH)).json()["folder"] == str(
        other.resolve()
    )
    back = await client.post(
        "/v1/brands/acme/sync", json={"folder": str(brand), "replace": True}, headers=AUTH
    )
    assert back.status_code == 200, back.text
    assert (await client.get("/v1/brands/acme", headers=AUTH)).json()["counts"] == before["counts"]


def test_the_cli_needs_replace_to_sync_a_brand_from_another_folder(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from voix.cli import app

    runner = CliRunner()
    env = {"VOIX_HOME": str(tmp_path / "home"), "HF_HUB_OFFLINE": "1"}
    first = small_brand(tmp_path / "first")
    other = tmp_path / "other"
    other.mkdir()
    (other / "brand.toml").write_text('id = "acme"\nname = "Acme"\n')
    assert runner.invoke(app, ["kb", "sync", str(first)], env=env).exit_code == 0

    refused = runner.invoke(app, ["kb", "sync", str(other)], env=env)
    said = " ".join(refused.output.split())
    assert refused.exit_code == 1, refused.output
    assert "--replace" in said and "would remove 2" in said and "is synced from" in said

    replaced = runner.invoke(app, ["kb", "sync", str(other), "--replace", "--json"], env=env)
    assert replaced.exit_code == 0, replaced.output
    assert msgspec.json.decode(replaced.output)["counts"]["faq"]["removed"] == 2


# Found 8 and 12: a real server, its proxy headers and its connections


@pytest.fixture
def served(services: Services) -> Iterator[Any]:
    """Serve an app as `voix serve` does (uvicorn_options), with changed settings."""
    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(**changes: Any) -> int:
        settings = msgspec.structs.replace(
            services.settings, host="127.0.0.1", port=free_port(), **changes
        )
        app = create_app(dataclasses.replace(services, settings=settings))
        config = uvicorn.Config(app, **uvicorn_options(settings), log_config=None, lifespan="off")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        servers.append((server, thread))
        return settings.port

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=10)


def test_a_sync_or_upload_stuck_in_a_parser_holds_up_neither_health_nor_search(
    served: Any, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader holds the interpreter in one C call for 30 s, as a parser stuck in lxml
    would: in a worker process it stalls nothing here and is killed at the parse limit.
    (A served app: the test client waits for each response on the test's own loop.)"""
    monkeypatch.setitem(sync.SECTION_READERS, ".txt", hostile)
    monkeypatch.setattr(services.brands, "limits", Limits(parse_s=2.0))
    port = served()
    calm = small_brand(tmp_path / "calm")
    (calm / "brand.toml").write_text('id = "calm"\nname = "Calm"\n', encoding="utf-8")
    stuck = small_brand(tmp_path / "stuck")
    (stuck / "brand.toml").write_text('id = "stuck"\nname = "Stuck"\n', encoding="utf-8")
    (stuck / "guidelines").mkdir()
    (stuck / "guidelines" / "stuck-30.txt").write_text("Sign replies.", encoding="utf-8")

    with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=AUTH, timeout=60) as http:
        assert http.post("/v1/brands/calm/sync", json={"folder": str(calm)}).status_code == 200

        def probing(send: Callable[[], httpx.Response]) -> tuple[httpx.Response, float]:
            """What `send` got, and the longest /health and search took while it ran."""
            answer: list[httpx.Response] = []
            sender = threading.Thread(target=lambda: answer.append(send()))
            sender.start()
            slowest = 0.0
            while sender.is_alive():
                started = time.perf_counter()
                assert http.get("/health").status_code == 200
                assert http.get("/v1/brands/calm/search", params={"q": "open"}).status_code == 200
                slowest = max(slowest, time.perf_counter() - started)
                time.sleep(0.2)
            sender.join()
            return answer[0], slowest

        synced, slowest = probing(
            lambda: http.post("/v1/brands/stuck/sync", json={"folder": str(stuck)})
        )
        assert slowest < 1, f"/health and search waited {slowest:.2f} s behind the sync"
        assert synced.status_code == 200, synced.text
        failed = {f["path"]: f["reason"] for f in synced.json()["failed"]}
        assert failed == {"guidelines/stuck-30.txt": "took longer than 2 s to read"}
        assert synced.json()["counts"]["faq"]["added"] == 2  # the good file beside it

        uploaded, slowest = probing(
            lambda: http.post(
                "/v1/brands/calm/documents",
                files={"file": ("stuck-30.txt", b"Sign replies.", "text/plain")},
                data={"kind": "guideline"},
            )
        )
        assert slowest < 1, f"/health and search waited {slowest:.2f} s behind the upload"
        assert_problem(uploaded, 413, "upload-rejected")
        assert "took longer than 2 s to read" in uploaded.json()["detail"]
        assert not (calm / "guidelines" / "stuck-30.txt").exists()


def statuses_with_rotating_forwarded_for(port: int, count: int) -> list[int]:
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
        return [
            http.get("/v1/brands", headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
            for n in range(count)
        ]


def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted(served: Any) -> None:
    untrusted = served(rate_limit=2)
    assert statuses_with_rotating_forwarded_for(untrusted, 3) == [401, 401, 429]
    trusted = served(rate_limit=2, trusted_proxies=("127.0.0.1",))
    assert statuses_with_rotating_forwarded_for(trusted, 3) == [401, 401, 401]


def read_until_closed(sock: socket.socket, within: float) -> tuple[bytes, float]:
    """Everything the server sends until it closes the connection, and how long that took."""
    started = time.monotonic()
    sock.settimeout(within)
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except ConnectionResetError:
        pass
    except TimeoutError:
        pytest.fail(f"the server kept the connection open for over {within} s")
    return received, time.monotonic() - started


def test_idle_and_half_sent_connections_are_closed(served: Any) -> None:
    port = served(header_timeout_s=1.0, idle_timeout_s=1.0)

    with socket.create_connection(("127.0.0.1", port)) as idle:
        received, took = read_until_closed(idle, 5)
        assert received == b"" and took < 3

    with socket.create_connection(("127.0.0.1", port)) as half_head:
        half_head.sendall(b"GET /health HTTP/1.1\r\nHost: localhost\r\n")
        received, took = read_until_closed(half_head, 5)
        assert received.startswith(b"HTTP/1.1 408") and PROBLEM.encode() in received
        assert took < 3

    with socket.create_connection(("127.0.0.1", port)) as dripping:
        started = time.monotonic()
        closed_after = None
        for byte in b"GET /health HTTP/1.1\r\nX-Slow: " + b"a" * 100:
            try:
                dripping.sendall(bytes([byte]))
            except OSError:
                closed_after = time.monotonic() - started
                break
            if select.select([dripping], [], [], 0.25)[0]:  # an answer, or the close
                closed_after = time.monotonic() - started
                break
        assert closed_after is not None and closed_after < 3, "dripping reset the deadline"

    with socket.create_connection(("127.0.0.1", port)) as half_body:
        half_body.sendall(
            b"POST /v1/pair HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100\r\n\r\n{"code": '
        )
        _, took = read_until_closed(half_body, 5)
        assert took < 3

    with socket.create_connection(("127.0.0.1", port)) as kept_alive:
        kept_alive.sendall(b"GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
        received, took = read_until_closed(kept_alive, 5)
        assert received.startswith(b"HTTP/1.1 200") and took < 3


def test_a_malformed_request_gets_a_problem_body(served: Any) -> None:
    port = served()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        received, _ = read_until_closed(sock, 5)
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400") and PROBLEM.encode() in head
    assert msgspec.json.decode(body)["status"] == 400


def test_settings_read_trusted_proxies_and_time_outs() -> None:
    settings = Settings.from_env(
        {
            "VOIX_HOME": "/tmp/voix",
            "VOIX_TRUSTED_PROXIES": "10.0.0.1, 192.168.0.0/16",
            "VOIX_HEADER_TIMEOUT": "7",
            "VOIX_IDLE_TIMEOUT": "3",
        }
    )
    options = uvicorn_options(settings)
    assert options["proxy_headers"] and options["forwarded_allow_ips"] == [
        "10.0.0.1",
        "192.168.0.0/16",
    ]
    assert options["timeout_keep_alive"] == 3 and options["http"].head_timeout_s == 7
    assert not uvicorn_options(Settings(home=Path(os.devnull)))["proxy_headers"]
