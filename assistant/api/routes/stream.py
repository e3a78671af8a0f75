"""POST /api/ask/stream: the answer as server-sent events (text as composed, citations, done).

With an LLM, the model's tokens are sent first as they arrive, as `draft` events: unverified
text to show as provisional. Once the reply is complete it is checked exactly as /api/ask
checks it, and the verified `answer` events replace the draft (sentences the check dropped are
gone). The extractive answerer sends no drafts."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from collections.abc import AsyncIterator

from fastapi import APIRouter, HTTPException
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import ServiceDep, check_date_range
from assistant.api.schemas import AskRequest, DraftEvent
from assistant.errors import BadInput, TooLarge
from assistant.llm import drafting
from assistant.redact import redact
from assistant.scope import answered_from, filter_conflicts
from assistant.service import Service
from core.models import Answer, Filters

router = APIRouter(tags=["ask"])
log = logging.getLogger(__name__)

EXAMPLE_STREAM = (
    'event: scope\ndata: {"scope": "Searched 7 documents about 6 areas, dated 5 December '
    '2019 to 6 December 2024.", "notes": []}\n\n'
    'event: answer\ndata: {"text": "The area has made sufficient progress in addressing both of '
    'the significant weaknesses [1]. "}\n\n'
    'event: citations\ndata: {"abstained": false, "citations": [{"n": 1, "chunk_id": "...", '
    '"doc_id": "wandsworth-revisit-letter-2022-08-23", "title": "...", "area": "Wandsworth", '
    '"doc_type": "revisit_letter", "date": "2022-08-23", "text": "...", "score": 0.03}]}\n\n'
    'event: done\ndata: {"answer": "The area has made sufficient progress ... [1]."}\n\n'
)
EXAMPLE_LLM_STREAM = (
    'event: scope\ndata: {"scope": "Searched 7 documents about 6 areas, ...", "notes": []}\n\n'
    'event: draft\ndata: {"text": "The area has made", "verified": false}\n\n'
    'event: draft\ndata: {"text": " sufficient progress [1]. It also built", "verified": false}'
    '\n\n'
    'event: draft\ndata: {"text": " a new school [2].", "verified": false}\n\n'
    'event: answer\ndata: {"text": "The area has made sufficient progress [1]."}\n\n'
    'event: citations\ndata: {"abstained": false, "citations": [{"n": 1, "...": "..."}]}\n\n'
    'event: done\ndata: {"answer": "The area has made sufficient progress [1]."}\n\n'
)
# A piece is a claim as the verifier reads it: the text up to and including its [n] marks, so a
# quotation holding several sentences is never cut before its closing mark.
_PIECE_RE = re.compile(r".*?(?:\[\d+\])+[.;:!?]?\s*|.+$", re.S)


def sse(event: str, data: object) -> str:
    """One server-sent event; data is JSON on one line (a newline would end the field)."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def pieces(text: str) -> list[str]:
    """The answer in the order it reads, one cited claim (with its [n] marks) at a time."""
    return [p for p in _PIECE_RE.findall(text) if p]


async def drafts_then_answer(service: Service, body: AskRequest,
                             filters: Filters | None) -> AsyncIterator[str | Answer]:
    """Answer in a worker thread; meanwhile yield the model's text as it arrives (the LLM path
    only; what queued up between two reads goes as one piece), then the checked Answer."""
    loop = asyncio.get_running_loop()
    drafts: asyncio.Queue[str | None] = asyncio.Queue()

    def to_loop(text: str | None) -> None:
        with contextlib.suppress(RuntimeError):  # the loop is closed: the server stopped
            loop.call_soon_threadsafe(drafts.put_nowait, text)

    def answer_with_drafts() -> Answer:
        try:
            with drafting(to_loop):
                return service.ask(body.question, body.history, filters)
        finally:
            to_loop(None)  # the end mark, always put last

    answering = asyncio.ensure_future(run_in_threadpool(answer_with_drafts))
    # A client that leaves mid-draft: the answer still finishes; its error is not left unread.
    answering.add_done_callback(lambda done: done.cancelled() or done.exception())
    finished = False
    while not finished:
        parts = [await drafts.get()]
        while not drafts.empty():
            parts.append(drafts.get_nowait())
        finished = None in parts
        text = "".join(p for p in parts if p is not None)
        if text:
            yield text
    yield await answering


async def answer_events(service: Service, body: AskRequest,
                        filters: Filters | None) -> AsyncIterator[str]:
    # What the answer will come from is known before answering: sent at once, so a client
    # shows it (and any filter that contradicts the question) while the answer is composed.
    docs = service.catalogue()
    yield sse("scope", {"scope": answered_from(docs, filters),
                        "notes": filter_conflicts(body.question, filters,
                                                  sorted({d.area for d in docs}))})
    answer: Answer | None = None
    try:
        async for step in drafts_then_answer(service, body, filters):
            if isinstance(step, Answer):
                answer = step
            else:
                yield sse("draft", DraftEvent(text=step).model_dump())
    except Exception:  # after the 200 has gone: the error is an event, the trace is logged
        log.exception("stream failed for %s", redact(body.question))
        yield sse("error", {"detail": "Something went wrong on our side answering this; "
                                      "it has been logged."})
        return
    assert answer is not None  # drafts_then_answer ends with the answer or raises
    for piece in pieces(answer.answer):
        yield sse("answer", {"text": piece})
    yield sse("citations", {"abstained": answer.abstained,
                            "citations": [c.model_dump() for c in answer.citations]})
    yield sse("done", {"answer": answer.answer})


@router.post(
    "/ask/stream",
    response_class=StreamingResponse,
    responses={
        200: {"description": "Server-sent events: `scope` at once (what the answer comes from, "
              "and any filter that contradicts the question); with an LLM only, `draft` "
              "events (`{\"text\", \"verified\": false}`: the model's tokens as they arrive, "
              "UNVERIFIED, to show as provisional and replace); then `answer` (a verified "
              "piece of text, in order; the first one replaces any draft), `citations` (the "
              "numbered passages and whether it abstained), `done` (the whole answer); "
              "`error` instead if answering fails midway. A `draft` event's data: "
              + " ".join(str(DraftEvent.__doc__).split()),
              "content": {"text/event-stream": {
                  "examples": {
                      "extractive": {"summary": "The default answerer: no drafts",
                                     "value": EXAMPLE_STREAM},
                      "llm": {"summary": "With an LLM: unverified drafts, then the verified "
                              "answer (the unsupported sentence is gone)",
                              "value": EXAMPLE_LLM_STREAM}}}}},
        413: {"description": "History over the limits"},
        422: {"description": "Empty or too long question, unknown field, bad filter"},
    },
)
async def ask_stream(body: AskRequest, service: ServiceDep) -> StreamingResponse:
    """Answer a question as a stream of server-sent events: the text first (with an LLM, its
    unverified draft before the checked text), then its citations. Input is checked before the
    stream opens, so bad input is a plain JSON 4xx."""
    filters = check_date_range(body.filters)
    try:
        service.validate_question(body.question)
        service.validate_history(body.history)
    except TooLarge as exc:
        raise HTTPException(status_code=413, detail=str(exc)) from exc
    except BadInput as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    return StreamingResponse(
        answer_events(service, body, filters), media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
