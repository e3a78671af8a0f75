"""The real app answering with an LLM: the fake OpenAI-compatible server (tests/fake_openai.py)
on one port, the app (API and page) configured to use it on another, over a copy of the cached
edge store. Import the fixture from here (`from conftest_llm import llm_server`)."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import uvicorn
from conftest_edges import CORPUS, PDFS, SEEDS, _serve_in_thread
from fake_openai import FakeLLM, fake_llm_server
from stores import cached_store

from core.config import Settings


@dataclass
class LLMServer:
    url: str
    service: object  # assistant.service.Service
    fake: FakeLLM


_RUNNING: list[LLMServer] = []


@pytest.fixture(scope="session")
def llm_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LLMServer]:
    """The app with SENDQA_LLM_PROVIDER=openai pointed at the fake, on a free port. The fake
    pauses 0.15 s between chunks, so a reply streams for a couple of seconds."""
    if _RUNNING:
        yield _RUNNING[0]
        return
    from assistant.app import create_app
    from assistant.service import Service

    data = tmp_path_factory.mktemp("llm-server") / "data"
    shutil.copytree(cached_store((*SEEDS, *PDFS), "edge"), data)
    with fake_llm_server(pause=0.15) as fake:
        settings = Settings(data_dir=data, corpus_dir=CORPUS, llm_provider="openai",
                            llm_base_url=fake.url, llm_model="fake", requests_per_minute=0)
        service = Service.from_settings(settings)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        server = uvicorn.Server(uvicorn.Config(create_app(service), log_level="warning"))
        thread = _serve_in_thread(server, sock)
        _RUNNING.append(LLMServer(f"http://127.0.0.1:{sock.getsockname()[1]}", service, fake))
        yield _RUNNING[0]
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
        _RUNNING.clear()
