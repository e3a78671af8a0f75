"""Stores of real corpus files, built once and kept on disk between test runs.

Ingesting the whole corpus takes minutes on 2 cores, so each store the tests read is built once
per change and kept under `.cache/test-stores/` (git-ignored). Its key hashes the files' bytes,
the pipeline version, the embedder's name, the chromadb version and the source of the ingestion
and store code, so a change to parsing or chunking rebuilds it even before PIPELINE_VERSION is
bumped. Tests that only read open one copy made per session (`session_store`), so nothing they do
can touch the cache; tests that write build their own small store in their tmp_path.

Stores built in the same process share their vectors: a passage embedded for one store is not
embedded again for another (the same text always gets the same vector from the same model).
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from functools import cache
from importlib.metadata import version
from pathlib import Path

from core.config import REPO_ROOT, Settings, force_offline
from core.embeddings import Embedder, LazyEmbedder, load_embedder
from ingest.load import discover
from ingest.pipeline import PIPELINE_VERSION, run_ingest

force_offline()

CORPUS = REPO_ROOT / "corpus"
CACHE = REPO_ROOT / ".cache" / "test-stores"
# What a store is made by: a change to any of these files rebuilds the cached stores.
BUILD_CODE = ("ingest", "core")

SEED_FILES = (
    "wokingham_revisit-letter_2021-06-23.txt",
    "wandsworth_revisit-letter_2022-08-23.txt",
    "wokingham_scrutiny-committee-report_2020-01-21.txt",
    "windsor-and-maidenhead_scrutiny-pack_2020-01-29.txt",
    "worcestershire_revisit-letter_2021-12-14.txt",
)


def corpus_files() -> tuple[str, ...]:
    """Every file ingestion takes from corpus/ (its README is not a document)."""
    return tuple(p.name for p in discover([CORPUS]))


def settings_for(data_dir: Path, corpus_dir: Path = CORPUS) -> Settings:
    """Settings of a test store: its own folder, never an LLM from the environment."""
    return Settings(data_dir=data_dir, corpus_dir=corpus_dir, llm_provider="none")


def _code_files() -> list[Path]:
    out: list[Path] = []
    for name in BUILD_CODE:
        path = REPO_ROOT / name
        out.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return out


def store_key(names: Iterable[str], embedder_name: str) -> str:
    """Changes when a file, the pipeline version, the embedder or the build code changes."""
    digest = hashlib.sha256()
    for part in (PIPELINE_VERSION, embedder_name, version("chromadb")):
        digest.update(f"{part}\n".encode())
    for name in sorted(set(names)):
        digest.update(f"{name}:{hashlib.sha256((CORPUS / name).read_bytes()).hexdigest()}\n"
                      .encode())
    for path in _code_files():
        digest.update(f"{path.relative_to(REPO_ROOT)}:".encode() + path.read_bytes())
    return digest.hexdigest()[:20]


class _SharedVectors:
    """The real embedder, remembering every vector it made in this process."""

    def __init__(self, inner: Embedder, known: dict[str, list[float]]) -> None:
        self.inner, self.name, self.dim, self.known = inner, inner.name, inner.dim, known

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        new = [t for t in dict.fromkeys(texts) if t not in self.known]
        if new:
            self.known.update(zip(new, self.inner.embed_documents(new), strict=True))
        return [self.known[t] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


_VECTORS: dict[str, list[float]] = {}


def _build(names: tuple[str, ...], label: str, target: Path) -> None:
    """Ingest the files into a fresh folder, then move it into place in one rename."""
    CACHE.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".building-{label}-", dir=CACHE))
    corpus = work / "corpus"
    corpus.mkdir()
    for name in names:
        shutil.copy(CORPUS / name, corpus / name)
    settings = settings_for(work / "data", corpus)
    embedder = _SharedVectors(load_embedder(settings), _VECTORS)
    from core.store import PassageStore

    report = run_ingest([corpus], corpus, PassageStore(settings, embedder), embedder,
                        progress=False)
    assert report.ok and sorted(report.failed) == [], report.failed
    shutil.rmtree(corpus)
    for old in CACHE.glob(f"{label}-*"):  # earlier versions of this store
        shutil.rmtree(old, ignore_errors=True)
    try:
        os.rename(work, target)
    except OSError:  # another run put it there first: theirs is as good as ours
        shutil.rmtree(work, ignore_errors=True)


def cached_store(names: tuple[str, ...], label: str) -> Path:
    """The data folder of a store of these corpus files, built if not cached yet."""
    embedder_name = LazyEmbedder(settings_for(CACHE)).name
    target = CACHE / f"{label}-{store_key(names, embedder_name)}"
    if not (target / "data").is_dir():
        _build(names, label, target)
    return target / "data"


@cache
def _session_dir() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="sendqa-test-stores-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@cache
def session_store(names: tuple[str, ...], label: str) -> Path:
    """A copy of the cached store for this test session: read it, never write to it."""
    copy = _session_dir() / label
    shutil.copytree(cached_store(names, label), copy)
    return copy


def corpus_store() -> Path:
    """The whole corpus (the store `make serve` builds), for tests that only read."""
    return session_store(corpus_files(), "corpus")


def seed_store() -> Path:
    """The five founding documents, for tests that only read."""
    return session_store(SEED_FILES, "seeds")
