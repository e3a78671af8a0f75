"""Document metadata read from the text: kind, area, date, title and per-kind fields.

Every rule keys on wording the inspectorate and councils use, not on file names; the file name
is only a last resort for the area and date, and then the field is reported as missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from core import dates
from core.models import DocType
from ingest import fields

# Fields each kind of document is expected to state; missing ones are reported at ingestion.
EXPECTED_FIELDS: dict[str, tuple[str, ...]] = {
    "revisit_letter": (
        "letter_date", "revisit_dates", "wsoa_date", "lead_inspectors", "overall_line",
    ),
    "inspection_report": (
        "inspection_dates", "previous_inspection", "outcome", "local_area_partnership",
        "lead_inspectors",
    ),
    "committee_report": ("meeting", "meeting_date", "lead_officer"),
    "briefing_note": ("meeting", "meeting_date", "lead_officer"),
    "other": (),
}  # fmt: skip
_READERS: dict[str, Callable[[str], fields.Found]] = {
    "revisit_letter": fields.letter_fields,
    "inspection_report": fields.report_fields,
    "committee_report": fields.council_fields,
    "briefing_note": fields.council_fields,
}

_REPORT_TITLE = re.compile(
    r"area\s+SEND\s+inspection\s+of\s+(?:the\s+)?(.+?)\s+local\s+area\s+partnership", re.I
)
_REVISIT_TITLE = re.compile(
    r"^joint\s+(?:local\s+)?area\s+SEND\s+re-?visit\s+in\s+(.+?)\.?$", re.I | re.M
)
_REVISITED = re.compile(
    r"revisited\s+the\s+(?:local\s+)?area\s+of\s+(?:the\s+)?(.+?)(?:,|\s+to\s+decide)", re.I
)
_PLACE = r"[A-Z][A-Za-z'-]+(?:(?:\s+(?:and|upon|on))?\s+[A-Z][A-Za-z'-]+){0,2}"
_COUNCIL = re.compile(
    rf"(?:Royal|London)\s+Borough\s+of\s+({_PLACE})"
    rf"|\b({_PLACE})\s+(?:Metropolitan\s+)?(?:Borough|County|City|District)\s+Council"
)
_AREA_SUFFIX = re.compile(
    r"\s+(?:local\s+area(?:\s+partnership)?|(?:metropolitan\s+)?borough\s+council"
    r"|county\s+council|city\s+council|district\s+council|council)$",
    re.I,
)
_COMMITTEE = re.compile(
    rf"for\s+consideration\s+by|overview\s+and\s+scrutiny|report\s+to\s*:?\s*\w|meeting\s+date"
    rf"|\b{fields.BODY}\b.{{0,40}}\bon\s+\d",
    re.I,
)


@dataclass(frozen=True)
class Metadata:
    title: str
    area: str
    doc_type: DocType
    date: str | None  # ISO
    fields: dict[str, str] = field(default_factory=dict)
    missing_fields: list[str] = field(default_factory=list)


def extract_metadata(text: str, source: str) -> Metadata:
    """Kind, area, date, title and the kind's fields of one cleaned document."""
    doc_type = detect_doc_type(text)
    reader = _READERS.get(doc_type)
    found, date = reader(text) if reader else ({}, None)
    missing = [name for name in EXPECTED_FIELDS[doc_type] if name not in found]
    area = find_area(text, doc_type)
    if area is None:
        area = _area_from_source(source)
        missing.append("area")
    if date is None:
        date = dates.iso_in(PurePosixPath(source).name)
        missing.append("date")
    title = make_title(doc_type, area, date, found, text, source)
    return Metadata(title, area, doc_type, date, found, missing)


def detect_doc_type(text: str) -> DocType:
    """The kind of document, from headings and phrases near its start."""
    head = text[:4000]
    if _REPORT_TITLE.search(head) or re.search(r"^inspection outcome$", head, re.I | re.M):
        return "inspection_report"
    if _REVISIT_TITLE.search(head):
        return "revisit_letter"
    if re.search(r"\bbriefing\s+note\b", head, re.I):
        return "briefing_note"
    if _COMMITTEE.search(head):
        return "committee_report"
    if re.search(r"^Dear\s", head, re.M) and _REVISITED.search(text):
        return "revisit_letter"
    return "other"


def find_area(text: str, doc_type: str) -> str | None:
    """Canonical area name as the document states it."""
    patterns = {
        "inspection_report": [_REPORT_TITLE],
        "revisit_letter": [_REVISIT_TITLE, _REVISITED],
    }.get(doc_type, [])
    for pattern in [*patterns, _REPORT_TITLE, _REVISIT_TITLE]:
        match = pattern.search(text)
        if match and (pattern in patterns or doc_type == "other"):
            return canonical_area(match.group(1))
    names = [canonical_area(a or b) for a, b in _COUNCIL.findall(text)]
    if not names:
        return None
    return max(names, key=lambda name: (names.count(name), -names.index(name)))


def canonical_area(name: str) -> str:
    """'Royal Borough of Windsor and Maidenhead' -> 'Windsor and Maidenhead'."""
    name = " ".join(name.split()).strip(" .,;:")
    name = re.sub(r"\s*\([^)]*\)$", "", name)
    name = re.sub(r"^(?:the\s+)?(?:(?:royal|london)\s+)?(?:borough|city|county)\s+of\s+", "",
                  name, flags=re.I)  # fmt: skip
    name = re.sub(r"^the\s+", "", name, flags=re.I)
    while _AREA_SUFFIX.search(name):
        name = _AREA_SUFFIX.sub("", name)
    return name


def _area_from_source(source: str) -> str:
    """Last resort: 'windsor-and-maidenhead_scrutiny-pack.txt' -> 'Windsor and Maidenhead'."""
    stem = PurePosixPath(source.split("#")[0]).stem.split("_")[0]
    small = {"and", "upon", "on", "of", "the"}
    words = [w if w in small else w.capitalize() for w in re.split(r"[-\s]+", stem) if w]
    return " ".join(words) or "Unknown"


def make_title(doc_type: str, area: str, date: str | None, found: dict[str, str], text: str,
               source: str) -> str:  # fmt: skip
    """A readable title, e.g. 'Wokingham joint local area SEND revisit letter (23 June 2021)'."""
    when = f" ({dates.human(date)})" if date else ""
    if doc_type == "revisit_letter":
        return f"{area} joint local area SEND revisit letter{when}"
    if doc_type == "inspection_report":
        inspected = dates.human(found.get("inspection_dates")) or dates.human(date)
        return f"{area} area SEND inspection report" + (f" ({inspected})" if inspected else "")
    if doc_type in ("committee_report", "briefing_note"):
        kind = "briefing note" if doc_type == "briefing_note" else "committee report"
        meeting = found.get("meeting")
        if meeting and doc_type == "committee_report":
            kind = "report"
        head = f"{area} {meeting} {kind}" if meeting else f"{area} {kind}"
        subject = (found.get("report_title") or "").rstrip(".")
        return f"{head}: {subject}{when}" if subject else f"{head}{when}"
    first = next((p.strip() for p in text.split("\n\n") if 0 < len(p.split()) <= 15), "")
    return first.split("\n")[0] or PurePosixPath(source).name
