"""Offline language detection (lingua), limited to the languages community managers write in."""

from __future__ import annotations

from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

SUPPORTED = (
    Language.ENGLISH,
    Language.FRENCH,
    Language.SPANISH,
    Language.GERMAN,
    Language.ITALIAN,
    Language.PORTUGUESE,
    Language.DUTCH,
)
LANGUAGE_NAMES = {
    "en": "English",
    "fr": "French",
    "es": "Spanish",
    "de": "German",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
}
"""The English name of each supported language, by ISO 639-1 code: prompts ("Reply in French")
and warnings ("it is in English, not French") name languages from this one table."""


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    # Loaded up front (~1 s, ~230 MB): lazily, the models arrive during the first texts,
    # which made the first sync of a process a second slower than the next.
    return (
        LanguageDetectorBuilder.from_languages(*SUPPORTED).with_preloaded_language_models().build()
    )


def detect_language(text: str, default: str = "en") -> str:
    """ISO 639-1 code of `text`, or `default` when there is nothing to judge."""
    if not any(ch.isalpha() for ch in text):
        return default
    language = _detector().detect_language_of(text)
    if language is None:
        return default
    return language.iso_code_639_1.name.lower()
