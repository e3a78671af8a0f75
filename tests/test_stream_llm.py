"""/api/ask/stream on the LLM path, through real HTTP at both ends: the app on uvicorn, the model
a fake OpenAI-compatible server streaming `chat/completions` chunks (tests/fake_openai.py) of a
reply that cites [1] and [2] and holds one unsupported sentence.

The client must see the model's tokens as `draft` events before anything verified, then the
verified answer without the unsupported sentence, then the citations, then done. The timings
printed here (first and last event) are the figures quoted in the issue.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator

import httpx
import pytest
from conftest_edges import LiveServer, edge_corpus, live_server  # noqa: F401  (fixtures)
from conftest_llm import LLMServer, llm_server  # noqa: F401  (fixture)
from fake_openai import UNSUPPORTED

from assistant.service import Service

pytestmark = pytest.mark.slow

# Answered by the reader from retrieved passages (no findings-table handler takes it).
QUESTION = "What is the local area doing about autism assessment waiting times?"

Event = tuple[float, str, dict[str, object]]  # seconds since the request, event, data


def timed_events(url: str, body: dict[str, object]) -> list[Event]:
    events: list[Event] = []
    with httpx.Client(base_url=url, timeout=180) as client:
        start = time.perf_counter()
        with client.stream("POST", "/api/ask/stream", json=body) as response:
            assert response.status_code == 200
            event = ""
            for line in response.iter_lines():
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: "):
                    events.append((time.perf_counter() - start, event, json.loads(line[6:])))
    return events


@pytest.fixture(scope="module")
def llm_events(llm_server: LLMServer) -> Iterator[list[Event]]:  # noqa: F811
    # A first question loads the embedding model and the reader: timed is a warm server.
    warm = httpx.post(f"{llm_server.url}/api/ask", timeout=180,
                      json={"question": "How are young people prepared for adulthood?"})
    assert warm.status_code == 200
    sent = len(llm_server.fake.requests)
    events = timed_events(llm_server.url, {"question": QUESTION})
    assert len(llm_server.fake.requests) == sent + 1  # one model call, and it streamed
    assert llm_server.fake.requests[-1]["stream"] is True
    yield events


def test_drafts_stream_before_the_verified_answer_then_citations_then_done(
        llm_events: list[Event]) -> None:
    kinds = [kind for _, kind, _ in llm_events]
    assert kinds[0] == "scope" and kinds[-2:] == ["citations", "done"], kinds
    drafts = [i for i, kind in enumerate(kinds) if kind == "draft"]
    answers = [i for i, kind in enumerate(kinds) if kind == "answer"]
    assert len(drafts) >= 3 and answers, kinds  # the reply came in several pieces
    assert drafts == list(range(1, len(drafts) + 1))  # every draft right after scope ...
    assert answers == list(range(drafts[-1] + 1, len(kinds) - 2))  # ... before any answer
    assert all(data["verified"] is False for _, kind, data in llm_events if kind == "draft")
    # The drafts arrived over time, as the model wrote, not all at once at the end.
    assert llm_events[drafts[-1]][0] - llm_events[drafts[0]][0] > 0.5


def test_the_verified_answer_drops_the_unsupported_sentence(
        llm_events: list[Event], llm_server: LLMServer) -> None:  # noqa: F811
    draft = "".join(str(d["text"]) for _, kind, d in llm_events if kind == "draft")
    answer = "".join(str(d["text"]) for _, kind, d in llm_events if kind == "answer")
    done = llm_events[-1][2]
    assert UNSUPPORTED in draft and "[1]" in draft and "[2]" in draft
    assert UNSUPPORTED not in answer and answer == done["answer"]
    # Both quoted sentences survive: the draft is the answer less what the check dropped.
    claims = re.findall(r"\s*(.+?) \[\d+\]\.", draft)
    kept = [c for c in claims if c != UNSUPPORTED]
    assert len(claims) == 3 and len(kept) == 2 and all(c in answer for c in kept), claims
    # The same verifier as /api/ask: the same reply gives the same answer and citations.
    service: Service = llm_server.service  # type: ignore[assignment]
    expected = service.ask(QUESTION)
    assert answer == expected.answer and not expected.abstained
    citations = llm_events[-2][2]["citations"]
    assert [c["chunk_id"] for c in citations] == \
        [c.chunk_id for c in expected.citations]  # type: ignore[index, union-attr]


def test_time_to_first_and_last_event(llm_events: list[Event],
                                      live_server: LiveServer) -> None:  # noqa: F811
    """The figures for the issue: through /api/ask/stream with the fake LLM (tokens paced at
    0.15 s a chunk) and with the extractive default (the real model and store, no drafts)."""
    cold = timed_events(live_server.url, {"question": QUESTION})
    extractive = timed_events(live_server.url, {"question": QUESTION})
    assert "draft" not in {kind for _, kind, _ in cold + extractive}
    for label, events in (("fake LLM, warm", llm_events), ("extractive, maybe cold", cold),
                          ("extractive, warm", extractive)):
        first_text = next(t for t, kind, _ in events if kind in ("draft", "answer"))
        print(f"\n/api/ask/stream, {label}: first event {events[0][0] * 1000:.0f} ms, first "
              f"text {first_text * 1000:.0f} ms, last event {events[-1][0] * 1000:.0f} ms, "
              f"{len(events)} events")
        assert events[0][0] <= first_text <= events[-1][0]


def test_the_openapi_docs_say_drafts_are_unverified(llm_server: LLMServer) -> None:  # noqa: F811
    spec = httpx.get(f"{llm_server.url}/openapi.json", timeout=60).json()
    ok = spec["paths"]["/api/ask/stream"]["post"]["responses"]["200"]
    assert "`draft`" in ok["description"] and "UNVERIFIED" in ok["description"]
    assert "NOT yet checked" in ok["description"]
    examples = ok["content"]["text/event-stream"]["examples"]
    assert "event: draft" in examples["llm"]["value"]
    assert "event: draft" not in examples["extractive"]["value"]


def test_a_client_that_leaves_mid_draft_costs_nothing(llm_server: LLMServer) -> None:  # noqa: F811
    with httpx.Client(base_url=llm_server.url, timeout=180) as client, \
            client.stream("POST", "/api/ask/stream", json={"question": QUESTION}) as response:
        lines = response.iter_lines()
        assert any(line == "event: draft" for line in lines)  # then hang up mid-draft
    events = timed_events(llm_server.url, {"question": QUESTION})
    assert [kind for _, kind, _ in events][-2:] == ["citations", "done"]
    assert UNSUPPORTED not in str(events[-1][2]["answer"])
