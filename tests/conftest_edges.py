"""Fixtures for the edge tests: a small real corpus and the real app on a real uvicorn server.

Test modules import the fixtures they use from here (`from conftest_edges import live_server`).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from stores import EDGE_PDFS, session_store

from core.config import REPO_ROOT, Settings, force_offline

force_offline()

CORPUS = REPO_ROOT / "corpus"
SEEDS = sorted(p.name for p in CORPUS.glob("*.txt"))
PDFS = EDGE_PDFS  # two 2023-framework inspection reports


def copy_corpus(folder: Path, names: tuple[str, ...] | list[str]) -> Path:
    """Copy some corpus files into a writable folder (the corpus itself is never touched)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(CORPUS / name, folder / name)
    return folder


def edge_settings(data_dir: Path, corpus_dir: Path) -> Settings:
    """Settings for an edge test: its own store, extractive answers (no LLM from the env)."""
    return Settings(data_dir=data_dir, corpus_dir=corpus_dir, llm_provider="none")


@dataclass
class LiveServer:
    url: str
    service: object  # assistant.service.Service; typed loosely so this module imports fast


@pytest.fixture(scope="session")
def edge_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seed documents plus two 2023-framework inspection reports (PDF)."""
    return copy_corpus(tmp_path_factory.mktemp("edge-corpus"), [*SEEDS, *PDFS])


def _serve_in_thread(server: uvicorn.Server, sock: socket.socket) -> threading.Thread:
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    return thread


# Each test module that imports `live_server` gets its own copy of the fixture; this cache makes
# them share one server (and one ingestion) per test session.
_RUNNING: list[LiveServer] = []


@pytest.fixture(scope="session")
def live_server(edge_corpus: Path) -> Iterator[LiveServer]:
    """The real app (API and chat) over a store of the edge corpus (built once and cached, see
    tests/stores.py; ingesting again finds it up to date), on a free local port."""
    if _RUNNING:
        yield _RUNNING[0]
        return
    from assistant.app import create_app
    from assistant.service import Service

    settings = edge_settings(session_store((*SEEDS, *PDFS), "edge"), edge_corpus)
    service = Service.from_settings(settings)
    report = service.ingest(progress=False)
    assert report.ok, report.failed
    assert report.added == report.updated == report.removed == [], report
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # the OS picks a free port; uvicorn serves on this very socket
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(service), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = _serve_in_thread(server, sock)
    _RUNNING.append(LiveServer(url=f"http://127.0.0.1:{port}", service=service))
    yield _RUNNING[0]
    server.should_exit = True
    thread.join(timeout=30)
    sock.close()
    _RUNNING.clear()
