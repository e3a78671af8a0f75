"""Corrections of a question's premise from the findings table: a verdict or a year the
question takes for granted that the documents contradict."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from assistant.answering.facts import (
    CORRECTION_LEAD,
    VISIT_FIELDS,
    date_line,
    never_inspected,
)
from assistant.answering.plain import revisit_headline
from assistant.answering.quote import Table, capital, doc_name, main_document, sentences
from assistant.answering.verdicts import (
    NEXT_ASKED_LEAD,
    NEXT_LEAD,
    closing_lines,
    next_step_line,
    outcome_line,
    overall_lines,
    verdict_line,
)
from assistant.terms import token_set
from assistant.understanding import answer_vocabulary, vocabulary
from assistant.understanding.query import Query
from core.models import Answer, Document
from core.themes import theme_scores


def premise_correction(q: Query, t: Table) -> Answer | None:
    """'Since Wandsworth failed on EHC plans ...' when the letter says it made sufficient
    progress: say what the document states instead of answering on the premise."""
    if not q.premise:
        return None
    lines: list[str] = []
    for area in q.areas:
        # (a revisit letter gives none of the three outcomes: the middle one is a report's)
        letter = t.pick(area, "revisit_letter", q) if q.premise != "middle" else None
        report = t.pick(area, "inspection_report", q)
        if letter and q.themes and not vocabulary.WHOLE_LETTER.mentions(q.question):
            lines += _with_next(q, t, letter,
                                _verdict_correction(q, t, letter)
                                or _unstated_correction(q, t, letter))
        elif letter and not report:
            lines += _with_next(q, t, letter, _letter_correction(q, t, letter))
        elif report and (before := never_inspected(q, t)):
            lead = "" if before[0].startswith(CORRECTION_LEAD) else f"{CORRECTION_LEAD}. "
            lines += [f"{lead}{before[0]}", *before[1:]]
        elif report and (not q.themes or any(w in q.question.lower() for w in _OUTCOME_WORDS)):
            outcome = report.fields.get("outcome", "")
            # a claim of the top outcome is wrong for the middle one too, and a claim of failure
            # for any but the lowest
            wrong = bool(outcome) and (
                (q.premise == "negative" and not outcome.startswith("widespread"))
                or (q.premise == "positive" and not outcome.startswith("typically positive"))
                or (q.premise == "middle" and not outcome.startswith("inconsistent")))
            line = outcome_line(t, report) if wrong else None
            denied = _NOT_FOUND[q.premise].format(area=report.area)
            # (and what that outcome means next, a full inspection in five years or three,
            # unless findings are asked for: they follow)
            after = next_step_line(t, report) if line and q.intent not in _FINDINGS_ASKED \
                else None
            lines += [f"{CORRECTION_LEAD}: {denied}. {line}"] if line else []
            lines += [after] if after else []
    return t.cites.answer(lines) if lines else None


_FINDINGS_ASKED = frozenset({"list_findings", "count", "not_fixed", "which_areas"})
# What a wrong claim of an outcome said, denied plainly before the outcome found.
_NOT_FOUND = {
    "negative": "{area} was not found to have widespread or systemic failings",
    "positive": "{area}'s arrangements were not found to lead typically to positive experiences "
                "and outcomes",
    "middle": "{area}'s arrangements were not found to lead to inconsistent experiences and "
              "outcomes",
}


def _with_next(q: Query, t: Table, letter: Document, lines: list[str]) -> list[str]:
    """A correction, then what the letter says comes next when that is asked ("..., what
    further monitoring now applies?"): the support visits that cease, the next inspection."""
    if not lines or not vocabulary.OVERSIGHT_NEXT.mentions(q.rewritten):
        return lines
    after = next_step_line(t, letter)
    if not after or after in lines:
        return lines
    return [lines[0], after.replace(NEXT_LEAD, NEXT_ASKED_LEAD, 1), *lines[1:]]


def year_correction(q: Query, t: Table) -> list[str]:
    """'Wokingham's revisit was in 2022, wasn't it?' when the letter is from 2021."""
    lines: list[str] = []
    for area in q.areas if q.claimed_year else ():
        doc = main_document(t, area, q)
        when = doc.fields.get(VISIT_FIELDS.get(doc.doc_type, ("",))[0], "") if doc else ""
        if not doc or not when or str(q.claimed_year) in when:
            continue
        if doc.doc_type == "inspection_report" \
                and answer_vocabulary.PREVIOUS.mentions(q.rewritten):
            continue  # the previous inspection's year is checked against its own date (facts)
        line = date_line(t, doc, when, VISIT_FIELDS[doc.doc_type][1])
        lines += [f"{CORRECTION_LEAD}: it was not in {q.claimed_year}. {line}"] \
            if line else []
    return lines


def _letter_correction(q: Query, t: Table, letter: Document) -> list[str]:
    """'Worcestershire fixed all 12, didn't it?' or 'so they made no progress on anything?'
    when the letter says some were fixed and some not: the plain count first, then the letter."""
    rows = t.rows(letter, ("significant_weakness",))
    fixed = [f for f in rows if f.verdict == "sufficient progress"]
    if q.premise == "positive":
        wrong = len(fixed) < len(rows)
    else:  # "failed" is wrong when all were fixed; "no progress on anything" when any was
        wrong = bool(rows) and (len(fixed) == len(rows)
                                or (bool(fixed) and vocabulary.EVERY_OR_NONE.mentions(q.rewritten)))
    if not wrong:
        return []
    lines = overall_lines(t, letter)
    lines += closing_lines(t, letter, lines)
    headline = revisit_headline(t, letter)
    if headline:
        lines = [headline, *lines]
    return [f"{CORRECTION_LEAD}. {lines[0]}", *lines[1:]] if lines else []


# A claim about a report's outcome holds whatever else the question is about.
_OUTCOME_WORDS = ("widespread", "systemic", "typically positive", "inconsistent", "outcome",
                  "rated", "rating", "judged")


def _verdict_correction(q: Query, t: Table, letter: Document) -> list[str]:
    rows = [f for f in t.rows(letter, ("significant_weakness",), q.themes)
            if f.verdict in ("sufficient progress", "not sufficient progress")]
    contradicted = "sufficient progress" if q.premise == "negative" else "not sufficient progress"
    if not rows or any(f.verdict != contradicted for f in rows):
        return []
    did = "did make" if contradicted == "sufficient progress" else "did not make"
    marks = "".join(t.cites.mark(t.passage(f)) for f in rows)
    lines = [f"{CORRECTION_LEAD}: {letter.area} {did} sufficient progress "
             f"here {marks}."]
    said = [verdict_line(t, f, "the letter states, ") for f in rows]
    # ... and how the letter came out overall, in one plain sentence
    headline = revisit_headline(t, letter)
    return lines + [line for line in [headline, *said] if line]


MAX_SHORTCOMINGS = 2  # sentences quoted against a claim that a weakness was fixed


def _unstated_correction(q: Query, t: Table, letter: Document) -> list[str]:
    """'Worcestershire's EHC plans are now good, aren't they?' when the letter gives the
    weakness no verdict of its own (one line for several) but says what is still wrong with it:
    its own sentences on the theme that state a shortcoming."""
    if q.premise != "positive":
        return []
    quoted = unstated_shortcomings(t, letter, q.themes)
    if not quoted:
        return []
    headline = revisit_headline(t, letter)
    return [f"{CORRECTION_LEAD}: the {letter.area} revisit letter gives no "
            f"verdict of its own on this weakness, and says: {quoted}",
            *([headline] if headline else [])]


def unstated_shortcomings(t: Table, letter: Document, themes: Sequence[str]) -> str:
    """When the letter gives the weaknesses on these themes no verdict of their own, its own
    sentences on the themes that state what is still wrong, quoted and cited ("" if none)."""
    stated = ("sufficient progress", "not sufficient progress")
    rows = t.rows(letter, ("significant_weakness",), themes)
    if not themes or not rows or any(f.verdict in stated for f in rows):
        return ""
    found = [(s, p) for p in t.by_doc.get(letter.doc_id, []) for s in sentences(p.text)
             if set(themes) & set(theme_scores(s)) and vocabulary.SHORTCOMING.mentions(s)
             and not answer_vocabulary.WEAKNESS_HEADING.mentions(s)][:MAX_SHORTCOMINGS]
    return " ".join(f"“{s}” {t.cites.mark(p)}" for s, p in found)


# A percentage as written ("40%", "40 %", "40 per cent"): a pattern, the number captured.
PERCENT_RE = re.compile(r"\b(\d{1,3}(?:\.\d+)?)\s?(?:%|per ?cent\b)", re.I)


def figure_correction(q: Query, t: Table) -> Answer | None:
    """'Given they now issue 90% of plans on time, ...' when no document of the area gives
    90%: the area's own sentence with a percentage on what was asked, so a number the asker
    brought is never taken for the documents' ("40%" was "4%")."""
    claimed = PERCENT_RE.findall(q.question)
    if not claimed or len(q.areas) != 1:
        return None
    area = q.areas[0]
    said = [(s, p, d) for d in t.documents if d.area == area
            for p in t.by_doc.get(d.doc_id, []) for s in sentences(p.text)
            if PERCENT_RE.search(s)]
    given = {n for s, _, _ in said for n in PERCENT_RE.findall(s)}
    if not said or any(n in given for n in claimed):
        return None
    words = token_set(PERCENT_RE.sub(" ", q.question))
    near = _near_figures(q.question)  # "90% of plans on time": what the figure measures
    best = max(said, key=lambda spd: (len(near & _near_figures(spd[0])),
                                      len(words & token_set(spd[0]))))
    if len(words & token_set(best[0])) < MIN_SHARED_WORDS:
        return None  # no sentence of the area's gives a figure on what was asked
    sentence, passage, doc = best
    # (said plainly, not as a contradiction: "are over 50% on time?" claims nothing)
    return t.cites.answer([f"The {area} documents give no figure of {claimed[0]}%. "
                           f"{capital(doc_name(doc))} says: "
                           f"“{sentence}” {t.cites.mark(passage)}"])


MIN_SHARED_WORDS = 2  # words a figure's sentence shares with the claim to be its correction
NEAR_WORDS = 6  # words either side of a percentage that say what it measures


def _near_figures(text: str) -> frozenset[str]:
    """The words either side of each percentage in a text, as terms."""
    near: set[str] = set()
    for m in PERCENT_RE.finditer(text):
        before = text[:m.start()].split()[-NEAR_WORDS:]
        after = text[m.end():].split()[:NEAR_WORDS]
        near |= token_set(" ".join(before + after))
    return frozenset(near)


def without_figures(q: Query) -> Query:
    """The question with the percentages it claimed taken out, to answer the rest of it."""
    return replace(q, question=PERCENT_RE.sub("", q.question),
                   rewritten=PERCENT_RE.sub("", q.rewritten), claim=PERCENT_RE.sub("", q.claim))
