"""Answers read straight from the findings table: verdicts, counts, lists, comparisons, summaries.

answer_from_findings() picks the rows the question asks about and quotes them (quote.py),
each sentence citing the passage of its row. It returns None when the question is not one of
these shapes or the table has no rows for it; the caller then retrieves passages and answers
from them. A question built on a false premise ("Since Wandsworth failed on EHC plans, ...") is
answered with what the document states instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.answering.across_areas import (
    Singled,
    across_areas,
    asked_verdict,
    asks_for_strengths,
    holding_sentence,
    outcome_ranking,
    rows_on_subject,
)
from assistant.answering.corrections import (
    premise_correction,
    unstated_shortcomings,
    year_correction,
)
from assistant.answering.facts import fact_lines, inspected_in
from assistant.answering.plain import revisit_headline
from assistant.answering.quote import (
    KIND_LABELS,
    NUMBER_WORDS,
    OUTCOME_RES,
    REPORT_KINDS,
    Table,
    capital,
    doc_name,
    find_sentence,
    find_text,
    finding_line,
    human_date,
    main_document,
    plural,
    short,
)
from assistant.answering.reasons import reason_lines
from assistant.answering.verdicts import (
    next_step_line,
    outcome_line,
    overall_lines,
    revisit_lines,
    verdict_lines,
    weakness_count_lines,
)
from assistant.question_words import FINDING_KIND_WORDS, themes_of
from assistant.understanding import vocabulary
from assistant.understanding.clauses import asked_clause
from assistant.understanding.query import Query
from core.models import Answer, Document, Finding, Passage
from core.themes import theme_label

ONE_REPORT_WORDS = 60  # a finding's wording quoted up to this many words in one area's answer
LIST_BUDGET = 110  # ... shared among its findings, so a list of five still reads in 150 words
MIN_FINDING_WORDS = 18  # ... but each keeps enough words to say what it is about
_KIND_WORDS = FINDING_KIND_WORDS
COUNCIL_KINDS = ("workstream", "risk")
COUNCIL_DOCS = ("committee_report", "briefing_note")
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
    inspectors = query.intent == "people" and not vocabulary.BODY.mentions(query.rewritten)
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
            # themes told only in the story ("my son has an EHCP ... did they ever sort it
            # out?"): the letter's overall verdict first, then those themes' rows
            overall = not q.themes or not themes_of(asked_clause(q.rewritten))
            lines += _headline(t, doc, overall) + revisit_lines(t, doc, q.themes,
                                                                overall=overall)
        elif doc:
            lines += _not_judged_yet(q, t, doc) + _report_lines(q, t, doc, rows=bool(q.themes))
    # several areas' outcomes: which is the better one, plainly, before the quotes
    return [*outcome_ranking(q, t), *lines] if len(q.areas) > 1 and not q.themes else lines


def _not_judged_yet(q: Query, t: Table, report: Document) -> list[str]:
    """ "Has Plymouth fixed them yet?": a report's findings are judged again only by a later
    inspection; when the collection holds none, that is the plain answer."""
    later = [d for d in t.documents if d.area == report.area and (d.date or "") > (report.date
                                                                                     or "")]
    if later or not vocabulary.FIXED_YET.mentions(q.asked):
        return []
    return [f"The documents don't say yet: {doc_name(report)} is the latest document on "
            f"{report.area} in the collection, and no later inspection has judged its findings."]


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
        absent = _absent(report, asked, t)
        found = t.rows(report, [k for k in REPORT_KINDS if k not in asked])
    every = _urgent_first(found)
    singled = rows_on_subject(q, t, every) if not q.themes else Singled(every)
    found = singled.rows
    # one report's findings are quoted at more length than a cross-area list's
    words = min(ONE_REPORT_WORDS, max(MIN_FINDING_WORDS, LIST_BUDGET // max(1, len(found))))
    counted = [] if absent or not found else [
        _how_many(q, found) if not singled.phrase else
        f"Of its {_counts(every)}, {len(found)} {'is' if len(found) == 1 else 'are'} about "
        f"{singled.phrase}:"]
    return ([outcome] if outcome else []) + ([after] if after else []) + absent + counted + [
        finding_line(t, report, f, False, words=words,
                     wording=holding_sentence(f, singled.terms)) for f in found]


def _urgent_first(rows: Sequence[Finding]) -> list[Finding]:
    """Areas for priority action before areas for improvement, each kind in its own order."""
    return sorted(rows, key=lambda f: REPORT_KINDS.index(f.kind)
                  if f.kind in REPORT_KINDS else len(REPORT_KINDS))


def _absent(report: Document, asked: Sequence[str], t: Table) -> list[str]:
    """A kind the report does not have, said plainly with what it sets instead."""
    others = [k for k in REPORT_KINDS if k not in asked]
    sets = _counts([f for k in others for f in t.rows(report, [k])])
    return [f"{capital(doc_name(report))} sets no {' or '.join(plural(k) for k in asked)}"
            + (f"; it sets {sets}:" if sets else ".")]


def _how_many(q: Query, rows: Sequence[Finding]) -> str:
    """The plain count before the rows that prove it: "It sets 6 areas for priority action and
    3 areas for improvement:"; the number always equals the rows listed after it."""
    if q.themes:
        return f"Of its findings, {_counts(rows)} {'are' if len(rows) > 1 else 'is'} about " \
               f"{_themes(q)}:"
    return f"It sets {_counts(rows)}:"


def _counts(rows: Sequence[Finding]) -> str:
    """'6 areas for priority action and 3 areas for improvement', in the table's kind order."""
    kinds = [k for k in REPORT_KINDS if any(f.kind == k for f in rows)]
    return " and ".join(f"{n} {plural(k) if n > 1 else KIND_LABELS[k]}"
                        for k in kinds if (n := sum(f.kind == k for f in rows)))


def _themes(q: Query) -> str:
    return " or ".join(theme_label(th).lower() for th in q.themes)


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
            rows = _urgent_first(t.rows(report, kinds, q.themes))
            if not rows and not q.themes:  # "sets no areas for priority action; it sets ..."
                lines += _absent(report, kinds, t) + [
                    finding_line(t, report, f, False)
                    for f in t.rows(report, [k for k in REPORT_KINDS if k not in kinds])]
            elif rows:
                about = f" about {_themes(q)}" if q.themes else ""
                lines.append(f"{capital(doc_name(report))} sets {_counts(rows)}{about}.")
                lines += [finding_line(t, report, f, False) for f in rows]
    return lines


def _totals(q: Query, t: Table) -> list[str]:
    """'How many significant weaknesses were there across the revisit letters?'"""
    kinds = [k for k, p in _KIND_WORDS.items() if p.search(q.rewritten)]
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
    for outcome, phrases in vocabulary.ASKED_OUTCOME.items():
        if phrases.mentions(text):
            return outcome
    # "failed to make sufficient progress" is a revisit's verdict, not the failing outcome
    if not has_themes and vocabulary.FAIL.mentions(text) \
            and not vocabulary.PROGRESS_VERDICT.mentions(text):
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
    if q.areas and not q.themes and not asked_verdict(q):
        return _summary(q, t)  # "what were Wokingham's weaknesses?"
    return across_areas(q, t)


def _council(q: Query, t: Table) -> list[str]:
    """'What were Wokingham's task and finish groups?', 'what risks did the note flag?'.
    Who chairs a group, or when it meets, is in its text: retrieval answers those."""
    kinds = [k for k in COUNCIL_KINDS if _KIND_WORDS[k].search(q.rewritten)]
    if not kinds or not q.areas or vocabulary.DETAIL_QUESTION.starts(q.question):
        return []
    return _council_lines(q, t, kinds)




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
    said = re.compile(rf"{number}[^.]{{0,40}}?(?:{words})", re.I)  # the kind soon after the count
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
        unstated = unstated_shortcomings(t, doc, q.themes)
        # ("are the EHC plans any good now?" where one verdict line covers several weaknesses:
        # what the letter still finds wrong with them)
        said = [f"The {doc.area} revisit letter gives no verdict of its own on this, and says: "
                f"{unstated}"] if unstated else []
        return overall_lines(t, doc) + said + verdict_lines(t, doc, rows, name_first=False)
    urgent = vocabulary.PRESSING.mentions(q.rewritten)
    kinds = ["priority_action"] if urgent and t.rows(doc, ["priority_action"]) else REPORT_KINDS
    return _not_judged_yet(q, t, doc) + _report_lines(q, t, doc, kinds=kinds)


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
            lines.append(f"{doc.area} ({human_date(doc.date)}): “{found[0][span[0]:span[1]]}” "
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
        return _headline(t, doc, True) + revisit_lines(t, doc, (), overall=True)
    return _report_lines(q, t, doc) if doc else []


def _headline(t: Table, doc: Document, overall: bool) -> list[str]:
    """A letter's verdicts in one plain sentence, before the quotes that prove them."""
    line = revisit_headline(t, doc) if overall else None
    return [line] if line else []




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


# --- false premises --------------------------------------------------------------------------


