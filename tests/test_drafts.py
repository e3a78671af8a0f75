"""The draft seam (assistant/llm/drafts.py): inside `drafting(sink)` the model's reply streams to
the sink as written and is returned whole; outside it nothing is streamed. No model is loaded:
the chat models here are LangChain's scripted fake and a stand-in for llama_cpp.Llama."""

from __future__ import annotations

import threading
from typing import Any

from langchain_core.language_models import GenericFakeChatModel
from langchain_core.messages import HumanMessage

from assistant.llm import LlamaCppChatModel, drafting
from assistant.llm.drafts import complete

REPLY = "The partnership reduced waiting times [1]. Leaders review them each month [2]."
ASK = [HumanMessage(content="question")]


def fake() -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([REPLY]))


def test_without_a_sink_the_reply_is_read_whole() -> None:
    assert complete(fake(), ASK) == REPLY


def test_inside_drafting_the_reply_streams_to_the_sink_in_pieces() -> None:
    pieces: list[str] = []
    with drafting(pieces.append):
        reply = complete(fake(), ASK)
    assert reply == REPLY == "".join(pieces)
    assert len(pieces) > 5  # word by word, not one piece at the end
    assert complete(fake(), ASK) == REPLY and "".join(pieces) == REPLY  # the block ended


def test_the_sink_belongs_to_the_thread_that_set_it() -> None:
    pieces: list[str] = []
    other: list[str] = []
    with drafting(pieces.append):
        thread = threading.Thread(target=lambda: other.append(complete(fake(), ASK)))
        thread.start()
        thread.join()
    assert other == [REPLY] and pieces == []  # another request's answer is not drafted here


def test_a_failing_sink_costs_the_draft_not_the_answer() -> None:
    def broken(text: str) -> None:
        raise ConnectionResetError("the reader went away")

    with drafting(broken):
        assert complete(fake(), ASK) == REPLY


def test_the_local_model_streams_its_tokens() -> None:
    class Llama:  # stand-in for llama_cpp.Llama (compiled only by `make test-llm`)
        def create_chat_completion(self, messages: list[dict[str, str]], **kw: Any) -> Any:
            assert kw["stream"] is True and messages[0]["role"] == "user"
            return iter([{"choices": [{"delta": {"role": "assistant"}}]}]
                        + [{"choices": [{"delta": {"content": t}}]}
                           for t in ("The ", "partnership ", "reduced [1].")])

    model = LlamaCppChatModel(model_path="unused.gguf")
    model._llama = Llama()
    pieces: list[str] = []
    with drafting(pieces.append):
        reply = complete(model, ASK)
    assert pieces == ["The ", "partnership ", "reduced [1]."] and reply == "".join(pieces)
