"""BM25 over a collection's documents, for the exact words (product names, prices, "SIM")
that embeddings blur. Built in memory from the index and rebuilt when the collection changes."""

from __future__ import annotations

import re
from collections.abc import Sequence

import bm25s
import numpy as np

from knowledge.text import fold

TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
STOPWORDS = frozenset(
    """a an and are as at be but by for from has have how i in is it its me my of on or our so
    that the their there this to was we what when where which who why will with you your
    au aux avec ce ces dans de des du elle en est et eux il je la le les leur lui ma mais me
    mes mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton
    tu un une vos votre vous y est-ce c d j l m n s t""".split()  # noqa: SIM905
)


def tokenize(text: str) -> list[str]:
    """Lowercase, accent-free word tokens without stopwords: 'Délais' and 'delais' match."""
    return [t for t in TOKEN.findall(fold(text)) if t not in STOPWORDS and len(t) > 1]


class LexicalIndex:
    def __init__(self, ids: Sequence[str], documents: Sequence[str]) -> None:
        self.ids = list(ids)
        self._vocabulary: set[str] = set()
        self._bm25: bm25s.BM25 | None = None
        corpus = [tokenize(doc) for doc in documents]
        if self.ids:
            self._vocabulary = {token for tokens in corpus for token in tokens}
            self._bm25 = bm25s.BM25()
            self._bm25.index(corpus, show_progress=False)

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(id, BM25 score) of the best `k` documents sharing a word with the query."""
        tokens = [t for t in tokenize(query) if t in self._vocabulary]
        if self._bm25 is None or not tokens or k <= 0:
            return []
        # Scores for every document in one sparse product; retrieve() would start threads.
        scores = np.asarray(self._bm25.get_scores(tokens))
        k = min(k, int(np.count_nonzero(scores)))
        if k == 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.ids[int(i)], float(scores[i])) for i in top]
