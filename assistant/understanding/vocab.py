"""The one matcher for word and phrase lists (the lists themselves live in vocabulary.py).

A list is written as text, phrases separated by "|": "group | board | task and finish". A word
ending in "*" matches any word it starts ("previous*" matches "previously", as \\w* did), one
ending in "+" any longer word it starts ("introduc+": \\w+); a first word starting with "*" any
word it ends ("*sufficient" matches "insufficient", as a regex with no \\b before it did); a "*"
on its own matches any one word. Words are runs of \\w, as a regex's \\b sees them, so a list
matches exactly where the alternation r"\\b(?:group|board|task and finish)\\b" it replaced
matched, case-insensitively; the words of a phrase may be separated by any whitespace, or by the
punctuation the phrase writes, spaced or not ("post-16" matches "post-16" and "post - 16";
"post 16" matches "post 16" and "post  16"). A list may also name words that must not come next
(`unless_next`, a regex's (?!\\s+(?:...)): "improvement" but not "improvement board").

How: each list is compiled once into the one regex its words stand for. The callers hold data,
the matcher holds the pattern; a text holding none of a list's first words is passed over
before the regex runs (most texts hold none of most lists).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

_WORD_RE = re.compile(r"\w+")  # a word as \b sees it: the boundary the old regexes used

Word = tuple[int, int, str]  # start, end, lower-cased word


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[Word, ...]:
    return tuple((m.start(), m.end(), m.group().lower()) for m in _WORD_RE.finditer(text))


@lru_cache(maxsize=4096)
def _lower(text: str) -> str:
    return text.lower()


def _word_pattern(want: str, first: bool) -> str:
    if want == "*":
        return r"\w+"
    core = re.escape(want.strip("*+"))
    lead = r"\w*" if first and want.startswith("*") else ""  # only a phrase's first word
    tail = r"\w*" if want.endswith("*") else r"\w+" if want.endswith("+") else ""
    return lead + core + tail


def _phrase_pieces(spec: str) -> tuple[bool, list[str]]:
    """Is the first word plain (no star)? And the first word's pattern, then each
    gap-and-word's, then the closing \\b."""
    spec = spec.strip().lower()
    parts = [(p, p[0] in "*+" or bool(_WORD_RE.match(p)))
             for p in re.findall(r"[\w*+]+|[^\w*+]+", spec)]  # words, and what lies between
    words = [p for p, word in parts if word]
    gaps = [r"\s+" if p.isspace() else rf"\s*{re.escape(p.strip())}\s*"
            for p, word in parts if not word]
    if len(gaps) != len(words) - 1 or not words:
        raise ValueError(f"not a phrase: {spec!r}")
    pieces = [_word_pattern(w, k == 0) for k, w in enumerate(words)]
    plain = not any(c in words[0] for c in "*+")
    return plain, [pieces[0]] + [g + w for g, w in zip(gaps, pieces[1:], strict=True)] + [r"\b"]


def _list_pattern(specs: list[str]) -> str:
    """One alternation, phrases in list order. Phrases opening with the same plain word share
    it ("i (?:do not|don't) know"): two different plain words never start at the same place,
    so order only counts among phrases sharing a word, and it is kept."""
    plain, phrases = zip(*(_phrase_pieces(p) for p in specs), strict=True)
    if not all(plain):
        return r"\b(?:" + "|".join("".join(p) for p in phrases) + ")"
    groups: dict[str, list[str]] = {}
    for first, *rest in phrases:
        groups.setdefault(first, []).append("".join(rest))
    return r"\b(?:" + "|".join(f"{w}(?:{'|'.join(r)})" for w, r in groups.items()) + ")"


@dataclass(frozen=True)
class Phrases:
    """A list of words and phrases, matched on whole words, case-insensitively."""

    pattern: str  # the regex the list stands for
    # Pieces of text a match must hold (each first word without its stars): a text holding none
    # of them is passed over without running the regex. Empty: no such shortcut.
    cores: tuple[str, ...] = ()
    regex: re.Pattern[str] = field(default=re.compile(""), compare=False)

    @classmethod
    def of(cls, spec: str, unless_next: str = "") -> Phrases:
        specs = [p for p in spec.split("|") if p.strip()]
        pattern = _list_pattern(specs)
        if unless_next:
            pattern += rf"(?!\s+{Phrases.of(unless_next).pattern})"
        firsts = [re.findall(r"[\w*+]+", p.lower())[0] for p in specs]
        cores = tuple(dict.fromkeys(w.strip("*+") for w in firsts))
        return cls(pattern, () if "" in cores else cores, re.compile(pattern, re.I))

    def _may_hold(self, text: str) -> bool:
        low = _lower(text)
        return not self.cores or any(c in low for c in self.cores)

    def find(self, text: str) -> list[tuple[int, int]]:
        """Spans of the phrases in the text, in order, not overlapping; where two start at the
        same word, the one listed first wins (as in a regex alternation)."""
        if not self._may_hold(text):
            return []
        return [m.span() for m in self.regex.finditer(text)]

    def mentions(self, text: str) -> bool:
        return self._may_hold(text) and self.regex.search(text) is not None

    def search(self, text: str) -> tuple[int, int] | None:
        """The first span, or None: the one method of a compiled regex that callers still use
        on lists that replaced one (assistant/understand.py calls .search on them)."""
        m = self.regex.search(text) if self._may_hold(text) else None
        return m.span() if m else None

    def count(self, text: str) -> int:
        return len(self.find(text))

    def sub(self, repl: str | Callable[[str], str], text: str) -> str:
        """The text with each match replaced by `repl` or by what `repl` makes of the matched
        text (a compiled regex's .sub, which assistant/understand.py calls on kind lists)."""
        if not self._may_hold(text):
            return text
        return self.regex.sub(lambda m: repl if isinstance(repl, str) else repl(m.group()), text)

    def match(self, text: str) -> tuple[int, int] | None:
        """The span of a phrase the text opens with after nothing but whitespace (a compiled
        regex's .match of r"\\s*(?:...)\\b", as assistant/answer.py calls it)."""
        m = _opening(self.pattern, r"\s*").match(text) if self._may_hold(text) else None
        return m.span(1) if m else None

    def starts(self, text: str, after: Phrases | None = None) -> bool:
        """Does the text open with one of the phrases, after any punctuation (r"^\\W*") and
        optionally after one of `after`'s ("and when ...", "so who ...")?"""
        lead = r"\W*" + (rf"(?:{after.pattern}\W+)?" if after else "")
        return self._may_hold(text) and _opening(self.pattern, lead).match(text) is not None


@lru_cache(maxsize=256)
def _opening(pattern: str, lead: str) -> re.Pattern[str]:
    """The list's pattern at the start of a text, after `lead`."""
    return re.compile(rf"{lead}({pattern})", re.I)


def year_spans(text: str) -> list[tuple[int, int]]:
    """Where the text names a year 1900-2099 as a word of its own (r"\\b(?:19|20)\\d\\d\\b")."""
    return [(a, b) for a, b, w in _words(text)
            if len(w) == 4 and w.isascii() and w.isdigit() and w[:2] in ("19", "20")]


def years(text: str) -> list[str]:
    return [text[a:b] for a, b in year_spans(text)]
