"""Lines, paragraphs and sentences of cleaned text, each with its character span.

Spans let the finding extractor and the chunker cut passages that are exact substrings of the
document text. Leftover markup (**, #, <b>) and bullet glyphs are tolerated, so the rules also
work on text that was cleaned less thoroughly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core import text as toolkit

_MARKUP = re.compile(r"\*+|__|</?[a-zA-Z]+>")
_HEADING_HASHES = re.compile(r"^#{1,6}\s*")
# "- ", "• ", "■ ", "1. ", "2) " (but not "1.1." section numbers)
_MARKER = re.compile(r"^(?:[-•▪◼■●−–*]|\d{1,2}[.)](?![\d.]))\s+")
_NUMBER = re.compile(r"^\d{1,2}[.)](?![\d.])\s+")
_TERMINAL = re.compile(r"[.!?:;][’'\")\]]*$")


@dataclass(frozen=True)
class Line:
    start: int  # span of the line in the text (stripped)
    end: int
    text: str  # without markup or list marker
    marker: str  # "-", "•", "1." ... or "" when the line is not a list item
    gap: bool  # a blank line comes before it

    @property
    def bullet(self) -> bool:
        return bool(self.marker)

    @property
    def numbered(self) -> bool:
        return self.marker[:1].isdigit()


@dataclass(frozen=True)
class Para:
    start: int
    end: int
    text: str  # lines joined with spaces
    bullet: bool


@dataclass(frozen=True)
class Block:
    """One finding located in a text: [start, end) spans its wording, text and verdict line."""

    kind: str
    number: int
    title: str
    text: str
    verdict: str | None
    start: int
    end: int


def _strip(raw: str) -> tuple[str, str]:
    body = _HEADING_HASHES.sub("", raw).strip()
    m = _MARKER.match(body)
    if not m:  # "**- text**" style: markup around the marker
        body = _MARKUP.sub("", body).strip()
        m = _MARKER.match(body)
    if not m:
        return body, ""
    rest = _MARKUP.sub("", body[m.end():]).strip()
    number = _NUMBER.match(rest)  # "- 1. text": a numbered item written as a bullet
    if number:
        return rest[number.end():].strip(), number.group(0).strip()
    return rest, m.group(0).strip()


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with their spans; `gap` tells where blank lines separated them."""
    out: list[Line] = []
    pos, gap = 0, True
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        clean, marker = _strip(stripped)
        if clean:
            start = pos + len(raw) - len(raw.lstrip())
            out.append(Line(start, start + len(stripped), clean, marker, gap))
            gap = False
        else:
            gap = True
        pos += len(raw)
    return out


def paragraphs(lines: list[Line]) -> list[Para]:
    """Blank-line separated paragraphs; every list item starts its own paragraph."""
    groups: list[list[Line]] = []
    for ln in lines:
        if not groups or ln.gap or ln.bullet:
            groups.append([ln])
        else:
            groups[-1].append(ln)
    return [
        Para(g[0].start, g[-1].end, " ".join(x.text for x in g if x.text).strip(), g[0].bullet)
        for g in groups
    ]


def sentences(text: str) -> list[str]:
    """Sentences of text (core.text: pysbd, which knows "e.g.", "No. 3" and "1.")."""
    return toolkit.sentences(text)


def sentence_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Spans of the sentences of `text`, offset by `start`."""
    return [(start + s, start + e) for s, e in toolkit.sentence_spans(text)]


def ends_sentence(text: str) -> bool:
    """True when text ends with . ! ? : or ; (closing quotes and brackets allowed)."""
    return bool(_TERMINAL.search(text.rstrip()))
