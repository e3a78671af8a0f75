"""A claim the question makes about a report's content, checked against the report's sentences.

"Bury's report praised its 'waiting well' offer. What does it include?" takes for granted what
the report contradicts ("There is very little offered to help ... while they wait"). The claim is
read like a question of its own, and its best sentences on the same subject decide: when the
first of them that leans either way leans against the claim ("poor quality" against "praised
the quality"), it is said first, so the answer does not build on the claim.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant import terms
from assistant.answering.question_terms import analyse_question
from assistant.answering.reading import SentenceVectors, rerank
from assistant.answering.scoring import Candidate, rank
from assistant.understanding import vocabulary as words
from assistant.understanding.claims import leaning
from core.models import SearchHit

CLAIM_DEPTH = 6  # the claim's best sentences read for one that leans either way
MIN_SUBJECT = 0.3  # share of the claim's subject a sentence holds to be about it, with ...
SOME_MEANING = 0.3  # ... this similarity in meaning to the claim at least; or alone ...
MIN_MEANING = 0.6  # ... this similarity
NOT_QUITE = "That is not quite what the documents say:"


def contradicting(
    claim: str, hits: list[SearchHit], eligible: list[int], vocabulary: frozenset[str],
    vectors: SentenceVectors | None, areas: Sequence[str] = (),
) -> Candidate | None:
    """The sentence on the claim's subject that leans against it, or None when the first
    sentence on its subject that leans either way agrees with it (or none leans)."""
    lean = leaning(claim)
    cq = analyse_question(claim, hits, "open", vocabulary, (), areas)
    subject = cq.topic - _leaning_stems(claim)
    if not lean or not subject:
        return None
    ranked = rank(cq, hits, eligible)
    if vectors is not None:
        ranked = rerank(claim, ranked, vectors)
    for cand in ranked[:CLAIM_DEPTH]:
        said = leaning(cand.text)
        held = len(subject & cand.terms) / len(subject)
        meaning = cand.meaning if cand.meaning is not None else SOME_MEANING
        if said and ((held >= MIN_SUBJECT and meaning >= SOME_MEANING) or meaning >= MIN_MEANING):
            return cand if said == -lean else None
    return None


def _leaning_stems(claim: str) -> frozenset[str]:
    """The stems of the words that make the claim lean ("hardly", "praised"): they say which way
    it leans, not what it is about."""
    spans = words.LEANS_NEGATIVE.find(claim) + words.LEANS_POSITIVE.find(claim)
    return frozenset(t for s, e in spans for t in terms.tokens(claim[s:e]))
