"""The reader's sentence vectors: made once, kept beside the store, a damaged file ignored."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.answering.reading import SentenceVectors
from core.config import get_settings
from core.embeddings import LazyEmbedder

SENTENCES = ["The partnership opened a drop-in hub for parents.",
             "Waiting times for speech therapy fell to 18 weeks."]


class Counting:
    """The real model, counting how many texts it was asked to embed."""

    def __init__(self) -> None:
        self._model = LazyEmbedder(get_settings())
        self.name = self._model.name
        self.dim = self._model.dim
        self.embedded = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded += len(texts)
        return self._model.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


@pytest.mark.slow
def test_vectors_are_saved_and_reused_across_starts(tmp_path: Path) -> None:
    path = tmp_path / "sentence_vectors.npz"
    first = Counting()
    vectors = SentenceVectors(first, path)  # type: ignore[arg-type]
    assert vectors.warm(SENTENCES) == 2 and vectors.warm(SENTENCES) == 0
    vectors.save()
    again = Counting()
    reloaded = SentenceVectors(again, path)  # type: ignore[arg-type]
    assert len(reloaded) == 2
    np.testing.assert_allclose(reloaded(SENTENCES), vectors(SENTENCES), rtol=1e-6)
    assert again.embedded == 0


@pytest.mark.slow
def test_a_damaged_cache_is_ignored_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "sentence_vectors.npz"
    path.write_bytes(b"not a numpy file")
    vectors = SentenceVectors(Counting(), path)  # type: ignore[arg-type]
    assert len(vectors) == 0
    assert vectors(SENTENCES[:1]).shape == (1, 384)
    vectors.save()
    assert len(SentenceVectors(Counting(), path)) == 1  # type: ignore[arg-type]
