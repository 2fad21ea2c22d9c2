"""Files are parsed in a worker process bounded in time and memory: a reader stuck in a C call,
one that allocates without bound and one that crashes each fail their own file with a reason,
the worker is started again, and the good file beside them is indexed."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge import sync
from knowledge.brand import BrandRegistry
from knowledge.embedding import Embedder
from knowledge.index import KnowledgeIndex, open_index
from knowledge.limits import Limits
from knowledge.parsing_worker import ParseWorker
from knowledge.sources import read_rows
from knowledge.sync import read_source, sync_brand
from tests.hostile_readers import hostile

LIMITS = Limits(parse_s=2.0, parse_mb=256.0)
GOOD_FAQ = "question,answer\nAre you open on Sunday?,No: we roast on Sundays.\n"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeIndex]:
    opened = open_index(tmp_path_factory.mktemp("worker-home"))
    yield opened
    opened.close()


def test_a_stuck_a_greedy_and_a_crashing_reader_fail_their_files_and_the_rest_is_indexed(
    tmp_path: Path, index: KnowledgeIndex, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sync.SECTION_READERS, ".txt", hostile)
    brand = tmp_path / "runaway"
    (brand / "guidelines").mkdir(parents=True)
    (brand / "faq").mkdir()
    (brand / "brand.toml").write_text('id = "runaway"\nname = "Runaway"\n')
    (brand / "faq" / "good.csv").write_text(GOOD_FAQ)
    for name in ("stuck-30.txt", "hog-4096.txt", "crash.txt", "fine.txt"):
        (brand / "guidelines" / name).write_text("Sign replies with the team name.")

    started = time.perf_counter()
    registry = BrandRegistry(tmp_path / "home")
    report = sync_brand(brand, index, embedder, registry, limits=LIMITS, dry_run=True)
    took = time.perf_counter() - started

    assert {f.path: f.reason for f in report.failed} == {
        "guidelines/stuck-30.txt": "took longer than 2 s to read",
        "guidelines/hog-4096.txt": "needed more than 256 MB to read",
        "guidelines/crash.txt": "the reader crashed (signal 11, SIGSEGV)",
    }
    assert report.counts["guideline"].added == 1  # fine.txt, read after a crash and a kill
    assert report.counts["faq"].added == 1
    assert took < 20, f"the stuck reader was not killed at the 2 s limit ({took:.1f} s)"


def test_a_file_parsed_in_the_worker_gives_the_same_chunks_as_in_process(
    tmp_path: Path,
) -> None:
    faq = tmp_path / "faq.csv"
    faq.write_text(GOOD_FAQ + "Do you ship abroad?,Yes: across the EU.\n")
    alone = read_source(faq, "faq", "faq/faq.csv", None, LIMITS)
    with ParseWorker(LIMITS) as worker:
        assert read_source(faq, "faq", "faq/faq.csv", None, LIMITS, worker) == alone
        first = worker.call(read_rows, faq, (), LIMITS)
        pid = worker._process.pid if worker._process else None
        assert worker.call(read_rows, faq, (), LIMITS) == first
        assert worker._process is not None and worker._process.pid == pid  # one worker, reused
