"""The nearest-neighbour vote over labelled examples.

Similarity mixes the embedding (meaning) and character n-grams (surface cues the
English-only embedding model misses in French, and emoji); the k nearest examples vote,
weighted by their squared similarity, a brand's own examples more than the shipped ones.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from knowledge.embedding import Embedder
from server.triage.lexicon import HANDLE, WORD
from server.triage.text import normalise
from server.triage.types import CATEGORIES, Category, LabelledExample

K = 7
"""Neighbours in the vote: enough to smooth one odd example, few enough to stay local."""
EXTRA_WEIGHT = 1.5
"""A brand's own examples outweigh the generic ones: they encode that brand's policy."""
SEMANTIC_WEIGHT = 0.5
"""Share of the embedding in the similarity; the rest is character n-gram overlap."""


def grams(text: str) -> Counter[str]:
    """Words and character 3-4-grams: they catch what the English-only embedding model
    misses in French ("merci", "toujours pas") and the emoji that carry the intent.
    @handles are left out: a name says nothing of the intent, and on X every reply opens
    with the brand's."""
    flat = " " + " ".join(HANDLE.sub(" ", normalise(text)).lower().split()) + " "
    grams: Counter[str] = Counter(f"w:{word}" for word in WORD.findall(flat))
    for n in (3, 4):
        grams.update(flat[i : i + n] for i in range(len(flat) - n + 1))
    return grams


class Idf:
    """Inverse document frequencies of the shipped examples, shared by every bank so that
    lexical similarities stay on one scale."""

    def __init__(self, texts: Sequence[str]) -> None:
        df: Counter[str] = Counter()
        for text in texts:
            df.update(set(grams(text)))
        self.n = len(texts)
        self.df = df

    def vector(self, text: str) -> dict[str, float]:
        weights = {
            gram: (1 + math.log(tf)) * (math.log((self.n + 1) / (self.df[gram] + 1)) + 1)
            for gram, tf in grams(text).items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {gram: w / norm for gram, w in weights.items()}


def dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(gram, 0.0) for gram, w in a.items())


class Bank:
    """Labelled examples with their vectors, embedded once on first use (thread-safe)."""

    def __init__(self, examples: Sequence[LabelledExample]) -> None:
        self.examples = tuple(examples)
        self.labels = tuple(example.category for example in self.examples)
        self._matrix: NDArray[np.float32] | None = None
        self._lexical: list[dict[str, float]] | None = None
        self._lock = threading.Lock()

    def matrix(self, embedder: Embedder) -> NDArray[np.float32]:
        with self._lock:
            if self._matrix is None:
                vectors = embedder.embed([example.text for example in self.examples])
                matrix = np.asarray(vectors, dtype=np.float32)
                self._matrix = matrix.reshape(len(self.examples), -1)
            return self._matrix

    def lexical(self, idf: Idf) -> list[dict[str, float]]:
        with self._lock:
            if self._lexical is None:
                self._lexical = [idf.vector(example.text) for example in self.examples]
            return self._lexical

    def similarity(
        self, embedder: Embedder, idf: Idf, query: NDArray[np.float32], lexical: dict[str, float]
    ) -> NDArray[np.float32]:
        semantic = self.matrix(embedder) @ query
        surface = np.asarray([dot(lexical, v) for v in self.lexical(idf)], dtype=np.float32)
        return SEMANTIC_WEIGHT * semantic + (1 - SEMANTIC_WEIGHT) * surface


def vote(
    embedder: Embedder,
    idf: Idf,
    banks: Sequence[tuple[Bank, float]],
    vector: Sequence[float],
    text: str,
    k: int = K,
) -> dict[Category, float]:
    """Similarity-weighted vote of the k nearest examples of `banks` (each with its weight),
    normalised to sum to 1. Banks without examples take no part."""
    query = np.asarray(vector, dtype=np.float32)
    lexical = idf.vector(text)
    sims: list[NDArray[np.float32]] = []
    labels: list[Category] = []
    weights: list[NDArray[np.float32]] = []
    for bank, bank_weight in banks:
        if not bank.examples:
            continue
        sims.append(bank.similarity(embedder, idf, query, lexical))
        labels.extend(bank.labels)
        weights.append(np.full(len(bank.labels), bank_weight, dtype=np.float32))
    similarity = np.concatenate(sims)
    weight = np.concatenate(weights)
    top = np.argsort(-similarity, kind="stable")[:k]
    votes: dict[Category, float] = dict.fromkeys(CATEGORIES, 0.0)
    for i in top:
        # Squared similarity: the closest examples count much more than the k-th one.
        votes[labels[i]] += float(max(similarity[i], 0.0)) ** 2 * float(weight[i])
    total = sum(votes.values()) or 1.0
    return {category: value / total for category, value in votes.items()}
