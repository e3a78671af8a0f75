"""Does a sentence say only what the passages it cites say?

A sentence is "supported" by the passages it cites when its content words mostly appear there,
its subject words do, every number and capitalised name it states appears there, and any verdict
it states has the polarity the passage gives ("sufficient" vs "not sufficient"). Extractive
sentences are verbatim so they always pass; the check exists to guard what an LLM writes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.models import Passage
from assistant.terms import (
    OUTCOME_PHRASES,
    QUOTES,
    content_terms,
    names_in,
    normalise,
    numbers_in,
    split_sentences,
    strip_citations,
    term_weight,
    token_set,
    topic_terms,
)

# Share of a sentence's content terms that must appear in the cited passages.
SUPPORT_MIN_OVERLAP = 0.6
# ... and of its topic terms (content words that are not verdict vocabulary): a sentence about
# "transition" is not supported by a passage that never mentions it, whatever else they share.
SUPPORT_MIN_TOPIC = 0.5
# Each cited passage must hold at least this share of the sentence's content terms to stay cited.
SUPPORT_MIN_PER_SOURCE = 0.3

_NEGATED_VERDICT_RE = re.compile(
    r"\b(?:not|no|never|insufficient|without|failed to|fail to|n't)\b[\w\s,'-]{0,40}?"
    r"\bsufficient progress|\binsufficient progress|\bnot sufficient\b",
    re.I,
)
_INJECTION_RE = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[\w\s,'-]{0,40}\b(?:instructions?|rules?|prompts?)\b"
    r"|\bsystem prompt\b|\byou are now\b|\bnew instructions?\b|\bas an ai\b",
    re.I,
)


def verdict_polarities(text: str) -> set[str]:
    """Which verdicts a text states: {"sufficient progress", "not sufficient progress"}."""
    found: set[str] = set()
    for sentence in split_sentences(text) or [text]:
        if "sufficient progress" not in normalise(sentence) and "not sufficient" not in sentence:
            continue
        negative = _NEGATED_VERDICT_RE.search(sentence.translate(QUOTES))
        found.add("not sufficient progress" if negative else "sufficient progress")
    return found


def looks_like_instruction(sentence: str) -> bool:
    """Text in a source that tries to instruct the model; never quoted, never evidence."""
    return bool(_INJECTION_RE.search(sentence))


def passage_evidence(passage: Passage) -> str:
    """What a citation of this passage can support: its text plus the metadata shown with it."""
    parts = [passage.area, passage.title, passage.date or "", passage.context, passage.heading,
             passage.text]
    if passage.verdict in ("sufficient progress", "not sufficient progress"):
        parts.append(f"The area has {'not ' if passage.verdict.startswith('not') else ''}made "
                     "sufficient progress in addressing this significant weakness.")
    text = "\n\n".join(p for p in parts if p)
    return " ".join(s for s in split_sentences(text) if not looks_like_instruction(s))


@dataclass(frozen=True)
class Support:
    ok: bool
    reason: str = ""  # why not, for logs and tests
    overlap: float = 0.0  # share of the sentence's content terms found in the evidence


def check_support(sentence: str, evidence: Sequence[str]) -> Support:
    """Is this sentence (citations stripped) supported by the union of the evidence texts?

    The specific checks (numbers, names, verdicts) come first so that a refusal names the real
    problem; word overlap and subject come last.
    """
    claim = strip_citations(sentence)
    joined = "\n".join(evidence)
    if normalise(claim) and normalise(claim).rstrip(".") in normalise(joined):
        return Support(True, "", 1.0)
    overlap = term_overlap(claim, joined)
    for problem in (_missing_numbers(claim, joined), _missing_names(claim, joined),
                    _wrong_verdict(claim, joined)):
        if problem:
            return Support(False, problem, overlap)
    if overlap < SUPPORT_MIN_OVERLAP:
        return Support(False, f"only {overlap:.0%} of its words are in the source", overlap)
    topic = topic_terms(claim)
    have = token_set(joined)
    if topic and len(topic & have) < SUPPORT_MIN_TOPIC * len(topic):
        return Support(False, f"its subject is not in the source: {sorted(topic - have)}", overlap)
    return Support(True, "", overlap)


def _missing_numbers(claim: str, evidence: str) -> str:
    missing = numbers_in(claim) - numbers_in(evidence) - _date_parts(evidence)
    return f"numbers not in the source: {sorted(missing)}" if missing else ""


def _missing_names(claim: str, evidence: str) -> str:
    known = {w.lower().removesuffix("'s") for w in re.findall(r"[A-Za-z'-]+", evidence)}
    missing = names_in(claim) - known
    return f"names not in the source: {sorted(missing)}" if missing else ""


def _wrong_verdict(claim: str, evidence: str) -> str:
    claimed = verdict_polarities(claim)
    if claimed and not claimed <= verdict_polarities(evidence):
        return f"verdict '{sorted(claimed)[0]}' is not what the source says"
    low_claim, low_evidence = normalise(claim), normalise(evidence)
    for phrase in OUTCOME_PHRASES:
        key = phrase.split(" experiences")[0]
        if key in low_claim and key not in low_evidence:
            return f"outcome '{phrase}' is not what the source says"
    return ""


def supporting_sources(sentence: str, evidence: Sequence[str]) -> list[int]:
    """Indices of the evidence texts that stay cited for this sentence; [] when unsupported."""
    if not evidence or not check_support(sentence, evidence).ok:
        return []
    claim = strip_citations(sentence)
    scores = [term_overlap(claim, text) for text in evidence]
    kept = [i for i, score in enumerate(scores) if score >= SUPPORT_MIN_PER_SOURCE]
    return kept or [max(range(len(scores)), key=scores.__getitem__)]


def term_overlap(claim: str, evidence: str) -> float:
    """Weighted share of the claim's content terms that the evidence contains."""
    terms = content_terms(claim)
    if not terms:
        return 1.0
    have = token_set(evidence)
    total = sum(term_weight(t) for t in terms)
    return sum(term_weight(t) for t in terms if t in have) / total


def _date_parts(text: str) -> set[str]:
    """Numbers inside ISO dates (2021-06-23 -> 2021, 6, 23): metadata a sentence may restate."""
    out: set[str] = set()
    for y, m, d in re.findall(r"(\d{4})-(\d{2})-(\d{2})", text):
        out.update({y, m.lstrip("0"), d.lstrip("0")})
    return out
