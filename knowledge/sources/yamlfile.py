"""YAML rows (FAQ files written by hand), as dictionaries of strings like `read_rows` gives.

Two shapes are accepted: a list of mappings, or a mapping whose `faq:` key holds that list.
We read the composed node tree rather than `safe_load`'s values, for two reasons: scalars
stay as written (YAML 1.1 would turn `answer: yes` into True, `no` into False, `1.10` into
1.1 and `01:30` into 5400), and every node keeps its line, so errors can point at it.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from knowledge.sources.errors import SourceError
from knowledge.sources.text import read_text

NULL_TAG = "tag:yaml.org,2002:null"
SHAPE = "expected a list of entries (- question: ...) or a top-level 'faq:' list"


def read_yaml_rows(path: Path, required: tuple[str, ...] = ()) -> list[dict[str, str]]:
    text = read_text(path)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise SourceError(path, f"is not valid YAML: {_yaml_problem(exc)}") from exc
    rows = []
    for number, node in enumerate(_entries(path, root), start=1):
        row = _row(path, number, node)
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


def _row(path: Path, number: int, node: Node) -> dict[str, str]:
    if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
        return {}  # a bare "-": an empty entry, skipped like an empty CSV row
    if not isinstance(node, MappingNode):
        where = f"entry {number} (line {_line(node)})"
        raise SourceError(path, f"{where} is {_kind(node)}; expected key: value pairs")
    row = {}
    for key, value in node.value:
        if not isinstance(key, ScalarNode):
            where = f"entry {number} (line {_line(key)})"
            raise SourceError(path, f"{where} has a key that is a {_kind(key)[2:]}, not text")
        name = str(key.value).strip().lower()
        row[name] = _text(path, f"entry {number}: {name!r} (line {_line(value)})", value)
    return row


def _text(path: Path, where: str, node: Node) -> str:
    """A scalar as written; a list of scalars (tags, keywords) joined with commas."""
    if isinstance(node, ScalarNode):
        return "" if node.tag == NULL_TAG else str(node.value).strip()
    if isinstance(node, SequenceNode) and all(isinstance(n, ScalarNode) for n in node.value):
        return ", ".join(t for t in (_text(path, where, n) for n in node.value) if t)
    raise SourceError(path, f"{where} is {_kind(node)}; expected text")


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return "a single value"


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1
