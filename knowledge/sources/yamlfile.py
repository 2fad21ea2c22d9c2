"""YAML rows (FAQ files written by hand), as dictionaries of strings like `read_rows` gives.

Two shapes are accepted: a list of mappings, or a mapping whose `faq:` key holds that list.
We read the composed node tree rather than `safe_load`'s values, for two reasons: scalars
stay as written (YAML 1.1 would turn `answer: yes` into True, `no` into False, `1.10` into
1.1 and `01:30` into 5400), and every node keeps its line, so errors can point at it.

An alias (`*name`) repeats its anchor's node without copying it: a few hundred KB of them
can stand for 100 MB of text. Composing counts every node and bounds nesting (the composer
recurses), and reading the rows counts each node met again through an alias, and its text.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.events import MappingStartEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from knowledge.limits import DEFAULT_LIMITS, Limits, megabytes
from knowledge.sources.budget import Budget
from knowledge.sources.errors import SourceError
from knowledge.sources.text import read_text

NULL_TAG = "tag:yaml.org,2002:null"
SHAPE = "expected a list of entries (- question: ...) or a top-level 'faq:' list"
NODES = "YAML nodes"


class _Loader(yaml.SafeLoader):
    """The safe loader's composer, charging a budget for each node and bounding nesting."""

    def __init__(self, text: str, budget: Budget) -> None:
        super().__init__(text)
        self.budget = budget
        self.depth = 0

    def compose_node(self, parent: Node | None, index: object) -> Node | None:
        self.budget.count(NODES)
        nested = self.check_event(SequenceStartEvent, MappingStartEvent)
        self.depth += nested
        try:
            self.budget.check_depth(self.depth)
            return super().compose_node(parent, index)
        finally:
            self.depth -= nested


class _Expansion:
    """Nodes met again through an alias: each counts as a node, its text as alias text."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.seen: set[int] = set()
        self.chars = 0

    def visit(self, node: Node) -> Node:
        if id(node) not in self.seen:
            self.seen.add(id(node))
            return node
        self.budget.count(f"{NODES} (aliases expanded)")
        if isinstance(node, ScalarNode):
            self.chars += len(node.value)
            limits = self.budget.limits
            if self.chars > limits.yaml_alias_chars:
                raise SourceError(
                    self.budget.path,
                    f"has aliases that expand to more than {megabytes(limits.yaml_alias_mb)} "
                    "of text",
                    "yaml_alias_mb",
                )
        return node


def read_yaml_rows(
    path: Path, required: tuple[str, ...] = (), limits: Limits = DEFAULT_LIMITS
) -> list[dict[str, str]]:
    budget = Budget(path, limits)
    text = read_text(path, budget)
    loader = _Loader(text, budget)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise SourceError(path, f"is not valid YAML: {_yaml_problem(exc)}") from exc
    finally:
        loader.dispose()
    expansion = _Expansion(budget)
    rows = []
    for number, node in enumerate(_entries(path, root), start=1):
        row = _row(path, number, expansion.visit(node), expansion)
        if not any(row.values()):
            continue
        missing = [key for key in required if key not in row]
        if missing:
            raise SourceError(
                path,
                f"entry {number} (line {_line(node)}) lacks {', '.join(missing)} "
                f"(found: {', '.join(row) or 'none'})",
            )
        rows.append(row)
    if not rows:
        raise SourceError(path, "has no entries")
    return rows


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """E.g. "while scanning a quoted scalar (line 1), found unexpected end of stream (line 3)"."""
    if not isinstance(exc, yaml.MarkedYAMLError) or not exc.problem:
        return str(exc)
    parts = []
    for text, mark in ((exc.context, exc.context_mark), (exc.problem, exc.problem_mark)):
        if text:
            parts.append(f"{text} (line {mark.line + 1})" if mark else str(text))
    return ", ".join(parts)


def _entries(path: Path, root: Node | None) -> list[Node]:
    if root is None:
        raise SourceError(path, "has no entries")
    if isinstance(root, SequenceNode):
        return list(root.value)
    if isinstance(root, MappingNode):
        for key, value in root.value:
            if isinstance(key, ScalarNode) and key.value.strip().lower() == "faq":
                if isinstance(value, SequenceNode):
                    return list(value.value)
                raise SourceError(path, f"'faq:' (line {_line(key)}) is {_kind(value)}; {SHAPE}")
        keys = ", ".join(str(k.value) for k, _ in root.value if isinstance(k, ScalarNode))
        raise SourceError(path, f"is a mapping without 'faq:' (keys: {keys or 'none'}); {SHAPE}")
    raise SourceError(path, f"is {_kind(root)}; {SHAPE}")


def _row(path: Path, number: int, node: Node, expansion: _Expansion) -> dict[str, str]:
    if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
        return {}  # a bare "-": an empty entry, skipped like an empty CSV row
    if not isinstance(node, MappingNode):
        where = f"entry {number} (line {_line(node)})"
        raise SourceError(path, f"{where} is {_kind(node)}; expected key: value pairs")
    row = {}
    for key, value in node.value:
        expansion.visit(key)
        expansion.visit(value)
        if not isinstance(key, ScalarNode):
            where = f"entry {number} (line {_line(key)})"
            raise SourceError(path, f"{where} has a key that is a {_kind(key)[2:]}, not text")
        name = str(key.value).strip().lower()
        row[name] = _text(path, f"entry {number}: {name!r} (line {_line(value)})", value, expansion)
    return row


def _text(path: Path, where: str, node: Node, expansion: _Expansion) -> str:
    """A scalar as written; a list of scalars (tags, keywords) joined with commas."""
    if isinstance(node, ScalarNode):
        return "" if node.tag == NULL_TAG else str(node.value).strip()
    if isinstance(node, SequenceNode) and all(isinstance(n, ScalarNode) for n in node.value):
        items = (_text(path, where, expansion.visit(n), expansion) for n in node.value)
        return ", ".join(t for t in items if t)
    raise SourceError(path, f"{where} is {_kind(node)}; expected text")


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return "a single value"


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1
