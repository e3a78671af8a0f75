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

# A \b after a greedy \w run ("inspect\w*"): it holds anyway, and is dropped, unless a
# look-ahead follows (`unless_next`), where it keeps the run from giving back letters.
_SOFT_END = r"(?:\b)"
_MAX_CORES, _MIN_CORE = 8, 4  # when a list's first words are worth looking for first
_TOKEN_RE = re.compile(r"[\w*+]+|[^\w*+]+")  # a list's words, and what lies between them

@lru_cache(maxsize=4096)
def _lower(text: str) -> str:
    return text.lower()


def _word_pattern(want: str, first: bool) -> str:
    if want == "*":
        return r"\w+(?:['’]\w+)?"  # any one word, "Hounslow's" too
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
        parts = [(p, p[0] in "*+_" or p[0].isalnum())  # \w: letters, digits and "_"
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
        if end == r"\b" and pieces[-1].endswith(("\\w*", "\\w+")) and pieces[-1] != r"\w*":
            end = _SOFT_END
        first = words[0]
        return cls(not any(c in first for c in "*+"), lead, (*pieces, end), first.strip("*+"))


def _list_pattern(phrases: list[_Phrase], followed: bool = False) -> str:
    """One alternation, as fast as the hand-written one: phrases in list order, except that
    phrases opening with different letters are tried by their first letter (they can never
    start at the same place, so their order never counts); phrases opening with "*" or "+"
    keep their place among the others. Phrases sharing a first word share it ("i (?:do
    not|don't) know"): every such phrase when all first words are plain, else neighbours."""
    plain = all(p.plain and p.lead for p in phrases)
    bounded = all(p.lead for p in phrases)  # then one \b before the whole alternation
    closed = all(p.pieces[-1] == r"\b" or (p.pieces[-1] == _SOFT_END and not followed)
                 for p in phrases)  # then one \b after it (a branch that fails it is left)
    out: list[str] = []
    run: dict[str, list[tuple[str, Pieces]]] = {}  # first letter -> (lead, pieces)
    for p in phrases:
        pieces = p.pieces if followed else tuple(x for x in p.pieces if x != _SOFT_END)
        pieces = pieces[:-1] if closed and pieces[-1] == r"\b" else pieces
        lead = "" if bounded else p.lead
        if not pieces[0][0].isalnum():  # "*", "+": may start where any other phrase does
            out += [_by_letter(k, v, plain) for k, v in run.items()] + [lead + "".join(pieces)]
            run.clear()
        else:
            run.setdefault(pieces[0][0], []).append((lead, pieces))
    out += [_by_letter(k, v, plain) for k, v in run.items()]
    return (r"\b" if bounded else "") + "(?:" + "|".join(out) + ")" + (r"\b" if closed else "")


Pieces = tuple[str, ...]


def _by_letter(letter: str, items: list[tuple[str, Pieces]], plain: bool) -> str:
    """Phrases opening with one letter, in list order, the letter (and a shared word) once."""
    if len({lead for lead, _ in items}) > 1:
        return "|".join(lead + "".join(pieces) for lead, pieces in items)
    if plain:  # every phrase with the same first word together, in list order
        words = list(dict.fromkeys(pieces[0] for _, pieces in items))
        items = [i for w in words for i in items if i[1][0] == w]
    return items[0][0] + letter + _shared([(p[0][1:], *p[1:]) for _, p in items])


def _shared(seqs: list[Pieces]) -> str:
    """An alternation of piece sequences, neighbours' common first pieces written once:
    (?:ab|ac|d) as (?:a(?:b|c)|d), which tries the same things in the same order."""
    out: list[str] = []
    i = 0
    while i < len(seqs):
        j = i + 1
        while j < len(seqs) and seqs[j][:1] == seqs[i][:1] and seqs[i]:
            j += 1
        head, rests = seqs[i][:1], [s[1:] for s in seqs[i:j]]
        out.append("".join(head) + (_shared(rests) if j - i > 1 else "".join(rests[0])))
        i = j
    return out[0] if len(out) == 1 else "(?:" + "|".join(out) + ")"


@dataclass(frozen=True)
class Phrases:
    """A list of words and phrases, matched on whole words, case-insensitively."""

    pattern: str  # the regex the list stands for
    # Pieces of text a match must hold (each first word without its stars): a text holding none
    # of them is passed over without running the regex. Empty: no such shortcut.
    cores: tuple[str, ...]
    regex: re.Pattern[str] = field(compare=False)
    at_start: re.Pattern[str] = field(compare=False)  # after whitespace only (.match)
    openings: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, spec: str, unless_next: str = "", lower_case: bool = False) -> Phrases:
        """`lower_case`: the text is lower-cased already, so the list matches lower case only
        (as the case-sensitive regexes it replaced did there; and faster)."""
        phrases = [_Phrase.parse(p) for p in spec.split("|") if p.strip()]
        if not phrases:
            raise ValueError(f"not a list of phrases: {spec!r}")
        pattern = _list_pattern(phrases, followed=bool(unless_next))
        if unless_next:
            pattern += rf"(?!\s+{Phrases.of(unless_next).pattern})"
        return cls._made(pattern, tuple(p.core for p in phrases), 0 if lower_case else re.I)

    @classmethod
    def _made(cls, pattern: str, cores: tuple[str, ...], flags: int = re.I) -> Phrases:
        cores = tuple(dict.fromkeys(cores))
        # The shortcut pays only for a few long words: a short one ("no", "use") is inside most
        # texts, and each word looked for costs a pass over the text (measured: /tmp/vocab2).
        useful = len(cores) <= _MAX_CORES and min(map(len, cores)) >= _MIN_CORE
        return cls(pattern, cores if useful else (), re.compile(pattern, flags),
                   re.compile(rf"\s*({pattern})", flags))

    def __or__(self, other: Phrases) -> Phrases:
        """Either list, this one's phrases first (each keeps its own `unless_next`)."""
        both = self.cores + other.cores if self.cores and other.cores else ("",)
        return Phrases._made(f"(?:{self.pattern}|{other.pattern})", both, self.regex.flags)

    def _may_hold(self, text: str) -> bool:
        if not self.cores or not text.isascii():  # "İ": lower() and a regex's case folding differ
            return True
        low = _lower(text)
        return any(c in low for c in self.cores)

    # Each reader calls the regex itself, the shortcut only for lists that have one: these run
    # on every sentence, where a call more is measurable (see _MAX_CORES).
    def find(self, text: str) -> list[tuple[int, int]]:
        """Spans of the phrases in the text, in order, not overlapping; where two start at the
        same word, the one listed first wins (as in a regex alternation)."""
        if self.cores and not self._may_hold(text):
            return []
        return [m.span() for m in self.regex.finditer(text)]

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches, as a compiled regex gives them (assistant/understand.py reads them)."""
        return self.regex.finditer(text) if not self.cores or self._may_hold(text) else iter(())

    def mentions(self, text: str) -> bool:
        if self.cores and not self._may_hold(text):
            return False
        return self.regex.search(text) is not None

    def search(self, text: str) -> tuple[int, int] | None:
        """The first span, or None: the one method of a compiled regex that callers still use
        on lists that replaced one (assistant/understand.py calls .search on them)."""
        m = self.regex.search(text) if not self.cores or self._may_hold(text) else None
        return m.span() if m else None

    def count(self, text: str) -> int:
        return len(self.find(text))

    def sub(self, repl: str | Callable[[str], str], text: str) -> str:
        """The text with each match replaced by `repl` or by what `repl` makes of the matched
        text (a compiled regex's .sub, which assistant/understand.py calls on kind lists)."""
        if self.cores and not self._may_hold(text):
            return text
        if isinstance(repl, str):
            return self.regex.sub(repl.replace("\\", "\\\\"), text)  # the text itself, no \1
        return self.regex.sub(lambda m: repl(m.group()), text)

    def match(self, text: str) -> tuple[int, int] | None:
        """The span of a phrase the text opens with after nothing but whitespace (a compiled
        regex's .match of r"\\s*(?:...)\\b", as assistant/answering/answer.py calls it)."""
        m = self.at_start.match(text)
        return m.span(1) if m else None

    def starts(self, text: str, after: Phrases | None = None) -> bool:
        """Does the text open with one of the phrases, after any punctuation (r"^\\W*") and
        optionally after one of `after`'s ("and when ...", "so who ...")?"""
        lead = r"\W*" + (rf"(?:{after.pattern}\W+)?" if after else "")
        return self._opening(lead).match(text) is not None

    def _opening(self, lead: str) -> re.Pattern[str]:
        """The list's pattern at the start of a text, after `lead` (compiled once)."""
        found = self.openings.get(lead)
        if found is None:
            found = self.openings[lead] = re.compile(rf"{lead}({self.pattern})", self.regex.flags)
        return found


def each(*choices: str) -> str:
    """Every phrase made of one choice from each slot: each("a|b", "c") -> "a c | b c"."""
    phrases = [""]
    for slot in choices:
        phrases = [f"{p} {c.strip()}".strip() for p in phrases for c in slot.split("|")]
    return " | ".join(phrases)
