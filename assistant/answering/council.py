"""A council paper's workstreams and risks, each quoted and cited, with the paper's own count."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from assistant import terms
from assistant.answering.quote import (
    KIND_LABELS,
    NUMBER_WORDS,
    Table,
    capital,
    doc_name,
    find_sentence,
    plural,
    short,
)
from assistant.grounding.relevance import MIN_SUBJECT, coverage, subject_terms
from assistant.question_words import FINDING_KIND_WORDS, themes_of
from assistant.understanding import answer_vocabulary
from assistant.understanding.clauses import SENTENCE_END_RE, asked_clause
from assistant.understanding.query import Query
from core.models import Document, Passage

COUNCIL_KINDS = ("workstream", "risk")
COUNCIL_DOCS = ("committee_report", "briefing_note")


def council_answer(q: Query, t: Table) -> list[str]:
    """'What were Wokingham's task and finish groups?', 'what risks did the note flag?'.
    Who chairs a group, or when it meets, is in its text: retrieval answers those."""
    kinds = [k for k in COUNCIL_KINDS if FINDING_KIND_WORDS[k].search(q.rewritten)]
    if not kinds or not q.areas or answer_vocabulary.DETAIL_QUESTION.starts(q.question):
        return []
    return council_list(q, t, kinds)


def council_list(q: Query, t: Table, kinds: Sequence[str]) -> list[str]:
    """The paper's rows of the kinds asked, or none when the question asks about one of them."""
    # the themes of what is asked, not of the paper named before it ("The report on the SEND
    # Strategy refers to task groups. What are they working on?" asks for every group)
    asked = replace(q, themes=themes_of(asked_clause(q.rewritten)))
    lines = council_lines(asked, t, kinds)
    plural = answer_vocabulary.PLURAL_KINDS.mentions(q.question)
    if plural and len(lines) > 2:
        return lines  # "which groups ...?", "the risks": the list is asked for
    if (len(lines) == 2 and q.intent not in _LISTING) or (
            not plural and _singled_out(asked, t, kinds)):
        # one group or risk singled out and something asked about it ("what did the data
        # group base its dashboard on?", "the funding risk: how much is it?"): its text
        # answers, read by the reader, not the list of names
        return []
    return lines


def _singled_out(q: Query, t: Table, kinds: Sequence[str]) -> bool:
    """Do the question's own words (beyond "risk", "group") pick out some rows, not all?"""
    rows = [f for d in t.documents if d.area in q.areas and d.doc_type in COUNCIL_DOCS
            for f in t.rows(d, kinds)]
    # (the sentence naming the row says which: "The briefing names a risk to the Better Care
    # Fund. What sum was it, and which jobs did it fund?")
    told = SENTENCE_END_RE.split(q.rewritten)
    naming = [s for s in told if any(FINDING_KIND_WORDS[k].search(s) for k in kinds)]
    said = naming[0] if len(naming) == 1 and len(told) > 1 else q.rewritten
    subject = subject_terms(said, sorted({d.area for d in t.documents}))
    subject -= _LIST_WORDS
    if not subject or len(rows) < 2:
        return False
    holding = [f for f in rows if coverage(subject, [f"{f.title}\n{f.text}"]) >= MIN_SUBJECT]
    return 0 < len(holding) < len(rows)


_LIST_WORDS = frozenset(terms.tokens(
    "risk risks group groups task finish workstream workstreams briefing note paper report "
    "scrutiny panel committee list lists flag flags flagged mention mentions january"))


_LISTING = frozenset({"list_findings", "count", "which_areas", "summary", "not_fixed"})


def council_lines(q: Query, t: Table, kinds: Sequence[str]) -> list[str]:
    """A council paper's workstreams or risks, each quoted and cited."""
    lines: list[str] = []
    for area in q.areas:
        docs = sorted((d for d in t.documents if d.area == area and d.doc_type in COUNCIL_DOCS),
                      key=lambda d: d.date or "")
        for doc in docs:
            # (a theme the paper's own title names says which paper, not which of its rows:
            # "the groups in the SEND Strategy and Action Plan report" are all its groups)
            named = themes_of(doc.title)
            rows = t.rows(doc, kinds, tuple(th for th in q.themes if th not in named))
            if not rows:
                continue
            label = " and ".join(plural(k) if len(rows) > 1 else KIND_LABELS[k] for k in kinds)
            head = f"{capital(doc_name(doc))} lists {len(rows)} {label}"
            said = _count_sentence(t, doc, len(rows), kinds)
            lines.append(f"{head}: “{said[0]}” {t.cites.mark(said[1])}" if said else f"{head}.")
            lines += [f"{capital(KIND_LABELS[f.kind])} {f.number}: “{short(f.title)}” "
                      f"{t.cites.mark(t.passage(f))}" for f in rows]
    return lines


def _count_sentence(
    t: Table, doc: Document, n: int, kinds: Sequence[str]
) -> tuple[str, Passage] | None:
    """The document's own sentence giving the count: 'The six task and finish groups are ...'."""
    number = rf"\b(?:{n}|{NUMBER_WORDS[n]})\b" if n < len(NUMBER_WORDS) else rf"\b{n}\b"
    words = "|".join(FINDING_KIND_WORDS[k].pattern for k in kinds)
    said = re.compile(rf"{number}[^.]{{0,40}}?(?:{words})", re.I)  # the kind soon after the count
    return find_sentence(t, doc, said)
