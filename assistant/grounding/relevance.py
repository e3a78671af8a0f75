"""Does a passage hold what a question is about? The subject terms of a question, and their
coverage by passages: used to choose between a handler's answer and the reader's."""

from __future__ import annotations

from collections.abc import Sequence

from assistant import terms
from assistant.answering.question_terms import analyse_question, area_terms

MIN_SUBJECT = 0.5  # a handler's rows holding under half the subject may be the wrong rows
SUBJECT_GAIN = 0.34  # ... and a retrieved passage must hold clearly more of it


def subject_terms(
    question: str, known_areas: Sequence[str], vocabulary: frozenset[str] = frozenset(),
    intent: str = "open",
) -> frozenset[str]:
    """Strong terms of the question that are not areas, verdicts, document kinds or the
    words of its intent ("take place" in a "when?")."""
    topic = analyse_question(question, [], intent, vocabulary=vocabulary).topic
    return topic - area_terms(known_areas)


def coverage(subject: frozenset[str], texts: Sequence[str], each: bool = False) -> float:
    """Share of the subject found in the texts together (or, with each, in the best one)."""
    if not subject:
        return 1.0
    if each:
        return max((len(subject & terms.token_set(t)) / len(subject) for t in texts), default=0)
    return len(subject & terms.token_set("\n".join(texts))) / len(subject)
