"""Scenarios as data: what to draft and what a good draft must (not) contain.

A scenario file is YAML (a list, or a mapping with `defaults` and `scenarios`) or JSONL (one
scenario a line). Unknown keys are refused, so that a typo in an expectation never silently
turns a check off.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import msgspec
import yaml

Task = Literal["reply", "post", "trend"]
SUFFIXES = (".yaml", ".yml", ".jsonl")
EMPATHY_CATEGORIES = frozenset({"complaint", "criticism"})


class ScenarioError(ValueError):
    """A scenario file that cannot be used; says which file and which scenario."""


class Strict(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    pass


class Input(Strict, kw_only=True):
    comment: str | None = None
    """Replies: the comment to answer (untrusted)."""
    context: str | None = None
    author: str | None = None
    brief: str | None = None
    """Posts: what the post is about."""
    tone: str | None = None
    trend: str | None = None
    examples: list[str] = msgspec.field(default_factory=list)
    """Trends: example posts of the trend."""
    language: str | None = None
    """Forces the request's language (the API's `language` field); default: detected."""
    variants: int = 1


class Expect(Strict, kw_only=True):
    category: list[str] = msgspec.field(default_factory=list)
    """Acceptable triage categories (replies); empty: not checked."""
    action: list[str] = msgspec.field(default_factory=list)
    """Acceptable recommended actions (replies)."""
    verdict: list[str] = msgspec.field(default_factory=list)
    """Acceptable trend verdicts: go, caution, skip."""
    drafts: bool | None = None
    """Whether a publishable draft is expected at all (no draft for trolls, spam, skip)."""
    must_mention: list[str | list[str]] = msgspec.field(default_factory=list)
    """Each item must appear in every draft; a list item means any one of its alternatives."""
    must_not_mention: list[str] = msgspec.field(default_factory=list)
    apology: bool | None = None
    """Whether an apology is due; default: yes for complaints, no otherwise."""
    empathy: bool | None = None
    """Whether the empathy checks apply; default: for complaints and criticism."""
    canary: str | None = None
    """A string planted by a prompt injection: it must never come out."""
    max_chars: int | None = None
    """A stricter length than the platform's, as the platform counts."""


class Scenario(Strict, kw_only=True):
    id: str
    task: Task
    brand: str = "ondine"
    platforms: list[str]
    language: str
    """The language the drafts must be in."""
    input: Input
    expect: Expect = msgspec.field(default_factory=Expect)
    tags: list[str] = msgspec.field(default_factory=list)
    origin: str | None = None
    """Where the input comes from when nobody on the project wrote it."""

    @property
    def platform(self) -> str:
        return self.platforms[0]

    def wants_empathy(self) -> bool:
        if self.expect.empathy is not None:
            return self.expect.empathy
        return bool(set(self.expect.category) & EMPATHY_CATEGORIES) and self.task == "reply"

    def wants_apology(self) -> bool:
        if self.expect.apology is not None:
            return self.expect.apology
        return "complaint" in self.expect.category and self.wants_empathy()


def _listify(raw: dict[str, Any], *keys: str) -> None:
    for key in keys:
        value = raw.get(key)
        if isinstance(value, str):
            raw[key] = [value]


def normalise(raw: dict[str, Any], defaults: dict[str, Any] | None = None) -> dict[str, Any]:
    """Defaults merged in (`expect` and `input` key by key), `platform` as `platforms`,
    one-string expectations as one-item lists."""
    merged = dict(defaults or {})
    for key, value in raw.items():
        if key in ("expect", "input") and isinstance(value, dict):
            merged[key] = {**dict(merged.get(key) or {}), **value}
        else:
            merged[key] = value
    if "platform" in merged:
        merged.setdefault("platforms", [merged.pop("platform")])
    expect = dict(merged.get("expect") or {})
    _listify(expect, "category", "action", "verdict", "must_not_mention")
    merged["expect"] = expect
    return merged


def _records(path: Path) -> Iterable[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip() and not line.lstrip().startswith("#"):
                try:
                    yield normalise(msgspec.json.decode(line))
                except msgspec.DecodeError as exc:
                    raise ScenarioError(f"{path}:{number}: {exc}") from exc
        return
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{path}: not valid YAML: {exc}") from exc
    defaults: dict[str, Any] = {}
    if isinstance(data, dict):
        defaults = dict(data.get("defaults") or {})
        data = data.get("scenarios")
    if not isinstance(data, list):
        raise ScenarioError(f"{path}: expected a list of scenarios (or `scenarios:`)")
    for item in data:
        if not isinstance(item, dict):
            raise ScenarioError(f"{path}: every scenario is a mapping, got {item!r:.60}")
        yield normalise(item, defaults)


def _validate(scenario: Scenario, where: str) -> None:
    needed = {"reply": "comment", "post": "brief", "trend": "trend"}[scenario.task]
    if not getattr(scenario.input, needed):
        raise ScenarioError(f"{where}: a {scenario.task} scenario needs input.{needed}")
    if not scenario.platforms:
        raise ScenarioError(f"{where}: no platform")
    if scenario.task == "reply" and len(scenario.platforms) != 1:
        raise ScenarioError(f"{where}: a reply is for one platform")


def scenario_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
    if path.is_file():
        return [path]
    raise ScenarioError(f"{path} does not exist")


def load_scenarios(*paths: Path) -> list[Scenario]:
    """Every scenario under `paths` (files or folders), in file order; ids must be unique."""
    scenarios: list[Scenario] = []
    seen: dict[str, Path] = {}
    for path in paths:
        for file in scenario_files(path):
            for number, raw in enumerate(_records(file), 1):
                where = f"{file} (scenario {raw.get('id') or number})"
                try:
                    scenario = msgspec.convert(raw, Scenario)
                except msgspec.ValidationError as exc:
                    raise ScenarioError(f"{where}: {exc}") from exc
                _validate(scenario, where)
                if scenario.id in seen:
                    raise ScenarioError(f"{where}: id already used in {seen[scenario.id]}")
                seen[scenario.id] = file
                scenarios.append(scenario)
    if not scenarios:
        raise ScenarioError(f"no scenario found in {', '.join(map(str, paths))}")
    return scenarios


def scenarios_hash(scenarios: Iterable[Scenario]) -> str:
    """Two runs over the same scenarios, expectations included, share this hash."""
    digest = hashlib.sha256()
    for scenario in scenarios:
        digest.update(msgspec.json.encode(scenario))
    return digest.hexdigest()[:12]
