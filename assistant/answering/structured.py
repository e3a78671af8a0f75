"""Answers read straight from the findings table: verdicts, counts, lists, comparisons, summaries.

answer_from_findings() picks the rows the question asks about and quotes them (quote.py),
each sentence citing the passage of its row. It returns None when the question is not one of
these shapes or the table has no rows for it; the caller then retrieves passages and answers
from them. A question built on a false premise ("Since Wandsworth failed on EHC plans, ...") is
answered with what the document states instead. A report's rows are quoted by report_rows.py,
a council paper's by council.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.answering.across_areas import (
    across_areas,
    asked_verdict,
    asks_for_strengths,
    outcome_ranking,
)
from assistant.answering.corrections import (
    premise_correction,
    unstated_shortcomings,
    year_correction,
)
from assistant.answering.council import COUNCIL_KINDS, council_answer, council_list
from assistant.answering.facts import fact_lines, inspected_in
from assistant.answering.plain import revisit_headline
from assistant.answering.question_terms import asked_figure
from assistant.answering.quote import (
    MAX_TITLE_WORDS,
    OUTCOME_RES,
    REPORT_KINDS,
    Table,
    capital,
    doc_name,
    find_sentence,
    find_text,
    human_date,
    main_document,
    plural,
)
from assistant.answering.reasons import reason_lines
from assistant.answering.report_rows import (
    absent_kinds,
    count_phrase,
    not_judged_yet,
    report_lines,
    rows_listed,
    themes_phrase,
    urgent_first,
)
from assistant.answering.verdicts import (
    NEXT_ASKED_LEAD,
    NEXT_LEAD,
    next_first,
    next_step_line,
    overall_lines,
    revisit_lines,
    verdict_lines,
    weakness_count_lines,
)
from assistant.question_words import FINDING_KIND_WORDS, kinds_asked, themes_of
from assistant.understanding import answer_vocabulary, vocabulary
from assistant.understanding.clauses import asked_clause
from assistant.understanding.query import Query
from core.models import Answer, Document, Finding, Passage

# A pattern: up to five words between "how many" and what is counted.
_COUNTED_ROWS_RE = re.compile(
    r"\b(?:how many|number of)\s+(?:\w+\s+){0,5}?(?:areas|councils|partnerships|reports|letters"
    r"|documents|findings|inspections|places|boroughs|things|issues|problems|recommendations)\b",
    re.I)  # ("how many things must Rutland improve?" counts its findings)


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
    # (someone in another role is not asked for by the inspection leads: "who is the
    # headteacher of ...?" is read from the passages, or said not to be there)
    inspectors = query.intent == "people" and not answer_vocabulary.BODY.mentions(query.rewritten) \
        and not (answer_vocabulary.OTHER_ROLE.mentions(query.asked)
                 and not answer_vocabulary.INSPECTORS.mentions(query.asked)) \
        and _about_the_inspection(query)
    handler = _inspectors if inspectors else _HANDLERS.get(query.shape)
    if asked_figure(query.asked.lower()) == "money":
        # "how much will Bury's priority action plan cost?": findings never state a sum; the
        # reader looks for one and says plainly when the documents give none
        handler = None
    lines = fact_lines(query, table) or council_answer(query, table) \
        or reason_lines(query, table) or (handler(query, table) if handler else [])
    lines = year_correction(query, table) + _next_asked(query, table, lines)
    return table.cites.answer(lines) if lines else None


def _next_asked(q: Query, t: Table, lines: list[str]) -> list[str]:
    """ "So what happens to the monitoring now?": whatever the handler answered, what the
    document says comes next leads (each area's, named, when several are asked about)."""
    if not lines or not q.areas or not vocabulary.OVERSIGHT_NEXT.mentions(q.rewritten) \
            or any(line.startswith(NEXT_ASKED_LEAD) for line in lines):
        return lines
    ahead: list[str] = []
    for area in q.areas:
        doc = main_document(t, area, q)
        line = next_step_line(t, doc) if doc else None
        if line and line not in lines:
            ahead += next_first([line], area if len(q.areas) > 1 else "")
    return ahead + next_first(lines) if ahead or any(
        line.startswith(NEXT_LEAD) for line in lines) else lines


def _verdict(q: Query, t: Table) -> list[str]:
    lines: list[str] = []
    for area in q.areas:
        doc = main_document(t, area, q)
        found = len(lines)
        if doc and doc.doc_type == "revisit_letter":
            # themes told only in the story ("my son has an EHCP ... did they ever sort it
            # out?"): the letter's overall verdict first, then those themes' rows
            overall = not q.themes or not themes_of(asked_clause(q.rewritten))
            lines += _headline(t, doc, overall) + revisit_lines(t, doc, q.themes,
                                                                overall=overall)
        elif doc:
            # "what judgement, and what were the priority actions?": the rows of a kind asked
            asked = kinds_asked(q.rewritten, REPORT_KINDS)
            lines += not_judged_yet(q, t, doc) + report_lines(
                q, t, doc, rows=bool(q.themes or asked))
        if vocabulary.OVERSIGHT_NEXT.mentions(q.rewritten):  # each area's own, named
            lines[found:] = next_first(lines[found:], area if len(q.areas) > 1 else "")
    # several areas' outcomes: which is the better one, plainly, before the quotes
    return [*outcome_ranking(q, t), *lines] if len(q.areas) > 1 and not q.themes else lines


def _count(q: Query, t: Table) -> list[str]:
    asked = [k for k, p in FINDING_KIND_WORDS.items() if p.search(q.rewritten)]
    # The table counts findings, and areas or documents by their findings; "how long is the
    # wait?" or "how many children ...?" is a number in the text, which the reader finds.
    counts_rows = _COUNTED_ROWS_RE.search(q.rewritten) or asked_outcome(q.rewritten, False)
    if not asked and not counts_rows:
        return []
    if not q.areas:
        return _totals(q, t) or _list(q, t)
    lines: list[str] = []
    if any(k in COUNCIL_KINDS for k in asked):
        return council_list(q, t, [k for k in asked if k in COUNCIL_KINDS])
    counted: list[str] = []  # "Hertfordshire: 2 areas for priority action", area by area
    for area in q.areas:
        letter = t.pick(area, "revisit_letter", q)
        report = t.pick(area, "inspection_report", q)
        if letter and (not asked or "significant_weakness" in asked or not report):
            lines += weakness_count_lines(t, letter)
        elif report:
            kinds = [k for k in asked if k in REPORT_KINDS] or list(REPORT_KINDS)
            rows = urgent_first(t.rows(report, kinds, q.themes))
            if not rows and not q.themes:  # "sets no areas for priority action; it sets ..."
                others = t.rows(report, [k for k in REPORT_KINDS if k not in kinds])
                lines += absent_kinds(report, kinds, t) + rows_listed(t, report, others,
                                                                      MAX_TITLE_WORDS)
            elif rows:
                about = f" about {themes_phrase(q)}" if q.themes else ""
                lines.append(f"{capital(doc_name(report))} sets {count_phrase(rows)}{about}.")
                lines += rows_listed(t, report, rows, MAX_TITLE_WORDS)
                counted.append(f"{area}: {count_phrase(rows)}{about}")
    # several areas counted: the counts side by side first, plainly, then each area's rows
    plain = [f"{'; '.join(counted)}."] if len(counted) == len(q.areas) > 1 else []
    return plain + lines


def _totals(q: Query, t: Table) -> list[str]:
    """'How many significant weaknesses were there across the revisit letters?'"""
    kinds = [k for k, p in FINDING_KIND_WORDS.items() if p.search(q.rewritten)]
    if not kinds or q.themes or asked_verdict(q) or asked_outcome(q.rewritten, False):
        return []
    found = [(d, rows) for d in sorted(t.documents, key=lambda d: d.area)
             if (rows := t.rows(d, kinds))]
    if not found:
        return []
    label = " and ".join(plural(k) for k in kinds)
    lines = [f"The documents set {sum(len(r) for _, r in found)} {label} in total, "
             f"across {len(found)} documents."]
    for doc, rows in found:
        said = weakness_count_lines(t, doc)[:1] if kinds == ["significant_weakness"] else []
        lines += said or [f"{doc.area}: {len(rows)} {t.cites.mark(t.passage(rows[0]))}."]
    return lines


def asked_outcome(text: str, has_themes: bool) -> str | None:
    for outcome, phrases in answer_vocabulary.ASKED_OUTCOME.items():
        if phrases.mentions(text):
            return outcome
    # "failed to make sufficient progress" is a revisit's verdict, not the failing outcome
    if not has_themes and answer_vocabulary.FAIL.mentions(text) \
            and not vocabulary.PROGRESS_VERDICT.mentions(text):
        return "widespread and/or systemic failings"
    return None


def _list(q: Query, t: Table) -> list[str]:
    council = [k for k in COUNCIL_KINDS if FINDING_KIND_WORDS[k].search(q.rewritten)]
    if council and q.areas:
        return council_list(q, t, council)
    outcome = asked_outcome(q.rewritten, bool(q.themes))
    if outcome:
        return _outcome_list(q, t, outcome)
    if q.areas and q.intent == "not_fixed":
        return [line for area in q.areas for line in _still_to_do(q, t, area)]
    if q.areas and not q.themes and not asked_verdict(q):
        return _summary(q, t)  # "what were Wokingham's weaknesses?"
    return across_areas(q, t)



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
        unstated = unstated_shortcomings(t, doc, q.themes)
        # ("are the EHC plans any good now?" where one verdict line covers several weaknesses:
        # what the letter still finds wrong with them)
        said = [f"The {doc.area} revisit letter gives no verdict of its own on this, and says: "
                f"{unstated}"] if unstated else []
        return overall_lines(t, doc) + said + verdict_lines(t, doc, rows, name_first=False)
    urgent = answer_vocabulary.PRESSING.mentions(q.rewritten)
    kinds = ["priority_action"] if urgent and t.rows(doc, ["priority_action"]) else REPORT_KINDS
    return not_judged_yet(q, t, doc) + report_lines(q, t, doc, kinds=kinds)


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
            span = OUTCOME_RES[outcome].search(found[0])
            assert span is not None
            # the outcome's words quoted once: the same words area after area say nothing new
            quoted = f": “{found[0][span[0]:span[1]]}”" if len(lines) == 1 else ""
            lines.append(f"{doc.area} ({human_date(doc.date)}){quoted} "
                         f"{t.cites.mark(found[1])}.")
    return lines if docs else []


def asks_for_practice(q: Query) -> bool:
    """'How did other areas tackle transitions?': what areas do, not what they must fix."""
    return (q.intent == "practice" or asks_for_strengths(q)) and not asked_verdict(q)


def _summary(q: Query, t: Table) -> list[str]:
    if q.themes or len(q.areas) != 1 or {"committee_report", "briefing_note"} & set(q.doc_types):
        return []
    doc = main_document(t, q.areas[0], q)
    if doc and doc.doc_type == "revisit_letter":
        lines = revisit_lines(t, doc, (), overall=True)
        if q.intent == "list_findings":
            # "what were they?": the weaknesses after the plain count, not the letter's
            # overall lines and next steps before them
            told = [*overall_lines(t, doc), next_step_line(t, doc)]
            lines = [line for line in lines if line not in told]
        return _headline(t, doc, True) + lines
    return report_lines(q, t, doc) if doc else []


def _headline(t: Table, doc: Document, overall: bool) -> list[str]:
    """A letter's verdicts in one plain sentence, before the quotes that prove them."""
    line = revisit_headline(t, doc) if overall else None
    return [line] if line else []


def _about_the_inspection(q: Query) -> bool:
    """"Who led it?" after a question about an inspection, "who were the inspectors?": the
    inspection leads answer; "who are they working with to fix it?" asks about someone else."""
    return answer_vocabulary.INSPECTORS.mentions(q.rewritten) \
        or answer_vocabulary.VISIT.mentions(q.rewritten) \
        or answer_vocabulary.LED.mentions(q.rewritten)


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
        found = find_text(t, doc, name)
        if found:
            quote = f"“{found[0]}” {t.cites.mark(found[1])}"
            lines.append(f"{capital(doc_name(doc))} names the inspection leads as {names}: {quote}")
    return lines


_HANDLERS: dict[str, Callable[[Query, Table], list[str]]] = {
    "verdict": _verdict, "count": _count, "list": _list, "comparison": across_areas,
    "summary": _summary,
}  # fmt: skip
