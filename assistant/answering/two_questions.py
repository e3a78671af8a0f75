"""A question asking two things ("What did X get, and when is the next inspection?"), answered
half by half and joined, or as one when the halves found the same answer."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assistant.answering.finish import named_within
from assistant.grounding.citations import (
    holds_all,
    joined,
    repeats,
    what_is_missing,
    without_said,
)
from assistant.grounding.verify import MAX_WORDS
from assistant.understanding import vocabulary
from assistant.understanding.clauses import split_question
from assistant.understanding.halves import as_understood, outside_collection, with_areas_of
from assistant.understanding.query import Classify
from core.models import Answer, Turn

# Answers a question after a history, within the given words, verified.
Verified = Callable[[str, Sequence[Turn] | None, int], Answer]


def whole_or_halves(question: str, history: Sequence[Turn] | None, turns: Sequence[Turn],
                    known: Sequence[str], classify: Classify | None,
                    verified: Verified) -> Answer:
    """Two questions in one, each answered in its own half of the words; else the whole."""
    parts = split_question(question)
    if len(parts) > 1:
        first = verified(parts[0], history, MAX_WORDS // 2)
        if first.abstained and outside_collection(parts[0], turns, known, classify):
            return first  # "What did Birmingham get, and how many ...?": all about it
        # the second is asked after the first, as a follow-up: "it", "they" and the areas are
        # the first's ("... the Better Care Fund. How much was it, and what did it pay for?"),
        # and the first's areas when it names none ("..., and when was the revisit?")
        asked = with_areas_of(parts[0], parts[1], turns, known, classify)
        # (a second half that points at nothing in the first is its own question: "..., and
        # when was the letter published?" is not about the visit's dates the first found)
        # (the first as understood: when it leans on the turns before it, "what's it called
        # again, and who runs it?", the second leans on what the first was about)
        told = [*(history or []),
                Turn(role="user", content=as_understood(parts[0], turns, known, classify)),
                Turn(role="assistant", content=first.answer)] \
            if vocabulary.PRONOUN.mentions(parts[1]) else history
        second = verified(asked, told, MAX_WORDS // 2)
        if holds_all(second, first):  # "how many X, and how many Y on top of those?"
            return verified(asked, told, MAX_WORDS)
        if second.abstained and not first.abstained:
            second = what_is_missing(second)  # said in a sentence after the answer
        if not repeats(first, second):
            both = joined(first, without_said(first, second))
            return named_within(both, both, MAX_WORDS)
        # the halves found the same passages: one answer to the whole question, not the same
        # quotes twice
    return verified(question, history, MAX_WORDS)
