"""A text too long for one post split into a thread, at the strongest break that fits."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Final

import regex

from server.platforms.counting import GRAPHEME, count
from server.platforms.links import x_url_spans
from server.platforms.rules import PlatformSpec


def split_thread(text: str, spec: PlatformSpec) -> list[str]:
    """Numbered thread parts for a text longer than `spec.post_limit`.

    Each part starts with "i/n " (visible first, and the way readers number threads) and
    fits the limit as `server.platforms.counting.count` measures it, numbering included. Breaks
    fall between paragraphs first, then sentences or lines, then words: the last such break
    that keeps the part at least half full wins, so a paragraph break is not bought with a
    near-empty post. A word is never cut, except one longer than a whole part, cut between
    graphemes as a last resort.
    Each part is a verbatim slice of the text, its line breaks kept.

    Text within the limit comes back whole, as `[text]`. Text over it on a platform that does
    not thread raises ValueError: there it must be shortened (see
    `server.guardrails.output.fit_to_limit`).
    """
    if count(text, spec) <= spec.post_limit:
        return [text]
    if not spec.threads:
        raise ValueError(f"{spec.name} does not thread; shorten the text to fit instead.")
    words = [(match.start(), match.end()) for match in regex.finditer(r"\S+", text)]
    if not words:
        return [text.strip()]
    breaks = [
        _break_strength(text[start:end], text[end:following])
        for (start, end), (following, _) in itertools.pairwise(words)
    ]
    breaks.append(_PARAGRAPH)
    for digits in range(1, 4):
        parts = _pack(text, words, breaks, spec, digits)
        if parts is not None:
            numbered = [f"{i}/{len(parts)} {part}" for i, part in enumerate(parts, start=1)]
            if all(count(part, spec) <= spec.post_limit for part in numbered):
                return numbered
    raise ValueError(f"Text too long for a {spec.name} thread of under 1,000 parts.")


_SENTENCE_END: Final = regex.compile(r"[.!?…。！？][\"'»”’)\]]*$")
_CLAUSE_ENDS: Final = "。！？；，、："
_WORD, _SENTENCE, _PARAGRAPH = 0, 1, 2


def _break_strength(word: str, gap: str) -> int:
    """How good a place to break a thread the whitespace `gap` after `word` is."""
    newlines = gap.count("\n")
    if newlines >= 2:
        return _PARAGRAPH
    if newlines == 1 or _SENTENCE_END.search(word):
        return _SENTENCE
    return _WORD


def _pack(
    text: str, words: list[tuple[int, int]], breaks: list[int], spec: PlatformSpec, digits: int
) -> list[str] | None:
    """Greedy thread parts, each leaving room for an "i/n " of `digits`-digit n; None when
    they need more parts than such an n can number."""
    words = list(words)  # a word cut by _hard_cut keeps its tail here
    parts: list[str] = []
    first = 0
    while first < len(words):
        if len(parts) == 10**digits - 1:
            return None
        label = f"{len(parts) + 1}/{'9' * digits} "
        start = words[first][0]

        def measure(word: int, label: str = label, start: int = start) -> int:
            return count(label + text[start : words[word][1]], spec)

        if measure(first) > spec.post_limit:  # a word longer than a whole part
            cut = _hard_cut(text, start, words[first][1], label, spec)
            parts.append(text[start:cut])
            words[first] = (cut, words[first][1])
            continue
        last = _last_true(first, len(words) - 1, lambda k: measure(k) <= spec.post_limit)
        following = last + 1
        if following < len(words):
            word = text[words[following][0] : words[following][1]]
            if count(label + word, spec) > spec.post_limit:  # to be cut anyway: fill this part
                cut = _hard_cut(text, start, words[following][1], label, spec)
                if cut > words[following][0]:
                    parts.append(text[start:cut])
                    words[following] = (cut, words[following][1])
                    first = following
                    continue
            half = _first_true(first, last, lambda k: measure(k) >= spec.post_limit / 2)
            last = _best_break(breaks, half, last)
        parts.append(text[start : words[last][1]])
        first = last + 1
    return parts


def _best_break(breaks: list[int], lowest: int, last: int) -> int:
    """The word to end a part on, among `lowest`..`last` (all fit, all fill at least half the
    part): the last paragraph break, else the last sentence or line break, else `last`."""
    for strength in (_PARAGRAPH, _SENTENCE):
        for candidate in range(last, lowest - 1, -1):
            if breaks[candidate] >= strength:
                return candidate
    return last


def _hard_cut(text: str, start: int, end: int, label: str, spec: PlatformSpec) -> int:
    """Where to cut text[start:end], too long for one part: after the most graphemes that
    fit, or after a CJK comma or full stop that keeps the part at least half full.

    Never inside a link (as X finds them) where the part can hold it whole: half a link
    would neither work nor count as one."""
    bounds = [match.end() for match in GRAPHEME.finditer(text, start, end)]
    links = x_url_spans(text[start:end])
    whole = [b for b in bounds if not any(s < b - start < e for s, e in links)]
    if count(label + text[start : whole[0]], spec) <= spec.post_limit:
        bounds = whole  # its last bound is `end`, outside any link

    def measure(bound: int) -> int:
        return count(label + text[start : bounds[bound]], spec)

    if measure(0) > spec.post_limit:
        raise ValueError(f"{spec.name}'s limit of {spec.post_limit} leaves no room to thread.")
    last = _last_true(0, len(bounds) - 1, lambda i: measure(i) <= spec.post_limit)
    half = _first_true(0, last, lambda i: measure(i) >= spec.post_limit / 2)
    for candidate in range(last, half - 1, -1):
        if text[bounds[candidate] - 1] in _CLAUSE_ENDS:
            return bounds[candidate]
    return bounds[last]


def _last_true(low: int, high: int, test: Callable[[int], bool]) -> int:
    """The last of low..high passing `test`, which `low` passes and, past some point, all fail."""
    while low < high:
        middle = (low + high + 1) // 2
        if test(middle):
            low = middle
        else:
            high = middle - 1
    return low


def _first_true(low: int, high: int, test: Callable[[int], bool]) -> int:
    """The first of low..high passing `test`, which all pass past some point; high + 1 if none."""
    high += 1
    while low < high:
        middle = (low + high) // 2
        if test(middle):
            high = middle
        else:
            low = middle + 1
    return low
