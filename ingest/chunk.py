"""Document -> passages that follow its structure.

A finding (weakness wording, findings text, verdict line) is one passage when it fits in
FINDING_MAX words; a longer one is split at paragraph or sentence boundaries into even pieces
that all keep the wording as their heading, the verdict line staying with the last piece.
Other text is packed into passages of about PROSE_MIN-PROSE_MAX words within one section,
never cutting a sentence. Every passage carries the document's metadata and a context line
("Wokingham revisit letter, 23 June 2021 - ...") that makes it understandable alone.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from core.dates import human
from core.models import Document, Finding, Passage
from core.themes import theme_label
from ingest.findings import find_blocks, finding_id, to_finding
from ingest.textlines import Block, Para, paragraphs, sentence_spans, split_lines

PROSE_MIN, PROSE_MAX, FINDING_MAX = 120, 250, 350
_DOC_LABELS = {
    "revisit_letter": "revisit letter",
    "inspection_report": "area SEND inspection report",
    "committee_report": "committee report",
    "briefing_note": "briefing note",
}
_KIND_LABELS = {
    "significant_weakness": "significant weakness",
    "priority_action": "area for priority action",
    "improvement": "area for improvement",
    "workstream": "workstream",
    "risk": "risk",
}


Span = tuple[int, int]  # start and end offsets in the document text


@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    heading: str
    finding: Finding | None = None
    holds: bool = False  # the piece a finding's chunk_id points to


def chunk_id(doc_id: str, text: str) -> str:
    """Stable content hash of a passage."""
    return hashlib.sha256(f"{doc_id}\n{text}".encode()).hexdigest()[:24]


def _words(text: str) -> int:
    return len(text.split())


def _is_heading(text: str, p: Para) -> bool:
    """A one-line paragraph, short, not a sentence: a heading (a question may be longer)."""
    words = p.text.split()
    limit = 24 if p.text.endswith("?") else 16
    return (not p.bullet and "\n" not in text[p.start:p.end] and 0 < len(words) <= limit
            and p.text[-1] not in ".,;:" and (p.text[0].isupper() or p.text[0].isdigit()))


def _units(text: str, paras: list[Para], limit: int) -> list[Span]:
    """Paragraph spans; a paragraph longer than `limit` words becomes sentence groups."""
    out: list[Span] = []
    for p in paras:
        if _words(text[p.start:p.end]) <= limit:
            out.append((p.start, p.end))
            continue
        for s, e in sentence_spans(text[p.start:p.end], p.start):
            if out and out[-1][0] >= p.start and _words(text[out[-1][0]:e]) <= limit:
                out[-1] = (out[-1][0], e)
            else:
                out.append((s, e))
    return out


def _pack(text: str, units: list[Span], target: int, limit: int) -> list[Span]:
    """Greedy packing: close a group once it reaches `target` words or the next unit would
    take it over `limit`; a small tail joins the group before it when that still fits."""
    groups: list[Span] = []
    for s, e in units:
        if groups and _words(text[groups[-1][0]:e]) <= limit and (
                _words(text[groups[-1][0]:groups[-1][1]]) < target):
            groups[-1] = (groups[-1][0], e)
        else:
            groups.append((s, e))
    if len(groups) > 1 and _words(text[groups[-1][0]:groups[-1][1]]) < PROSE_MIN // 3:
        tail = groups.pop()
        if _words(text[groups[-1][0]:tail[1]]) <= limit:
            groups[-1] = (groups[-1][0], tail[1])
        else:
            groups.append(tail)
    return groups


def _prose(text: str, paras: list[Para], heading: str) -> tuple[list[_Piece], str, int | None]:
    """Pieces of the text between findings. A section's heading line opens its first piece.
    Returns the pieces, the heading in force after them, and where trailing headings with no
    text of their own start (the next finding's passage takes them)."""
    pieces: list[_Piece] = []
    section: list[Para] = []
    has_text = False
    for p in [*paras, None]:
        if p is not None and not _is_heading(text, p):
            section.append(p)
            has_text = True
            continue
        if has_text:
            for s, e in _pack(text, _units(text, section, PROSE_MAX), PROSE_MIN, PROSE_MAX):
                pieces.append(_Piece(s, e, heading))
            section, has_text = [], False
        if p is not None:
            section.append(p)
            heading = p.text
    return pieces, heading, section[0].start if section else None


def _merge_small(text: str, pieces: list[_Piece]) -> list[_Piece]:
    """A scrap of prose (a sign-off, a lone heading) joins the prose piece before it."""
    out: list[_Piece] = []
    for piece in pieces:
        prev = out[-1] if out else None
        if (piece.finding is None and prev is not None and prev.finding is None
                and _words(text[piece.start:piece.end]) < PROSE_MIN // 8
                and _words(text[prev.start:piece.end]) <= PROSE_MAX):
            out[-1] = _Piece(prev.start, piece.end, prev.heading)
        else:
            out.append(piece)
    return out


def _finding_pieces(text: str, paras: list[Para], block: Block, finding: Finding) -> list[_Piece]:
    total = _words(text[block.start:block.end])
    if total <= FINDING_MAX:
        return [_Piece(block.start, block.end, block.title, finding, True)]
    inside = [p for p in paras if block.start <= p.start and p.end <= block.end]
    target = math.ceil(total / math.ceil(total / FINDING_MAX))
    groups = _pack(text, _units(text, inside, FINDING_MAX), target, FINDING_MAX)
    # The verdict line ends the block: its piece holds the finding (else the wording's piece).
    holder = len(groups) - 1 if block.verdict not in (None, "not stated") else 0
    return [_Piece(s, e, block.title, finding, i == holder) for i, (s, e) in enumerate(groups)]


def _findings(doc: Document, blocks: list[Block]) -> list[Finding]:
    """The findings located in the text, in order: the document's own where the content hash
    matches, else built from the text (a document parsed without findings gets them)."""
    by_id = {f.finding_id: f for f in doc.findings}
    return [by_id.get(finding_id(doc.doc_id, b))
            or to_finding(b, doc_id=doc.doc_id, area=doc.area, date=doc.date) for b in blocks]


def _pieces(doc: Document) -> tuple[list[_Piece], list[Finding]]:
    text = doc.text
    paras = paragraphs(split_lines(text))
    blocks = find_blocks(text, doc.doc_type)
    findings = _findings(doc, blocks)
    pieces: list[_Piece] = []
    pos, heading = 0, ""
    for block, finding in zip(blocks, findings, strict=True):
        if block.start < pos:
            continue  # overlapping spans cannot both own the text
        before = [p for p in paras if pos <= p.start < block.start]
        prose, heading, lead = _prose(text, before, heading)
        own = _finding_pieces(text, paras, block, finding)
        if lead is not None and _words(text[lead:own[0].end]) <= FINDING_MAX:
            # "Main findings" right before the first weakness opens that weakness's passage
            own[0] = _Piece(lead, own[0].end, own[0].heading, finding, own[0].holds)
        elif lead is not None:
            prose.append(_Piece(lead, block.start, heading))
        pieces += prose + own
        pos = block.end
    rest, _, lead = _prose(text, [p for p in paras if p.start >= pos], heading)
    if lead is not None:
        rest.append(_Piece(lead, len(text), heading))
    return _merge_small(text, pieces + rest), findings


def _context(doc: Document, piece: _Piece) -> str:
    where = ", ".join(x for x in (_DOC_LABELS.get(doc.doc_type, "document"),
                                  human(doc.date)) if x)
    head = f"{doc.area} {where}".strip()
    f = piece.finding
    if f is None:
        shown = piece.heading and piece.heading not in head  # a date line adds nothing
        return f"{head} - {piece.heading}" if shown else head
    about = f"{_KIND_LABELS.get(f.kind, f.kind)} {f.number} ({theme_label(f.theme).lower()})"
    verdict = {"not stated": ": verdict not stated", None: ""}.get(f.verdict, f": {f.verdict}")
    return f"{head} - {about}{verdict}"


def chunk_document(doc: Document) -> tuple[list[Passage], list[Finding]]:
    """Split a document into passages; return its findings with chunk_id set."""
    pieces, findings = _pieces(doc)
    passages: list[Passage] = []
    holder: dict[str, str] = {}  # finding id -> chunk id of the passage that holds it
    for piece in pieces:
        body = doc.text[piece.start:piece.end].strip()
        cid = chunk_id(doc.doc_id, body)
        if not any(c.isalnum() for c in body) or any(p.chunk_id == cid for p in passages):
            continue  # nothing empty (a lone bullet glyph counts as empty), nothing twice
        f = piece.finding
        if f is not None and (piece.holds or f.finding_id not in holder):
            holder[f.finding_id] = cid
        passages.append(Passage(
            chunk_id=cid, doc_id=doc.doc_id, title=doc.title, area=doc.area,
            doc_type=doc.doc_type, date=doc.date, source=doc.source, position=len(passages),
            heading=piece.heading, context=_context(doc, piece), text=body,
            finding_id=f.finding_id if f else None, theme=f.theme if f else None,
            verdict=f.verdict if f else None,
        ))  # fmt: skip
    located = [f.model_copy(update={"chunk_id": holder.get(f.finding_id)}) for f in findings]
    # Findings the text no longer locates are kept (never dropped), without a passage.
    ids = {f.finding_id for f in located}
    return passages, located + [f for f in doc.findings if f.finding_id not in ids]
