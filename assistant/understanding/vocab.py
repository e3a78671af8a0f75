"""The one matcher for word and phrase lists (the lists themselves live in vocabulary.py).

A list is written as text, phrases separated by "|": "group | board | task and finish". A word
ending in "*" matches any word it starts ("previous*" matches "previously"); a first word
starting with "*" any word it ends ("*sufficient" matches "insufficient", as a regex with no \\b
before it did); a "*" on its own matches any one word. Words are runs of
\\w, as a regex's \\b sees them, so a list matches exactly where the alternation
r"\\b(?:group|board|task and finish)\\b" it replaced matched, case-insensitively; the words of a
phrase may be separated by any whitespace, or by the punctuation the phrase writes, spaced or not
("post-16" matches "post-16" and "post - 16"; "post 16" matches "post 16" and "post  16").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

_WORD_RE = re.compile(r"\w+")  # a word as \b sees it: the boundary the old regexes used

Word = tuple[int, int, str]  # start, end, lower-cased word


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[Word, ...]:
    return tuple((m.start(), m.end(), m.group().lower()) for m in _WORD_RE.finditer(text))


def _word_matches(word: str, want: str) -> bool:
    core = want.strip("*")
    if want.startswith("*"):  # only a phrase's first word: the old regex had no \b before it
        return core in word if want.endswith("*") else word.endswith(core)
    return word.startswith(core) if want.endswith("*") else word == core


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]  # lower-cased; a trailing "*" marks a prefix
    gaps: tuple[str, ...]  # what separates word i from word i+1 (" " = any whitespace)

    @classmethod
    def parse(cls, spec: str) -> _Phrase:
        spec = spec.strip().lower()
        parts = [(p, p[0] == "*" or bool(_WORD_RE.match(p)))
                 for p in re.findall(r"[\w*]+|[^\w*]+", spec)]  # words, and what lies between
        words = tuple(p for p, word in parts if word)
        gaps = tuple(" " if p.isspace() else p.strip() for p, word in parts if not word)
        if len(gaps) != len(words) - 1 or not words:
            raise ValueError(f"not a phrase: {spec!r}")
        return cls(words, gaps)

    def match_at(self, text: str, words: tuple[Word, ...], i: int) -> int | None:
        """Index past the last word if the phrase starts at words[i], else None."""
        if i + len(self.words) > len(words):
            return None
        for k, want in enumerate(self.words):
            start, _, word = words[i + k]
            if not _word_matches(word, want):
                return None
            if k:
                gap, want_gap = text[words[i + k - 1][1] : start], self.gaps[k - 1]
                if not (gap.isspace() if want_gap == " " else gap.strip() == want_gap):
                    return None
        return i + len(self.words)


@dataclass(frozen=True)
class Phrases:
    """A list of words and phrases, matched on whole words, case-insensitively."""

    phrases: tuple[_Phrase, ...]
    # first word -> the phrases that may start there, in list order: a lookup, not a scan
    by_first: dict[str, tuple[_Phrase, ...]] = field(default_factory=dict, compare=False)
    open_first: tuple[_Phrase, ...] = ()  # phrases whose first word has a "*"

    @classmethod
    def of(cls, spec: str) -> Phrases:
        phrases = tuple(_Phrase.parse(p) for p in spec.split("|") if p.strip())
        wild = tuple(p for p in phrases if "*" in p.words[0])
        firsts = {p.words[0] for p in phrases if p not in wild}
        by_first = {w: tuple(p for p in phrases if p in wild or p.words[0] == w) for w in firsts}
        return cls(phrases, by_first, wild)

    def _at(self, text: str, words: tuple[Word, ...], i: int) -> int | None:
        """Index past the first listed phrase starting at words[i], or None."""
        for p in self.by_first.get(words[i][2], self.open_first):
            end = p.match_at(text, words, i)
            if end:
                return end
        return None

    def find(self, text: str) -> list[tuple[int, int]]:
        """Spans of the phrases in the text, in order, not overlapping; where two start at the
        same word, the one listed first wins (as in a regex alternation)."""
        words = _words(text)
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(words):
            end = self._at(text, words, i)
            if end is None:
                i += 1
                continue
            spans.append((words[i][0], words[end - 1][1]))
            i = end
        return spans

    def mentions(self, text: str) -> bool:
        words = _words(text)
        return any(self._at(text, words, i) for i in range(len(words)))

    def search(self, text: str) -> tuple[int, int] | None:
        """The first span, or None: the one method of a compiled regex that callers still use
        on lists that replaced one (assistant/understand.py calls .search on them)."""
        spans = self.find(text)
        return spans[0] if spans else None

    def count(self, text: str) -> int:
        return len(self.find(text))

    def starts(self, text: str, after: Phrases | None = None) -> bool:
        """Does the text open with one of the phrases, after any punctuation (r"^\\W*") and
        optionally after one of `after`'s ("and when ...", "so who ...")?"""
        words = _words(text)
        firsts = [0] + ([e for p in after.phrases if (e := p.match_at(text, words, 0))]
                        if after and words else [])  # fmt: skip
        return any(self._at(text, words, i) for i in firsts if i < len(words))


def year_spans(text: str) -> list[tuple[int, int]]:
    """Where the text names a year 1900-2099 as a word of its own (r"\\b(?:19|20)\\d\\d\\b")."""
    return [(a, b) for a, b, w in _words(text)
            if len(w) == 4 and w.isascii() and w.isdigit() and w[:2] in ("19", "20")]


def years(text: str) -> list[str]:
    return [text[a:b] for a, b in year_spans(text)]
