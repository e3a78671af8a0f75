"""Citations are data: numbered [n] markers in the answer, each mapped to its exact passage.

Both answerers hand over sentences with the hits they cite; this module numbers the citations
1..N in order of first use and builds the Citation records (chunk, document, area, date, text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.grounding.tighten import QUOTED_RE
from core.models import Answer, Citation, SearchHit
from core.text import sentences

NEAREST_DOCS = 3  # documents named when abstaining


@dataclass(frozen=True)
class Line:
    """One sentence of an answer and the hits it cites."""

    text: str
    hits: tuple[int, ...]


def render(
    lines: Sequence[Line], hits: Sequence[SearchHit], prefix_areas: bool = True
) -> Answer:
    """Sentences with [n] after each; citations numbered 1..N in order of first use.

    When the sentences come from several areas, each is prefixed with its area's name (quoted
    sentences say "the area", not which one).
    """
    numbers: dict[int, int] = {}
    for line in lines:
        for i in line.hits:
            numbers.setdefault(i, len(numbers) + 1)
    areas = {hits[i].passage.area for line in lines for i in line.hits}
    parts = []
    for line in lines:
        names = ", ".join(dict.fromkeys(hits[i].passage.area for i in line.hits))
        prefix = f"{names}: " if len(areas) > 1 and prefix_areas else ""
        marks = "".join(f"[{numbers[i]}]" for i in line.hits)
        parts.append(f"{prefix}{line.text} {marks}")
    citations = [citation(n, hits[i]) for i, n in numbers.items()]
    return Answer(answer=" ".join(parts), abstained=False, citations=citations)


def citation(n: int, hit: SearchHit) -> Citation:
    p = hit.passage
    return Citation(
        n=n, chunk_id=p.chunk_id, doc_id=p.doc_id, title=p.title, area=p.area,
        doc_type=p.doc_type, date=p.date, text=p.text, score=hit.score,
    )


def nearest_documents(hits: Sequence[SearchHit]) -> list[int]:
    """Indices of the best hit of each of the first few distinct documents."""
    out: list[int] = []
    docs: set[str] = set()
    for i, hit in enumerate(hits):
        if hit.passage.doc_id not in docs and len(out) < NEAREST_DOCS:
            docs.add(hit.passage.doc_id)
            out.append(i)
    return out


def abstain_answer(message: str, hits: Sequence[SearchHit]) -> Answer:
    """A refusal that still shows where the collection came closest."""
    near = nearest_documents(hits)
    if not near:
        return Answer(answer=message, abstained=True, citations=[])
    names = "; ".join(f"{_title(hits[i])} [{n}]" for n, i in enumerate(near, start=1))
    text = f"{message} The nearest documents I found are: {names}."
    return Answer(answer=text, abstained=True,
                  citations=[citation(n, hits[i]) for n, i in enumerate(near, start=1)])


def _title(hit: SearchHit) -> str:
    """The document title, with its date unless the title already carries it."""
    p = hit.passage
    return f"{p.title} ({p.date})" if p.date and p.date[:4] not in p.title else p.title


MARK_RE = re.compile(r"\[(\d+)\]")  # a citation marker "[n]": a pattern, shared
# How an answer quoting one area's documents names them first ("From the Dudley ... report: ").
SOURCE_LEAD = "From the "


def repeats(first: Answer, second: Answer) -> bool:
    """Does the second answer mostly say what the first said (the halves of a question found
    the same answer)? One that opens with it and goes on ("The wait is too long. They are
    assessed on different pathways.") answers the second half after it."""
    said = MARK_RE.sub("", first.answer)
    again = [_unnamed(s.strip()) for s in sentences(MARK_RE.sub("", second.answer))
             if len(s.split()) > 4]
    return bool(again) and sum(s in said for s in again) * 2 >= len(again)


def _unnamed(sentence: str) -> str:
    """A sentence without the document named before it ("From the X report (date): ...")."""
    head, colon, rest = sentence.partition(": ")
    return rest if colon and head.startswith(SOURCE_LEAD) else sentence


def holds_all(second: Answer, first: Answer) -> bool:
    """Does the second answer quote everything the first quotes (the second half of the
    question, asked after the first, answered both)?"""
    if first.abstained or second.abstained:
        return False
    opening = [" ".join(q.split()[:6]) for a, b in QUOTED_RE.findall(first.answer)
               if (q := (a or b).strip(". …"))]
    return bool(opening) and all(o in second.answer for o in opening)


def what_is_missing(declined: Answer) -> Answer:
    """A declined half of a question after an answered one: its first sentence ("The documents
    don't say ..."), without the nearest documents it lists."""
    said = sentences(MARK_RE.sub("", declined.answer))
    return declined.model_copy(update={"answer": said[0].strip() if said else "",
                                       "citations": []})


def without_said(first: Answer, second: Answer) -> Answer:
    """The second answer without the claims the first already made (each claim up to its
    markers, as the verifier cuts them): the joined answer never quotes a sentence twice."""
    said = MARK_RE.sub("", first.answer)
    kept = [claim for claim in CLAIM_RE.findall(second.answer)
            if MARK_RE.sub("", claim).strip() not in said]
    return second.model_copy(update={"answer": " ".join(c.strip() for c in kept)})


# A claim: the text up to and including its run of [n] markers (or the rest of the text).
CLAIM_RE = re.compile(r".*?(?:\[\d+\])+[.;:]?(?=\s|$)|.+?$", re.S)


def named_once(answer: Answer) -> Answer:
    """An answer across areas names each area once for its run of claims ("Dudley: ... [3]
    ... [3] East Sussex: ..."), not before every sentence: the name said again says nothing."""
    areas = {c.area for c in answer.citations}
    parts, last = [], ""
    for claim in CLAIM_RE.findall(answer.answer):
        text = claim.strip()
        head, colon, rest = text.partition(": ")
        named = bool(colon) and all(name in areas for name in head.split(", "))
        parts.append(rest if named and head == last else text)
        last = head if named else ""
    said = " ".join(part for part in parts if part)
    return answer if said == answer.answer else answer.model_copy(update={"answer": said})


def with_lead(answer: Answer, lead: str) -> Answer:
    """The answer after a sentence of framing ("The documents can't say what will happen;
    ..."): framing cites nothing, so the verifier keeps it only before cited claims."""
    return answer.model_copy(update={"answer": f"{lead} {answer.answer}"})


def joined(first: Answer, second: Answer) -> Answer:
    """Two answers as one ("when was X, and when was Y?"): the second's [n] numbered on from
    the first's; abstained only when both are."""
    offset = len(first.citations)
    text = MARK_RE.sub(lambda m: f"[{int(m.group(1)) + offset}]", second.answer)
    moved = [c.model_copy(update={"n": c.n + offset}) for c in second.citations]
    return Answer(answer=f"{first.answer} {text}".strip(),
                  abstained=first.abstained and second.abstained,
                  citations=[*first.citations, *moved])
