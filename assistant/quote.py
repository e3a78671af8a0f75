"""Quoting the findings table: numbered citations and the sentences that quote a document.

Every sentence built here quotes the document's own words (the verdict line, the overall line,
the outcome, a finding's wording) and cites the passage that holds them, so a verdict is never
paraphrased into its opposite and a citation always holds its claim.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from assistant.understand import Query
from assistant.understanding import vocabulary
from assistant.understanding.vocab import Phrases
from core import text as toolkit
from core.dates import human
from core.models import Answer, Citation, Document, Finding, Passage

SCORE = 1.0  # citations read from the table, not ranked by retrieval
MAX_TITLE_WORDS = 30  # a finding's wording is shortened (verbatim prefix) in cross-area lists
REPORT_KINDS = ("priority_action", "improvement")
KIND_LABELS = {
    "significant_weakness": "significant weakness", "priority_action": "area for priority action",
    "improvement": "area for improvement", "workstream": "workstream", "risk": "risk",
}  # fmt: skip
# How each outcome is worded in the reports (the fields hold the short form).
OUTCOME_RES = vocabulary.OUTCOME_WORDINGS
# Patterns: the whole sentence around a verdict, and the "[#id]" marks of passages to number.
_VERDICT_LINE_RE = re.compile(
    r"[^.\n]*\barea\s+has\s+(not\s+)?made\s+sufficient\s+progress\b[^.\n]*\.", re.I
)
_MARK_RE = re.compile(r"\[#(\w+)\]")
NUMBER_WORDS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
]  # fmt: skip


@dataclass
class Cites:
    """Collects the passages an answer cites; numbers them [1], [2], ... in order of first
    appearance in the finished text (lines may be built in any order)."""

    used: dict[str, Passage] = field(default_factory=dict)

    def mark(self, passage: Passage) -> str:
        self.used.setdefault(passage.chunk_id, passage)
        return f"[#{passage.chunk_id}]"

    def answer(self, lines: Sequence[str], abstained: bool = False) -> Answer:
        text = " ".join(lines)
        order = list(dict.fromkeys(_MARK_RE.findall(text)))
        numbers = {chunk_id: n for n, chunk_id in enumerate(order, start=1)}
        citations = [
            Citation(n=numbers[c], chunk_id=c, doc_id=p.doc_id, title=p.title, area=p.area,
                     doc_type=p.doc_type, date=p.date, text=p.text, score=SCORE)
            for c in order if (p := self.used[c])
        ]  # fmt: skip
        text = _MARK_RE.sub(lambda m: f"[{numbers[m.group(1)]}]", text)
        return Answer(answer=text, abstained=abstained, citations=citations)


# The last catalogue's passages grouped by document: the service keeps one passages dict per
# store generation, and sorting ~100,000 passages on every question cost 0.2 s at 100x.
_LAST: list[tuple[dict[str, Passage], dict[str, list[Passage]]]] = []


def _by_doc(passages: dict[str, Passage]) -> dict[str, list[Passage]]:
    """Each document's passages in order (read only: shared between questions)."""
    last = _LAST[:1]
    if last and last[0][0] is passages:
        return last[0][1]
    by_doc: dict[str, list[Passage]] = {}
    for p in sorted(passages.values(), key=lambda p: p.position):
        by_doc.setdefault(p.doc_id, []).append(p)
    _LAST[:] = [(passages, by_doc)]
    return by_doc


@dataclass
class Table:
    """The findings table with its documents and passages, indexed for the answers below."""

    findings: list[Finding]
    documents: list[Document]
    passages: dict[str, Passage]
    by_doc: dict[str, list[Passage]] = field(default_factory=dict)
    cites: Cites = field(default_factory=Cites)

    def __post_init__(self) -> None:
        if not self.by_doc:
            self.by_doc = _by_doc(self.passages)

    def rows(
        self, doc: Document, kinds: Sequence[str], themes: Sequence[str] = ()
    ) -> list[Finding]:
        return [
            f for f in self.findings
            if f.doc_id == doc.doc_id and f.kind in kinds and (not themes or f.theme in themes)
            and (f.chunk_id or "") in self.passages
        ]  # fmt: skip

    def passage(self, f: Finding) -> Passage:
        """The passage holding a row (rows() keeps only rows whose passage is known)."""
        return self.passages[f.chunk_id or ""]

    def pick(self, area: str, doc_type: str, q: Query) -> Document | None:
        """The area's document of that kind: of the year asked, else the latest."""
        docs = sorted(
            (d for d in self.documents if d.area == area and d.doc_type == doc_type),
            key=lambda d: d.date or "",
        )
        dated = [d for d in docs if q.year and (d.date or "").startswith(str(q.year))]
        chosen = dated or docs
        return chosen[-1] if chosen else None


def main_document(t: Table, area: str, q: Query) -> Document | None:
    """The area's revisit letter or inspection report: the kind the question names when the
    area has one, else the letter (its verdicts are what "progress" questions ask about)."""
    kinds = ["revisit_letter", "inspection_report"]
    council = [k for k in q.doc_types if k in ("committee_report", "briefing_note")]
    if council and any(
            d.area == area and d.doc_type in council for d in t.documents):
        return None  # "what did the council's briefing note say?": its own words, retrieved
    if "inspection_report" in q.doc_types and "revisit_letter" not in q.doc_types:
        kinds.reverse()
    docs = [d for kind in kinds if (d := t.pick(area, kind, q))]
    return docs[0] if docs else None


# --- sentences -------------------------------------------------------------------------------


def sentences(text: str) -> list[str]:
    """Sentences of a passage, whitespace collapsed, list bullets dropped."""
    out = (" ".join(s.split()).lstrip("-•■▪* ")
           for line in text.split("\n") for s in toolkit.sentences(line))
    return [s for s in out if s]


def human_date(iso: str | None) -> str:
    return human(iso) or "undated"


def find_sentence(
    t: Table, doc: Document, pattern: re.Pattern[str] | Phrases
) -> tuple[str, Passage] | None:
    """The first sentence of the document matching a pattern or naming a word list's phrase,
    with the passage holding it."""
    return _first_sentence(t, doc, lambda s: bool(pattern.search(s)))


def find_text(
    t: Table, doc: Document, text: str, ignore_case: bool = False
) -> tuple[str, Passage] | None:
    """The first sentence of the document holding the text verbatim (a field's own wording)."""
    want = text.lower() if ignore_case else text
    return _first_sentence(t, doc, lambda s: want in (s.lower() if ignore_case else s))


def _first_sentence(
    t: Table, doc: Document, holds: Callable[[str], bool]
) -> tuple[str, Passage] | None:
    for p in t.by_doc.get(doc.doc_id, []):
        for s in sentences(p.text):
            if holds(s):
                return s, p
    return None


def short(title: str, words: int = MAX_TITLE_WORDS) -> str:
    """A finding's wording, verbatim, cut to its first sentence and at most `words` words."""
    said = sentences(title) or [""]
    lead = said[0].endswith(":") and len(said) > 1  # "Leaders need to:" and its list
    first = [" ".join(said)] if lead else said[:1]
    parts = first[0].split()
    cut = len(parts) > words or (len(said) > 1 and not lead)
    lead_in = _LEAD_IN_RE.match(first[0]) if len(parts) > words else None
    if lead_in:  # "Leaders across the partnership should urgently ...": what follows says what
        parts = first[0][lead_in.end():].split()
        return "... " + " ".join(parts[:words]) + (" ..." if len(parts) > words else "")
    return " ".join(parts[:words]) + (" ..." if cut else "")


# The opening a recommendation shares with every other one ("Leaders in health should").
_LEAD_IN_RE = re.compile(r"^(?:\S+\s+){0,12}?(?:should|must|need to|needs to)\s+(?:urgently\s+)?"
                         r"(?:(?:continue to|work together to|ensure that|ensure)\s+)?")


DOC_LABELS = {
    "revisit_letter": "revisit letter", "inspection_report": "area SEND inspection report",
    "committee_report": "council committee report", "briefing_note": "briefing note",
}  # fmt: skip


def doc_name(doc: Document) -> str:
    kind = DOC_LABELS.get(doc.doc_type, "document")
    return f"the {doc.area} {kind} ({human_date(doc.date)})"


# --- lines about one document ----------------------------------------------------------------


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
        return head + ([after] if after else []) + (
            closing_lines(t, doc, head) if unstated else []) + \
            verdict_lines(t, doc, notable, name_first=False)
    lines = verdict_lines(t, doc, rows)
    if unstated:
        lines += overall_lines(t, doc, "Its summary says")
        lines += closing_lines(t, doc, lines)
    return lines


def closing_lines(t: Table, doc: Document, said: Sequence[str]) -> list[str]:
    """The letter's closing count ("eight of the 12"), unless a line already quotes it."""
    closing = find_sentence(t, doc, COUNT_OF_TOTAL_RE)
    if not closing or any(closing[0] in line for line in said):
        return []
    return [f"It concludes: “{closing[0]}” {t.cites.mark(closing[1])}"]


def holding(t: Table, doc_id: str, text: str) -> Passage | None:
    """The first passage of the document holding the text (whitespace-insensitive)."""
    wanted = " ".join(text.split())
    for p in t.by_doc.get(doc_id, []):
        if wanted in " ".join(p.text.split()):
            return p
    return None


# A letter's closing count, e.g. "sufficient progress in addressing eight of the 12 significant
# weaknesses": quoted when a row has no verdict line, since the count is all the letter gives.
COUNT_OF_TOTAL_RE = re.compile(r"progress in addressing \w+ of the \d+ significant weakness", re.I)


def verdict_lines(
    t: Table, doc: Document, rows: Sequence[Finding], name_first: bool = True
) -> list[str]:
    """One verdict line per row; the first names the letter unless an earlier line did."""
    leads = ([f"{doc_name(doc)} states, " if name_first else ""] + [""] * len(rows))[:len(rows)]
    return [line for f, lead in zip(rows, leads, strict=True) if (line := verdict_line(t, f, lead))]


def plural(kind: str) -> str:
    """'significant_weakness' -> 'significant weaknesses', 'improvement' -> 'areas for ...'."""
    label = KIND_LABELS.get(kind, kind).replace("area for", "areas for")
    return label if label.startswith("areas for") else \
        (label + "es" if label.endswith("ss") else label + "s")


def plural_count(n: int, noun: str) -> str:
    """'1 finding', '3 findings'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def named_source(answer: Answer) -> Answer:
    """An answer quoting one area's documents without naming the area ("Waiting times are too
    long [1]", often to a follow-up) starts by saying where it comes from: "From the Dudley area
    SEND inspection report (24 January 2025): ..." The area and the document are always named."""
    areas = {c.area for c in answer.citations}
    if answer.abstained or len(areas) != 1 or _names_area(answer.answer, next(iter(areas))):
        return answer
    first = answer.citations[0]
    same = all(c.doc_id == first.doc_id for c in answer.citations)
    where = f"the {first.area} {DOC_LABELS.get(first.doc_type, 'document')} " \
            f"({human_date(first.date)})" if same else f"the {first.area} documents"
    return answer.model_copy(update={"answer": f"From {where}: {answer.answer}"})


def _names_area(text: str, area: str) -> bool:
    low = text.lower()
    return area.lower() in low or area.split(" and ")[0].split("-")[0].lower() in low


def and_list(names: Sequence[str]) -> str:
    """'Bolton', 'Bolton and Bury', 'Bolton, Bury and Dudley'."""
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)


def next_step_line(t: Table, doc: Document) -> str | None:
    """What the document says happens next: the next inspection, a monitoring inspection, or
    the end of the DfE and NHS England visits (a parent asking "how did it go?" wants it)."""
    said = [f"“{found[0]}” {t.cites.mark(found[1])}" for pattern in (NEXT_STEP_RE, PLAN_RE)
            if (found := find_sentence(t, doc, pattern))]
    return f"It adds: {' and '.join(said)}" if said else None


NEXT_STEP_RE = vocabulary.NEXT_STEP
PLAN_RE = vocabulary.PRIORITY_ACTION_PLAN


def outcome_line(t: Table, doc: Document) -> str | None:
    outcome = doc.fields.get("outcome", "")
    pattern = OUTCOME_RES.get(outcome)
    found = find_sentence(t, doc, pattern) if pattern else None
    if not found:
        return None
    return f"{doc.area}'s area SEND inspection report ({human_date(doc.date)}) found: " \
        f"“{found[0]}” {t.cites.mark(found[1])}"


def finding_line(
    t: Table, doc: Document, f: Finding, with_doc: bool = True, words: int = MAX_TITLE_WORDS,
    wording: str | None = None,
) -> str:
    """A row quoted: its title (or, given, the sentence of its text a question asked about)."""
    where = capital(f"{doc_name(doc)}, ") if with_doc else ""
    label = KIND_LABELS.get(f.kind, f.kind)
    label = label if with_doc else capital(label)
    wording = wording or (
        f.text if f.title.endswith(":") and f.text.startswith(f.title) else f.title)
    return f"{where}{label}: “{short(wording, words)}” {t.cites.mark(t.passage(f))}"


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
