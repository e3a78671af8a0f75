"""What the model is shown: the retrieved passages most relevant to the question, each cut to
its most relevant sentences (fewer and shorter for the slow local model), inside <document>
tags that give each document's date once; and the conversation so far, shortened."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from assistant import terms
from assistant.answering import scoring
from assistant.answering.question_terms import Question, passage_terms
from assistant.grounding import support
from assistant.llm.clients import LlamaCppChatModel
from assistant.prompts import render_messages
from core.dates import human
from core.models import SearchHit, Turn
from core.text import letter_words

log = logging.getLogger(__name__)


PROMPT_NAME = "answer"
MAX_HISTORY_TURNS = 6
MAX_TURN_CHARS = 400
# An e-mail or web address, a phone number, a UK postcode: an address block, not findings.
_CONTACT_RE = re.compile(
    r"@|\bwww\.|https?://|\b0\d{3} \d{3} \d{4}\b|\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b"
)
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


@dataclass(frozen=True)
class Source:
    """One numbered source of a prompt: the hit it cites and the words shown to the model."""

    hit: SearchHit
    text: str


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
    # two words of two letters or more: not a list number ("4.") or a lone heading
    return sum(len(w) >= 2 for w in letter_words(sentence)) >= 2


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
