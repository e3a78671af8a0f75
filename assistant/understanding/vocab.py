"""The one matcher for word and phrase lists (the lists themselves live in vocabulary.py).

A list is written as text, phrases separated by "|": "group | board | task and finish". Words are
runs of \\w, as a regex's \\b sees them, matched whole and in any case, so a list matches exactly
where the alternation r"\\b(?:group|board|task and finish)\\b" it replaced matched. In a word:
- "publish*": any word it starts, or itself (\\w*); "introduc+": a longer word it starts (\\w+);
- "+ing": a longer word it ends; "*sufficient", as a phrase's first word: any word it ends;
- "*" alone: any one word.
Between words: any whitespace, or the punctuation the phrase writes, spaced or not ("post-16"
matches "post-16" and "post - 16"); punctuation after the last word must come next ("includes:").
A "~" at a phrase's start or end drops the word boundary there, as the old regexes without a
\\b did ("~significant weakness~" finds "significant weakness" inside "significant weaknesses").
`unless_next` names words that must not come next, after whitespace (a regex's
(?!\\s+(?:...))): "improvement" but not "improvement board"; `a | b` joins two lists.

How: each list is compiled once into the one regex its words stand for. The callers hold data,
the matcher holds the pattern; a text holding none of a list's first words is passed over
before the regex runs (most texts hold none of most lists).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

_WORD_RE = re.compile(r"\w+")  # a word as \b sees it: the boundary the old regexes used
_TOKEN_RE = re.compile(r"[\w*+]+|[^\w*+]+")  # a list's words, and what lies between them

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
    lead = r"\w+" if want.startswith("+") else lead  # "+ing": a longer word it ends
    tail = r"\w*" if want.endswith("*") else r"\w+" if want.endswith("+") else ""
    return lead + core + tail


@dataclass(frozen=True)
class _Phrase:
    plain: bool  # the first word has no star: it is the whole first word
    lead: str  # r"\b", or "" for a phrase that may start inside a word ("~...")
    pieces: tuple[str, ...]  # the first word's pattern, then each gap-and-word's, then the end
    core: str  # what any match holds: the first word without its stars

    @classmethod
    def parse(cls, spec: str) -> _Phrase:
        spec = spec.strip().lower()
        lead, end = ("" if spec.startswith("~") else r"\b"), ("" if spec.endswith("~") else r"\b")
        parts = [(p, p[0] in "*+" or bool(_WORD_RE.match(p)))
                 for p in _TOKEN_RE.findall(spec.strip("~"))]  # words, and what lies between
        if parts and not parts[-1][1]:  # "includes:": punctuation that must come next
            end = rf"\s*{re.escape(parts.pop()[0].strip())}"
        words = [p for p, word in parts if word]
        gaps = [r"\s+" if p.isspace() else rf"\s*{re.escape(p.strip())}\s*"
                for p, word in parts if not word]
        if len(gaps) != len(words) - 1 or not words:
            raise ValueError(f"not a phrase: {spec!r}")
        pieces = [_word_pattern(w, k == 0) for k, w in enumerate(words)]
        pieces[1:] = [g + w for g, w in zip(gaps, pieces[1:], strict=True)]
        first = words[0]
        return cls(not any(c in first for c in "*+"), lead, (*pieces, end), first.strip("*+"))


def _list_pattern(phrases: list[_Phrase]) -> str:
    """One alternation, phrases in list order. Phrases opening with the same plain word share
    it ("i (?:do not|don't) know"): two different plain words never start at the same place,
    so order only counts among phrases sharing a word, and it is kept."""
    if not all(p.plain and p.lead for p in phrases):
        return "(?:" + "|".join(p.lead + "".join(p.pieces) for p in phrases) + ")"
    groups: dict[str, list[str]] = {}
    for p in phrases:
        groups.setdefault(p.pieces[0], []).append("".join(p.pieces[1:]))
    return r"\b(?:" + "|".join(f"{w}(?:{'|'.join(r)})" for w, r in groups.items()) + ")"


@dataclass(frozen=True)
class Phrases:
    """A list of words and phrases, matched on whole words, case-insensitively."""

    pattern: str  # the regex the list stands for
    # Pieces of text a match must hold (each first word without its stars): a text holding none
    # of them is passed over without running the regex. Empty: no such shortcut.
    cores: tuple[str, ...]
    regex: re.Pattern[str] = field(compare=False)

    @classmethod
    def of(cls, spec: str, unless_next: str = "") -> Phrases:
        phrases = [_Phrase.parse(p) for p in spec.split("|") if p.strip()]
        pattern = _list_pattern(phrases)
        if unless_next:
            pattern += rf"(?!\s+{Phrases.of(unless_next).pattern})"
        return cls._made(pattern, tuple(p.core for p in phrases))

    @classmethod
    def _made(cls, pattern: str, cores: tuple[str, ...]) -> Phrases:
        cores = tuple(dict.fromkeys(cores))
        return cls(pattern, () if "" in cores else cores, re.compile(pattern, re.I))

    def __or__(self, other: Phrases) -> Phrases:
        """Either list, this one's phrases first (each keeps its own `unless_next`)."""
        both = self.cores + other.cores if self.cores and other.cores else ("",)
        return Phrases._made(f"(?:{self.pattern}|{other.pattern})", both)

    def _may_hold(self, text: str) -> bool:
        low = _lower(text)
        return not self.cores or any(c in low for c in self.cores)

    def find(self, text: str) -> list[tuple[int, int]]:
        """Spans of the phrases in the text, in order, not overlapping; where two start at the
        same word, the one listed first wins (as in a regex alternation)."""
        return [m.span() for m in self.finditer(text)]

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches, as a compiled regex gives them (assistant/understand.py reads them)."""
        return self.regex.finditer(text) if self._may_hold(text) else iter(())

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
