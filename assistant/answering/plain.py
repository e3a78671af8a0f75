"""Plain English first: what a revisit letter's verdicts add up to, in one sentence.

A parent asking "how did Wokingham do?" needs "Wokingham made sufficient progress on five of the
six significant weaknesses; not on: “...” [2]" before the quotes that prove it. The counts come
from the findings table; where a letter gives no verdict line for some weaknesses (one verdict for
several), from the letter's own closing count ("eight of the 12"). Each weakness not fixed is
quoted from its own passage, so the one verifier checks the sentence like any other.
"""

from __future__ import annotations

import re

from assistant.answering.quote import (
    NUMBER_WORDS,
    Table,
    find_sentence,
    find_text,
    holding,
    sentences,
    short,
)
from assistant.answering.verdicts import COUNT_OF_TOTAL_RE
from core.models import Document, Finding, Passage

MAX_NAMED = 4  # weaknesses not fixed named in the headline; more are listed after it
TITLE_WORDS = 24  # the weaknesses not fixed run to 18-20 words: quoted whole, not cut mid-phrase
# A pattern: "k of the n significant weaknesses", k and n in words or digits.
_NUMBER_RE = re.compile(r"\b(\w+) of the (\w+) significant weakness", re.I)


def revisit_headline(t: Table, doc: Document) -> str | None:
    """'X made sufficient progress on k of the n significant weaknesses; not on: “...” [n].'"""
    rows = t.rows(doc, ("significant_weakness",))
    counted = revisit_counts(t, doc)
    if counted is None:
        return None
    fixed, total, where = counted
    failed = [f for f in rows if f.verdict == "not sufficient progress"]
    if fixed == total:
        every = "both" if total == 2 else f"all {_word(total)}"
        return f"{doc.area} made sufficient progress on {every} of the significant weaknesses " \
               f"{t.cites.mark(where)}."
    head = f"{doc.area} made sufficient progress on {_word(fixed)} of the {_word(total)} " \
           f"significant weaknesses {t.cites.mark(where)}"
    if not failed or len(failed) > MAX_NAMED:
        return head + "."
    named = "; ".join(f"“{short(f.title, TITLE_WORDS)}” {t.cites.mark(_wording(t, f))}"
                      for f in failed)
    # Some weaknesses may have no verdict line of their own: then these are some of the rest.
    lead = "not on" if len(failed) == total - fixed else "among those not fixed"
    return f"{head}; {lead}: {named}."


def _wording(t: Table, f: Finding) -> Passage:
    """The passage holding the weakness as worded (a long one's verdict may sit in the next)."""
    return holding(t, f.doc_id, f.title[:60]) or t.passage(f)


def revisit_counts(t: Table, doc: Document) -> tuple[int, int, Passage] | None:
    """(fixed, total, passage to cite), from the rows or, when some have no verdict, the letter."""
    rows = t.rows(doc, ("significant_weakness",))
    said = sentences(doc.fields.get("overall_line", ""))
    overall = find_text(t, doc, said[0][:60], ignore_case=True) if said else None
    if not rows or overall is None:
        return None
    if all(f.verdict in ("sufficient progress", "not sufficient progress") for f in rows):
        fixed = sum(f.verdict == "sufficient progress" for f in rows)
        return fixed, len(rows), overall[1]
    closing = find_sentence(t, doc, COUNT_OF_TOTAL_RE)
    m = _NUMBER_RE.search(closing[0]) if closing else None
    numbers = [_int(m.group(1)), _int(m.group(2))] if m else [None, None]
    if closing is None or numbers[0] is None or numbers[1] is None:
        return None
    return numbers[0], numbers[1], closing[1]


def _int(word: str) -> int | None:
    low = word.lower()
    if low.isdigit():
        return int(low)
    return NUMBER_WORDS.index(low) if low in NUMBER_WORDS else None


def revisit_ranking(t: Table, docs: list[Document]) -> list[str]:
    """"Which revisit left more weaknesses unresolved?": the letters' counts side by side, the
    area with most still not addressed first, in the letters' own words ("Significant
    weaknesses still not addressed: four of the 12 in Worcestershire, two of the eight in
    Windsor and Maidenhead [1][2].")."""
    counted = [(doc.area, total - fixed, total, where) for doc in docs
               if doc.doc_type == "revisit_letter" and (c := revisit_counts(t, doc))
               for fixed, total, where in [c]]
    if len(counted) < 2 or len(counted) != len(docs):
        return []
    counted.sort(key=lambda c: (-c[1], c[0]))
    each = ", ".join(f"{_word(n)} of the {_word(m)} in {area}" if n
                     else f"no significant weakness in {area}" for area, n, m, _ in counted)
    # the passages holding the counts and the letter's overall line ("... not made sufficient
    # progress in addressing four significant weaknesses.")
    held = [where for *_, where in counted] + [
        found[1] for doc in docs for said in sentences(doc.fields.get("overall_line", ""))
        if (found := find_text(t, doc, said[:60], ignore_case=True))]
    marks = "".join(dict.fromkeys(t.cites.mark(p) for p in held))
    return [f"Significant weaknesses still not addressed: {each} {marks}."]


def _word(n: int) -> str:
    """The letters' own style: number words up to ten, digits above ("eight of the 12")."""
    return NUMBER_WORDS[n] if n <= 10 else str(n)
