"""Fixtures of the eval tests: drafting services over the synced demo brand with a fake
chat model, and a store of their own."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from eval.store import EvalStore
from knowledge.embedding import Embedder
from knowledge.index import KnowledgeIndex
from knowledge.sync import SyncReport
from server.services import Services
from server.settings import Settings
from tests.conftest import build_services, fake_backend
from tests.eval.helpers import fill

MakeServices = Callable[..., Services]


@pytest.fixture
def make_services(
    settings: Settings, demo_index: KnowledgeIndex, embedder: Embedder, demo_sync: SyncReport
) -> Iterator[MakeServices]:
    """Services answering with the given replies (cycled), over the shared demo index."""
    built: list[Services] = []

    def make(*responses: str) -> Services:
        services = build_services(settings, demo_index, embedder, fake_backend(*responses))
        built.append(services)
        return services

    yield make
    for services in built:
        services.close()  # a lent index stays open


@pytest.fixture
def store(tmp_path: Path) -> EvalStore:
    return EvalStore(tmp_path)


@pytest.fixture
def runs(demo_home: Path) -> tuple[str, str]:
    """Two filled runs in the demo home's store (the one the app's review pages read), with
    labels of their own: that home is shared by the whole session."""
    return fill(EvalStore(demo_home), f"-{uuid.uuid4().hex[:6]}")
