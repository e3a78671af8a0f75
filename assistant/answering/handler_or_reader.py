"""Whether a handler's answer holds the question's subject, or the reader should answer instead."""

from __future__ import annotations

from collections.abc import Callable

from assistant.answering.facts import CORRECTION_LEAD
from assistant.answering.figures import has_duration
from assistant.grounding.relevance import MIN_SUBJECT, SUBJECT_GAIN, coverage, subject_terms
from assistant.terms import token_set
from assistant.understanding import vocabulary
from assistant.understanding.query import Query
from core.models import Answer, SearchHit


def reader_fits_better(
    query: Query, ready: Answer, retrieve: Callable[[], list[SearchHit]],
    known: list[str], vocab: frozenset[str],
) -> bool:
    """A handler answers the question's shape; when the rows it cites miss most of the
    question's subject and a retrieved passage holds it ("what did the council say about
    OT waits?" answered with a verdict on another weakness), the reader answers instead."""
    subject = subject_terms(query.asked, known, vocab,
                            query.intent)
    # "what does the report say about the council's finances?" asks about a subject, not
    # for the summary: the handler's rows must hold it like any other answer's
    if ready.answer.startswith(CORRECTION_LEAD):
        return False  # a premise the documents contradict is corrected, whatever else is asked
    # (so does "is the council website any good?": an outcome asked of a subject, which the
    # answer must then quote)
    about = vocabulary.SAYS_ABOUT.mentions(query.asked) or (
        query.intent == "outcome" and bool(query.themes))
    whole = query.intent in WHOLE_ANSWER_INTENTS and not (
        about and subject - _SUMMARY_TERMS and not vocabulary.OVERALL.mentions(query.asked))
    if not ready.abstained and _length_unanswered(query, ready, retrieve):
        return True
    if not subject or ready.abstained or whole:
        return False
    if query.intent == "people" and token_set(query.rewritten) & _LEADING:
        return False  # a name answers "who led it?" though it holds no word of the question
    # "does the letter say anything about X?": the answer itself must say X, not only cite a
    # passage that holds it somewhere
    # (what it quotes, not the words of its own lead: "1 finding about places: ...")
    said = _quoted(ready.answer) if about else [
        f"{c.title}\n{c.text}" for c in ready.citations]
    ready_cov = coverage(subject, said)
    if ready_cov >= MIN_SUBJECT:
        return False
    hits = retrieve()
    best = coverage(subject, [f"{h.passage.heading}\n{h.passage.text}" for h in hits[:3]],
                    each=True)
    return best >= ready_cov + SUBJECT_GAIN


def _quoted(answer: str) -> list[str]:
    """The quotations of a handler's answer ("... “...” [1]"), or the answer when it has none."""
    parts = [part.split("”", 1)[0] for part in answer.split("“")[1:]]
    return parts or [answer]


def _length_unanswered(query: Query, ready: Answer,
                       retrieve: Callable[[], list[SearchHit]]) -> bool:
    """ "Where are the longest waits, Dudley or East Sussex?" asks for lengths of time; the
    findings a handler quotes state none ("... reduce the length of time children wait"), the
    passages found may ("Some wait for over two years for their therapy.")."""
    if not vocabulary.HOW_LONG.mentions(query.asked) or has_duration(ready.answer):
        return False
    return any(has_duration(h.passage.text) for h in retrieve()[:LENGTH_DEPTH])


LENGTH_DEPTH = 3  # passages searched for a length of time a handler's answer lacks
# Intents whose handler's answer is the whole answer (an outcome, a list, a count, a
# comparison): the question's other words describe it, they do not ask for another passage.
WHOLE_ANSWER_INTENTS = frozenset({"outcome", "summary", "list_findings", "not_fixed", "count",
                                  "compare", "which_areas"})
# what a summary is made of: "what does it say about its strengths and weaknesses?"
_SUMMARY_TERMS = token_set("strength strengths weakness weaknesses finding findings outcome "
                           "outcomes result results judgement verdict")
_LEADING = frozenset({"led", "lead", "inspector"})  # stems of who-led-the-inspection words
