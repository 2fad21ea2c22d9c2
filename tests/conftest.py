"""Shared fixtures: the real embedding model, the demo brand synced once into a temp VOIX_HOME,
and backends with LangChain's fake chat models."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
import uvicorn
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.messages import BaseMessage
from litestar import Litestar
from litestar.testing import AsyncTestClient

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from knowledge.brand import BrandRegistry
from knowledge.embedding import Embedder
from knowledge.index import KnowledgeIndex, open_index
from knowledge.sync import SyncReport, sync_brand
from server.llm import LLMBackend
from server.services import Services
from server.settings import Settings
from voix.app import create_app

DEMO_BRAND = Path(__file__).resolve().parents[1] / "knowledge" / "demo" / "ondine"
TOKEN = "test-token-0123456789"


class RecordingChat(FakeListChatModel):
    """FakeListChatModel that keeps every prompt it was sent, to assert on what the chain built."""

    prompts: list[list[BaseMessage]] = []  # noqa: RUF012 - a pydantic field, copied per instance

    def _call(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> str:
        self.prompts.append(list(messages))
        return super()._call(messages, *args, **kwargs)

    def _stream(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> Any:
        self.prompts.append(list(messages))
        return super()._stream(messages, *args, **kwargs)

    def _astream(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> Any:
        self.prompts.append(list(messages))
        return super()._astream(messages, *args, **kwargs)


@pytest.fixture(autouse=True)
def _umask_restored() -> Iterator[None]:
    """`voix` makes its process's files private (umask 077): a command invoked in a test
    must not change the mode of what later tests create."""
    before = os.umask(0o022)
    os.umask(before)
    yield
    os.umask(before)


def fake_backend(*responses: str) -> LLMBackend:
    return LLMBackend(RecordingChat(responses=list(responses), prompts=[]), "fake", "fake")


@pytest.fixture(scope="session")
def embedded_llm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LLMBackend]:
    """The real embedded model: SmolLM2-135M-Instruct through llama.cpp, in its own
    supervised process, started once."""
    from server.llm import build_backend

    home = tmp_path_factory.mktemp("llm-home")
    # the model writes replies here (composition is tested without it): every drafting path
    # runs the real model end to end
    backend = build_backend(
        Settings(home=home, llm="llamacpp", reply_writing="free", post_writing="free")
    )
    yield backend
    backend.close()


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Embedder()


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("voix-home")


@pytest.fixture(scope="session")
def demo_index(demo_home: Path) -> Iterator[KnowledgeIndex]:
    index = open_index(demo_home)
    yield index
    index.close()


@pytest.fixture(scope="session")
def demo_sync(demo_home: Path, demo_index: KnowledgeIndex, embedder: Embedder) -> SyncReport:
    """The demo brand, synced once for the whole session."""
    return sync_brand(DEMO_BRAND, demo_index, embedder, BrandRegistry(demo_home))


@pytest.fixture
def settings(demo_home: Path) -> Settings:
    return Settings(home=demo_home, token=TOKEN, llm="fake")


def build_services(
    settings: Settings, index: KnowledgeIndex, embedder: Embedder, llm: LLMBackend
) -> Services:
    return Services.build(settings, llm=llm, index=index, embedder=embedder)


@pytest.fixture
def make_app(
    settings: Settings, demo_index: KnowledgeIndex, embedder: Embedder, demo_sync: SyncReport
) -> Any:
    """Build an app over the synced demo brand with the given backend (and settings changed
    by keyword, e.g. `draft_timeout_s=0.5`)."""

    def make(llm: LLMBackend, **changes: Any) -> Litestar:
        changed = msgspec.structs.replace(settings, **changes) if changes else settings
        return create_app(build_services(changed, demo_index, embedder, llm))

    return make


@pytest.fixture
async def client_for(make_app: Any) -> AsyncIterator[Any]:
    clients: list[AsyncTestClient[Litestar]] = []

    async def make(llm: LLMBackend) -> AsyncTestClient[Litestar]:
        client = AsyncTestClient(app=make_app(llm))
        await client.__aenter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.__aexit__(None, None, None)


AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def serve() -> Iterator[Any]:
    """Serve an app on a real loopback socket, where a client can really hang up."""
    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(app: Any) -> str:
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="off")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        servers.append((server, thread))
        return f"http://127.0.0.1:{port}"

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=10)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Chroma server (`chroma run`, shipped with chromadb) on loopback."""
    import shutil
    import subprocess
    import sys
    import time

    import httpx

    chroma = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = (path / "server.log").open("w")
    process = subprocess.Popen(
        [chroma, "run", "--path", str(path / "data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail(f"chroma run did not start: {(path / 'server.log').read_text()}")
    yield url
    process.terminate()
    process.wait(timeout=30)
    log.close()
