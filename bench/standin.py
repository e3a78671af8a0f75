"""A cheap stand-in embedder for building large synthetic stores (never for answering).

Building a 100x store with the real model would take hours on 2 cores (~15 passages/s), so the
synthetic stores are built with feature-hashed bag-of-words vectors: 384-d, L2-normalised, about
a thousand times faster. It carries the real model's name so the server opens the store with the
real embedder: the query path measured (question embedding, dense search, BM25, answering) is the
real one; only the stored vectors are stand-ins, so the dense ranking is not meaningful there.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from core.embeddings import MINILM_NAME

DIM = 384
_WORD = re.compile(r"[a-z0-9]+")


class StandInEmbedder:
    """Feature hashing of lowercase words into 384 signed buckets."""

    name = MINILM_NAME  # see the module docstring: the store must open with the real model
    dim = DIM

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "big")
                out[row, h % DIM] += 1.0 if h & 0x80000000 else -1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        out /= np.where(norms == 0, 1.0, norms)
        return [[float(x) for x in row] for row in out.tolist()]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]
