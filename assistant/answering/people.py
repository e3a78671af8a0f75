"""Answers about people and partnerships, read from the fields the parser found: who an
inspector is and which inspections they led or worked on, and which organisations make up a
local area partnership. Each states the field and quotes the sentence that holds it, cited;
facts.fact_lines() tries them in turn with the date answers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering.quote import (
    Table,
    capital,
    doc_name,
    find_sentence,
    find_text,
    main_document,
)
from assistant.understanding import answer_vocabulary
from assistant.understanding.query import Query
from core.models import Document

_ORG_WORDS = frozenset({"nhs", "icb", "integrated", "care", "board", "ccg", "which", "what",
                        "areas", "send", "local", "area", "the", "council", "collection"})

_NAME_RE = re.compile(r"\b[A-Z][a-z]+(?:[- ][A-Z][a-z']+)+\b")  # capitalised words: a pattern


def person_lines(q: Query, t: Table) -> list[str]:
    """'Which inspections did Tessa Valpy work on?': every document naming the person."""
    if q.areas or not answer_vocabulary.TEAM.mentions(q.question):
        return []
    lines: list[str] = []
    docs = sorted(t.documents, key=lambda d: (d.date or "", d.area))
    for name in _NAME_RE.findall(q.question):
        who = re.escape(name)
        pattern = re.compile(rf"\b{who}\b")  # the name as written, capitals and all
        as_inspector = re.compile(rf"\b{who}\b.{{0,60}}?\b(?:[Ii]nspector|HMI)\b"
                                  rf"|\b(?:[Ii]nspector|HMI)\b.{{0,60}}?\b{who}\b")
        if not any(find_sentence(t, d, as_inspector) for d in docs):
            continue  # a person named as an inspector somewhere, not any capitalised phrase
        for doc in docs:
            found = find_sentence(t, doc, pattern)
            if found:
                lines.append(f"{capital(doc_name(doc))} names {name}: “{found[0]}” "
                             f"{t.cites.mark(found[1])}")
    return lines


# --- partnerships ----------------------------------------------------------------------------


def officer_lines(q: Query, t: Table) -> list[str]:
    """'Who was the lead officer on the council's paper?': the name the paper gives at its
    head after that role ("Responsible officer(s): | Alison Crossick - Interim ...")."""
    asked = answer_vocabulary.OFFICER.search(q.asked) if q.intent == "people" else None
    if asked is None:
        return []
    role = q.asked[asked[0]:asked[1]].lower()
    lines: list[str] = []
    for area in q.areas:
        for kind in ("committee_report", "briefing_note"):
            doc = t.pick(area, kind, q)
            found = find_sentence(t, doc, answer_vocabulary.OFFICER) if doc else None
            at = answer_vocabulary.OFFICER.search(found[0]) if found else None
            name = _NAME_RE.search(found[0], at[1]) if found and at else None
            if doc and found and name:
                lines.append(f"{capital(doc_name(doc))} names its {role} as {name.group(0)}: "
                             f"“{found[0]}” {t.cites.mark(found[1])}")
    return lines


def members_lines(q: Query, t: Table) -> list[str]:
    """'Which organisations make up the Wakefield partnership?': the partnership field."""
    if not q.areas or not answer_vocabulary.MEMBERS.mentions(q.asked):
        return []
    lines = []
    for area in q.areas:
        report = t.pick(area, "inspection_report", q)
        line = _partnership_line(t, report) if report else None
        lines += [line] if line else []
    return lines


def _partnership_line(t: Table, report: Document) -> str | None:
    members = report.fields.get("local_area_partnership", "")
    found = find_text(t, report, members[:40]) if members else None
    if not found:
        return None
    head = f"{capital(doc_name(report))}: the local area partnership is {members}"
    return f"{head}: “{found[0]}” {t.cites.mark(found[1])}"


def health_body_lines(q: Query, t: Table) -> list[str]:
    """'Which areas are covered by NHS Greater Manchester ICB?': partnerships naming it."""
    if q.areas or not answer_vocabulary.HEALTH_BODY.mentions(q.rewritten):
        return []
    # capitalised words after the first: a pattern
    words = [w.lower() for w in re.findall(r"(?<!^)\b[A-Z][A-Za-z]+", q.rewritten.strip())]
    names = [w for w in words if w not in _ORG_WORDS]
    if not names:
        return []
    reports = [d for d in sorted(t.documents, key=lambda d: d.area)
               if d.doc_type == "inspection_report"
               and all(n in d.fields.get("local_area_partnership", "").lower() for n in names)]
    lines = [line for d in reports if (line := _partnership_line(t, d))]
    if not lines:
        return []
    return [f"{len(lines)} area SEND inspection reports in the collection name it in their local "
            f"area partnership.", *lines]


# --- inspection leads ------------------------------------------------------------------------


def led_elsewhere_lines(q: Query, t: Table) -> list[str]:
    """'Did he lead any other inspection?' after 'Who led the Wokingham revisit?', or 'Did
    Phil Minns lead other inspections?': every document naming the person as a lead."""
    text = q.question
    if not (answer_vocabulary.LED.mentions(text) and answer_vocabulary.ELSEWHERE.mentions(text)):
        return []
    names = [n for n in _lead_names(t.documents) if n.lower() in text.lower()]
    home: list[Document] = []
    if not names and q.areas and answer_vocabulary.PERSON_PRONOUN.mentions(text):
        home = [d for a in q.areas if (d := main_document(t, a, q))]
        names = [_lead_entries(d)[0] for d in home if _lead_entries(d)]
    lines: list[str] = []
    for name in names:
        docs = [d for d in t.documents if d not in home
                and any(name == e for e in _lead_entries(d))]
        for doc in sorted(docs, key=lambda d: d.date or ""):
            found = find_text(t, doc, name)
            if found:
                lines.append(f"{name} is named as a lead inspector in {doc_name(doc)}: "
                             f"“{found[0]}” {t.cites.mark(found[1])}")
        if not docs:
            lines.append(f"No other document in the collection names {name} as a lead inspector.")
    return lines


def _lead_entries(doc: Document) -> list[str]:
    """'Phil Minns (HMI lead inspector); ...' -> ['Phil Minns', ...]."""
    field = doc.fields.get("lead_inspectors", "")
    return [e.split("(")[0].strip() for e in field.split(";") if e.split("(")[0].strip()]


def _lead_names(documents: Sequence[Document]) -> list[str]:
    return sorted({n for d in documents for n in _lead_entries(d)})
