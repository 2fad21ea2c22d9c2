"""CSV and JSON Lines rows, as dictionaries of strings keyed by lowercase column name."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from knowledge.limits import DEFAULT_LIMITS, Limits
from knowledge.sources.budget import Budget
from knowledge.sources.errors import SourceError
from knowledge.sources.text import read_text

TABULAR_SUFFIXES = {".csv", ".jsonl", ".ndjson"}


def read_rows(
    path: Path, required: tuple[str, ...] = (), limits: Limits = DEFAULT_LIMITS
) -> list[dict[str, str]]:
    budget = Budget(path, limits)
    text = read_text(path, budget)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path, text, budget)
    elif suffix in {".jsonl", ".ndjson"}:
        rows = _jsonl_rows(path, text, budget)
    else:
        raise SourceError(path, f"unsupported format {suffix!r}; expected .csv or .jsonl")
    if not rows:
        raise SourceError(path, "has no rows")
    missing = [c for c in required if c not in rows[0]]
    if missing:
        found = ", ".join(rows[0]) or "none"
        raise SourceError(path, f"lacks column(s) {', '.join(missing)} (found: {found})")
    return rows


def _csv_rows(path: Path, text: str, budget: Budget) -> list[dict[str, str]]:
    rows = []
    try:
        for row in csv.DictReader(io.StringIO(text)):
            budget.count("rows")
            rows.append({(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k})
    except csv.Error as exc:
        raise SourceError(path, f"is not valid CSV: {exc}") from exc
    return [r for r in rows if any(r.values())]


def _jsonl_rows(path: Path, text: str, budget: Budget) -> list[dict[str, str]]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        budget.count("rows")
        value = _load(path, number, line, budget)
        if not isinstance(value, dict):
            raise SourceError(path, f"line {number} is not a JSON object")
        rows.append(
            {str(k).strip().lower(): "" if v is None else str(v).strip() for k, v in value.items()}
        )
    return rows


def _load(path: Path, number: int, line: str, budget: Budget) -> Any:
    """One line's value, refusing nesting past the depth limit: the decoder recurses (about
    1,000 levels raise RecursionError), and so does turning a nested value into text."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise SourceError(path, f"line {number} is not valid JSON: {exc.msg}") from exc
    except RecursionError as exc:
        raise budget.too_deep() from exc
    # A line with fewer brackets than the limit cannot nest deeper: skip the walk.
    if line.count("[") + line.count("{") > budget.limits.depth:
        budget.check_depth(nesting(value))
    return value


def nesting(value: Any) -> int:
    """How deep lists and objects nest in a decoded JSON value (a scalar is 0), iteratively."""
    deepest = 0
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth + 1)
            stack.extend((child, depth + 1) for child in item)
    return deepest
