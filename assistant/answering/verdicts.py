"""A revisit letter's verdicts and an inspection report's outcome, quoted: the overall line,
each weakness's verdict line, the closing count, what happens next. Every line quotes the
document's own words and cites the passage that holds them (quote.py: the table and citations).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering.quote import (
    NUMBER_WORDS,
    OUTCOME_RES,
    Table,
    capital,
    doc_name,
    find_sentence,
    find_sentences,
    find_text,
    holding,
    human_date,
    sentences,
    short,
)
from assistant.understanding import answer_vocabulary
from core.models import Document, Finding

# A pattern: the whole sentence around a verdict.
_VERDICT_LINE_RE = re.compile(
    r"[^.\n]*\barea\s+has\s+(not\s+)?made\s+sufficient\s+progress\b[^.\n]*\.", re.I
)


def overall_lines(t: Table, doc: Document, lead: str = "") -> list[str]:
    """A revisit letter's overall line, sentence by sentence, quoted and cited."""
    lead = lead or f"{capital(doc_name(doc))} says"
    lines = []
    for s in sentences(doc.fields.get("overall_line", "")):
        found = find_text(t, doc, s[:60], ignore_case=True)
        if found:
            lines.append(f"{lead}: “{found[0]}” {t.cites.mark(found[1])}")
            lead = "It also says"
    return lines


def verdict_line(t: Table, f: Finding, lead: str = "") -> str | None:
    """'[lead] on “<weakness>”: “The area has (not) made sufficient progress ...” [n]'."""
    p = t.passage(f)
    head = capital(f"{lead}on “{short(f.title, 60)}”")
    titled = holding(t, f.doc_id, f.title[:60])
    if titled is not None and titled.chunk_id != p.chunk_id:
        head += f" {t.cites.mark(titled)}"  # the wording sits in an earlier passage: cite both
    if f.verdict == "not stated":
        mark = t.cites.mark(p)
        return f"{head}, the letter gives no verdict line: the verdict is not stated {mark}."
    negative = f.verdict == "not sufficient progress"
    for m in _VERDICT_LINE_RE.finditer(p.text):
        if bool(m.group(1)) == negative:
            return f"{head}: “{' '.join(m.group(0).split())}” {t.cites.mark(p)}"
    return None


def revisit_lines(t: Table, doc: Document, themes: Sequence[str], overall: bool) -> list[str]:
    """Per-weakness verdicts of a letter; its overall line first when asked for, or after the
    rows when a row has no verdict line (the summary is then all the letter says)."""
    rows = t.rows(doc, ("significant_weakness",), themes)
    if not rows:
        return []
    unstated = any(f.verdict == "not stated" for f in rows)
    if overall:
        head = overall_lines(t, doc)
        after = next_step_line(t, doc)
        # what is still not fixed first: a cap on length must not hide it
        notable = sorted(rows, key=lambda f: f.verdict != "not sufficient progress")
        each = grouped_verdict_lines(t, notable) if len(notable) >= GROUP_FROM \
            else verdict_lines(t, doc, notable, name_first=False)
        return head + ([after] if after else []) + (
            closing_lines(t, doc, head) if unstated else []) + each
    lines = verdict_lines(t, doc, rows)
    if unstated:
        lines += overall_lines(t, doc, "Its summary says")
        lines += closing_lines(t, doc, lines)
    return lines


GROUP_FROM = 4  # weaknesses from which a letter's verdicts are said once each, not row by row
_VERDICT_GROUPS = (("not sufficient progress", "Not sufficient progress on"),
                   ("sufficient progress", "Sufficient progress on"),
                   ("not stated", "No verdict line of its own on"))


def grouped_verdict_lines(t: Table, rows: Sequence[Finding]) -> list[str]:
    """Many weaknesses: each verdict said once, the weaknesses it was given after it ("Sufficient
    progress on: “...” [2]; “...” [3]."), each cited to the passage holding its verdict (and its
    wording, when that sits in an earlier one): the same verdict line row after row says
    nothing new."""
    lines = []
    for verdict, label in _VERDICT_GROUPS:
        quoted = []
        for f in (f for f in rows if f.verdict == verdict):
            p = t.passage(f)
            titled = holding(t, f.doc_id, f.title[:60])
            marks = (t.cites.mark(titled) if titled and titled.chunk_id != p.chunk_id
                     else "") + t.cites.mark(p)
            quoted.append(f"“{short(f.title, 60)}” {marks}")
        if quoted:
            lines.append(f"{label}: {'; '.join(quoted)}.")
    return lines


def closing_lines(t: Table, doc: Document, said: Sequence[str]) -> list[str]:
    """The letter's closing count ("eight of the 12"), unless a line already quotes it."""
    closing = find_sentence(t, doc, COUNT_OF_TOTAL_RE)
    if not closing or any(closing[0] in line for line in said):
        return []
    return [f"It concludes: “{closing[0]}” {t.cites.mark(closing[1])}"]


# A letter's closing count, e.g. "sufficient progress in addressing eight of the 12 significant
# weaknesses": quoted when a row has no verdict line, since the count is all the letter gives.
COUNT_OF_TOTAL_RE = re.compile(r"progress in addressing \w+ of the \d+ significant weakness", re.I)


def verdict_lines(
    t: Table, doc: Document, rows: Sequence[Finding], name_first: bool = True
) -> list[str]:
    """One verdict line per row; the first names the letter unless an earlier line did."""
    leads = ([f"{doc_name(doc)} states, " if name_first else ""] + [""] * len(rows))[:len(rows)]
    return [line for f, lead in zip(rows, leads, strict=True) if (line := verdict_line(t, f, lead))]


def next_step_line(t: Table, doc: Document) -> str | None:
    """What the document says happens next: the next inspection, a monitoring inspection, or
    the end of the DfE and NHS England visits (a parent asking "how did it go?" wants it)."""
    # (after the lowest outcome both: a monitoring inspection, then the next full one)
    found = find_sentences(t, doc, NEXT_STEP_RE, 2)
    found += [plan] if (plan := find_sentence(t, doc, PLAN_RE)) else []
    said = [f"“{s}” {t.cites.mark(p)}" for s, p in found]
    return f"{NEXT_LEAD}{' and '.join(said)}" if said else None


NEXT_LEAD = "It adds: "  # the next-step line's lead (moved first when what comes next is asked)
NEXT_ASKED_LEAD = "What comes next, in the document's words: "  # ... and then led so


def next_first(lines: list[str], area: str = "") -> list[str]:
    """"Will they keep checking?": what the document says comes next leads the answer (an
    area's, named, when several are asked about)."""
    ahead = [line for line in lines if line.startswith(NEXT_LEAD)]
    lead = NEXT_ASKED_LEAD.replace("next,", f"next for {area},") if area else NEXT_ASKED_LEAD
    moved = [line.replace(NEXT_LEAD, lead, 1) for line in ahead]
    return moved + [line for line in lines if line not in ahead]


NEXT_STEP_RE = answer_vocabulary.NEXT_STEP


PLAN_RE = answer_vocabulary.PRIORITY_ACTION_PLAN


def outcome_line(t: Table, doc: Document) -> str | None:
    outcome = doc.fields.get("outcome", "")
    pattern = OUTCOME_RES.get(outcome)
    found = find_sentence(t, doc, pattern) if pattern else None
    if not found:
        return None
    return f"{doc.area}'s area SEND inspection report ({human_date(doc.date)}) found: " \
        f"“{found[0]}” {t.cites.mark(found[1])}"


def weakness_count_lines(t: Table, doc: Document) -> list[str]:
    """How many significant weaknesses a letter covers, in its own words, then its overall line."""
    n = doc.fields.get("weakness_count", "")
    overall = overall_lines(t, doc)
    if not (n.isdigit() and int(n) < len(NUMBER_WORDS)):
        return overall
    said = re.compile(  # the count in digits or words: a pattern
        rf"(?:\b{n}|\b{NUMBER_WORDS[int(n)]}) (?:areas of )?significant weakness", re.I
    )
    unstated = any(f.verdict == "not stated" for f in t.rows(doc, ("significant_weakness",)))
    overall += closing_lines(t, doc, overall) if unstated else []
    for p in t.by_doc.get(doc.doc_id, []):
        for s in sentences(p.text):
            if said.search(s) and not any(s in line for line in overall):
                head = f"{capital(doc_name(doc))} covers {n} significant weaknesses"
                return [f"{head}: “{s}” {t.cites.mark(p)}", *overall]
    return overall
