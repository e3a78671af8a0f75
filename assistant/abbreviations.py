"""Where a text spells out an abbreviation, in either order: "education, health and care (EHC)"
and "SENDIASS (special educational needs and disabilities information, advice and support
service)".

The Schwartz-Hearst algorithm (A simple algorithm for identifying abbreviation definitions in
biomedical text, PSB 2003): a short form in brackets is matched against the words before it, or
a short form before brackets against the words inside them, by finding its letters in order
from the end, the first at the start of a word, in at most min(|short| + 5, 2 |short|) words.
PyPI's `abbreviations` (logs at import, one order only) and `abbreviation-extractor` (misses the
short-form-first order the documents use for SENDIASS and ICB) were tried and not kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BRACKETS = re.compile(r"\(([^()\n]{1,220})\)")
_WORD_BEFORE = re.compile(r"(?<![\w&'’-])([A-Za-z][\w&'’-]{1,9})\s*$")
# Where the words a short form may stand for stop: a sentence end, a clause mark, a bracket.
_QUOTES = "'\"‘’“” "
_STOP = re.compile(r"[.;:!?()\[\]]\s|\n\s*\n|[()\[\]]")


@dataclass(frozen=True)
class Abbreviation:
    short: str  # as written: "EHC", "WSoA", "EHC plans"
    long: str  # as written: "education, health and care"
    start: int  # the span of "long (short)" or "short (long)" in the text
    end: int


def find_abbreviations(text: str) -> list[Abbreviation]:
    """Every abbreviation spelled out in `text`, with the span that spells it out."""
    found: list[Abbreviation] = []
    for m in _BRACKETS.finditer(text):
        inside = m.group(1).split(";")[0].strip()
        if _short_ok(inside) and len(inside.split()) <= 2:
            hit = _long_before(text, m.start(), inside)
            if hit is not None:
                long = text[hit:m.start()].strip().strip(_QUOTES)
                found.append(Abbreviation(inside, long, hit, m.end()))
        elif len(inside.split()) > 2:
            before = _WORD_BEFORE.search(text, 0, m.start())
            if before is None or sum(c.isupper() for c in before.group(1)) < 2:
                continue  # "plan (see ...)": only a word in capitals stands for words
            short = before.group(1)
            if _short_ok(short) and _covers(short, inside, whole=True):
                found.append(Abbreviation(short, inside.strip(_QUOTES), before.start(1), m.end()))
    return found


def _short_ok(short: str) -> bool:
    """Schwartz-Hearst's short form: 2-10 characters, the first a letter; here a capital
    ("(see below)" and "(area SEND)" are asides, not short forms)."""
    return 2 <= len(short) <= 10 and short[0].isupper() and not short.isdigit()


def _max_words(short: str) -> int:
    letters = sum(c.isalnum() for c in short)
    return min(letters + 5, 2 * letters)


def _long_before(text: str, at: int, short: str) -> int | None:
    """Where the long form of `short` starts in the words just before `at`, if they hold it."""
    window_start = max(0, at - 300)
    stops = list(_STOP.finditer(text, window_start, at))
    if stops:
        window_start = stops[-1].end()
    window = text[window_start:at].rstrip()
    words = list(re.finditer(r"[^\s-]+", window))[-_max_words(short):]
    if not words:
        return None
    offset = words[0].start()
    start = _match(short, window[offset:])
    if start is None or not _covers(short, window[offset + start:], whole=False):
        return None
    return window_start + offset + start


def _covers(short: str, long: str, whole: bool) -> bool:
    """`long` spells out `short`: its letters in order, the first starting a word (the whole of
    `long` when `whole`), within the word limit; longer than the short form and not holding it
    as a word."""
    start = _match(short, long)
    if start is None or (whole and start != 0):
        return False
    words = re.split(r"[\s-]+", long[start:].strip())
    return (len(words) <= _max_words(short) and len(long) > len(short)
            and short.lower() not in {w.lower().strip(",") for w in words})


def _match(short: str, long: str) -> int | None:
    """Start of the shortest end of `long` that holds the letters of `short` in order (case
    aside), the first of them at the start of a word; None when it has no such end."""
    s, n = len(short) - 1, len(long) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while n >= 0 and (long[n].lower() != c or (s == 0 and n > 0 and long[n - 1].isalnum())):
            n -= 1
        if n < 0:
            return None
        n -= 1
        s -= 1
    return n + 1
