"""The intent examples' vectors: embedded once per process and model, and kept on disk."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from pathlib import Path

import numpy as np

from core.embeddings import Embedder

log = logging.getLogger(__name__)

_VECTOR_CACHE: dict[str, np.ndarray] = {}
_CACHE_LOCK = threading.Lock()


def cached_vectors(texts: list[str], embedder: Embedder) -> np.ndarray:
    """The examples are embedded once per process and model (services share them), and kept
    on disk by model and examples, so a new process (a test run, a second worker) starts in a
    second instead of the ~20 s embedding ~900 examples takes on 2 cores."""
    key = hashlib.sha256("\n".join([embedder.name, *texts]).encode()).hexdigest()[:24]
    with _CACHE_LOCK:
        if key not in _VECTOR_CACHE:
            path = _cache_root() / f"intent-examples-{key}.npy"
            vectors = _load_vectors(path, len(texts))
            if vectors is None:
                vectors = np.asarray(embedder.embed_documents(texts), dtype=np.float32)
                _save_vectors(path, vectors)
            _VECTOR_CACHE[key] = vectors
        return _VECTOR_CACHE[key]


def _cache_root() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sendqa"


def _load_vectors(path: Path, rows: int) -> np.ndarray | None:
    try:
        vectors = np.load(path, allow_pickle=False)
    except (OSError, ValueError):  # absent or damaged: embedded again
        return None
    return vectors if vectors.ndim == 2 and vectors.shape[0] == rows else None


def _save_vectors(path: Path, vectors: np.ndarray) -> None:
    """Atomically, and never fatal: a read-only home only costs the next start the time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            np.save(f, vectors, allow_pickle=False)
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("could not keep the intent example vectors in %s: %s", path, exc)
