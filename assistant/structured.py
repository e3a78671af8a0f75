"""Answers read straight from the findings table: verdicts, counts, lists, comparisons, summaries.

answer_from_findings() picks the rows the question asks about and quotes them (assistant.quote),
each sentence citing the passage of its row. It returns None when the question is not one of
these shapes or the table has no rows for it; the caller then retrieves passages and answers
from them. A question built on a false premise ("Since Wandsworth failed on EHC plans, ...") is
answered with what the document states instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.models import Answer, Document, Finding, Passage
from assistant.quote import (
    KIND_LABELS,
    OUTCOME_RES,
    REPORT_KINDS,
    Table,
    capital,
    doc_name,
    find_sentence,
    finding_line,
    human_date,
    outcome_line,
    revisit_lines,
    verdict_line,
    verdict_lines,
    weakness_count_lines,
)
from assistant.understand import Query

MAX_DETAILED = 8  # rows quoted in full in a cross-area answer; the rest are named and cited
_ASKED_OUTCOME = {
    "widespread and/or systemic failings": re.compile(r"widespread|systemic", re.I),
    "inconsistent experiences and outcomes": re.compile(r"inconsistent", re.I),
    "typically positive experiences and outcomes":
        re.compile(r"typically positive|positive (?:experiences|outcomes)", re.I),
}  # fmt: skip
_KIND_WORDS = {
    "significant_weakness": re.compile(r"significant weakness|\bweakness", re.I),
    "priority_action": re.compile(r"priority action", re.I),
    "improvement": re.compile(r"areas? for improvement|\bimprovements?\b", re.I),
}
_NOT_RE = re.compile(r"\bnot\b|n't\b|\binsufficient\b|\bfail\w*", re.I)
_OTHER_RE = re.compile(r"\bother\b|\belsewhere\b", re.I)


def answer_from_findings(
    query: Query,
    findings: Sequence[Finding],
    documents: Sequence[Document],
    passages_by_id: dict[str, Passage],
) -> Answer | None:
    """An answer read from the findings table, or None to fall back to retrieval."""
    table = Table(list(findings), list(documents), passages_by_id)
    corrected = premise_correction(query, table)
    if corrected:
        return corrected
    handler = _inspectors if _WHO_RE.search(query.rewritten) else _HANDLERS.get(query.shape)
    lines = handler(query, table) if handler else []
    return table.cites.answer(lines) if lines else None


def _verdict(q: Query, t: Table) -> list[str]:
    lines: list[str] = []
    for area in q.areas:
        doc = main_document(t, area, q)
        if doc and doc.doc_type == "revisit_letter":
            lines += revisit_lines(t, doc, q.themes, overall=not q.themes)
        elif doc:
            lines += _report_lines(q, t, doc, rows=bool(q.themes))
    return lines


def main_document(t: Table, area: str, q: Query) -> Document | None:
    """The area's revisit letter or inspection report: the kind the question names when the
    area has one, else the letter (its verdicts are what "progress" questions ask about)."""
    kinds = ["revisit_letter", "inspection_report"]
    if "inspection_report" in q.doc_types and "revisit_letter" not in q.doc_types:
        kinds.reverse()
    docs = [d for kind in kinds if (d := t.pick(area, kind, q))]
    return docs[0] if docs else None


def _report_lines(q: Query, t: Table, report: Document, rows: bool = True) -> list[str]:
    """A report's outcome, then its findings (those on the question's themes, if any)."""
    outcome = outcome_line(t, report)
    asked = [k for k in REPORT_KINDS if _KIND_WORDS[k].search(q.rewritten)]
    found = t.rows(report, asked or REPORT_KINDS, q.themes) if rows else []
    return ([outcome] if outcome else []) + [finding_line(t, report, f, False) for f in found]


def _count(q: Query, t: Table) -> list[str]:
    if not q.areas:
        return _list(q, t)
    lines: list[str] = []
    asked = [k for k, p in _KIND_WORDS.items() if p.search(q.rewritten)]
    if not asked:  # "how much did appeals go down?": a number in the text, not a table count
        return []
    for area in q.areas:
        letter = t.pick(area, "revisit_letter", q)
        report = t.pick(area, "inspection_report", q)
        if letter and (not asked or "significant_weakness" in asked or not report):
            lines += weakness_count_lines(t, letter)
        elif report:
            kinds = [k for k in asked if k in REPORT_KINDS] or list(REPORT_KINDS)
            rows = t.rows(report, kinds, q.themes)
            if rows:
                label = " and ".join(KIND_LABELS[k].replace("area for", "areas for") for k in kinds)
                lines.append(f"The findings table lists {len(rows)} {label} for {area}.")
                lines += [finding_line(t, report, f, False) for f in rows]
    return lines


def asked_outcome(text: str, has_themes: bool) -> str | None:
    for outcome, pattern in _ASKED_OUTCOME.items():
        if pattern.search(text):
            return outcome
    if not has_themes and re.search(r"\bfail\w*", text, re.I):
        return "widespread and/or systemic failings"
    return None


def _list(q: Query, t: Table) -> list[str]:
    outcome = asked_outcome(q.rewritten, bool(q.themes))
    if outcome:
        return _outcome_list(q, t, outcome)
    if q.areas and not q.themes and not _asked_verdict(q):
        return _summary(q, t)  # "what were Wokingham's weaknesses?"
    return _across_areas(q, t)


def _outcome_list(q: Query, t: Table, outcome: str) -> list[str]:
    reports = [d for d in t.documents if d.doc_type == "inspection_report"]
    docs = sorted(
        (d for d in reports if d.fields.get("outcome") == outcome
         and (not q.areas or d.area in q.areas)),
        key=lambda d: d.area,
    )  # fmt: skip
    lines = [f"{len(docs)} of the {len(reports)} area SEND inspection reports in the collection "
             f"found {outcome}."]
    for doc in docs:
        found = find_sentence(t, doc, OUTCOME_RES[outcome])
        if found:
            phrase = OUTCOME_RES[outcome].search(found[0])
            assert phrase is not None
            lines.append(f"{doc.area} ({human_date(doc.date)}): “{phrase.group(0)}” "
                         f"{t.cites.mark(found[1])}.")
    return lines if docs else []


def _across_areas(q: Query, t: Table) -> list[str]:
    """Rows on the question's themes across areas: revisit verdicts first, then reports."""
    polarity = _asked_verdict(q) if q.shape in ("list", "count") else None
    if not q.themes and not polarity:
        return []
    kinds = [k for k, p in _KIND_WORDS.items() if p.search(q.rewritten)] or (
        ["significant_weakness"] if polarity else ["significant_weakness", *REPORT_KINDS])
    found = [
        (doc, rows) for doc in sorted(t.documents, key=_cross_area_order)
        if _in_scope(q, doc.area)
        and (rows := [f for f in t.rows(doc, kinds, q.themes) if f.verdict == polarity or not
                      polarity])
    ]  # fmt: skip
    lines: list[str] = []
    if q.shape == "count" and found:
        lines.append(f"The findings table has {sum(len(r) for _, r in found)} such findings, in "
                     f"{len(found)} documents.")
    named: list[str] = []
    for doc, rows in found:
        if len(lines) >= MAX_DETAILED:
            named.append(f"{doc.area} {t.cites.mark(t.passage(rows[0]))}")
        elif doc.doc_type == "revisit_letter":
            lines += verdict_lines(t, doc, rows)
        else:
            lines.append(finding_line(t, doc, rows[0]))
    if named:
        lines.append(f"Other areas with findings on this: {', '.join(named)}.")
    return lines


def _cross_area_order(doc: Document) -> tuple[bool, str]:
    return doc.doc_type != "revisit_letter", doc.date or ""


def _in_scope(q: Query, area: str) -> bool:
    """Areas named limit the rows, unless the question asks about the *other* areas."""
    if area in q.other_than:
        return False
    if q.areas:
        return (area in q.areas) != bool(_OTHER_RE.search(q.rewritten))
    return True


def _asked_verdict(q: Query) -> str | None:
    if not re.search(r"sufficient|progress|\bfail|succe", q.rewritten, re.I):
        return None
    return "not sufficient progress" if _NOT_RE.search(q.rewritten) else "sufficient progress"


def _summary(q: Query, t: Table) -> list[str]:
    if q.themes or len(q.areas) != 1 or {"committee_report", "briefing_note"} & set(q.doc_types):
        return []
    doc = main_document(t, q.areas[0], q)
    if doc and doc.doc_type == "revisit_letter":
        return revisit_lines(t, doc, (), overall=True)
    return _report_lines(q, t, doc) if doc else []


_WHO_RE = re.compile(
    r"\bwho\b.*\b(?:led|lead|leads|inspectors?|inspected|signed)\b|\blead inspectors?\b", re.I
)


def _inspectors(q: Query, t: Table) -> list[str]:
    """Who led an inspection: the names the parser read, quoted from the passage naming them."""
    lines: list[str] = []
    for area in q.areas:
        doc = main_document(t, area, q)
        field = doc.fields.get("lead_inspectors", "") if doc else ""
        entries = [part.strip() for part in field.split(";") if part.strip()]
        if not doc or not entries:
            continue
        names = ", ".join(entries)
        name = entries[0].split("(")[0].strip()
        found = find_sentence(t, doc, re.compile(re.escape(name)))
        if found:
            quote = f"“{found[0]}” {t.cites.mark(found[1])}"
            lines.append(f"{capital(doc_name(doc))} names the inspection leads as {names}: {quote}")
    return lines


_HANDLERS: dict[str, Callable[[Query, Table], list[str]]] = {
    "verdict": _verdict, "count": _count, "list": _list, "comparison": _across_areas,
    "summary": _summary,
}  # fmt: skip


# --- false premises --------------------------------------------------------------------------


def premise_correction(q: Query, t: Table) -> Answer | None:
    """'Since Wandsworth failed on EHC plans ...' when the letter says it made sufficient
    progress: say what the document states instead of answering on the premise."""
    if not q.premise:
        return None
    lines: list[str] = []
    for area in q.areas:
        letter = t.pick(area, "revisit_letter", q)
        report = t.pick(area, "inspection_report", q)
        if letter and q.themes:
            lines += _verdict_correction(q, t, letter)
        elif report and not q.themes:
            outcome = report.fields.get("outcome", "")
            wrong = (q.premise == "negative" and outcome.startswith("typically positive")) or (
                q.premise == "positive" and outcome.startswith("widespread"))
            line = outcome_line(t, report) if wrong else None
            lines += [f"That is not what the documents say: {line}"] if line else []
    return t.cites.answer(lines) if lines else None


def _verdict_correction(q: Query, t: Table, letter: Document) -> list[str]:
    rows = [f for f in t.rows(letter, ("significant_weakness",), q.themes)
            if f.verdict in ("sufficient progress", "not sufficient progress")]
    contradicted = "sufficient progress" if q.premise == "negative" else "not sufficient progress"
    if not rows or any(f.verdict != contradicted for f in rows):
        return []
    did = "did make" if contradicted == "sufficient progress" else "did not make"
    marks = "".join(t.cites.mark(t.passage(f)) for f in rows)
    lines = [f"That is not what the documents say: {letter.area} {did} sufficient progress "
             f"here {marks}."]
    said = [verdict_line(t, f, "the letter states, ") for f in rows]
    return lines + [line for line in said if line]
