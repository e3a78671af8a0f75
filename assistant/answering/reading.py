"""Reading, not only retrieving: rank the candidate sentences by meaning as well as by words.

The lexical ranking (scoring.py) finds sentences that share the question's words; the
sentence that answers often says it in other words ("how are families helped while they wait?"
-> "the 'while you wait' offer includes sleep and toileting workshops"). The best lexical
candidates are re-scored with the embedding model's similarity to the question, so the reader
prefers the sentence that means what was asked.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from assistant.answering.scoring import Candidate
from core.embeddings import Embedder

RERANK_TOP = 48  # lexical candidates re-scored by meaning (their vectors are made ahead)
W_MEANING = 0.8  # weight of the cosine similarity added to the lexical score
log = logging.getLogger(__name__)


class SentenceVectors:
    """Embeddings of sentences, computed once each, kept in memory and, with a path, on disk.

    A cold reader embeds its candidate sentences at question time (~10 ms each on 2 cores);
    `warm()` embeds every sentence of the collection ahead (about a minute for the corpus) and
    `save()` keeps them beside the store, so later starts answer from vectors already made.
    """

    def __init__(self, embedder: Embedder, path: Path | None = None) -> None:
        self._embedder = embedder
        self._path = path
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        self._dirty = False
        if path is not None and path.exists():
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            with np.load(path, allow_pickle=False) as data:
                if str(data["model"]) != self._embedder.name:
                    return  # another model's vectors: of no use
                self._cache = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))
        except (OSError, ValueError, KeyError) as exc:  # a damaged cache is rebuilt, not fatal
            log.warning("ignoring the sentence vector cache %s: %s", path, exc)

    def __len__(self) -> int:
        return len(self._cache)

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            vecs = np.asarray(self._embedder.embed_documents(missing), dtype=np.float32)
            with self._lock:
                self._cache.update(zip(missing, vecs, strict=True))
                self._dirty = True
        with self._lock:
            return np.stack([self._cache[t] for t in texts])

    def warm(self, texts: Iterable[str], batch: int = 256) -> int:
        """Embed the texts not yet known; returns how many were embedded."""
        with self._lock:
            todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        for start in range(0, len(todo), batch):
            self(todo[start:start + batch])
        return len(todo)

    def save(self) -> None:
        """Write the cache atomically (a crash leaves the previous file, never half of one)."""
        if self._path is None or not self._dirty:
            return
        with self._lock:
            texts = list(self._cache)
            vectors = np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, 0))
            self._dirty = False
        self._path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._path.with_suffix(".tmp.npz")
        np.savez(tmp, texts=np.asarray(texts, dtype=str), vectors=vectors,
                 model=np.asarray(self._embedder.name))
        tmp.replace(self._path)


def rerank(question: str, candidates: list[Candidate], vectors: SentenceVectors,
           told: str = "") -> list[Candidate]:
    """The top candidates re-scored with their similarity to the question, best first. With
    the story told before it (`told`: the story and the question together), a sentence's
    meaning is the closer of the two."""
    if not candidates:  # one candidate is scored too: its meaning decides whether to answer
        return candidates
    top, rest = candidates[:RERANK_TOP], candidates[RERANK_TOP:]
    asked = [question, told] if told else [question]
    matrix = vectors([*asked, *(c.text for c in top)])  # one batch: one model call
    sims = (matrix[len(asked):] @ matrix[: len(asked)].T).max(axis=1)
    scored = [replace(c, score=c.score + W_MEANING * float(s), meaning=float(s))
              for c, s in zip(top, sims, strict=True)]
    scored.sort(key=lambda c: (-c.score, c.hit, c.position))
    return scored + rest
