"""The embedded answerer: a short answer quoted sentence by sentence from the best passages.

No model. Sentences are scored (scoring.py) by question-term overlap (stems and synonyms, see
terms.py), the passage's retrieval scores and the question's shape (verdict, when, how many); the
best are quoted verbatim, each followed by its [n]. A question about a revisit weakness gets the
weakness as worded and its verdict verbatim; an area summary gets the overall verdict and the
weaknesses with theirs. When the evidence is weak it says so and names the nearest documents
instead of padding with loosely related text. The lines are composed in compose.py (verdicts:
verdict_lines.py); the tuned numbers are in thresholds.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant import terms
from assistant.answering import figures
from assistant.answering.claims import NOT_QUITE, contradicting
from assistant.answering.compose import compose
from assistant.answering.question_terms import Question, analyse_question, story_terms
from assistant.answering.reading import SentenceVectors, rerank
from assistant.answering.scoring import Candidate, quotable, rank
from assistant.answering.thresholds import (
    MIN_DENSE,
    MIN_MEANING,
    MIN_SENTENCE_SCORE,
    MIN_TOPIC_COVERAGE,
)
from assistant.areas import find_areas
from assistant.grounding.citations import CLAIM_RE, Line, abstain_answer, citation, render
from assistant.question_words import themes_of
from assistant.understanding import vocabulary
from assistant.understanding.query import Query
from core.models import Answer, SearchHit


def extractive_answer(
    question: str, hits: list[SearchHit], intent: str = "open",
    vocabulary: frozenset[str] = frozenset(),
    template: frozenset[str] = frozenset(),
    vectors: SentenceVectors | None = None,
    unknown_areas: Sequence[str] = (),
    areas: Sequence[str] = (),
    story: str = "",
    claim: str = "",
) -> Answer:
    """Quote the sentences that answer the question, or abstain when the evidence is weak.
    A story told before the question (`story`) helps pick the sentences, never decides them."""
    if not hits:
        return abstain_answer("The documents don't say anything that matches this question.", [])
    q = analyse_question(question, hits, intent, vocabulary, unknown_areas, areas, story)
    refusal = _refusal(q, hits)
    if refusal is not None:
        return refusal
    eligible = [i for i, h in enumerate(hits) if q.accepts(h.passage)]
    candidates = [c for c in rank(q, hits, eligible) if c.text not in template]
    if vectors is not None:
        # a need told in the story ("climbs out of windows ... waiting on OT") is what the help
        # asked for is for: the sentence meaning either the question or both is read as close
        told = (without_areas(f"{story} {question}", sorted(q.areas))
                if q.story and "practice" in q.shapes else "")
        candidates = _read(without_areas(question, sorted(q.areas)), q, hits, candidates,
                           vectors, told)
    weak = _weakness(q, hits, eligible, candidates)
    if weak is not None:
        return abstain_answer(weak, hits)
    if q.figure:
        # Asked for a sum or a number: only a sentence stating one answers (one goes first when
        # the best sentence states no number). The number must count a word of the question
        # ("2,000 parents"); a question with no subject of its own ("how many did they fix?")
        # takes any number.
        asked = figures.counted_asked(q.terms, q.text) if q.topic else None
        stating = [c for c in candidates[:FIGURE_DEPTH]
                   if figures.states_figure(c.text, q.figure, asked)]
        if not stating:
            return abstain_answer(_NO_FIGURE[q.figure].format(scope=q.scope_phrase()), hits)
        if not figures.states_figure(candidates[0].text, q.figure):  # the best states none
            candidates = stating + [c for c in candidates if c not in stating]
    lines = compose(q, hits, candidates)
    against = contradicting(claim, hits, eligible, vocabulary, vectors, areas) if claim else []
    if against:  # what the report says against the claim, before the rest
        said = {c.text for c in against}
        lines = [Line(f"{NOT_QUITE} “{against[0].text}”", (against[0].hit,)),
                 *(Line(c.text, (c.hit,)) for c in against[1:]),
                 *(line for line in lines if line.text not in said)]
    if not lines:
        return abstain_answer("The documents don't say anything that matches this question.", hits)
    return render(lines, hits)



STORY_LEAD = "On what you describe, it says:"


def told_need(query: Query) -> bool:
    """An outcome asked of one area after a story naming a subject the reports cover ("my
    son is on the autism waiting list"): the answer adds what the report says on it."""
    story = query.story
    return (query.intent == "outcome" and len(query.areas) == 1 and not query.themes
            and bool(themes_of(story))
            and (vocabulary.TELLS_NEED.mentions(story)
                 or vocabulary.LEANS_NEGATIVE.mentions(story)))


def about_story(said: Answer, story: str) -> Answer:
    """The reader's best sentence on the story's subject, introduced as such; none when it
    holds no word of the story's subject."""
    first = CLAIM_RE.findall(said.answer)[:1]
    kept = [c for c in said.citations if f"[{c.n}]" in "".join(first)]
    if said.abstained or not kept or not story_terms(story) & terms.token_set(first[0]):
        return said.model_copy(update={"answer": "", "citations": []})
    text = first[0].strip()
    marks = text[text.rfind(" [") :] if " [" in text else ""
    quoted = f"{STORY_LEAD} “{text.removesuffix(marks).strip()}”{marks}"
    return said.model_copy(update={"answer": quoted, "citations": kept})


FIGURE_DEPTH = 8  # sentences searched for the figure a question asks for
_NO_FIGURE = {
    "money": "The documents don't give that sum{scope}: they don't state costs, budgets or pay.",
    "quantity": "The documents don't give that number{scope}.",
}


def _read(question: str, q: Question, hits: list[SearchHit], candidates: list[Candidate],
          vectors: SentenceVectors, told: str = "") -> list[Candidate]:
    """Candidates re-scored by meaning; with several areas, each area's own best are, so the
    area whose passages share most words does not take every place read by meaning."""
    if len(q.areas) < 2:
        return rerank(question, candidates, vectors, told)
    read: list[Candidate] = []
    for area in q.areas:
        read += rerank(question, [c for c in candidates if hits[c.hit].passage.area == area],
                       vectors, told)
    rest = [c for c in candidates if hits[c.hit].passage.area not in q.areas]
    return sorted(read, key=lambda c: (-c.score, c.hit, c.position)) + rest


def without_areas(question: str, areas: Sequence[str]) -> str:
    """The question without the names of the areas it is scoped to: the passages are already
    theirs, and a sentence naming the area ("Middlesbrough children matter") would otherwise
    look close in meaning to any question about it."""
    for m in sorted(find_areas(question, areas), key=lambda m: -m.start):
        question = question[: m.start] + "the area" + question[m.end :]
    return question


def _refusal(q: Question, hits: list[SearchHit]) -> Answer | None:
    if q.personal:
        return personal_answer(hits, q.own_case)
    if q.prediction:
        return abstain_answer(
            "The documents don't say what will happen: they record what inspectors and councils "
            "found at the time.", hits)
    if q.unseen:
        return unseen_answer(q.unseen, q.scope_phrase(), hits)
    if q.unknown_names and not q.areas:
        names = " or ".join(q.unknown_names)
        return abstain_answer(
            f"The documents don't say anything about {names}: none of the passages I found "
            "are about it.", hits)
    return None


def unseen_answer(words: Sequence[str], scope: str, hits: Sequence[SearchHit]) -> Answer:
    """A subject no document uses a word for ("hydrotherapy"): said so, with the nearest
    documents, rather than answered with sentences on something else."""
    said = " or ".join(f'"{w}"' for w in words)
    return abstain_answer(f"The documents don't mention {said}{scope}: no passage uses the word.",
                          list(hits))


def _weakness(
    q: Question, hits: list[SearchHit], eligible: list[int], candidates: list[Candidate]
) -> str | None:
    """Why the evidence is too weak to answer, or None when it is good enough."""
    about = f" about {q.missing_phrase(hits, eligible)}" if q.topic else ""
    nothing = f"The documents don't say anything{about}{q.scope_phrase()}."
    if not eligible or not candidates:
        return nothing
    dense = [h.dense_score for h in hits if h.dense_score is not None]
    if dense and max(dense) < MIN_DENSE:
        return nothing
    covered = max(q.topic_coverage(hits[i].passage) for i in eligible)
    if q.topic and covered < MIN_TOPIC_COVERAGE and _meaning(candidates) < MIN_MEANING:
        return nothing
    if not q.terms and not q.areas:
        return "The documents don't say: the question doesn't name a subject I can look up."
    if candidates[0].score < MIN_SENTENCE_SCORE:
        return f"The documents don't say enough{about}{q.scope_phrase()} to answer this."
    return None


def _meaning(candidates: list[Candidate]) -> float:
    """The best sentence's similarity to the question; without the reader's vectors, 0 (the
    topic-word check alone decides)."""
    return max((c.meaning for c in candidates if c.meaning is not None), default=0.0)



def personal_answer(hits: Sequence[SearchHit], own_case: bool = True) -> Answer:
    """A personal case or a request for advice: kind, honest, and pointing to SENDIASS if named."""
    about = ("inspection findings about local areas, not advice on individual children, schools "
             "or cases, and I can't give legal or medical advice.")
    text = (f"I'm sorry you're dealing with this. These documents are {about}" if own_case
            else f"The documents don't say: they are {about}")
    for i, hit in enumerate(hits):
        for sentence in terms.split_sentences(hit.passage.text):
            if "sendiass" in terms.tokens(sentence) and quotable(sentence):
                return Answer(
                    answer=f"{text} The {hit.passage.area} documents mention its information, "
                    f"advice and support service (SENDIASS): {sentence} [1]",
                    abstained=True, citations=[citation(1, hits[i])],
                )
    return abstain_answer(
        f"{text} Your local SEND information, advice and support service (SENDIASS) can help "
        "with individual cases.", hits)
