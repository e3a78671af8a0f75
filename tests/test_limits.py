"""Limits on what one request may send: body size (413), requests per minute (429), history
turns and characters (413), and hidden characters dropped from questions.

The body and rate limits run on a real uvicorn server around the real app; its service is a
stand-in that answers instantly (the limits act before any answering).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from conftest_edges import _serve_in_thread

from assistant.errors import TooLarge
from assistant.inputs import visible
from assistant.service import Service
from core.config import Settings
from core.models import Answer, Turn


class Instant:
    """Answers every question at once; only here so the limits in front of it can be hit."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def ask(self, question: str, **kwargs: object) -> Answer:
        return Answer(answer=f"You asked: {question}", abstained=True, citations=[])


def _serve(settings: Settings) -> Iterator[str]:
    from assistant.app import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    app = create_app(Instant(settings), with_ui=False)  # type: ignore[arg-type]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = _serve_in_thread(server, sock)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=30)
    sock.close()


@pytest.fixture
def small_server(tmp_path: Path) -> Iterator[str]:
    yield from _serve(Settings(data_dir=tmp_path, max_body_bytes=2_000, requests_per_minute=3))


def test_a_body_over_the_limit_is_a_413_declared_or_streamed(small_server: str) -> None:
    big = {"question": "x" * 3_000}
    with httpx.Client(base_url=small_server) as client:
        res = client.post("/api/ask", json=big)
        assert res.status_code == 413 and "over 2000 bytes" in res.json()["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
            yield b'{"question": "'
            yield b"y" * 3_000
            yield b'"}'

        res = client.post("/api/ask", content=chunks(),
                          headers={"content-type": "application/json"})
        assert res.status_code == 413


def test_past_the_rate_a_client_gets_a_429_with_retry_after(small_server: str) -> None:
    with httpx.Client(base_url=small_server) as client:
        codes = [client.post("/api/ask", json={"question": f"q{i}"}).status_code
                 for i in range(4)]
        assert codes == [200, 200, 200, 429]
        res = client.post("/api/ask", json={"question": "again"})
        assert res.status_code == 429 and int(res.headers["retry-after"]) >= 1
        assert "at most 3 a minute" in res.json()["detail"]
        assert client.get("/openapi.json").status_code == 200  # only /api is limited


def test_hidden_characters_are_dropped() -> None:
    smuggled = "what did\u200b Bury\u202e get?\U000e0041\U000e0042\x07"
    assert visible(smuggled) == "what did Bury get?"
    assert visible("line one\nline two\tend") == "line one\nline two\tend"


def test_a_history_past_the_limits_is_too_large(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, max_history_turns=4, max_history_chars=100)
    service = Service(settings, None, None, None)  # type: ignore[arg-type]  # limits only
    turns = [Turn(role="user", content="did Bury improve?")] * 5
    with pytest.raises(TooLarge, match="at most the last 4"):
        service.validate_history(turns)
    with pytest.raises(TooLarge, match="under 100"):
        service.validate_history([Turn(role="user", content="x" * 101)])
    kept = service.validate_history([Turn(role="user", content="did\u200b Bury improve?")])
    assert kept[0].content == "did Bury improve?"
