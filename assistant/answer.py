"""The embedded answerer: a short answer quoted sentence by sentence from the best passages.

No model. Sentences are scored by question-term overlap (stems and synonyms, see support.py),
the passage's retrieval scores and the question's shape (verdict, when, how many); the best are
quoted verbatim, each followed by its [n]. When the evidence is weak it says so and names the
nearest documents instead of padding with loosely related text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant import support, terms
from assistant.citations import Line, abstain_answer, citation, render
from assistant.models import Answer, Passage, SearchHit
from assistant.question_terms import Question, analyse_question

# --- thresholds (tuned on questions about the corpus, see tests/test_answer.py) ---------------
MIN_DENSE = 0.25  # best passage cosine below this: retrieval found nothing on the subject
MIN_TOPIC_COVERAGE = 0.5  # share of the question's topic words the best passage must contain
MIN_SENTENCE_SCORE = 0.30  # the best sentence must score at least this to be worth quoting
KEEP_RATIO = 0.75  # further sentences must score at least this share of the best one
MAX_SENTENCES = 4  # answers stay short
MAX_FACT_SENTENCES = 2  # ... and a date or a number needs at most one sentence of context
MAX_WORDS = 110  # ... in words too: no sentence is added once the answer is this long
MAX_FINDINGS = 2  # findings (weakness + verdict) quoted for one question
NEAR_DUPLICATE = 0.6  # term Jaccard above which two sentences say the same thing
# How a sentence score is made: its own coverage, its passage's coverage, retrieval prior.
W_SENTENCE, W_PASSAGE, W_PRIOR = 0.55, 0.25, 0.20
BONUS_VERDICT, BONUS_OVERALL, BONUS_SHAPE = 0.30, 0.35, 0.25


VERDICTS = ("sufficient progress", "not sufficient progress")
OVERALL_RE = re.compile(
    r"\b(?:weaknesses|all|both|\w+ of the \w+)\b"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+) (?:significant )?weakness"
)
NEGATIVE_RE = re.compile(
    r"\b(?:not|didn't|did not|failed|fail|insufficient|wasn't|weren't|no)\b", re.I
)


@dataclass(frozen=True)
class Candidate:
    hit: int  # index into hits
    position: int  # sentence order within the passage
    text: str
    terms: frozenset[str]
    coverage: float  # weighted share of question terms in this sentence
    score: float
    verdict: bool  # a "(not) made sufficient progress" / inspection outcome line


def extractive_answer(question: str, hits: list[SearchHit]) -> Answer:
    """Quote the sentences that answer the question, or abstain when the evidence is weak."""
    if not hits:
        return abstain_answer("The documents don't say anything that matches this question.", [])
    q = analyse_question(question, hits)
    refusal = _refusal(q, hits)
    if refusal is not None:
        return refusal
    eligible = [i for i, h in enumerate(hits) if q.accepts(h.passage)]
    candidates = _rank(q, hits, eligible)
    weak = _weakness(q, hits, eligible, candidates)
    if weak is not None:
        return abstain_answer(weak, hits)
    return render(_compose(q, hits, candidates), hits)


def _refusal(q: Question, hits: list[SearchHit]) -> Answer | None:
    if q.personal:
        return personal_answer(hits)
    if q.prediction:
        return abstain_answer(
            "The documents don't say what will happen: they record what inspectors and councils "
            "found at the time.", hits)
    if q.unknown_names:
        names = " or ".join(q.unknown_names)
        return abstain_answer(
            f"The documents don't say anything about {names}: none of the passages I found "
            "mention it.", hits)
    return None


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
    if q.topic and max(q.topic_coverage(hits[i].passage) for i in eligible) < MIN_TOPIC_COVERAGE:
        return nothing
    if not q.terms and not q.areas:
        return "The documents don't say: the question doesn't name a subject I can look up."
    if candidates[0].score < MIN_SENTENCE_SCORE:
        return f"The documents don't say enough{about}{q.scope_phrase()} to answer this."
    return None


# --- scoring ------------------------------------------------------------------------------------


def _rank(q: Question, hits: list[SearchHit], eligible: list[int]) -> list[Candidate]:
    top = max(h.score for h in hits) or 1.0
    out: list[Candidate] = []
    for i in eligible:
        passage = hits[i].passage
        prior = 0.5 * hits[i].score / top + 0.5 * max(hits[i].dense_score or 0.0, 0.0)
        passage_cov = q.coverage(terms.tokens(f"{passage.heading}\n{passage.text}"))
        topic_cov = q.topic_coverage(passage)
        for pos, text in enumerate(terms.split_sentences(passage.text)):
            if not _quotable(text):
                continue
            words = frozenset(terms.tokens(text))
            cov = q.coverage(words)
            verdict = _is_verdict(text)
            bonus = _bonus(q, text, verdict, topic_cov)
            if cov == 0 and bonus == 0:
                continue  # shares no word with the question: never worth quoting
            score = W_SENTENCE * cov + W_PASSAGE * passage_cov + W_PRIOR * prior + bonus
            out.append(Candidate(i, pos, text, words, cov, score, verdict))
    out.sort(key=lambda c: (-c.score, c.hit, c.position))
    return out


def _bonus(q: Question, text: str, verdict: bool, topic_cov: float) -> float:
    bonus = 0.0
    if verdict and q.shapes & {"verdict", "open", "list"}:
        if not q.topic:
            bonus += BONUS_OVERALL if _is_overall(text) else 0.0
        elif not _is_overall(text):
            bonus += BONUS_VERDICT * topic_cov
    if "when" in q.shapes and terms.has_date(text):
        bonus += BONUS_SHAPE
    if "count" in q.shapes and terms.has_count(text):
        bonus += BONUS_SHAPE
        if terms.counted_terms(text) & q.terms.keys():
            bonus += BONUS_SHAPE  # the number counts what was asked about
    return bonus


def _quotable(text: str) -> bool:
    """A real sentence: long enough, ends like a sentence, not an address or an injection."""
    words = text.split()
    if len(words) < 5 or len(words) > 90 or not re.search(r"[.!?]['\")]?$", text):
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "'\"("):
        return False  # a fragment of a bulleted list
    if "@" in text or "www." in text or "http" in text or text.lower().startswith("yours"):
        return False
    return not support.looks_like_instruction(text)


def _is_verdict(text: str) -> bool:
    """A verdict line, not a sentence that only says what the revisit set out to decide."""
    low = terms.normalise(text)
    if any(p in low for p in terms.OUTCOME_PHRASES):
        return True
    return bool(terms.VERDICT_RE.search(text)) and "whether" not in low


def _is_overall(text: str) -> bool:
    """A whole-inspection verdict ("five of the six weaknesses", an inspection outcome)."""
    low = terms.normalise(text)
    if any(p in low for p in terms.OUTCOME_PHRASES):
        return True
    return bool(OVERALL_RE.search(low))


# --- composing ----------------------------------------------------------------------------------


def _compose(q: Question, hits: list[SearchHit], candidates: list[Candidate]) -> list[Line]:
    if q.topic and ("verdict" in q.shapes or q.shapes == {"open"}):
        lines = _finding_lines(q, hits, candidates)
    elif q.areas and q.shapes & {"verdict", "list", "open"}:
        lines = _summary_lines(q, hits, candidates)
    else:
        lines = []
    return lines or _general_lines(q, hits, candidates)


def _general_lines(q: Question, hits: list[SearchHit], candidates: list[Candidate]) -> list[Line]:
    """The best sentence and the few nearly as good, without repeats, in document order."""
    usable = [c for c in candidates if not (c.verdict and not _is_overall(c.text))] or candidates
    best, chosen, merged = usable[0], [usable[0]], {usable[0].text: [usable[0].hit]}
    words = len(best.text.split())
    limit = MAX_FACT_SENTENCES if q.shapes & {"when", "count"} else MAX_SENTENCES
    for cand in usable[1:]:
        if len(chosen) >= limit or cand.score < KEEP_RATIO * best.score:
            break
        same = merged.get(cand.text)
        if same is not None and (q.many_areas or "list" in q.shapes):
            same.append(cand.hit)  # the same finding in another area: cite it too
            continue
        if cand.coverage == 0 or words > MAX_WORDS or any(_duplicate(cand, c) for c in chosen):
            continue
        chosen.append(cand)
        merged[cand.text] = [cand.hit]
        words += len(cand.text.split())
    order = {c.hit: n for n, c in reversed(list(enumerate(chosen)))}
    chosen.sort(key=lambda c: (order[c.hit], c.position))
    return [Line(c.text, tuple(dict.fromkeys(merged[c.text]))) for c in chosen]


def _finding_lines(q: Question, hits: list[SearchHit], candidates: list[Candidate]) -> list[Line]:
    """For a question about a weakness: state the weakness, one detail, the verdict verbatim."""
    lines: list[Line] = []
    seen: set[str] = set()
    for cand in candidates[:12]:
        passage = hits[cand.hit].passage
        if cand.score < KEEP_RATIO * candidates[0].score or len(seen) >= MAX_FINDINGS:
            break
        if not passage.finding_id or passage.finding_id in seen or not _about_finding(q, passage):
            continue
        if seen and (q.areas or not (q.many_areas or "list" in q.shapes)):
            break
        seen.add(passage.finding_id)
        lines.extend(_one_finding(cand, hits, candidates, detail=len(seen) == 1))
    return lines


def _about_finding(q: Question, passage: Passage) -> bool:
    """Is the question about this passage's weakness (not just a detail inside it)?"""
    if q.topic_coverage(passage) < MIN_TOPIC_COVERAGE:
        return False
    heading = terms.token_set(passage.heading)
    return "verdict" in q.shapes or len(q.topic & heading) >= MIN_TOPIC_COVERAGE * len(q.topic)


def _one_finding(
    best: Candidate, hits: list[SearchHit], candidates: list[Candidate], detail: bool
) -> list[Line]:
    passage = hits[best.hit].passage
    same = [c for c in candidates if hits[c.hit].passage.finding_id == passage.finding_id]
    weakness = _weakness_line(best.hit, hits)
    verdict = next((Line(c.text, (c.hit,)) for c in same
                    if c.verdict and not _is_overall(c.text)), None)
    if verdict is None and passage.verdict in VERDICTS:
        verdict = Line(f"The revisit's verdict on this weakness: {passage.verdict}.", (best.hit,))
    used = {x.text for x in (weakness, verdict) if x is not None}
    details = [c for c in same if not c.verdict and c.text not in used and c.coverage > 0]
    middle = Line(details[0].text, (details[0].hit,)) if detail and details else None
    lines = [x for x in (weakness, middle, verdict) if x is not None]
    return lines if verdict is not None or weakness is not None else [Line(best.text, (best.hit,))]


def _weakness_line(hit: int, hits: list[SearchHit]) -> Line | None:
    passage = hits[hit].passage
    heading = terms.normalise(passage.heading).rstrip(".")
    if not heading:
        return None
    for text in terms.split_sentences(passage.text):
        if heading in terms.normalise(text):
            return Line(text, (hit,))
    wording = terms.clean_markup(passage.heading).rstrip(".:")
    return Line(f"The weakness found at the initial inspection was: {wording}.", (hit,))


def _summary_lines(q: Question, hits: list[SearchHit], candidates: list[Candidate]) -> list[Line]:
    """An area's overall verdict, then its weaknesses with their verdicts (the notable first)."""
    wanted = _asked_polarity(q)
    overalls = [c for c in candidates if c.verdict and _is_overall(c.text)]
    overall = next((c for c in overalls if wanted in support.verdict_polarities(c.text)),
                   overalls[0] if overalls else None)
    findings: dict[str, int] = {}
    for i, hit in enumerate(hits):
        p = hit.passage
        if p.finding_id and p.verdict in VERDICTS and q.accepts(p) and wanted in (None, p.verdict):
            findings.setdefault(p.finding_id, i)
    ranked = sorted(findings.values(), key=lambda i: (hits[i].passage.verdict != VERDICTS[1],
                                                      hits[i].passage.position))
    lines = [Line(overall.text, (overall.hit,))] if overall else []
    for i in ranked[: MAX_SENTENCES - len(lines)]:
        heading = terms.clean_markup(hits[i].passage.heading).rstrip(".:")
        if heading:
            text = f"{heading[0].upper()}{heading[1:]}: {hits[i].passage.verdict}."
            lines.append(Line(text, (i,)))
    return lines if len(lines) > 1 else []


def _asked_polarity(q: Question) -> str | None:
    if NEGATIVE_RE.search(q.text):
        return VERDICTS[1]
    return VERDICTS[0] if "list" in q.shapes else None


def _duplicate(a: Candidate, b: Candidate) -> bool:
    union = a.terms | b.terms
    return bool(union) and len(a.terms & b.terms) / len(union) >= NEAR_DUPLICATE


def personal_answer(hits: Sequence[SearchHit]) -> Answer:
    """A personal case or a request for advice: kind, honest, and pointing to SENDIASS if named."""
    text = (
        "I'm sorry you're dealing with this. These documents are inspection findings about "
        "local areas, not advice on individual cases, and I can't give legal or medical advice."
    )
    for i, hit in enumerate(hits):
        for sentence in terms.split_sentences(hit.passage.text):
            if "sendiass" in terms.tokens(sentence) and _quotable(sentence):
                return Answer(
                    answer=f"{text} The {hit.passage.area} documents mention its information, "
                    f"advice and support service (SENDIASS): {sentence} [1]",
                    abstained=True, citations=[citation(1, hits[i])],
                )
    return abstain_answer(
        f"{text} Your local SEND information, advice and support service (SENDIASS) can help "
        "with individual cases.", hits)
