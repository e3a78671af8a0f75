"""The model's reply as it is written, for a caller that shows it as an unverified draft.

A caller that wants the draft (the streaming route, the chat page) runs the whole answer inside
`drafting(sink)`; the one model call in `llm_answer` then streams, and every piece of text the
model writes goes to `sink` as it arrives. The reply is still checked as a whole once complete,
exactly as without a sink: the draft is never the answer. Outside `drafting`, or on the
extractive path (no model), nothing is sent. A context variable, not a parameter, carries the
sink so the service between the edge and the model need not know drafts exist; it is set in the
thread that answers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage

log = logging.getLogger(__name__)

DraftSink = Callable[[str], None]
"""Receives each piece of unverified text the model writes, in order."""

_SINK: ContextVar[DraftSink | None] = ContextVar("sendqa_draft_sink", default=None)


@contextmanager
def drafting(sink: DraftSink) -> Iterator[None]:
    """Within the block (in this thread), the model's text goes to `sink` as it is written."""
    token = _SINK.set(sink)
    try:
        yield
    finally:
        _SINK.reset(token)


def complete(model: BaseChatModel, messages: Sequence[BaseMessage]) -> str:
    """The model's whole reply; streamed to the draft sink, if one is set, as it arrives.
    A model that cannot stream gives its reply as one piece."""
    sink = _SINK.get()
    if sink is None:
        return model.invoke(list(messages)).text
    parts: list[str] = []
    for chunk in model.stream(list(messages)):
        text = chunk.text
        if text:
            parts.append(text)
            _send(sink, text)
    return "".join(parts)


def _send(sink: DraftSink, text: str) -> None:
    try:
        sink(text)
    except Exception:  # a reader that went away must not cost the answer
        log.warning("the draft sink failed; the answer continues without a draft", exc_info=True)
