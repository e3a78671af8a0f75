"""A tiny OpenAI-compatible chat server for the tests, on a real socket: `POST
/v1/chat/completions`, streamed as the real API streams (`stream: true`: SSE chunks of
`chat.completion.chunk`, then `data: [DONE]`) or whole.

Its reply is written from the prompt it is sent, as a model would: a sentence quoted word for
word from source [1], one from source [2], and one sentence no source supports, cited to [2]
(UNSUPPORTED), which the verifier must drop. It sends a few words per chunk with a pause, so a
client can see the draft arrive before the answer.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse

UNSUPPORTED = "Every school in the county now employs two full-time orthoptists"
_SOURCE_RE = re.compile(r'<source id="(\d+)"[^>]*>\n(.*?)\n</source>', re.S)


@dataclass
class FakeLLM:
    url: str  # the base URL a client is given, ending in /v1
    requests: list[dict[str, Any]] = field(default_factory=list)


def quotable(text: str) -> str:
    """The source's longest whole sentence (excerpt gaps are marked '…')."""
    sentences = [s.strip() for part in text.split("…")
                 for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", part)]
    sentences = [s for s in sentences if s.endswith(".") and 8 <= len(s.split()) <= 45]
    return max(sentences, key=len, default="")


def reply_for(prompt: str) -> str:
    """Two sentences quoted from the sources the prompt numbers 1 and 2, then an unsupported
    one; "I don't know." when the prompt has fewer than two sources."""
    sources = dict(_SOURCE_RE.findall(prompt))
    first, second = quotable(sources.get("1", "")), quotable(sources.get("2", ""))
    if not first or not second:
        return "I don't know."
    return f"{first[:-1]} [1]. {second[:-1]} [2]. {UNSUPPORTED} [2]."


def _chunk(content: str | None, finish: str | None = None) -> str:
    delta = {} if content is None else {"role": "assistant", "content": content}
    body = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0,
            "model": "fake", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    return f"data: {json.dumps(body)}\n\n"


def fake_app(fake: FakeLLM, pause: float) -> FastAPI:
    app = FastAPI()

    @app.post("/v1/chat/completions", response_model=None)
    async def completions(request: Request) -> StreamingResponse | JSONResponse:
        body = await request.json()
        fake.requests.append(body)
        text = reply_for(body["messages"][-1]["content"])
        if not body.get("stream"):
            return JSONResponse({
                "id": "chatcmpl-fake", "object": "chat.completion", "created": 0,
                "model": "fake", "choices": [{"index": 0, "finish_reason": "stop",
                                              "message": {"role": "assistant", "content": text}}]})

        async def chunks() -> Any:
            import asyncio

            words = text.split(" ")
            for i in range(0, len(words), 3):  # a few words a chunk, as tokens arrive
                yield _chunk(" ".join(words[i:i + 3]) + (" " if i + 3 < len(words) else ""))
                await asyncio.sleep(pause)
            yield _chunk(None, "stop")
            yield "data: [DONE]\n\n"

        return StreamingResponse(chunks(), media_type="text/event-stream")

    return app


@contextmanager
def fake_llm_server(pause: float = 0.05) -> Iterator[FakeLLM]:
    """The fake on a free local port for the block."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    fake = FakeLLM(url=f"http://127.0.0.1:{sock.getsockname()[1]}/v1")
    server = uvicorn.Server(uvicorn.Config(fake_app(fake, pause), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the fake LLM server did not start")
        time.sleep(0.02)
    try:
        yield fake
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
