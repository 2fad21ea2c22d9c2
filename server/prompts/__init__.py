"""Prompt files, loaded by name. Each prompt's version is the hash of its text, recorded with
every run so that a change of wording is visible in evaluations."""

from __future__ import annotations

import hashlib
import tomllib
from functools import cache
from importlib.resources import files
from typing import Any

import msgspec


class Prompt(msgspec.Struct, frozen=True):
    name: str
    text: str
    version: str


@cache
def load_prompt(name: str) -> Prompt:
    text = files(__package__).joinpath(f"{name}.md").read_text(encoding="utf-8").strip()
    return Prompt(name, text, hashlib.sha256(text.encode()).hexdigest()[:12])


@cache
def load_table(name: str) -> dict[str, Any]:
    """A TOML file of fixed sentences (`phrases`, `triage`...), read once."""
    text = files(__package__).joinpath(f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _phrases() -> dict[str, dict[str, str | list[str]]]:
    return load_table("phrases")


def phrase_variants(key: str, language: str) -> list[str]:
    """Every wording of a fixed sentence in `language` (English when that language has none):
    a list in phrases.toml gives variants of a draft different words, the first is the default."""
    table = _phrases()
    value = table.get(language, {}).get(key) or table["en"][key]
    return [value] if isinstance(value, str) else list(value)


def phrase(key: str, language: str, variant: int = 0, **values: str) -> str:
    """A fixed sentence in `language`, its `variant`-th wording (cycling through them)."""
    wordings = phrase_variants(key, language)
    return wordings[variant % len(wordings)].format(**values)
