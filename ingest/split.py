"""Split a cleaned text that holds several documents (e.g. a council pack quoting a letter).

A new document starts where an inspectorate letter or report starts: an Ofsted letterhead, a
"Joint local area SEND revisit in X" / "Area SEND inspection of X" heading, "Dear ..." after a
dated letter head. The signals are generic; the file name plays no part.
"""

from __future__ import annotations

import re

# A title that opens an inspectorate letter or report.
_TITLE = re.compile(
    r"(?i)^(?:joint\s+(?:local\s+)?area\s+send\s+re-?visit\s+in\s+\S"
    r"|(?:the\s+)?area\s+send\s+inspection\s+of\s+\S"
    r"|joint\s+local\s+area\s+send\s+inspection\s+in\s+\S)"
)
# An Ofsted / CQC letterhead block (address or contact lines).
_LETTERHEAD = re.compile(
    r"(?i)^(?:ofsted\b.{0,40}(?:agora|piccadilly gate|cumberland place|aviation house)"
    r"|.{0,80}(?:enquiries@ofsted\.gov\.uk|lasend\.support@ofsted\.gov\.uk))"
)
_REPORT_HEAD = re.compile(r"(?i)^local area partnership report$")
_DEAR = re.compile(r"^Dear\s+\S")
_DATE_LINE = re.compile(
    r"(?i)^\d{1,2}(?:st|nd|rd|th)?\s+(?:january|february|march|april|may|june|july|august"
    r"|september|october|november|december)\s+\d{4}$"
)
_LOOKBACK = 8  # paragraphs between a letter's head block and its title
MIN_PART_CHARS = 300  # text before a new start must be a document, not a stray line


def split_documents(text: str) -> list[str]:
    """The documents in `text`, in order; a single-document text returns [text]."""
    paras = text.split("\n\n")
    starts = [i for i in _document_starts(paras) if i > 0]
    parts: list[str] = []
    begin = 0
    for start in starts:
        head = "\n\n".join(paras[begin:start])
        if len(head) >= MIN_PART_CHARS:
            parts.append(head)
            begin = start
    parts.append("\n\n".join(paras[begin:]))
    return parts if len(parts) > 1 else [text]


def _document_starts(paras: list[str]) -> list[int]:
    """Index of the first paragraph of each inspectorate letter or report."""
    starts: list[int] = []
    last_title = -1
    for i, para in enumerate(paras):
        if not _TITLE.match(_first_line(para)):
            continue
        start = _head_start(paras, i, last_title)
        if start is not None:
            starts.append(start)
        last_title = i
    return starts


def _head_start(paras: list[str], title: int, after: int) -> int | None:
    """Walk back from a title over the letter head (letterhead, date, addressee, 'Dear'), not
    past the previous title; None when nothing marks the title as a letter or report start."""
    start: int | None = None
    for j in range(title - 1, max(after, title - _LOOKBACK - 1), -1):
        first = _first_line(paras[j])
        if _LETTERHEAD.match(first) or _REPORT_HEAD.match(first):
            start = j
            while start > after + 1 and _LETTERHEAD.match(_first_line(paras[start - 1])):
                start -= 1
            return start
        if _DEAR.match(first) or _DATE_LINE.match(first):
            start = j
        elif start is None and len(first) > 200:
            break  # running prose just before the title: not a letter head
    return start


def _first_line(para: str) -> str:
    return para.split("\n", 1)[0].strip()
