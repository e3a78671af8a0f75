"""The one place that builds LLM clients: an OpenAI-compatible server, or the local GGUF model
through llama-cpp-python (with its thread count fitted to the load of the machine)."""

from __future__ import annotations

import logging
import os
import statistics
import threading
import time
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

from assistant.local_model import ModelFilesError, assemble_qwen, default_model_path
from core.config import Settings

log = logging.getLogger(__name__)


LOCAL_LLM_EXTRA = "pip install '.[local-llm]'"
LOCAL_MAX_TOKENS = 140  # it writes 1-8 tokens/s; one to three cited sentences fit
LOADAVG = Path("/proc/loadavg")  # its 4th field: runnable tasks now / all tasks
_LOAD_SAMPLES = 5  # readings, 10 ms apart, before each local completion


class LLMConfigError(ValueError):
    """The LLM settings cannot work; the message says what to set or install."""


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
    """A minimal LangChain chat model over llama-cpp-python's chat completion API.

    Each call uses up to `n_threads` threads, but no more than the cores other work leaves
    free: llama.cpp's threads wait for each other after every step, so two threads on a
    machine where another job holds one of the two cores wrote 3-4 times slower (~0.8
    tokens/s) than one thread alone (~3 tokens/s).
    """

    model_path: str
    n_ctx: int = 4096
    n_threads: int = 2  # at most
    max_tokens: int = LOCAL_MAX_TOKENS
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
        llama = self._load()
        with self._lock:  # one completion at a time: the context and its timings are shared
            threads = _prepare(llama, free_threads(self.n_threads))
            out = llama.create_chat_completion(
                messages=_payload(messages), max_tokens=self.max_tokens,
                temperature=self.temperature, stop=stop,
            )
            info = _timings(llama, threads)
        text = out["choices"][0]["message"].get("content") or ""
        generation = ChatGeneration(message=AIMessage(content=text), generation_info=info)
        return ChatResult(generations=[generation])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        """The reply token by token (a draft to show while the slow local model writes)."""
        llama = self._load()
        with self._lock:
            threads = _prepare(llama, free_threads(self.n_threads))
            for part in llama.create_chat_completion(
                messages=_payload(messages), max_tokens=self.max_tokens,
                temperature=self.temperature, stop=stop, stream=True,
            ):
                text = part["choices"][0].get("delta", {}).get("content") or ""
                if text:
                    if run_manager is not None:
                        run_manager.on_llm_new_token(text)
                    yield ChatGenerationChunk(message=AIMessageChunk(content=text))
            info = _timings(llama, threads)
        yield ChatGenerationChunk(message=AIMessageChunk(content=""), generation_info=info)


def _payload(messages: list[BaseMessage]) -> list[dict[str, str]]:
    roles = {"system": "system", "human": "user", "ai": "assistant"}
    return [{"role": roles.get(m.type, "user"), "content": m.text} for m in messages]


def free_threads(wanted: int) -> int:
    """How many of `wanted` threads the machine can run now without queueing: its cores less
    the tasks other work keeps runnable (sampled from /proc/loadavg; `wanted` when unknown)."""
    samples = []
    for _ in range(_LOAD_SAMPLES):
        try:
            running = LOADAVG.read_text(encoding="ascii").split()[3]
            samples.append(int(running.split("/")[0]) - 1)  # this thread, reading, is one
        except (OSError, IndexError, ValueError):
            return wanted
        time.sleep(0.01)
    others = statistics.median(samples)
    return max(1, min(wanted, int((os.cpu_count() or wanted) - others)))


def _prepare(llama: Any, threads: int) -> int:
    """Set the threads for the next completion and zero llama.cpp's timers (a real Llama)."""
    if not hasattr(llama, "ctx"):
        return threads
    import llama_cpp

    llama_cpp.llama_set_n_threads(llama.ctx, threads, threads)
    llama_cpp.llama_perf_context_reset(llama.ctx)
    return threads


def _timings(llama: Any, threads: int) -> dict[str, float] | None:
    """Tokens read and written by the last completion and how long each took (llama.cpp's own
    counters; prompt tokens cached from the previous call, the system prompt, are not read
    again)."""
    if not hasattr(llama, "ctx"):
        return None
    import llama_cpp

    perf = llama_cpp.llama_perf_context(llama.ctx)
    return {"prompt_tokens": perf.n_p_eval, "prompt_seconds": perf.t_p_eval_ms / 1000,
            "completion_tokens": perf.n_eval, "completion_seconds": perf.t_eval_ms / 1000,
            "threads": threads}
