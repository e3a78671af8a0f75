"""The text toolkit both ingest and the assistant read with: stems, sentences, misspelt names.

One function per tool, each on a well-kept library instead of hand-made rules:
- `stem`: Snowball English (PyStemmer, the C stemmer that bm25s also uses), so the answerer and
  BM25 share one notion of "the same word".
- `sentence_spans`: pysbd, a rule-based sentence boundary detector that knows "e.g.", "No. 3",
  "Dr." and numbered lists. It costs ~10 ms per 1,000 characters, so text without a possible
  boundary skips it and results are cached (passages are split again for every question).
- `closest`: rapidfuzz's normalised Indel similarity with a score cutoff, for misspelt names.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Sequence
from functools import lru_cache

import pysbd
import Stemmer
from rapidfuzz import fuzz, process

_STEMMER = Stemmer.Stemmer("english")
_SEGMENTER = pysbd.Segmenter(language="en", clean=False)
_LOCK = threading.Lock()
_SPACE = re.compile(r"\s")  # one character for one: spans in the flat text fit the original
# A full stop, ! or ? followed by a space: text without one is a single sentence.
_MAYBE_END = re.compile(r"[.!?]['\"’”)\]]*\s")
# An end no reader doubts: a full stop after a lower-case word of 4+ letters, an acronym of 3+
# capitals, a year or a closing bracket, before a capital ("Prof.", "e.g." and "No. 3" never
# match). pysbd (~10 ms per 1,000 characters) then decides only the pieces between such ends
# that still hold a full stop and a space: the corpus splits in a sixth of the time.
_MARKER_ONLY = re.compile(r"[-•*]?\s*\(?\d{1,2}[.)]")
_CLEAR_END = re.compile(
    r"(?:(?<=[a-z]{4}[.!?])|(?<=[A-Z]{3}[.!?])|(?<=\d{4}[.!?])|(?<=\)[.!?]))"
    r"['\"’”)\]]*\s+(?=['\"‘“(]?[A-Z])")


_LETTERS = re.compile(r"[A-Za-z]+")  # runs of ASCII letters: a question's plain words


def letter_words(text: str) -> list[str]:
    """The runs of ASCII letters in a text, lower-cased: "Which councils?" -> which, councils."""
    return [w.lower() for w in _LETTERS.findall(text)]


def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem of a lower-case word: "transitions" -> "transit"."""
    return str(_STEMMER.stemWord(word))


@lru_cache(maxsize=32768)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence of `text`, surrounding whitespace excluded.

    Only boundaries are taken from pysbd: the spans run from one to the next, so no character
    of `text` is ever lost, whatever pysbd returns.
    """
    flat = _SPACE.sub(" ", text)  # pysbd ends a sentence at every line break; PDF lines are not
    clear = [0, *(m.end() for m in _CLEAR_END.finditer(flat)), len(flat)]
    starts = [0]
    for start, end in itertools.pairwise(clear):
        if start > 0:
            starts.append(start)
        starts.extend(start + at for at in _pysbd_starts(flat[start:end]))
    # A list number alone ("- 4.") is no sentence: it stays with its item.
    kept = [0]
    for start in starts[1:]:
        if not _MARKER_ONLY.fullmatch(flat[kept[-1]:start].strip()):
            kept.append(start)
    out: list[tuple[int, int]] = []
    for start, end in itertools.pairwise([*kept, len(text)]):
        chunk = text[start:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            out.append((start + lead, start + len(chunk.rstrip())))
    return tuple(out)


@lru_cache(maxsize=65536)
def _pysbd_starts(piece: str) -> tuple[int, ...]:
    """Where pysbd starts the second and later sentences of `piece` (none if it cannot)."""
    if not _MAYBE_END.search(piece.rstrip()):  # its own end is no boundary to decide
        return ()
    with _LOCK:  # the segmenter keeps the text it is working on
        found = _SEGMENTER.segment(piece)
    starts = [0]
    for sent in found:
        at = piece.find(sent.strip(), starts[-1] + 1)
        if at > 0:
            starts.append(at)
    return tuple(starts[1:])


def sentences(text: str) -> list[str]:
    """The sentences of `text` (see sentence_spans), each stripped."""
    return [text[start:end] for start, end in sentence_spans(text)]


def closest(phrase: str, choices: Sequence[str], cutoff: float) -> str | None:
    """The choice most like `phrase` (similarity 0-1, as difflib's ratio), if any >= cutoff."""
    match = process.extractOne(phrase, choices, scorer=fuzz.ratio, score_cutoff=cutoff * 100)
    return None if match is None else str(match[0])
