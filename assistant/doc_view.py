"""A document as the viewer shows it: metadata, a link to the original, and its whole text in
parts, the cited passage marked, so the reader sees the passage in its context."""

from __future__ import annotations

import re

from pydantic import BaseModel

from core.dates import human
from core.models import Document

KIND_NAMES = {
    "revisit_letter": "Revisit letter",
    "inspection_report": "Area SEND inspection report",
    "committee_report": "Council committee report",
    "briefing_note": "Council briefing note",
    "other": "Other document",
}


class TextPart(BaseModel):
    text: str
    highlight: bool = False


class DocumentView(BaseModel):
    doc_id: str
    title: str
    area: str
    doc_type: str
    kind: str  # doc_type in words
    date: str | None
    date_text: str  # "23 June 2021"
    file_url: str | None  # the original file, when it is still on the server
    found: bool  # the passage asked for was found in the text (False when none was asked)
    parts: list[TextPart]


def locate(text: str, passage: str) -> tuple[int, int] | None:
    """Where the passage sits in the text: exactly, or with whitespace differences ignored."""
    start = text.find(passage)
    if start >= 0:
        return start, start + len(passage)
    words = passage.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    found = re.search(pattern, text)
    return (found.start(), found.end()) if found else None


def document_view(doc: Document, passage: str | None, file_url: str | None) -> DocumentView:
    span = locate(doc.text, passage) if passage else None
    if span is None:
        parts = [TextPart(text=doc.text)]
    else:
        a, b = span
        parts = [p for p in (TextPart(text=doc.text[:a]),
                             TextPart(text=doc.text[a:b], highlight=True),
                             TextPart(text=doc.text[b:])) if p.text]
    return DocumentView(
        doc_id=doc.doc_id, title=doc.title, area=doc.area, doc_type=doc.doc_type,
        kind=KIND_NAMES.get(doc.doc_type, doc.doc_type), date=doc.date,
        date_text=human(doc.date) or "date unknown", file_url=file_url, found=span is not None,
        parts=parts)
