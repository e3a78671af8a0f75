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

from assistant.facts import VISIT_FIELDS, date_line, fact_lines, inspected_in
from assistant.question_words import FINDING_KIND_WORDS
from assistant.quote import (
    KIND_LABELS,
    NUMBER_WORDS,
    OUTCOME_RES,
    REPORT_KINDS,
    Table,
    capital,
    closing_lines,
    doc_name,
    find_sentence,
    finding_line,
    human_date,
    main_document,
    next_step_line,
    outcome_line,
    overall_lines,
    plural,
    revisit_lines,
    short,
    verdict_line,
    verdict_lines,
    weakness_count_lines,
)
from assistant.reasons import reason_lines
from assistant.understand import Query
from core.models import Answer, Document, Finding, Passage
from core.themes import theme_label

ONE_REPORT_WORDS = 60  # a finding's wording quoted up to this many words in one area's answer
LIST_BUDGET = 110  # ... shared among its findings, so a list of five still reads in 150 words
MIN_FINDING_WORDS = 18  # ... but each keeps enough words to say what it is about
MAX_DETAILED = 8  # rows quoted in full in a cross-area answer; the rest are named and cited
_ASKED_OUTCOME = {
    "widespread and/or systemic failings": re.compile(r"widespread|systemic", re.I),
    "inconsistent experiences and outcomes": re.compile(r"inconsistent", re.I),
    "typically positive experiences and outcomes":
        re.compile(r"typically positive|positive (?:experiences|outcomes)", re.I),
}  # fmt: skip
_KIND_WORDS = FINDING_KIND_WORDS
COUNCIL_KINDS = ("workstream", "risk")
COUNCIL_DOCS = ("committee_report", "briefing_note")
_COUNTED_ROWS_RE = re.compile(
    r"\b(?:how many|number of)\s+(?:\w+\s+){0,5}?(?:areas|councils|partnerships|reports|letters"
    r"|documents|findings|inspections|places|boroughs)\b", re.I)
# "What must they fix first?": the most pressing findings, a report's areas for priority action.
_PRESSING_RE = re.compile(r"priority|\burgent\w*|\bfirst\b|\bmost (?:important|pressing|serious)",
                          re.I)
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
    inspectors = query.intent == "people" and not _BODY_RE.search(query.rewritten)
    handler = _inspectors if inspectors else _HANDLERS.get(query.shape)
    lines = fact_lines(query, table) or _council(query, table) or reason_lines(query, table) or (
        handler(query, table) if handler else [])
    lines = year_correction(query, table) + lines
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


def _report_lines(
    q: Query, t: Table, report: Document, rows: bool = True, kinds: Sequence[str] = ()
) -> list[str]:
    """A report's outcome, then its findings (those on the question's themes, if any)."""
    outcome = outcome_line(t, report)
    after = next_step_line(t, report) if outcome and not q.themes and not rows else None
    asked = list(kinds) or [k for k in REPORT_KINDS if _KIND_WORDS[k].search(q.rewritten)]
    found = t.rows(report, asked or REPORT_KINDS, q.themes) if rows else []
    absent: list[str] = []
    if rows and asked and not found and not q.themes:
        # A kind the report does not have is said plainly, with what it does set instead.
        others = [k for k in REPORT_KINDS if k not in asked]
        found = t.rows(report, others)
        sets = " and ".join(f"{len(t.rows(report, [k]))} {plural(k)}" for k in others
                            if t.rows(report, [k]))
        absent = [f"{capital(doc_name(report))} sets no {' or '.join(plural(k) for k in asked)}"
                  + (f"; it sets {sets}:" if sets else ".")]
    # one report's findings are quoted at more length than a cross-area list's
    words = min(ONE_REPORT_WORDS, max(MIN_FINDING_WORDS, LIST_BUDGET // max(1, len(found))))
    return ([outcome] if outcome else []) + ([after] if after else []) + absent + [
        finding_line(t, report, f, False, words=words) for f in found]


def _count(q: Query, t: Table) -> list[str]:
    asked = [k for k, p in _KIND_WORDS.items() if p.search(q.rewritten)]
    # The table counts findings, and areas or documents by their findings; "how long is the
    # wait?" or "how many children ...?" is a number in the text, which the reader finds.
    counts_rows = _COUNTED_ROWS_RE.search(q.rewritten) or asked_outcome(q.rewritten, False)
    if not asked and not counts_rows:
        return []
    if not q.areas:
        return _totals(q, t) or _list(q, t)
    lines: list[str] = []
    if any(k in COUNCIL_KINDS for k in asked):
        return _council_lines(q, t, [k for k in asked if k in COUNCIL_KINDS])
    for area in q.areas:
        letter = t.pick(area, "revisit_letter", q)
        report = t.pick(area, "inspection_report", q)
        if letter and (not asked or "significant_weakness" in asked or not report):
            lines += weakness_count_lines(t, letter)
        elif report:
            kinds = [k for k in asked if k in REPORT_KINDS] or list(REPORT_KINDS)
            rows = t.rows(report, kinds, q.themes)
            if rows:
                label = " and ".join(plural(k) for k in kinds)
                lines.append(f"The findings table lists {len(rows)} {label} for {area}.")
                lines += [finding_line(t, report, f, False) for f in rows]
    return lines


def _totals(q: Query, t: Table) -> list[str]:
    """'How many significant weaknesses were there across the revisit letters?'"""
    kinds = [k for k, p in _KIND_WORDS.items() if p.search(q.rewritten)]
    if not kinds or q.themes or _asked_verdict(q) or asked_outcome(q.rewritten, False):
        return []
    found = [(d, rows) for d in sorted(t.documents, key=lambda d: d.area)
             if (rows := t.rows(d, kinds))]
    if not found:
        return []
    label = " and ".join(plural(k) for k in kinds)
    lines = [f"The findings table holds {sum(len(r) for _, r in found)} {label} in total, "
             f"across {len(found)} documents."]
    for doc, rows in found:
        said = weakness_count_lines(t, doc)[:1] if kinds == ["significant_weakness"] else []
        lines += said or [f"{doc.area}: {len(rows)} {t.cites.mark(t.passage(rows[0]))}."]
    return lines


def asked_outcome(text: str, has_themes: bool) -> str | None:
    for outcome, pattern in _ASKED_OUTCOME.items():
        if pattern.search(text):
            return outcome
    if not has_themes and re.search(r"\bfail\w*", text, re.I):
        return "widespread and/or systemic failings"
    return None


def _list(q: Query, t: Table) -> list[str]:
    council = [k for k in COUNCIL_KINDS if _KIND_WORDS[k].search(q.rewritten)]
    if council and q.areas:
        return _council_lines(q, t, council)
    outcome = asked_outcome(q.rewritten, bool(q.themes))
    if outcome:
        return _outcome_list(q, t, outcome)
    if q.areas and q.intent == "not_fixed":
        return [line for area in q.areas for line in _still_to_do(q, t, area)]
    if q.areas and not q.themes and not _asked_verdict(q):
        return _summary(q, t)  # "what were Wokingham's weaknesses?"
    return _across_areas(q, t)


def _council(q: Query, t: Table) -> list[str]:
    """'What were Wokingham's task and finish groups?', 'what risks did the note flag?'.
    Who chairs a group, or when it meets, is in its text: retrieval answers those."""
    kinds = [k for k in COUNCIL_KINDS if _KIND_WORDS[k].search(q.rewritten)]
    if not kinds or not q.areas or _DETAIL_RE.search(q.question):
        return []
    return _council_lines(q, t, kinds)


_DETAIL_RE = re.compile(r"^\W*(?:who|when|where|why|how)\b", re.I)


def _council_lines(q: Query, t: Table, kinds: Sequence[str]) -> list[str]:
    """A council paper's workstreams or risks, each quoted and cited."""
    lines: list[str] = []
    for area in q.areas:
        docs = sorted((d for d in t.documents if d.area == area and d.doc_type in COUNCIL_DOCS),
                      key=lambda d: d.date or "")
        for doc in docs:
            rows = t.rows(doc, kinds, q.themes)
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
    words = "|".join(_KIND_WORDS[k].pattern for k in kinds)
    said = re.compile(rf"{number}[^.]{{0,40}}?(?:{words})", re.I)
    return find_sentence(t, doc, said)


def _still_to_do(q: Query, t: Table, area: str) -> list[str]:
    """What an area still has to fix: a letter's weaknesses without sufficient progress, or a
    report's areas for priority action (those alone when the question says "urgently") and
    areas for improvement."""
    doc = main_document(t, area, q)
    if doc is None:
        return []
    if doc.doc_type == "revisit_letter":
        rows = [f for f in t.rows(doc, ("significant_weakness",), q.themes)
                if f.verdict == "not sufficient progress"]
        return overall_lines(t, doc) + verdict_lines(t, doc, rows, name_first=False)
    urgent = _PRESSING_RE.search(q.rewritten)
    kinds = ["priority_action"] if urgent and t.rows(doc, ["priority_action"]) else REPORT_KINDS
    return _report_lines(q, t, doc, kinds=kinds)


def _outcome_list(q: Query, t: Table, outcome: str) -> list[str]:
    reports = [d for d in t.documents if d.doc_type == "inspection_report"
               and (not q.year or inspected_in(d, str(q.year)))]
    docs = sorted(
        (d for d in reports if d.fields.get("outcome") == outcome
         and (not q.areas or d.area in q.areas)),
        key=lambda d: d.area,
    )  # fmt: skip
    scope = f" inspected in {q.year}" if q.year else ""
    lines = [f"{len(docs)} of the {len(reports)} area SEND inspection reports in the collection"
             f"{scope} found {outcome}."]
    for doc in docs:
        found = find_sentence(t, doc, OUTCOME_RES[outcome])
        if found:
            phrase = OUTCOME_RES[outcome].search(found[0])
            assert phrase is not None
            lines.append(f"{doc.area} ({human_date(doc.date)}): “{phrase.group(0)}” "
                         f"{t.cites.mark(found[1])}.")
    return lines if docs else []


# What the findings table compares: judgements. Waits, figures and services are in the text.
_JUDGEMENT_RE = re.compile(
    r"\b(?:verdicts?|outcomes?|judge?ments?|judged|results?|rated|ratings?|progress|findings?"
    r"|found|weakness\w*|priorit\w*|improvements?|strengths?|fared?|did\b.{0,40}\bdo)\b", re.I)
_EVERY_RE = re.compile(r"\b(?:every|all|each|both)\b", re.I)
def _across_areas(q: Query, t: Table) -> list[str]:
    """Rows on the question's themes across areas: revisit verdicts first, then reports."""
    polarity = _asked_verdict(q) if q.shape in ("list", "count") else None
    if q.intent == "practice" and not polarity:
        return []
    if polarity and not q.themes and _EVERY_RE.search(q.rewritten):
        return _every_row(q, t, polarity)
    if q.intent == "compare" and len(q.areas) > 1 and not q.themes:
        return _headlines(q, t)
    if q.intent == "compare" and len(q.areas) > 1 and not _JUDGEMENT_RE.search(q.rewritten):
        return []  # a measure compared ("how do waits compare?") is read from each area's text
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
    without = [a for a in q.areas if a not in {d.area for d, _ in found}]
    if found and without and not _OTHER_RE.search(q.rewritten):
        # an area asked about with no row on the theme is named, never silently dropped
        label = " or ".join(theme_label(th).lower() for th in q.themes)
        lines.append(f"The findings table holds no finding on {label} for {' or '.join(without)}"
                     f"; for {', '.join(d.area for d, _ in found)} it holds:")
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


def _headlines(q: Query, t: Table) -> list[str]:
    """'How do Bolton and Bury compare?': each area's overall judgement, side by side."""
    lines: list[str] = []
    for area in q.areas:
        doc = main_document(t, area, q)
        if doc is None:
            continue
        if doc.doc_type == "revisit_letter":
            lines += overall_lines(t, doc)[:1]
        elif (line := outcome_line(t, doc)) is not None:
            lines.append(line)
    return lines if len(lines) > 1 else []


def asks_for_practice(q: Query) -> bool:
    """'How did other areas tackle transitions?': what areas do, not what they must fix."""
    return q.intent == "practice" and not _asked_verdict(q)


def _every_row(q: Query, t: Table, polarity: str) -> list[str]:
    """'Which letters found every weakness sufficiently addressed?': letters whose rows all
    carry that verdict, each with its overall line."""
    letters = [d for d in sorted(t.documents, key=_cross_area_order)
               if d.doc_type == "revisit_letter" and _in_scope(q, d.area)
               and (rows := t.rows(d, ("significant_weakness",)))
               and all(f.verdict == polarity for f in rows)]  # fmt: skip
    verdict = "sufficient" if polarity == "sufficient progress" else "not sufficient"
    total = sum(1 for d in t.documents if d.doc_type == "revisit_letter")
    give = "gives" if len(letters) == 1 else "give"
    head = (f"{len(letters)} of the {total} revisit letters in the collection {give} a {verdict} "
            "progress verdict on every significant weakness.")
    return [head] + [line for d in letters for line in overall_lines(t, d)] if letters else []


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


# "Who leads the co-production group?" asks about a council body, not the inspection.
_BODY_RE = re.compile(r"\b(?:group|board|committee|panel|forum|team|service|council)\b", re.I)


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
        elif letter and not report:
            lines += _letter_correction(q, t, letter)
        elif report and not q.themes:
            outcome = report.fields.get("outcome", "")
            wrong = (q.premise == "negative" and outcome.startswith("typically positive")) or (
                q.premise == "positive" and outcome.startswith("widespread"))
            line = outcome_line(t, report) if wrong else None
            lines += [f"That is not what the documents say: {line}"] if line else []
    return t.cites.answer(lines) if lines else None


def year_correction(q: Query, t: Table) -> list[str]:
    """'Wokingham's revisit was in 2022, wasn't it?' when the letter is from 2021."""
    lines: list[str] = []
    for area in q.areas if q.claimed_year else ():
        doc = main_document(t, area, q)
        when = doc.fields.get(VISIT_FIELDS.get(doc.doc_type, ("",))[0], "") if doc else ""
        if not doc or not when or str(q.claimed_year) in when:
            continue
        line = date_line(t, doc, when, VISIT_FIELDS[doc.doc_type][1])
        lines += [f"That is not what the documents say: it was not in {q.claimed_year}. {line}"] \
            if line else []
    return lines


def _letter_correction(q: Query, t: Table, letter: Document) -> list[str]:
    """'Worcestershire fixed all 12, didn't it?' when the letter says some were not fixed."""
    rows = t.rows(letter, ("significant_weakness",))
    if q.premise == "positive":
        wrong = any(f.verdict != "sufficient progress" for f in rows)
    else:
        wrong = bool(rows) and all(f.verdict == "sufficient progress" for f in rows)
    if not wrong:
        return []
    lines = overall_lines(t, letter)
    lines += closing_lines(t, letter, lines)
    return [f"That is not what the documents say. {lines[0]}", *lines[1:]] if lines else []


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
