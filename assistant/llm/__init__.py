"""The LLM answerer: the one place that talks to an LLM (clients in .clients), what it is shown
(.sources) and how its reply is checked (.reply).

The model is shown the retrieved passages most relevant to the question, each cut to its most
relevant sentences (fewer and shorter for the slow local model), inside <document> tags that
give each document's date once, labelled as the document's date. The model only drafts: every
[n] it emits is checked against the numbered sources it was given, every sentence against the
passages it cites (support.py), and citations are renumbered in order of use. When nothing
valid is left, or the model fails, the extractive answer is returned. Inside `drafting(sink)`
the reply is streamed to the sink as written (.drafts), and still checked only once complete.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from langchain_core.language_models import BaseChatModel

from assistant.answering.answer import extractive_answer
from assistant.answering.question_terms import analyse_question
from assistant.llm.clients import (
    LlamaCppChatModel,
    LLMConfigError,
    build_chat_model,
    free_threads,
)
from assistant.llm.drafts import DraftSink, complete, drafting
from assistant.llm.reply import answer_from_reply, parse_reply
from assistant.llm.sources import (
    LOCAL_BUDGET,
    SERVER_BUDGET,
    Source,
    SourceBudget,
    build_messages,
    choose_sources,
    format_history,
    format_sources,
    sentence_relevance,
    source_budget,
)
from core.models import Answer, SearchHit, Turn

log = logging.getLogger(__name__)

__all__ = [
    "LOCAL_BUDGET", "SERVER_BUDGET", "DraftSink", "LLMConfigError", "LlamaCppChatModel",
    "Source", "SourceBudget", "answer_from_reply", "build_chat_model", "build_messages",
    "choose_sources", "drafting",
    "format_history", "format_sources", "free_threads", "llm_answer", "parse_reply",
    "sentence_relevance", "source_budget",
]


def llm_answer(
    model: BaseChatModel, question: str, hits: list[SearchHit], history: list[Turn],
    intent: str = "open", unknown_areas: Sequence[str] = (),
) -> Answer:
    """The model's answer, validated sentence by sentence; the extractive answer otherwise.
    The intent is the one parse's (assistant.understand): the model never re-reads the shape."""
    q = analyse_question(question, hits, intent, unknown_areas=unknown_areas)
    if not hits or q.personal or q.prediction or q.unknown_names:
        # refusals never depend on the model
        return extractive_answer(question, hits, intent, unknown_areas=unknown_areas)
    sources = choose_sources(q, hits, source_budget(model))
    try:
        reply = complete(model, build_messages(question, sources, history))
    except Exception as exc:  # any client failure (timeout, refused, bad reply) falls back
        log.warning("LLM call failed (%s: %s); answering extractively", type(exc).__name__, exc)
        return extractive_answer(question, hits, intent)
    return answer_from_reply(reply, question, hits, [s.hit for s in sources], intent)
