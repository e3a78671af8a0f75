"""Fuzzing the API with schemathesis against its own OpenAPI schema, on a real uvicorn server
over the edge store: whatever a generated request holds, no 500, and every response (status,
content type, body) matches what the schema says. Examples are bounded (FUZZ_EXAMPLES an
operation) so the whole module stays well under two minutes on 2 cores."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
import uvicorn
from conftest_edges import LiveServer, _serve_in_thread, edge_corpus, live_server  # noqa: F401
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, checks

pytestmark = pytest.mark.slow

FUZZ_EXAMPLES = 25
CHECKS = [checks.not_a_server_error, checks.status_code_conformance,
          checks.content_type_conformance, checks.response_schema_conformance]


@pytest.fixture(scope="module")
def api_schema(live_server: LiveServer) -> Iterator[Any]:  # noqa: F811
    """The schema served by an API over the edge store without the per-client rate limit
    (the fuzzer is one client sending hundreds of requests), on its own free port."""
    from assistant.app import create_app
    from assistant.service import Service

    shared: Service = live_server.service  # type: ignore[assignment]
    unlimited = shared.settings.model_copy(update={"requests_per_minute": 0})
    service = dataclasses.replace(shared, settings=unlimited)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(create_app(service, with_ui=False),
                                           log_level="warning"))
    thread = _serve_in_thread(server, sock)
    yield schemathesis.openapi.from_url(f"{url}/openapi.json")
    server.should_exit = True
    thread.join(timeout=30)
    sock.close()


def _operations() -> list[str]:
    """"METHOD /path" of every API route, read from the router (no server needed to list them;
    the test fuzzes each against the schema the running server serves)."""
    from fastapi import FastAPI

    from assistant.api import api_router

    app = FastAPI()
    app.include_router(api_router)
    return sorted(f"{method.upper()} {path}" for path, item in app.openapi()["paths"].items()
                  for method in item)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                         ids=["valid", "invalid"])
@pytest.mark.parametrize("operation", _operations())
def test_no_server_error_and_every_response_matches_the_schema(
        api_schema: Any, operation: str, mode: GenerationMode) -> None:
    method, path = operation.split(" ", 1)
    strategy = api_schema[path][method].as_strategy(generation_mode=mode)

    @given(case=strategy)
    @settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def fuzz(case: Any) -> None:
        case.call_and_validate(checks=CHECKS, timeout=120)

    try:
        fuzz()
    except Unsatisfiable:  # nothing in this operation can be made invalid (no parameters)
        if mode is GenerationMode.POSITIVE:
            raise
        pytest.skip(f"{operation} takes nothing that can be invalid")
