"""Does a sentence say only what the passages it cites say?

A sentence is "supported" by the passages it cites when its content words mostly appear there,
its subject words do, every number and capitalised name it states appears there, and any verdict
it states has the polarity the passage gives ("sufficient" vs "not sufficient"). Extractive
sentences are verbatim so they always pass; the check exists to guard what an LLM writes.

A passage's metadata (area, title, document date, context line) may support a sentence, with
one exception: the document date is when a letter or report was written or published, never
when a visit or inspection happened. A sentence that says when a visit, revisit or inspection
took place must find that date in the passage's own text, in a sentence about a visit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

from assistant.terms import (
    OUTCOME_PHRASES,
    QUOTES,
    content_terms,
    names_in,
    normalise,
    numbers_in,
    plain_words,
    split_sentences,
    strip_citations,
    term_weight,
    token_set,
    topic_terms,
)
from assistant.understanding import answer_vocabulary
from core.dates import STATED_DATE, date_parts, iso_parts
from core.models import Passage

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
# Words just before a date that make it the date of a document, not of a visit:
# "the revisit letter (23 June 2021)", "published on 16 May 2018", "a letter dated ...".
_DOCUMENT_DATE_CUE_RE = re.compile(
    r"\b(?:letter|dated|published|publication|issued|written|wrote|sent|report|papers?|pack"
    r"|note|minutes|meeting)\b(?P<tail>\W*(?:\w+\W+){0,3})$",
    re.I,
)
_QUOTE_MARKS = "“”\""
_VISIT_WINDOW = 60  # characters either side of a date in which a visit word ties it to a visit

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


@dataclass(frozen=True)
class Evidence:
    """What a citation of one passage can support, split by where it comes from.

    `text` is the passage's own words (its heading and text); `metadata` is what is shown with
    it (area, title, document date, context line, the finding's verdict). Both support a
    sentence, except that a visit or inspection date must be in `text`.
    """

    text: str
    metadata: str = ""

    def __str__(self) -> str:
        return f"{self.metadata}\n\n{self.text}" if self.metadata else self.text


EvidenceLike: TypeAlias = "str | Evidence"  # a plain string counts as the passage's own text


def passage_evidence(passage: Passage) -> Evidence:
    """What a citation of this passage can support: its text, and the metadata shown with it."""
    meta = [passage.area, passage.title, passage.date or "", passage.context]
    if passage.verdict in ("sufficient progress", "not sufficient progress"):
        meta.append(f"The area has {'not ' if passage.verdict.startswith('not') else ''}made "
                    "sufficient progress in addressing this significant weakness.")
    return Evidence(text=_data_only("\n\n".join(p for p in (passage.heading, passage.text) if p)),
                    metadata=_data_only("\n\n".join(p for p in meta if p)))


def _data_only(text: str) -> str:
    return " ".join(s for s in split_sentences(text) if not looks_like_instruction(s))


@dataclass(frozen=True)
class Support:
    ok: bool
    reason: str = ""  # why not, for logs and tests
    overlap: float = 0.0  # share of the sentence's content terms found in the evidence


def check_support(sentence: str, evidence: Sequence[EvidenceLike]) -> Support:
    """Is this sentence (citations stripped) supported by the union of the evidence texts?

    The specific checks (numbers, names, verdicts, visit dates) come first so that a refusal
    names the real problem; word overlap and subject come last.
    """
    claim = strip_citations(sentence)
    joined = "\n".join(str(e) for e in evidence)
    own = "\n".join(e.text if isinstance(e, Evidence) else e for e in evidence)
    if normalise(claim) and normalise(claim).rstrip(".") in normalise(joined):
        return Support(True, "", 1.0)
    overlap = term_overlap(claim, joined)
    for problem in (_missing_numbers(claim, joined), _missing_names(claim, joined),
                    _wrong_verdict(claim, joined), _visit_date_not_in_text(claim, own)):
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
    missing = numbers_in(claim) - numbers_in(evidence) - iso_parts(evidence)
    return f"numbers not in the source: {sorted(missing)}" if missing else ""


def _missing_names(claim: str, evidence: str) -> str:
    # Words as names_in reads them: a name in quotes ('Ordinarily Available') is still a name.
    known = {w.lower().rstrip("'-").removesuffix("'s")
             for w in plain_words(evidence)}
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


def restates(claim: str, question: str) -> bool:
    """Does the claim only repeat the question: no term, number or verdict the question lacks?

    Such a sentence ("Yes, autism waits are better in X" for "Are autism waits any better in
    X?") cannot be checked by word overlap: the question's words are in every passage
    retrieved for it.
    """
    text = strip_citations(claim)
    new_terms = content_terms(text) - content_terms(question)
    new_numbers = numbers_in(text) - numbers_in(question)
    return not new_terms and not new_numbers and not verdict_polarities(text)


def supporting_sources(sentence: str, evidence: Sequence[EvidenceLike]) -> list[int]:
    """Indices of the evidence texts that stay cited for this sentence; [] when unsupported."""
    if not evidence or not check_support(sentence, evidence).ok:
        return []
    claim = strip_citations(sentence)
    scores = [term_overlap(claim, str(text)) for text in evidence]
    kept = [i for i, score in enumerate(scores) if score >= SUPPORT_MIN_PER_SOURCE]
    return kept or [max(range(len(scores)), key=scores.__getitem__)]


def visit_dates(claim: str) -> list[str]:
    """The dates a sentence gives for a visit, revisit or inspection (as written).

    A date counts when a visit word is near it ("revisited Wokingham on 23 June 2021",
    "Between 1 and 3 November 2021, inspectors visited") and it is not introduced as a
    document's date ("the revisit letter (23 June 2021)", "published on 16 May 2018").
    """
    out = []
    for m in STATED_DATE.finditer(claim):
        before = _after_last_quote(claim[max(0, m.start() - _VISIT_WINDOW):m.start()])
        after = _before_first_quote(claim[m.end():m.end() + _VISIT_WINDOW])
        cue = _DOCUMENT_DATE_CUE_RE.search(before)
        if cue and not answer_vocabulary.VISIT.mentions(cue.group("tail")):
            continue
        if answer_vocabulary.VISIT.mentions(before) or answer_vocabulary.VISIT.mentions(after):
            out.append(m.group(0))
    return out


def _visit_date_not_in_text(claim: str, own_text: str) -> str:
    """A visit date must be in a sentence of the passage text that is about a visit."""
    dates = visit_dates(claim)
    if not dates:
        return ""
    visit_sentences = [date_parts(s) for s in split_sentences(own_text)
                       if answer_vocabulary.VISIT.mentions(s)]
    missing = [d for d in dates if not any(date_parts(d) <= have for have in visit_sentences)]
    return f"visit date not in the source text: {missing[0]}" if missing else ""


def _after_last_quote(text: str) -> str:
    cut = max(text.rfind(q) for q in _QUOTE_MARKS)
    return text[cut + 1:]


def _before_first_quote(text: str) -> str:
    cuts = [i for i in (text.find(q) for q in _QUOTE_MARKS) if i >= 0]
    return text[:min(cuts)] if cuts else text


def term_overlap(claim: str, evidence: str) -> float:
    """Weighted share of the claim's content terms that the evidence contains."""
    terms = content_terms(claim)
    if not terms:
        return 1.0
    have = token_set(evidence)
    total = sum(term_weight(t) for t in terms)
    return sum(term_weight(t) for t in terms if t in have) / total
