"""Shared fixtures: real Chroma in temp folders, the real embedding model, the real corpus.

Stores of the corpus are built once and cached on disk (tests/stores.py); tests that only read
share a per-session copy. Tests that need the model or a store are marked `slow` here (by the
fixtures and modules they use), so `make check` can run the rest in seconds.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import load_run
import pytest
from servers import ChromaServer
from servers import chroma_server as start_chroma
from stores import SEED_FILES, building, corpus_store, prebuild_corpus, stop_prebuild

from core.config import REPO_ROOT, Settings, force_offline

force_offline()

CORPUS = REPO_ROOT / "corpus"
__all__ = ["CORPUS", "SEED_FILES", "make_settings"]


# `slow`: needs the embedding model, a store of the corpus, or the whole corpus parsed. `make
# check` leaves these out (-m "not slow"); `make test` runs everything. Tests are marked by the
# fixtures they use and, for modules where every test asks the model, by module; others carry
# @pytest.mark.slow themselves.
SLOW_FIXTURES = frozenset({
    "full_service", "live_server", "retriever", "model", "embedder", "hits", "env", "sample",
    "known", "corpus_docs", "chroma_server", "admin_server",
})
SLOW_MODULES = frozenset({
    "test_answer", "test_intents", "test_reader_mechanisms", "test_understand", "test_structured",
    "test_facts", "test_service_answers", "test_api", "test_ui_browser", "test_local_llm",
    "test_pipeline",
})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = getattr(item, "module", None)
        name = module.__name__ if module is not None else ""
        if name in SLOW_MODULES or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def pytest_collection_finish(session: pytest.Session) -> None:
    """A run that will read the whole-corpus store starts building it now if it is missing,
    beside the tests that come first (tests/stores.py); a run with the load test starts its
    scenario in another process as soon as no store is being built (tests/load_run.py)."""
    if session.config.option.collectonly:
        return
    if any("full_service" in getattr(item, "fixturenames", ()) for item in session.items):
        prebuild_corpus()
    if any(getattr(getattr(item, "module", None), "__name__", "") == "test_load_under_ingest"
           for item in session.items):
        _LOAD_WANTED.append(True)
        _start_load_when_no_build()


_LOAD_WANTED: list[bool] = []


def _start_load_when_no_build() -> None:
    if _LOAD_WANTED and not building():
        _LOAD_WANTED.clear()
        load_run.start()


def pytest_runtest_logfinish() -> None:
    _start_load_when_no_build()


def pytest_sessionfinish() -> None:
    stop_prebuild()
    load_run.stop()


def make_settings(data_dir: Path, corpus_dir: Path = CORPUS, **overrides: object) -> Settings:
    """Settings for a test: its own store, never an LLM from the environment."""
    values: dict[str, object] = {
        "data_dir": data_dir,
        "corpus_dir": corpus_dir,
        "llm_provider": "none",
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    """A real `chroma run` on a free local port, for this test session (see chroma_server.py);
    tests share it, each in its own collection."""
    with start_chroma(tmp_path_factory.mktemp("chroma-server") / "data") as server:
        yield server


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture()
def seed_corpus(tmp_path: Path) -> Path:
    """A writable copy of the five founding documents."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in SEED_FILES:
        shutil.copy(CORPUS / name, folder / name)
    return folder


@pytest.fixture(scope="session")
def full_service() -> Iterator[object]:
    """The service over the whole real corpus: a session copy of the cached store (read only).

    Ingesting again must find every file unchanged: the cached store is the corpus as it is."""
    from assistant.service import Service

    service = Service.from_settings(make_settings(corpus_store()))
    report = service.ingest(progress=False)
    assert report.ok, report.failed
    assert (report.added, report.updated, report.removed) == ([], [], []), report
    assert len(report.unchanged) == len(service.documents()) > 0
    yield service
