"""Stores of real corpus files, built once and kept on disk between test runs.

Ingesting the whole corpus takes minutes on 2 cores, so each store the tests read is built once
per change and kept under `.cache/test-stores/` (git-ignored). Its key hashes the files' bytes,
the pipeline version, STORE_FORMAT, the embedder's name, the chromadb version and the source of
the ingestion and store code, so a change to parsing or chunking rebuilds it even before
PIPELINE_VERSION is bumped. One process builds a store at a time (a file lock), so pytest-xdist
workers and runs in other worktrees sharing the cache wait for it instead of building it twice.
Tests that only read open one copy made per session (`session_store`), so nothing they do can
touch the cache; tests that write build their own small store in their tmp_path.

Stores built in the same process share their vectors: a passage embedded for one store is not
embedded again for another (the same text always gets the same vector from the same model).

Each cached store keeps, beside its data, the documents its ingest parsed (`parsed.pickle`):
tests that read the corpus as parsed (tests/corpus_sample.py) take them from the corpus store
instead of extracting 40 PDFs again, and they are exactly what ingestion made of each file.

A run that will read the whole-corpus store and finds it missing starts building the stores at
once in one background process (`prebuild_corpus`, called by conftest): the five seed documents
first (the first tests read them), then the edge corpus, then the whole corpus. The ~60 s of
parsing and embedding overlap the tests that need no store, and in one process each passage is
embedded once for all three stores (built in the test process, the seeds and the edge corpus
were embedded a second time there). A test asking for a store waits for that store alone.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import hashlib
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib.metadata import version
from pathlib import Path
from unittest import mock

from servers import stop as stop_process

from core.config import REPO_ROOT, Settings, force_offline
from core.embeddings import Embedder, LazyEmbedder, load_embedder
from core.models import Document
from ingest import pipeline
from ingest.load import discover
from ingest.parse import parse_file
from ingest.pipeline import PIPELINE_VERSION, run_ingest

force_offline()

CORPUS = REPO_ROOT / "corpus"
CACHE = REPO_ROOT / ".cache" / "test-stores"
KEEP = 3  # versions of each store kept (branches in other worktrees share the cache)
PARSED = "parsed.pickle"  # file name -> the documents ingestion parsed from it, in a store
# What a store is made by: a change to any of these files rebuilds the cached stores.
BUILD_CODE = ("ingest", "core")
# Bump when what a cached store holds changes here: 2, the parsed documents (PARSED) beside it.
STORE_FORMAT = "2"

SEED_FILES = (
    "wokingham_revisit-letter_2021-06-23.txt",
    "wandsworth_revisit-letter_2022-08-23.txt",
    "wokingham_scrutiny-committee-report_2020-01-21.txt",
    "windsor-and-maidenhead_scrutiny-pack_2020-01-29.txt",
    "worcestershire_revisit-letter_2021-12-14.txt",
)


# The edge corpus (tests/conftest_edges.py): the seeds and two 2023-framework reports (PDF).
EDGE_PDFS = (
    "east-sussex_area-send-inspection_published-2025-02-04.pdf",
    "herefordshire_area-send-inspection_published-2025-02-07.pdf",
)


def corpus_files() -> tuple[str, ...]:
    """Every file ingestion takes from corpus/ (its README is not a document)."""
    return tuple(p.name for p in discover([CORPUS]))


def edge_files() -> tuple[str, ...]:
    return (*sorted(p.name for p in CORPUS.glob("*.txt")), *EDGE_PDFS)


# The stores a background build makes, in the order it makes them: label -> its files.
PREBUILT: dict[str, Callable[[], tuple[str, ...]]] = {
    "seeds": lambda: SEED_FILES, "edge": edge_files, "corpus": corpus_files}


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
    """Changes when a file, the pipeline version, the store format, the embedder or the build
    code changes."""
    digest = hashlib.sha256()
    for part in (PIPELINE_VERSION, STORE_FORMAT, embedder_name, version("chromadb")):
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


def _built_at(folder: Path) -> float:
    try:
        return folder.stat().st_mtime
    except OSError:  # removed meanwhile by another run
        return 0.0


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

    parsed: dict[str, tuple[Document, ...]] = {}

    def recorded(path: Path, root: Path) -> list[Document]:
        docs = parse_file(path, root)
        parsed[path.name] = tuple(d.model_copy(deep=True) for d in docs)  # before chunking
        return docs

    try:
        # The real ingest; parse_file is only watched, so its documents can be kept.
        with mock.patch.object(pipeline, "parse_file", recorded):
            report = run_ingest([corpus], corpus, PassageStore(settings, embedder), embedder,
                                progress=False)
        assert report.ok and sorted(report.failed) == [], report.failed
        assert sorted(parsed) == sorted(names), "a fresh store parses every file"
        with (work / PARSED).open("wb") as f:
            pickle.dump(parsed, f, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # a failed or stopped build leaves no half-built folder behind
        shutil.rmtree(work, ignore_errors=True)
        raise
    shutil.rmtree(corpus)
    # Earlier versions of this store go, but not the newest few: worktrees on other branches
    # share the cache, and one of them may be copying its version right now.
    for old in sorted(CACHE.glob(f"{label}-*"), key=_built_at)[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)
        (CACHE / f".lock-{old.name}").unlink(missing_ok=True)
    try:
        os.rename(work, target)
    except OSError:  # another run put it there first: theirs is as good as ours
        shutil.rmtree(work, ignore_errors=True)


def _target(names: tuple[str, ...], label: str) -> Path:
    embedder_name = LazyEmbedder(settings_for(CACHE)).name
    return CACHE / f"{label}-{store_key(names, embedder_name)}"


# label -> the background process building that store (one process builds them all, in order)
_BUILDERS: dict[str, subprocess.Popen[bytes]] = {}


def _builder_log() -> Path:
    """This run's log of its background build (worktrees share the cache)."""
    return CACHE / f".build-{os.getpid()}.log"


def prebuild_corpus() -> None:
    """Start building the stores that are not cached (PREBUILT, in order) in another process:
    on 2 cores their embedding then runs beside the tests that need no store. `cached_store`
    waits for the one it needs; `stop_prebuild` ends the build if the run never asked."""
    if _BUILDERS:
        return
    missing = [label for label, files in PREBUILT.items()
               if not (_target(files(), label) / "data").is_dir()]
    if not missing:
        return
    CACHE.mkdir(parents=True, exist_ok=True)
    with _builder_log().open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), *missing], cwd=REPO_ROOT,
            stdout=log, stderr=subprocess.STDOUT)
    _BUILDERS.update(dict.fromkeys(missing, process))


def building() -> bool:
    """Is a background build of this run still going?"""
    return any(proc.poll() is None for proc in _BUILDERS.values())


def stop_prebuild() -> None:
    """End a background build nobody waited for (it removes its unfinished folder)."""
    for proc in set(_BUILDERS.values()):
        stop_process(proc, timeout=30)
    _BUILDERS.clear()
    _builder_log().unlink(missing_ok=True)


def _await_builder(label: str, target: Path) -> None:
    """Wait until this run's background build has made the store (not for the stores it
    builds after it)."""
    builder = _BUILDERS.pop(label, None)
    if builder is None:
        return
    while builder.poll() is None and not (target / "data").is_dir():
        time.sleep(0.2)
    if builder.poll() not in (None, 0):
        raise RuntimeError(f"the background build of the stores failed (exit "
                           f"{builder.returncode}):\n"
                           f"{_builder_log().read_text(errors='replace')[-3000:]}")
    if not _BUILDERS:
        builder.wait()
        _builder_log().unlink(missing_ok=True)


def cached_store(names: tuple[str, ...], label: str) -> Path:
    """The data folder of a store of these corpus files, built if not cached yet (or taken
    from the background build started for it)."""
    target = _target(names, label)
    if building() and label in _BUILDERS and not (target / "data").is_dir():
        # the test reading it will embed its questions: load the model meanwhile
        load_embedder(settings_for(CACHE))
    _await_builder(label, target)
    if not (target / "data").is_dir():
        with _building(target):
            if not (target / "data").is_dir():  # built by another process meanwhile
                _build(names, label, target)
    return target / "data"


@contextlib.contextmanager
def _building(target: Path) -> Iterator[None]:
    """One process builds a store at a time (pytest-xdist workers, a background build, runs in
    other worktrees): the others wait, then find it built. The kernel drops the lock of a
    process that dies."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / f".lock-{target.name}").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


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


def ingested_documents() -> dict[str, tuple[Document, ...]]:
    """file name -> the documents ingestion parsed from it, kept with the cached corpus store
    (waiting for this run's background build of it, if one runs); empty when that store is not
    built and no build runs."""
    target = _target(corpus_files(), "corpus")
    _await_builder("corpus", target)  # cheaper than parsing the PDFs again beside it
    path = target / PARSED
    if not path.is_file():
        return {}
    with path.open("rb") as f:
        found: dict[str, tuple[Document, ...]] = pickle.load(f)
    return found


def corpus_store() -> Path:
    """The whole corpus (the store `make serve` builds), for tests that only read."""
    return session_store(corpus_files(), "corpus")


def seed_store() -> Path:
    """The five founding documents, for tests that only read."""
    return session_store(SEED_FILES, "seeds")


if __name__ == "__main__":  # the background build started by prebuild_corpus
    # terminate() becomes SystemExit, so _build removes its unfinished folder on the way out
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not sys.argv[1:] or not set(sys.argv[1:]) <= set(PREBUILT):
        sys.exit(f"usage: stores.py {' '.join(PREBUILT)} (any of them, in that order)")
    for name in sys.argv[1:]:
        cached_store(PREBUILT[name](), name)
