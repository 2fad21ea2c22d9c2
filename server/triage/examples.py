"""Labelled triage examples: the shipped set and the reader of a brand's own files."""

from __future__ import annotations

from pathlib import Path

import msgspec

from server.triage.types import LabelledExample

SHIPPED_EXAMPLES = Path(__file__).with_name("triage_examples.jsonl")


class TriageExamplesError(ValueError):
    """A triage JSONL file that cannot be read; says which file and line."""


def load_examples(path: str | Path) -> list[LabelledExample]:
    """Read labelled examples, one JSON object a line; blank lines and `#` lines are skipped.

    Brands ship their own `triage/*.jsonl`, so a bad line must say where it is.
    """
    decoder = msgspec.json.Decoder(LabelledExample)
    examples: list[LabelledExample] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            example = decoder.decode(line)
        except msgspec.DecodeError as exc:
            raise TriageExamplesError(f"{path}:{number}: {exc}") from exc
        if not example.text.strip():
            raise TriageExamplesError(f"{path}:{number}: empty text")
        examples.append(example)
    return examples
