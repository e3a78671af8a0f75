"""Reading, not only retrieving: rank the candidate sentences by meaning as well as by words.

The lexical ranking (assistant.scoring) finds sentences that share the question's words; the
sentence that answers often says it in other words ("how are families helped while they wait?"
-> "the 'while you wait' offer includes sleep and toileting workshops"). The best lexical
candidates are re-scored with the embedding model's similarity to the question, so the reader
prefers the sentence that means what was asked. Sentence vectors are cached per process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from assistant.embeddings import Embedder
from assistant.scoring import Candidate

RERANK_TOP = 12  # lexical candidates re-scored by meaning
W_MEANING = 0.8  # weight of the cosine similarity added to the lexical score
CACHE_SIZE = 20_000


class SentenceVectors:
    """Embeddings of sentences, computed once each and kept in an LRU cache."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            vecs = np.asarray(self._embedder.embed_documents(missing), dtype=np.float32)
            with self._lock:
                for text, vec in zip(missing, vecs, strict=True):
                    self._cache[text] = vec
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        with self._lock:
            return np.stack([self._cache[t] for t in texts])


def rerank(question: str, candidates: list[Candidate], vectors: SentenceVectors) -> list[Candidate]:
    """The top candidates re-scored with their similarity to the question, best first."""
    if len(candidates) < 2:
        return candidates
    top, rest = candidates[:RERANK_TOP], candidates[RERANK_TOP:]
    matrix = vectors([question, *(c.text for c in top)])  # one batch: one model call
    sims = matrix[1:] @ matrix[0]
    scored = [replace(c, score=c.score + W_MEANING * float(s)) for c, s in zip(top, sims,
                                                                            strict=True)]
    scored.sort(key=lambda c: (-c.score, c.hit, c.position))
    return scored + rest
