"""VOIX_HOME is private: created 0700 with every file 0600 by the `voix` command, including
what a sync writes (the Chroma database, the audit log, the brand registry), and an existing
home readable by others is tightened at start; brand folders outside it are left alone."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from server.security import tighten_home
from tests.conftest import DEMO_BRAND, free_port
from voix.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def keep_umask() -> Iterator[None]:
    """The CLI sets the process umask; give the rest of the test session its own back."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def loose(home: Path) -> list[str]:
    """Every entry of the home (the home too) that another user could read or enter."""
    entries = [home, *home.rglob("*")]
    return [f"{p} {oct(mode(p))}" for p in entries if not p.is_symlink() and mode(p) & 0o077]


def small_brand(where: Path) -> Path:
    """A one-file brand folder of the user's own, readable by others (0755 and 0644)."""
    folder = where / "brand"
    (folder / "faq").mkdir(parents=True)
    shutil.copy(DEMO_BRAND / "brand.toml", folder / "brand.toml")
    shutil.copy(DEMO_BRAND / "faq" / "faq-en.md", folder / "faq" / "faq-en.md")
    for path in (folder, folder / "faq"):
        path.chmod(0o755)
    for path in (folder / "brand.toml", folder / "faq" / "faq-en.md"):
        path.chmod(0o644)
    return folder


def test_a_new_home_is_private_and_a_sync_keeps_it_so(tmp_path: Path) -> None:
    os.umask(0o022)  # the usual umask, under which files were 0644 before
    home = tmp_path / "home"
    env = {"VOIX_HOME": str(home), "VOIX_PORT": str(free_port())}
    created = runner.invoke(app, ["token"], env=env)
    assert created.exit_code == 0, created.output
    assert mode(home) == 0o700 and mode(home / "token") == 0o600

    brand = small_brand(tmp_path)
    synced = runner.invoke(app, ["kb", "sync", str(brand)], env=env)
    assert synced.exit_code == 0, synced.output
    written = {p.relative_to(home).parts[0] for p in home.rglob("*")}
    assert {"chroma", "brands", "token"} <= written, written
    assert loose(home) == []
    assert all(mode(p) == 0o600 for p in home.rglob("*") if p.is_file())
    # The user's own folder is not Voix's to change.
    assert mode(brand) == 0o755 and mode(brand / "faq" / "faq-en.md") == 0o644


def test_an_existing_home_readable_by_others_is_tightened_at_start(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "chroma").mkdir(parents=True)
    for path, bits in (
        (home / "token", 0o644),
        (home / "audit.jsonl", 0o644),
        (home / "chroma" / "chroma.sqlite3", 0o664),
    ):
        path.write_text("x")
        path.chmod(bits)
    (home / "chroma").chmod(0o755)
    home.chmod(0o755)
    outside = tmp_path / "brand"
    outside.mkdir()
    outside.chmod(0o755)  # whatever umask an earlier command left this process
    (outside / "faq.md").write_text("x")
    (outside / "faq.md").chmod(0o644)
    (home / "linked-brand").symlink_to(outside, target_is_directory=True)

    result = runner.invoke(app, ["token"], env={"VOIX_HOME": str(home)})
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())  # rich wraps lines
    assert "made 5 entries owner-only" in said, said
    assert loose(home) == []
    assert mode(home) == 0o700 and mode(home / "chroma" / "chroma.sqlite3") == 0o600
    # Links are not followed: what one points to keeps its permissions.
    assert mode(outside) == 0o755 and mode(outside / "faq.md") == 0o644
    assert tighten_home(home) == 0  # nothing left to do, and no note next time
    again = runner.invoke(app, ["token"], env={"VOIX_HOME": str(home)})
    assert "owner-only" not in again.output
