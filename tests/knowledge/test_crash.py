"""A sync killed with SIGKILL at any moment leaves an index the next sync repairs."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from knowledge.brand import BrandRegistry
from knowledge.chunking import KINDS
from knowledge.embedding import Embedder
from knowledge.index import open_index
from knowledge.sync import read_kind, sync_brand
from tests.conftest import DEMO_BRAND


def _stored_vectors(home: Path) -> int:
    """Rows Chroma has committed so far, read from its SQLite file without opening the index."""
    database = home / "chroma" / "chroma.sqlite3"
    if not database.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=0.1) as connection:
            return int(connection.execute("SELECT count(*) FROM embeddings").fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize("moment", ["before-writing", "mid-write"])
def test_sigkill_mid_sync_then_resync_gives_exactly_the_folder(
    tmp_path: Path, embedder: Embedder, moment: str
) -> None:
    brand = tmp_path / "brand"
    shutil.copytree(DEMO_BRAND, brand)
    home = tmp_path / "home"
    env = {**os.environ, "VOIX_HOME": str(home)}
    process = subprocess.Popen(
        [sys.executable, "-m", "voix", "kb", "sync", str(brand), "--json"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if moment == "before-writing":
        time.sleep(1.0)
    else:  # as soon as the first batch is committed, long before the last
        deadline = time.monotonic() + 120
        while _stored_vectors(home) == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    if moment == "mid-write":
        total = sum(len(read_kind(DEMO_BRAND, kind)[0]) for kind in KINDS)
        assert 0 < _stored_vectors(home) < total, "killed while the index was half-written"

    # The folder changes while the index is half-written: a file goes, one is edited.
    (brand / "replies" / "replies.jsonl").unlink()
    faq = brand / "faq" / "faq-en.md"
    faq.write_text(faq.read_text(encoding="utf-8") + "\n## Is there Wi-Fi?\nYes, free.\n")

    index = open_index(home)  # the dead process's lock died with it
    try:
        report = sync_brand(brand, index, embedder, BrandRegistry(home))
        assert report.failed == []
        for kind in KINDS:
            expected = {c.id for c in read_kind(brand, kind)[0]}
            stored = [c.id for c in index.get("ondine", kind)]
            assert len(stored) == len(set(stored)), f"duplicate {kind} chunks"
            assert set(stored) == expected, f"{kind}: orphans or missing chunks"
        assert index.count("ondine", "reply") == 0
    finally:
        index.close()
