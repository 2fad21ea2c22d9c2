"""CSV and JSON Lines rows, as dictionaries of strings keyed by lowercase column name."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from knowledge.sources.errors import SourceError
from knowledge.sources.text import read_text

TABULAR_SUFFIXES = {".csv", ".jsonl", ".ndjson"}


def read_rows(path: Path, required: tuple[str, ...] = ()) -> list[dict[str, str]]:
    text = read_text(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path, text)
    elif suffix in {".jsonl", ".ndjson"}:
        rows = _jsonl_rows(path, text)
    else:
        raise SourceError(path, f"unsupported format {suffix!r}; expected .csv or .jsonl")
    if not rows:
        raise SourceError(path, "has no rows")
    missing = [c for c in required if c not in rows[0]]
    if missing:
        found = ", ".join(rows[0]) or "none"
        raise SourceError(path, f"lacks column(s) {', '.join(missing)} (found: {found})")
    return rows


def _csv_rows(path: Path, text: str) -> list[dict[str, str]]:
    try:
        reader = csv.DictReader(io.StringIO(text))
        rows = [
            {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
            for row in reader
        ]
    except csv.Error as exc:
        raise SourceError(path, f"is not valid CSV: {exc}") from exc
    return [r for r in rows if any(r.values())]


def _jsonl_rows(path: Path, text: str) -> list[dict[str, str]]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SourceError(path, f"line {number} is not valid JSON: {exc.msg}") from exc
        if not isinstance(value, dict):
            raise SourceError(path, f"line {number} is not a JSON object")
        rows.append(
            {str(k).strip().lower(): "" if v is None else str(v).strip() for k, v in value.items()}
        )
    return rows
