"""Answers read from the fields the parser found: dates, partnerships and inspection leads.

A date, a partnership or a lead inspector is a field of its document (ingest.fields); these
answers state the field and quote the sentence of the document that holds it, cited, so the
claim and its proof travel together. fact_lines() returns [] when the question asks none of
this, and the caller tries the findings table and then retrieval. The people and partnership
answers are people.py's; fact_lines() tries every handler in one order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from assistant.answering.people import (
    health_body_lines,
    led_elsewhere_lines,
    members_lines,
    officer_lines,
    person_lines,
)
from assistant.answering.quote import (
    Table,
    capital,
    doc_name,
    find_sentence,
    find_text,
    main_document,
    sentences,
)
from assistant.answering.verdicts import next_first, next_step_line, outcome_line
from assistant.understanding import answer_vocabulary
from assistant.understanding.query import Query
from core.dates import MONTHS, human_range, written_pattern
from core.dates import years as years_in
from core.models import Document

# Patterns, not word lists: "initial ... inspection" within a few words, "letter ... dated".
_INITIAL_RE = re.compile(r"\b(?:initial|first|original)\b[\w\s']{0,40}?\binspection\b", re.I)
CORRECTION_LEAD = "That is not what the documents say"  # how every correction of a premise opens
VISIT_FIELDS = {"revisit_letter": ("revisit_dates", "the revisit took place"),
                 "inspection_report": ("inspection_dates", "the inspection took place")}


def fact_lines(q: Query, t: Table) -> list[str]:
    """Lines answering a date, partnership or inspection-lead question from fields, or []."""
    for handler in _HANDLERS:
        lines = handler(q, t)
        if lines:
            return lines
    return []


# --- dates -----------------------------------------------------------------------------------


def _dates(q: Query, t: Table) -> list[str]:
    """'When was Dudley inspected?', 'when was the revisit?': the dates the document states.
    'When do they check on them again?' asks when the next visit is: what the document says
    comes next."""
    if q.shape != "date" or not q.areas:
        return []
    if answer_vocabulary.NEXT.mentions(q.rewritten):
        return [said for area in q.areas
                if (doc := main_document(t, area, q)) is not None
                and (line := next_step_line(t, doc))
                for said in next_first([line], area if len(q.areas) > 1 else "")]
    lines: list[str] = []
    for area in q.areas:
        doc = _dated_document(q, t, area)
        field, what = _date_field(q, doc) if doc else ("", "")
        value = doc.fields.get(field, "") if doc else ""
        line = date_line(t, doc, value, what) if doc and value else None
        if doc and not line and doc.doc_type == "inspection_report" and \
                answer_vocabulary.PUBLISHED.mentions(q.rewritten):
            line = _undated_publication(t, doc)
        if line:
            lines.append(line)
    return lines


def _dated_document(q: Query, t: Table, area: str) -> Document | None:
    """The document whose date is asked: a council paper's meeting only when the question asks
    about the meeting, not "according to the scrutiny report, when was the revisit due?"."""
    if answer_vocabulary.MEETING.mentions(q.rewritten) \
            and not answer_vocabulary.VISIT.mentions(q.rewritten):
        for kind in ("committee_report", "briefing_note"):
            doc = t.pick(area, kind, q)
            if doc:
                return doc
    return main_document(t, area, q)


def _date_field(q: Query, doc: Document) -> tuple[str, str]:
    """Which of the document's dates the question asks for, and how to say what it is. The
    asking clause says it: a story's "before or after his plan was finalised" does not ask for
    the previous inspection."""
    text = q.asked
    if doc.doc_type in ("committee_report", "briefing_note"):
        return "meeting_date", "the meeting was held on"
    if doc.doc_type == "inspection_report":
        if answer_vocabulary.PUBLISHED.mentions(text):
            return "", ""  # the report's text does not state its publication date
        if answer_vocabulary.PREVIOUS.mentions(text):
            return "previous_inspection", "the previous inspection took place"
        return VISIT_FIELDS["inspection_report"]
    if answer_vocabulary.WSOA.mentions(text):
        return "wsoa_date", "the written statement of action is dated"
    if _INITIAL_RE.search(text) or answer_vocabulary.PREVIOUS.mentions(text):
        # the letter gives the initial report's publication, not the inspection's dates
        published = answer_vocabulary.PUBLISHED.mentions(text)
        return ("initial_report_published", "the initial inspection report was published on") \
            if published else ("", "")
    if answer_vocabulary.PUBLISHED.mentions(text):
        return "", ""  # a letter's publication date is not its own field: retrieval finds it
    if any(answer_vocabulary.LETTER.mentions(line) and answer_vocabulary.DATED.mentions(line)
           for line in text.split("\n")):  # both on one line, in either order
        return "letter_date", "the letter is dated"
    return VISIT_FIELDS["revisit_letter"]


def date_line(t: Table, doc: Document, value: str, what: str) -> str | None:
    pattern = written_pattern(value)
    found = find_sentence(t, doc, pattern) if pattern else None
    if not found:
        return None
    when = human_range(value)
    verb = what if what.endswith((" on", " dated")) else f"{what} {_on_or_from(value)}"
    return f"{capital(doc_name(doc))}: {verb} {when}: “{found[0]}” {t.cites.mark(found[1])}"


def _on_or_from(value: str) -> str:
    return "from" if " to " in value else "on"


def _undated_publication(t: Table, doc: Document) -> str | None:
    line = date_line(t, doc, doc.fields.get("inspection_dates", ""), "the inspection took place")
    return f"{line} The report's text does not state the date it was published." if line else None


def inspected_in(doc: Document, prefix: str) -> bool:
    """Did the document's visit (or, lacking one, its date) fall in 'YYYY' or 'YYYY-MM'?"""
    field = VISIT_FIELDS.get(doc.doc_type, ("",))[0]
    value = doc.fields.get(field, "") or doc.date or ""
    return bool(value) and _overlaps(value, prefix)


def _in_period(q: Query, t: Table) -> list[str]:
    """'Which areas had a revisit in 2021?': the documents whose visit falls in the period;
    'which areas were previously inspected in 2016?': the reports' previous inspections."""
    if q.areas or q.themes or not q.year or q.shape not in ("list", "comparison", "count"):
        return []
    if answer_vocabulary.OUTCOME_WORDS.mentions(q.rewritten):
        return []  # "which areas inspected in 2024 were positive?" is an outcome list
    if answer_vocabulary.PREVIOUS.mentions(q.rewritten):
        return _previous_in(q, t)
    kinds = [k for k in q.doc_types if k in VISIT_FIELDS] or list(VISIT_FIELDS)
    spans = answer_vocabulary.MONTHS.find(q.rewritten)
    month = q.rewritten[spans[0][0] : spans[0][1]].capitalize() if spans else ""
    period = f"{month} {q.year}" if month else str(q.year)
    prefix = f"{q.year}-{MONTHS[month.lower()]:02d}" if month else str(q.year)
    lines: list[str] = []
    for doc in sorted(t.documents, key=lambda d: (d.date or "", d.area)):
        field, what = VISIT_FIELDS.get(doc.doc_type, ("", ""))
        value = doc.fields.get(field, "")
        if doc.doc_type in kinds and value and _overlaps(value, prefix):
            line = date_line(t, doc, value, what)
            lines += [line] if line else []
    if not lines:
        return []
    label = " or ".join("revisits" if k == "revisit_letter" else "area SEND inspections"
                        for k in kinds)  # fmt: skip
    return [f"The collection holds {len(lines)} {label} carried out in {period}.", *lines]


def _previous_in(q: Query, t: Table) -> list[str]:
    year = str(q.year)
    reports = [d for d in sorted(t.documents, key=lambda d: d.area)
               if d.doc_type == "inspection_report"
               and _overlaps(d.fields.get("previous_inspection", "") or "0", year)]
    lines = [line for d in reports if (line := date_line(
        t, d, d.fields["previous_inspection"], "the previous inspection took place"))]
    if not lines:
        return []
    return [f"{len(lines)} area SEND inspection reports in the collection give a previous "
            f"inspection in {year}.", *lines]


def _overlaps(value: str, prefix: str) -> bool:
    """Does the ISO date or range touch the period written as 'YYYY' or 'YYYY-MM'?"""
    parts = value.split(" to ")
    first, last = parts[0][: len(prefix)], parts[-1][: len(prefix)]
    return first <= prefix <= last


def never_inspected(q: Query, t: Table) -> list[str]:
    """An earlier inspection the question takes for granted that the report does not record:
    'what went wrong at X's previous inspection?', 'since its 2016 inspection' or 'between its
    2017 inspection and the 2024 one' when the report says there was none (with why, when it
    says: a council formed since), or 'its previous one in 2019' when it gives another date."""
    if not q.areas:
        return []
    previous = answer_vocabulary.PREVIOUS.mentions(q.rewritten)
    lines: list[str] = []
    for area in q.areas:
        report = t.pick(area, "inspection_report", replace(q, year=None))
        if not report:
            continue
        earlier = _earlier_years(q, report)
        value = report.fields.get("previous_inspection", "")
        if any(c.isdecimal() for c in value):  # a date has digits: there was one
            lines += _first_claimed(q, t, report, value) \
                or _other_previous(q, t, report, value, earlier)
            continue
        found = find_text(t, report, value, ignore_case=True) \
            if value and (earlier or previous) else None
        if found:
            # ("since its 2016 inspection" takes one for granted: denied first)
            denied = f"{CORRECTION_LEAD}: {area} had no area SEND inspection in {earlier[0]}. " \
                if earlier and answer_vocabulary.VISIT.mentions(q.rewritten) else ""
            lines.append(f"{denied}{capital(doc_name(report))} records no earlier area SEND "
                         f"inspection: “{found[0]}” {t.cites.mark(found[1])}")
            formed = find_sentence(t, report, answer_vocabulary.FORMED_LATELY)
            if formed and years_in(formed[0]):  # why: "... Council was created in April 2021."
                lines.append(f"The report adds: “{formed[0]}” {t.cites.mark(formed[1])}")
            # what the asker wanted compared: the one inspection there is, and what it found
            lines += [line for line in [outcome_line(t, report)] if line]
    return lines


def _earlier_years(q: Query, report: Document) -> list[str]:
    """Years before the report's own that the question speaks of since, before or with a visit
    ("since its 2016 inspection", "its previous one in 2019", "since 2020"); only those said
    with an inspection or visit are denied as one (a year alone may be any event)."""
    if not (answer_vocabulary.SINCE.mentions(q.rewritten)
            or answer_vocabulary.PREVIOUS.mentions(q.rewritten)
            or answer_vocabulary.VISIT.mentions(q.rewritten)):
        return []
    own = (report.fields.get("inspection_dates", "") or report.date or "")[:4]
    return [y for y in years_in(q.rewritten) if y < own]


def _first_claimed(q: Query, t: Table, report: Document, value: str) -> list[str]:
    """'As this was Bury's first ever inspection, ...' when the report dates an earlier one."""
    if not answer_vocabulary.FIRST_INSPECTION.mentions(q.rewritten) \
            or answer_vocabulary.NEW_FRAMEWORK.mentions(q.rewritten):
        return []  # (its first under the new framework it may well be)
    line = date_line(t, report, value, "the previous inspection took place")
    return [f"{CORRECTION_LEAD}: it was not {report.area}'s first area SEND inspection. {line}",
            *[line for line in [outcome_line(t, report)] if line]] if line else []


def _other_previous(q: Query, t: Table, report: Document, value: str, earlier: list[str]
                    ) -> list[str]:
    """'Its previous one in 2019' when the report dates it 2016: the date it gives. Not when
    a document of the area speaks of an inspection or visit in that year (a revisit is one),
    nor for a year alone ("since 2020")."""
    claimed = [y for y in earlier if y not in value]
    if not claimed or not answer_vocabulary.VISIT.mentions(q.rewritten):
        return []
    held = [s for d in t.documents if d.area == report.area
            for p in t.by_doc.get(d.doc_id, []) for s in sentences(p.text) if claimed[0] in s]
    line = date_line(t, report, value, "the previous inspection took place")
    if not line or any(answer_vocabulary.VISIT.mentions(s) for s in held):
        return []
    return [f"{CORRECTION_LEAD}: {report.area}'s previous area SEND inspection "
            f"was not in {claimed[0]}. {line}",
            *[line for line in [outcome_line(t, report)] if line]]


def _wsoa_dates(q: Query, t: Table) -> list[str]:
    """'Which area's written statement of action was declared fit for purpose first?'"""
    if q.areas or not answer_vocabulary.WSOA.mentions(q.rewritten):
        return []
    letters = sorted((d for d in t.documents
                      if d.doc_type == "revisit_letter" and d.fields.get("wsoa_date")),
                     key=lambda d: d.fields["wsoa_date"])  # fmt: skip
    lines = []
    for doc in letters:
        value = doc.fields["wsoa_date"]
        found = find_sentence(t, doc, written_pattern(value) or answer_vocabulary.FIT_FOR_PURPOSE)
        if found and answer_vocabulary.FIT_FOR_PURPOSE.mentions(found[0]):
            lines.append(f"{doc.area}: “{found[0]}” {t.cites.mark(found[1])}")
    if len(lines) < 2:
        return []
    first, last = letters[0], letters[-1]
    order = (f"The earliest is {first.area}'s ({human_range(first.fields['wsoa_date'])}); the "
             f"latest is {last.area}'s ({human_range(last.fields['wsoa_date'])}).")
    return [f"The {len(lines)} revisit letters date their written statements of action, "
            f"earliest first. {order}", *lines]


_HANDLERS: tuple[Callable[[Query, Table], list[str]], ...] = (
    led_elsewhere_lines, person_lines, never_inspected, _dates, _in_period, _wsoa_dates,
    members_lines, health_body_lines, officer_lines,
)
