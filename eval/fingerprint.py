"""What a run's outputs depend on besides the model: prompt wording, the knowledge base and
the code. Recorded with every run, so that a change in pass rates can be traced to its cause."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path

import msgspec

from knowledge.chunking import KINDS
from knowledge.index import KnowledgeIndex

PROMPT_SUFFIXES = (".md", ".toml")
REPO = Path(__file__).resolve().parents[1]


def _hash(text: str | bytes) -> str:
    data = text.encode() if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()[:12]


def combined(parts: dict[str, str]) -> str:
    return _hash(msgspec.json.encode(dict(sorted(parts.items()))))


def prompt_versions() -> dict[str, str]:
    """Every prompt and fixed-phrase file the drafting services load -> hash of its text
    (the same hash `server.prompts.load_prompt` reports as a prompt's version)."""
    folder = files("server.prompts")
    versions: dict[str, str] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(PROMPT_SUFFIXES):
            versions[entry.name] = _hash(entry.read_text(encoding="utf-8").strip())
    return versions


def kb_versions(index: KnowledgeIndex, brands: Iterable[str]) -> dict[str, str]:
    """Brand -> hash of its indexed entries. Entry ids hash their content and metadata, so an
    edited FAQ answer, an added post or a re-chunked guideline changes it; a re-sync of the
    same files does not."""
    versions: dict[str, str] = {}
    for brand in sorted(set(brands)):
        ids = sorted(f"{kind}:{id_}" for kind in KINDS for id_ in index.ids(brand, kind))
        versions[brand] = _hash("\n".join(ids))
    return versions


def git_state(root: Path = REPO) -> tuple[str | None, bool | None]:
    """(HEAD commit, whether tracked files differ from it); (None, None) outside a checkout."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None, None
    return commit or None, bool(status.strip())
