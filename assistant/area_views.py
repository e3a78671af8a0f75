"""An area's story (timeline and findings) and a theme compared across areas, from the catalogue.

Plain data for the API (`/api/areas`, `/api/compare`) and the UI tabs alike: dates and verdicts
come from the fields and findings ingestion parsed, never from a model.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Sequence

from pydantic import BaseModel

from core import text as toolkit
from core.models import Document, Finding
from core.themes import THEME_LABELS

# Dates the parser reads off a document, as steps of the area's story.
_FIELD_EVENTS: tuple[tuple[str, str], ...] = (
    ("initial_inspection_date", "Initial inspection"),
    ("previous_inspection", "Previous inspection"),
    ("initial_report_published", "Initial inspection report published"),
    ("wsoa_issued", "Written statement of action (WSOA) required"),
    ("wsoa_date", "Written statement of action (WSOA) judged fit for purpose"),
    ("revisit_dates", "Revisit by Ofsted and CQC"),
    ("inspection_dates", "Area SEND inspection"),
)
_DOC_EVENTS = {
    "revisit_letter": "Revisit letter",
    "inspection_report": "Inspection report",
    "committee_report": "Council committee paper",
    "briefing_note": "Council briefing note",
    "other": "Document",
}
KIND_LABELS = {
    "significant_weakness": "Significant weakness",
    "priority_action": "Area for priority action",
    "improvement": "Area for improvement",
    "workstream": "Council workstream",
    "risk": "Risk",
}
NOT_STATED = "not stated"


class TimelineEvent(BaseModel):
    date: str  # ISO date, or "YYYY-MM" / "YYYY" / "start to end" as the document gives it
    label: str
    doc_id: str
    title: str
    doc_type: str


class AreaFinding(BaseModel):
    finding_id: str
    doc_id: str
    chunk_id: str | None
    date: str | None
    kind: str
    kind_label: str
    number: int
    title: str
    theme: str
    theme_label: str
    status: str  # the verdict (revisit letters), the inspection outcome (2023) or "not stated"
    key_sentence: str


class AreaSummary(BaseModel):
    area: str
    documents: int
    findings: int
    first_date: str | None
    last_date: str | None
    outcome: str | None  # the latest 2023-framework inspection outcome, when there is one


class AreaDetail(AreaSummary):
    timeline: list[TimelineEvent]
    finding_rows: list[AreaFinding]


class CompareView(BaseModel):
    theme: str
    theme_label: str
    areas: dict[str, list[AreaFinding]]
    outcomes: dict[str, str]  # area -> latest inspection outcome, for every area
    verdicts: dict[str, int]  # status -> how many findings on the theme have it


def area_summaries(docs: Sequence[Document], findings: Sequence[Finding]) -> list[AreaSummary]:
    """One line per area of the collection, alphabetical."""
    per_area = Counter(f.area for f in findings)
    out = []
    for area in sorted({d.area for d in docs}, key=str.lower):
        mine = [d for d in docs if d.area == area]
        dates = sorted(d.date for d in mine if d.date)
        out.append(AreaSummary(area=area, documents=len(mine), findings=per_area[area],
                               first_date=dates[0] if dates else None,
                               last_date=dates[-1] if dates else None,
                               outcome=latest_outcome(mine)))
    return out


def find_area(docs: Sequence[Document], name: str) -> str | None:
    """The collection's spelling of an area name ("east sussex", "East-Sussex")."""
    wanted = _norm(name)
    return next((d.area for d in docs if _norm(d.area) == wanted), None)


def area_detail(area: str, docs: Sequence[Document], findings: Sequence[Finding]) -> AreaDetail:
    """The area's timeline (oldest first) and its findings (by date, then document order)."""
    mine = [d for d in docs if d.area == area]
    summary = area_summaries(mine, [f for f in findings if f.area == area])[0]
    rows = finding_rows([f for f in findings if f.area == area], mine)
    return AreaDetail(**summary.model_dump(), timeline=timeline(mine), finding_rows=rows)


def timeline(docs: Sequence[Document]) -> list[TimelineEvent]:
    """Each document, and each step its fields date (a step told by two documents once)."""
    events: list[TimelineEvent] = []
    seen: set[tuple[str, str]] = set()  # (label, year-month): the same step told twice
    for d in docs:
        steps = [(label, d.fields.get(key)) for key, label in _FIELD_EVENTS]
        steps.append((_DOC_EVENTS.get(d.doc_type, "Document"), d.date))
        for label, value in steps:
            if not value or (label, value[:7]) in seen:
                continue
            seen.add((label, value[:7]))
            events.append(TimelineEvent(date=value, label=label, doc_id=d.doc_id, title=d.title,
                                        doc_type=d.doc_type))
    return sorted(events, key=lambda e: (e.date, e.label))


def finding_rows(findings: Sequence[Finding], docs: Sequence[Document]) -> list[AreaFinding]:
    by_id = {d.doc_id: d for d in docs}
    rows = [_row(f, by_id.get(f.doc_id)) for f in findings]
    return sorted(rows, key=lambda r: (r.date or "", r.doc_id, r.number))


def _row(f: Finding, doc: Document | None) -> AreaFinding:
    outcome = doc.fields.get("outcome") if doc is not None else None
    status = f.verdict or outcome or NOT_STATED
    return AreaFinding(
        finding_id=f.finding_id, doc_id=f.doc_id, chunk_id=f.chunk_id, date=f.date, kind=f.kind,
        kind_label=KIND_LABELS.get(f.kind, f.kind), number=f.number, title=f.title,
        theme=f.theme, theme_label=THEME_LABELS.get(f.theme, f.theme), status=status,
        key_sentence=key_sentence(f))


def key_sentence(f: Finding) -> str:
    """The sentence that says most about the finding: about progress or impact when the text
    has one, else its first sentence beyond the title."""
    sentences = [s for s in toolkit.sentences(" ".join(f.text.split())) if s not in f.title]
    if not sentences:
        return f.title
    telling = [s for s in sentences if _TELLING_RE.search(s)]
    return (telling or sentences)[0]


_TELLING_RE = re.compile(r"\bprogress\b|\bimprov\w*|\bimpact\b|\bstill\b|\bnot yet\b", re.I)


def compare(theme: str, docs: Sequence[Document], findings: Sequence[Finding]) -> CompareView:
    """Every area's findings on one theme, side by side, with the areas' inspection outcomes."""
    on_theme = [f for f in findings if f.theme == theme]
    rows = finding_rows(on_theme, docs)
    areas: dict[str, list[AreaFinding]] = {}
    area_of = {f.finding_id: f.area for f in on_theme}
    for r in rows:
        areas.setdefault(area_of[r.finding_id], []).append(r)
    outcomes = {a: latest_outcome([d for d in docs if d.area == a]) or NOT_STATED
                for a in sorted({d.area for d in docs}, key=str.lower)}
    verdicts = Counter(r.status for r in rows)
    return CompareView(theme=theme, theme_label=THEME_LABELS.get(theme, theme),
                       areas=dict(sorted(areas.items(), key=lambda kv: kv[0].lower())),
                       outcomes=outcomes, verdicts=dict(verdicts.most_common()))


def compare_csv(view: CompareView) -> str:
    """The comparison as CSV, one finding per row, for a spreadsheet or a briefing paper."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["theme", "area", "area outcome", "date", "kind", "number", "status",
                     "finding", "key sentence", "doc_id"])
    for area, rows in view.areas.items():
        for r in rows:
            writer.writerow([view.theme_label, area, view.outcomes.get(area, ""), r.date or "",
                             r.kind_label, r.number, r.status, r.title, r.key_sentence, r.doc_id])
    return out.getvalue()


def latest_outcome(docs: Sequence[Document]) -> str | None:
    dated = sorted((d for d in docs if d.fields.get("outcome")), key=lambda d: d.date or "")
    return dated[-1].fields["outcome"] if dated else None


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))
