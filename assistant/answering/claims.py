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
) -> list[Candidate]:
    """The sentences on the claim's subject that lean against it: the first that leans either
    way, and a later one holding a word of the subject the first lacks ("effective speech
    therapy" against "a massive speech therapy waiting list", then "no children waiting");
    none when that first sentence agrees with the claim (or none leans)."""
    lean = leaning(claim)
    cq = analyse_question(claim, hits, "open", vocabulary, (), areas)
    subject = cq.topic - _leaning_stems(claim)
    if not lean or not subject:
        return []
    ranked = rank(cq, hits, eligible)
    if vectors is not None:
        ranked = rerank(claim, ranked, vectors)
    found: list[Candidate] = []
    for cand in ranked[:CLAIM_DEPTH]:
        said = leaning(cand.text)
        held = len(subject & cand.terms) / len(subject)
        meaning = cand.meaning if cand.meaning is not None else SOME_MEANING
        if found:
            if said == -lean and subject & cand.terms - found[0].terms:
                return [*found, cand]
            continue
        about = (held >= MIN_SUBJECT and meaning >= SOME_MEANING) or meaning >= MIN_MEANING
        if said and about:
            if said != -lean:
                return []
            found.append(cand)
    return found


def _leaning_stems(claim: str) -> frozenset[str]:
    """The stems of the words that make the claim lean ("hardly", "praised"): they say which way
    it leans, not what it is about."""
    spans = words.LEANS_NEGATIVE.find(claim) + words.LEANS_POSITIVE.find(claim)
    # (a phrase's first and last words: those between, "massive [speech therapy] waiting
    # list", are what it is about)
    ends = (claim[s:e].split() for s, e in spans)
    return frozenset(t for w in ends for t in terms.tokens(f"{w[0]} {w[-1]}"))
