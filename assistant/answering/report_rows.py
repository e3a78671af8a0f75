"""A report's outcome and findings, quoted and counted by kind (its priority actions first)."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answering.across_areas import Singled, holding_sentence, rows_on_subject
from assistant.answering.quote import (
    KIND_LABELS,
    REPORT_KINDS,
    Table,
    capital,
    doc_name,
    finding_line,
    kind_labels,
    plural,
)
from assistant.answering.verdicts import next_step_line, outcome_line
from assistant.question_words import kinds_asked
from assistant.understanding import vocabulary
from assistant.understanding.answer_vocabulary import OUTCOME_ASKED
from assistant.understanding.query import Query
from core.models import Document, Finding
from core.themes import theme_label

ONE_REPORT_WORDS = 60  # a finding's wording quoted up to this many words in one area's answer
LIST_BUDGET = 110  # ... shared among its findings, so a list of five still reads in 150 words
MIN_FINDING_WORDS = 18  # ... but each keeps enough words to say what it is about


def not_judged_yet(q: Query, t: Table, report: Document) -> list[str]:
    """ "Has Plymouth fixed them yet?": a report's findings are judged again only by a later
    inspection; when the collection holds none, that is the plain answer."""
    later = [d for d in t.documents if d.area == report.area and (d.date or "") > (report.date
                                                                                     or "")]
    if later or not vocabulary.FIXED_YET.mentions(q.asked):
        return []
    return [f"The documents don't say yet: {doc_name(report)} is the latest document on "
            f"{report.area} in the collection, and no later inspection has judged its findings."]


def report_lines(
    q: Query, t: Table, report: Document, rows: bool = True, kinds: Sequence[str] = ()
) -> list[str]:
    """A report's outcome, then its findings (those on the question's themes, if any)."""
    outcome = outcome_line(t, report)
    asked = list(kinds) or kinds_asked(q.rewritten, REPORT_KINDS)
    # (the outcome asked for comes with what happens next, whatever story came before it, unless
    # findings of a kind are asked for too)
    after = next_step_line(t, report) if outcome and (
        (q.intent == "outcome" and not asked) or not (q.themes or rows)) else None
    found = t.rows(report, asked or REPORT_KINDS, q.themes) if rows else []
    absent: list[str] = []
    if rows and asked and not found and not q.themes:
        absent = absent_kinds(report, asked, t)
        found = t.rows(report, [k for k in REPORT_KINDS if k not in asked])
    every = urgent_first(found)
    singled = rows_on_subject(q, t, every) if not q.themes else Singled(every)
    found = singled.rows
    # "what areas for improvement was it given?" asks for those, not the outcome: the words
    # go to the findings, the report named in the count
    unasked = bool(outcome and asked and found and not absent and not singled.phrase
                   and not q.themes and q.intent != "outcome"
                   and not OUTCOME_ASKED.mentions(q.asked))
    budget = LIST_BUDGET + (OUTCOME_SAVED if unasked else 0)
    # one report's findings are quoted at more length than a cross-area list's
    words = min(ONE_REPORT_WORDS, max(MIN_FINDING_WORDS, budget // max(1, len(found))))
    counted = [] if absent or not found else [
        _how_many(q, found) if not singled.phrase else
        f"Of its {count_phrase(every)}, {len(found)} {'is' if len(found) == 1 else 'are'} about "
        f"{singled.phrase}:"]
    listed = rows_listed(t, report, found, words, [holding_sentence(f, singled.terms)
                                                   for f in found], not singled.phrase)
    if unasked and counted[0].startswith(_SETS):
        outcome, counted = None, [f"{capital(doc_name(report))} sets{counted[0][len(_SETS):]}"]
    return ([outcome] if outcome else []) + ([after] if after else []) + absent + counted + listed


_SETS = "It sets"  # how the count of a report's findings opens after its outcome
OUTCOME_SAVED = 35  # words an outcome line takes: the findings' own when it is not asked


def rows_listed(t: Table, report: Document, rows: Sequence[Finding], words: int,
                wordings: Sequence[str | None] = (), kind_named: bool = True) -> list[str]:
    """Rows quoted, those of one kind running on after its label ("Areas for improvement:
    “...” [2]; “...” [3]"); rows all of one kind go unlabelled after the line that named their
    kind (kind_named)."""
    one_kind = kind_named and len({f.kind for f in rows}) == 1
    labels = [""] * len(rows) if one_kind else kind_labels(rows)
    wordings = list(wordings) or [None] * len(rows)
    listed = [finding_line(t, report, f, False, words=words, wording=wording, label=label)
              for f, label, wording in zip(rows, labels, wordings, strict=True)]
    return [line + (";" if i + 1 < len(labels) and labels[i + 1] == "" else "")
            for i, line in enumerate(listed)]


def urgent_first(rows: Sequence[Finding]) -> list[Finding]:
    """Areas for priority action before areas for improvement, each kind in its own order."""
    return sorted(rows, key=lambda f: REPORT_KINDS.index(f.kind)
                  if f.kind in REPORT_KINDS else len(REPORT_KINDS))


def absent_kinds(report: Document, asked: Sequence[str], t: Table) -> list[str]:
    """A kind the report does not have, said plainly with what it sets instead."""
    others = [k for k in REPORT_KINDS if k not in asked]
    sets = count_phrase([f for k in others for f in t.rows(report, [k])])
    return [f"{capital(doc_name(report))} sets no {' or '.join(plural(k) for k in asked)}"
            + (f"; it sets {sets}:" if sets else ".")]


def _how_many(q: Query, rows: Sequence[Finding]) -> str:
    """The plain count before the rows that prove it: "It sets 6 areas for priority action and
    3 areas for improvement:"; the number always equals the rows listed after it."""
    if q.themes:
        return f"Of its findings, {count_phrase(rows)} {'are' if len(rows) > 1 else 'is'} about " \
               f"{themes_phrase(q)}:"
    return f"{_SETS} {count_phrase(rows)}:"


def count_phrase(rows: Sequence[Finding]) -> str:
    """'6 areas for priority action and 3 areas for improvement', in the table's kind order."""
    kinds = [k for k in REPORT_KINDS if any(f.kind == k for f in rows)]
    return " and ".join(f"{n} {plural(k) if n > 1 else KIND_LABELS[k]}"
                        for k in kinds if (n := sum(f.kind == k for f in rows)))


def themes_phrase(q: Query) -> str:
    return " or ".join(theme_label(th).lower() for th in q.themes)
