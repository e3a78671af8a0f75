"""Quoting the findings table: numbered citations and the sentences that quote a document.

Every sentence built here quotes the document's own words (the verdict line, the overall line,
the outcome, a finding's wording) and cites the passage that holds them, so a verdict is never
paraphrased into its opposite and a citation always holds its claim.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.grounding.citations import SOURCE_LEAD
from assistant.grounding.tighten import LEAD_IN_RE
from assistant.question_words import themes_of
from assistant.terms import normalise
from assistant.understanding import answer_vocabulary, vocabulary
from assistant.understanding.query import Query
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
OUTCOME_RES = answer_vocabulary.OUTCOME_WORDINGS
# A pattern: the "[#id]" marks of passages to number.
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
            if f.doc_id == doc.doc_id and f.kind in kinds and (not themes or on_themes(f, themes))
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


def on_themes(f: Finding, themes: Sequence[str]) -> bool:
    """A row is on a theme it was filed under; a report's recommendation also on one its own
    heading names: "Health leaders should address delays in health services to improve early
    identification" is filed under identification, and is about health services too. (A revisit
    letter's weakness keeps to its own: its heading lists what the weakness took in.)"""
    return f.theme in themes or (f.kind in REPORT_KINDS
                                 and bool(set(themes) & set(_heading_themes(f.title))))


@lru_cache(maxsize=4096)
def _heading_themes(title: str) -> tuple[str, ...]:
    return themes_of(title)


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


def find_sentences(
    t: Table, doc: Document, pattern: re.Pattern[str] | Phrases, most: int
) -> list[tuple[str, Passage]]:
    """The document's first sentences (at most `most`, each once) matching a pattern."""
    found: list[tuple[str, Passage]] = []
    for p in t.by_doc.get(doc.doc_id, []):
        for s in sentences(p.text):
            if len(found) < most and pattern.search(s) and s not in (f[0] for f in found):
                found.append((s, p))
    return found


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
    # "... gaps in service provision." + "This includes speech and language, ...": one thing
    held = len(said) > 1 and vocabulary.ELABORATES.starts(said[1])
    first = [" ".join(said)] if lead else [" ".join(said[:2])] if held else said[:1]
    parts = first[0].split()
    cut = len(parts) > words or (len(said) > 1 + held and not lead)
    lead_in = LEAD_IN_RE.match(first[0]) if len(parts) > words else None
    if lead_in:  # "Leaders across the partnership should urgently ...": what follows says what
        parts = first[0][lead_in.end():].split()
        return "... " + " ".join(parts[:words]) + (" ..." if len(parts) > words else "")
    return " ".join(parts[:words]) + (" ..." if cut else "")


DOC_LABELS = {
    "revisit_letter": "revisit letter", "inspection_report": "area SEND inspection report",
    "committee_report": "council committee report", "briefing_note": "briefing note",
}  # fmt: skip


def doc_name(doc: Document) -> str:
    kind = DOC_LABELS.get(doc.doc_type, "document")
    return f"the {doc.area} {kind} ({human_date(doc.date)})"


def holding(t: Table, doc_id: str, text: str) -> Passage | None:
    """The first passage of the document holding the text (whitespace-insensitive)."""
    wanted = " ".join(text.split())
    for p in t.by_doc.get(doc_id, []):
        if wanted in " ".join(p.text.split()):
            return p
    return None


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
    # (named before its first citation: a later "Haringey SEND Power is a valued partner [3]"
    # does not say where the answer comes from)
    opening = answer.answer.split("[", 1)[0]
    if answer.abstained or len(areas) != 1 or _names_area(opening, next(iter(areas))):
        return answer
    first = answer.citations[0]
    same = all(c.doc_id == first.doc_id for c in answer.citations)
    where = f"{first.area} {DOC_LABELS.get(first.doc_type, 'document')} " \
            f"({human_date(first.date)})" if same else f"{first.area} documents"
    return answer.model_copy(update={"answer": f"{SOURCE_LEAD}{where}: {answer.answer}"})


def _names_area(text: str, area: str) -> bool:
    low = text.lower()
    return area.lower() in low or area.split(" and ")[0].split("-")[0].lower() in low


def and_list(names: Sequence[str]) -> str:
    """'Bolton', 'Bolton and Bury', 'Bolton, Bury and Dudley'."""
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)


def finding_line(
    t: Table, doc: Document, f: Finding, with_doc: bool = True, words: int = MAX_TITLE_WORDS,
    wording: str | None = None, label: str | None = None,
) -> str:
    """A row quoted: its title (or, given, the sentence of its text a question asked about),
    after its kind's label, or the label given ("" when the row before named it)."""
    where = capital(f"{doc_name(doc)}, ") if with_doc else ""
    if label is None:
        label = KIND_LABELS.get(f.kind, f.kind)
        label = label if with_doc else capital(label)
    rest = f.text[len(f.title):].strip() if f.text.startswith(f.title) else ""
    wording = wording or (f.text if rest and (f.title.endswith(":")
                                              or vocabulary.ELABORATES.starts(rest)) else f.title)
    head = f"{where}{label}: " if label else where
    passage = t.passage(f)
    quoted = _verbatim(short(wording, words), passage.text)
    return f"{head}“{quoted}” {t.cites.mark(passage)}"


def _verbatim(quoted: str, passage: str) -> str:
    """The quotation as its passage holds it: a row stitched from a table's cells ("... to
    ensure | that children ...") is quoted up to where the passage breaks it, so the verifier
    never drops a row and the count before the rows stays true."""
    held = normalise(passage)
    pieces = [p.strip() for p in quoted.split("...")]
    out: list[str] = []
    for piece in pieces:
        words = piece.split()
        while words and normalise(" ".join(words)).rstrip(". ") not in held:
            words.pop()
        out.append(" ".join(words))
        if len(words) < len(piece.split()):
            kept = [o for o in out if o]  # nothing held: as it was (the verifier drops it)
            return " ... ".join(kept) + " ..." if kept else quoted
    return quoted


def kind_labels(rows: Sequence[Finding]) -> list[str]:
    """Each row's label in a list grouped by kind: the first of a kind names it ("Areas for
    priority action"), the rest of that kind go unlabelled."""
    out: list[str] = []
    for i, f in enumerate(rows):
        n = sum(g.kind == f.kind for g in rows)
        name = KIND_LABELS.get(f.kind, f.kind)
        first = i == 0 or rows[i - 1].kind != f.kind
        out.append(capital(plural(f.kind) if n > 1 else name) if first else "")
    return out


