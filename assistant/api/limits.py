"""Request limits at the edge of the API: a body size cap (413) and requests per minute per
client (429), both from Settings, each with a message a person can act on.

Plain ASGI middleware: the body is counted as it arrives (a missing or false Content-Length
cannot get round it; API bodies are small, so it is read whole before the app sees it), and the
rate is a sliding one-minute window per client address.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

WINDOW_S = 60.0


async def _reply(send: Send, status: int, detail: str, headers: list[tuple[bytes, bytes]]) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), *headers]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Requests to /api with a body over max_bytes get a 413 before any handler reads it."""

    def __init__(self, app: ASGIApp, max_bytes: int,
                 larger: dict[str, int] | None = None) -> None:
        # larger: exact paths that take bigger bodies (uploads), each with its own limit.
        self.app, self.max_bytes, self.larger = app, max_bytes, larger or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api"):
            await self.app(scope, receive, send)
            return
        limit = self.larger.get(scope["path"].rstrip("/"), self.max_bytes)
        message = (f"The request body is over {limit} bytes; send a shorter question "
                   "or only the recent turns of the conversation." if limit == self.max_bytes
                   else f"The upload is over {limit} bytes (SENDQA_MAX_UPLOAD_BYTES).")
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _reply(send, 413, message, [])
            return
        # Read the body here, stopping once over the limit, and hand the app what was read:
        # an error raised inside the app's own read would be reported as a malformed body.
        chunks: list[bytes] = []
        seen, more = 0, True
        while more:
            msg = await receive()
            if msg["type"] != "http.request":
                break
            chunks.append(msg.get("body", b""))
            seen += len(chunks[-1])
            more = msg.get("more_body", False)
            if seen > limit:
                await _reply(send, 413, message, [])
                return
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class RateLimit:
    """At most per_minute requests to /api per client address in any 60 s; then a 429 with
    Retry-After. In memory, per process: behind several workers each counts its own share."""

    def __init__(self, app: ASGIApp, per_minute: int) -> None:
        self.app, self.per_minute = app, per_minute
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api") \
                or self.per_minute <= 0:
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = self._wait(client, time.monotonic())
        if wait > 0:
            await _reply(send, 429, f"Too many requests: at most {self.per_minute} a minute. "
                         f"Try again in {wait} s.", [(b"retry-after", str(wait).encode())])
            return
        await self.app(scope, receive, send)

    def _wait(self, client: str, now: float) -> int:
        """Seconds until the client may ask again (0: now, and the request is counted)."""
        with self._lock:
            times = self._seen.setdefault(client, deque())
            while times and now - times[0] >= WINDOW_S:
                times.popleft()
            if len(times) >= self.per_minute:
                return max(1, int(WINDOW_S - (now - times[0])) + 1)
            times.append(now)
            if len(self._seen) > 10_000:  # forget idle clients rather than grow without bound
                for key in [k for k, v in self._seen.items() if not v][:5_000]:
                    del self._seen[key]
            return 0
