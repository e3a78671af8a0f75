"""A question asking two things, read half by half: the areas the second half leans on, and
whether the first names only areas the collection does not hold."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.understand import understand
from assistant.understanding.query import Classify
from core.models import Turn


def with_areas_of(first: str, second: str, turns: Sequence[Turn], known: Sequence[str],
                  classify: Classify | None) -> str:
    """The second half with the first's areas when it names none ("..., and when was the
    revisit?")."""
    if understand(second, [], known, classify).areas:
        return second
    areas = understand(first, turns, known, classify).areas
    return f"{second.rstrip(' ?')} ({' and '.join(areas)})?" if areas else second


def as_understood(question: str, turns: Sequence[Turn], known: Sequence[str],
                  classify: Classify | None) -> str:
    """The question with what it leans on in the turns before it spelled out ("what's it called
    again?" after a question about Warrington's local offer is about that local offer); a
    follow-up with the question it follows ("how long are we talking?" after one on CAMHS)."""
    query = understand(question, turns, known, classify)
    asked = query.rewritten or question
    return f"{asked} ({query.context.rstrip(' ?.')})" if query.follow_up and query.context \
        and query.context not in asked else asked


def outside_collection(question: str, turns: Sequence[Turn], known: Sequence[str],
                       classify: Classify | None) -> bool:
    """Does the question name only areas the collection does not hold?"""
    query = understand(question, turns, known, classify)
    return bool(query.unknown_areas) and not query.areas
