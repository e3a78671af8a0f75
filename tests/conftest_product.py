"""A real server with uploads turned on (an admin token), over a writable copy of the edge store.

Used by the API tests of the product endpoints and the browser tests; import the fixture from
here (`from conftest_product import admin_server`).
"""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from conftest_edges import PDFS, SEEDS, _serve_in_thread, copy_corpus
from stores import cached_store

from core.config import Settings

ADMIN_TOKEN = "test-admin-token"


@dataclass
class AdminServer:
    url: str
    service: object  # assistant.service.Service
    settings: Settings


_RUNNING: list[AdminServer] = []


@pytest.fixture(scope="session")
def admin_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AdminServer]:
    """The app with SENDQA_ADMIN_TOKEN set, on a free port; its store and corpus are its own
    copies (uploads write to them), made from the cached edge store."""
    if _RUNNING:
        yield _RUNNING[0]
        return
    from assistant.app import create_app
    from assistant.service import Service

    root = tmp_path_factory.mktemp("admin-server")
    corpus = copy_corpus(root / "corpus", [*SEEDS, *PDFS])
    data = root / "data"
    shutil.copytree(cached_store((*SEEDS, *PDFS), "edge"), data)
    settings = Settings(data_dir=data, corpus_dir=corpus, llm_provider="none",
                        admin_token=ADMIN_TOKEN, max_upload_bytes=300_000,  # type: ignore[arg-type]
                        requests_per_minute=0)
    service = Service.from_settings(settings)
    report = service.ingest(progress=False)
    assert report.ok and report.added == report.updated == report.removed == [], report
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(service), log_level="warning"))
    thread = _serve_in_thread(server, sock)
    _RUNNING.append(AdminServer(f"http://127.0.0.1:{sock.getsockname()[1]}", service, settings))
    yield _RUNNING[0]
    server.should_exit = True
    thread.join(timeout=30)
    sock.close()
    _RUNNING.clear()


def sample_upload(folder: Path) -> Path:
    """A short council briefing note about an area the edge corpus lacks (written for tests)."""
    path = folder / "rutland-briefing.txt"
    path.write_text(RUTLAND, encoding="utf-8")
    return path


RUTLAND = """Rutland County Council

Briefing note for the Children and Families Scrutiny Panel

Date: 14 March 2024

Subject: Sufficiency of specialist school places

1. Purpose

This note tells members how the council is adding specialist places for children with special
educational needs and disabilities (SEND).

2. Progress

The council opened a new autism resource base at Oakham Primary School in September 2023 with
twelve places. A second resource base for speech and language needs will open at Uppingham in 2025.

3. Risks

Demand for specialist places has grown by a fifth in two years, so the new places may fill quickly.
"""
