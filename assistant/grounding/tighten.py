"""Quotations cut to fit the words a reader is given, each still verbatim (an ellipsis marks the
cut), so an answer listing every finding stays within them without losing a finding.

The verifier cuts an answer to whole claims within its words, except a list, whose count must
equal the rows it lists; this is the last step of every answer and cuts a long list's
quotations instead, the longest first, unless the user asked for the full list."""

from __future__ import annotations

import re

from assistant.terms import term_weight, tokens
from core.models import Answer

# A quotation in an answer.
QUOTED_RE = re.compile(r"“([^”]+)”|\"([^\"]+)\"")
# The opening a recommendation shares with every other one ("Leaders in health should").
LEAD_IN_RE = re.compile(r"^(?:\S+\s+){0,12}?(?:should|must|need to|needs to)\s+(?:urgently\s+)?"
                        r"(?:(?:continue to|work together to|ensure that|ensure)\s+)?")
MIN_QUOTE_WORDS = 10  # a quotation cut to fit keeps at least this many words of its own
LATER_COST = 0.15  # per word skipped: a window later in the quotation must say more to win


def cut_quote(text: str, words: int) -> str:
    """The `words` running words of the quotation that say most (the fewest common words,
    "children and young people with SEND"), verbatim, with "..." where it was cut; the
    opening wins a tie, and a later window must say clearly more."""
    parts = text.split()
    if len(parts) <= words:
        return text
    weights = [sum(term_weight(t) for t in tokens(p)) for p in parts]
    start = max(range(len(parts) - words + 1),
                key=lambda i: sum(weights[i:i + words]) - LATER_COST * i)
    head = "... " if start and parts[start] not in ("...", "…") else ""
    tail = " ..." if start + words < len(parts) else ""
    return head + " ".join(parts[start:start + words]) + tail


def quote_lengths(text: str) -> list[int]:
    return [len((a or b).split()) for a, b in QUOTED_RE.findall(text)]


def fitted(answer: Answer, max_words: int) -> Answer:
    """The answer with its longest quotations cut to one common length, as long as fits in
    max_words, never below MIN_QUOTE_WORDS: every claim stays, so a count still equals the
    findings listed after it. The first quotation, the answer itself, is cut only when the
    rest cannot fit without cutting it too."""
    text = answer.answer
    if len(text.split()) <= max_words or not quote_lengths(text):
        return answer
    # first the opening every recommendation shares, then the longest quotations' tails
    text = QUOTED_RE.sub(_without_lead_in, text)
    for keep_first in (True, False):
        for cap in range(max(quote_lengths(text)), MIN_QUOTE_WORDS - 1, -1):
            cut = _cut_to(text, cap, keep_first)
            if len(cut.split()) <= max_words:
                return answer.model_copy(update={"answer": cut})
    # too long to fit whatever is cut: the rows as short as they go, the answer itself whole
    return answer.model_copy(update={"answer": _cut_to(text, MIN_QUOTE_WORDS, True)})


def _cut_to(text: str, cap: int, keep_first: bool) -> str:
    start = _answer_itself(text) if keep_first else 0
    return text[:start] + QUOTED_RE.sub(lambda m: _requoted(m, cap), text[start:])


def _answer_itself(text: str) -> int:
    """Where the answer's opening claim ends: its first quotation and any joined to it before
    the next sentence ("What comes next: “A monitoring ...” [1] and “HMCI requires ...” [1]")."""
    first = QUOTED_RE.search(text)
    if not first:
        return 0
    # the next sentence starts after a citation mark (and a full stop) with a capital
    end = text.find("]", first.end())
    while end != -1 and not text[end + 1:end + 4].lstrip(".")[:2].lstrip().isupper():
        end = text.find("]", end + 1)
    limit = len(text) if end == -1 else end
    return max(m.end() for m in QUOTED_RE.finditer(text) if m.start() < limit)


def _without_lead_in(m: re.Match[str]) -> str:
    quoted = m.group(1) or m.group(2)
    lead_in = None if quoted.startswith(("...", "…")) else LEAD_IN_RE.match(quoted)
    if not lead_in or len(lead_in.group(0).split()) < 3:  # cutting would save nothing
        return m.group(0)
    rest = f"... {quoted[lead_in.end():]}"
    return f"“{rest}”" if m.group(1) is not None else f"\"{rest}\""


def _requoted(m: re.Match[str], cap: int) -> str:
    if len((m.group(1) or m.group(2)).split()) <= cap + 2:  # cutting would save nothing
        return m.group(0)
    if m.group(1) is not None:
        return f"“{cut_quote(m.group(1), cap)}”"
    return f"\"{cut_quote(m.group(2), cap)}\""
