"""Reading what the model wrote: every [n] checked against the numbered sources it was given,
every sentence against the passages it cites (support.py), citations renumbered in order of
use; a reply left with nothing valid gives way to the extractive answer."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from assistant import terms
from assistant.answering import figures
from assistant.answering.answer import extractive_answer
from assistant.answering.question_terms import Question, analyse_question
from assistant.grounding import support
from assistant.grounding.citations import Line, abstain_answer, render
from assistant.llm.sources import SERVER_BUDGET
from assistant.understanding import answer_vocabulary
from core.models import Answer, SearchHit

log = logging.getLogger(__name__)


MAX_LLM_SENTENCES = 5  # more than this is not a short answer
MIN_QUOTE_WORDS = 5  # a sentence this long found word for word in a source is a quote of it
DONT_KNOW_RE = answer_vocabulary.DONT_KNOW
# Patterns of citation markers in a model's reply ("... stop. [1]" moved before the stop).
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
    if DONT_KNOW_RE.mentions(text):
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
    if "when" in shapes and not figures.has_date(said):
        return False
    return not ("count" in shapes and not terms.numbers_in(said)
                and not answer_vocabulary.FRACTION.mentions(said))


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
        if claim.endswith((".", "!", "?")):  # "... claim ." -> "... claim."
            claim = claim[:-1].rstrip() + claim[-1]
        if claim:
            out.append((claim, numbers))
    return out
