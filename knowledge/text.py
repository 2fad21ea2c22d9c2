"""Text folding shared by every layer: lexical search here, the guard and the eval checks in
`server` and `eval`. One definition, so "Délais" and "delais" match the same way everywhere."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lowercase without accents, for comparisons that must not hinge on either."""
    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in folded if not unicodedata.combining(ch))
