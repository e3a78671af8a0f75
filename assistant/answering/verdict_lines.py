"""The reader's verdict lines: a revisit weakness as worded with its verdict; an area summary."""

from __future__ import annotations

from assistant import terms
from assistant.answering.question_terms import Question
from assistant.answering.scoring import (
    NOT_STATED,
    VERDICTS,
    WH_RE,
    Candidate,
    asked_polarity,
    is_overall,
    overall,
)
from assistant.answering.thresholds import (
    KEEP_RATIO,
    MAX_FINDINGS,
    MAX_SENTENCES,
    MIN_TOPIC_COVERAGE,
)
from assistant.grounding.citations import Line
from core.models import Passage, SearchHit


def finding_lines(q: Question, hits: list[SearchHit], candidates: list[Candidate]) -> list[Line]:
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
        details = (2 if WH_RE.match(q.text) else 1) if len(seen) == 1 else 0
        lines.extend(_one_finding(cand, hits, candidates, details))
    return lines


def _about_finding(q: Question, passage: Passage) -> bool:
    """Is the question about this passage's weakness (not just a detail inside it)?

    Only revisit findings qualify: they have a verdict to quote. Workstreams and 2023 priority
    actions are answered sentence by sentence like any other text.
    """
    asked = "verdict" in q.shapes
    stated = passage.verdict in VERDICTS or (passage.verdict == NOT_STATED and asked)
    if not stated or q.topic_coverage(passage) < MIN_TOPIC_COVERAGE:
        return False
    heading = terms.token_set(passage.heading)
    return "verdict" in q.shapes or len(q.topic & heading) >= MIN_TOPIC_COVERAGE * len(q.topic)


def _one_finding(
    best: Candidate, hits: list[SearchHit], candidates: list[Candidate], details: int
) -> list[Line]:
    passage = hits[best.hit].passage
    same = [c for c in candidates if hits[c.hit].passage.finding_id == passage.finding_id]
    weakness = _weakness_line(best.hit, hits)
    verdict = next((Line(c.text, (c.hit,)) for c in same
                    if c.verdict and not is_overall(c.text)), None)
    if verdict is None and passage.verdict in VERDICTS:
        verdict = Line(f"The revisit's verdict on this weakness: {passage.verdict}.", (best.hit,))
    elif verdict is None and passage.verdict == NOT_STATED:
        verdict = _not_stated(best, hits, candidates)
    used = {x.text for x in (weakness, verdict) if x is not None}
    found = [c for c in same if not c.verdict and c.text not in used and c.coverage > 0]
    middle = sorted(found[:details], key=lambda c: (c.hit, c.position))
    lines = [x for x in (weakness, *(Line(c.text, (c.hit,)) for c in middle), verdict) if x]
    return lines if verdict is not None or weakness is not None else [Line(best.text, (best.hit,))]


def _not_stated(best: Candidate, hits: list[SearchHit], candidates: list[Candidate]) -> Line:
    """No verdict line follows this weakness: say so, with the letter's overall verdict."""
    doc = hits[best.hit].passage.doc_id
    whole = next((c for c in candidates if c.verdict and is_overall(c.text)
                    and hits[c.hit].passage.doc_id == doc), None)
    text = "The revisit letter does not state a separate verdict on this weakness."
    if whole is not None:
        return Line(f"{text[:-1]}; overall it says: {whole.text}", (best.hit, whole.hit))
    return Line(text, (best.hit,))


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


def summary_lines(q: Question, hits: list[SearchHit], candidates: list[Candidate]) -> list[Line]:
    """An area's overall verdict, then its weaknesses with their verdicts (the notable first);
    for several named areas, each area's overall verdict."""
    wanted = asked_polarity(q)
    if len(q.areas) > 1:
        per_area = (overall(c for c in candidates if hits[c.hit].passage.area == area)
                    for area in sorted(q.areas))
        return [Line(c.text, (c.hit,)) for c in per_area if c is not None]
    top = overall(candidates, wanted)
    findings: dict[str, int] = {}
    for i, hit in enumerate(hits):
        p = hit.passage
        if p.finding_id and p.verdict in VERDICTS and q.accepts(p) and wanted in (None, p.verdict):
            findings.setdefault(p.finding_id, i)
    ranked = sorted(findings.values(), key=lambda i: (hits[i].passage.verdict != VERDICTS[1],
                                                      hits[i].passage.position))
    lines = [Line(top.text, (top.hit,))] if top else []
    for i in ranked[: MAX_SENTENCES - len(lines)]:
        heading = terms.clean_markup(hits[i].passage.heading).rstrip(".:")
        if heading:
            text = f"{heading[0].upper()}{heading[1:]}: {hits[i].passage.verdict}."
            lines.append(Line(text, (i,)))
    return lines if len(lines) > 1 else []
