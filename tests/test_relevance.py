"""What a question is about, as the choice between a handler's answer and the reader's sees it."""

from __future__ import annotations

from assistant.grounding.relevance import coverage, subject_terms
from assistant.terms import stem


def test_the_words_of_asking_when_are_not_the_subject() -> None:
    asked = "When did the Testshire panel meeting take place?"
    assert {stem("panel"), stem("meeting")} <= subject_terms(asked, ["Testshire"], intent="date")
    assert not {stem("take"), stem("place")} & subject_terms(asked, ["Testshire"], intent="date")
    # asked as an open question, "place" may be what it is about ("a place at a special school")
    assert stem("place") in subject_terms("Is there a place for my son?", [], intent="open")


def test_coverage_of_the_subject() -> None:
    subject = frozenset({stem("panel"), stem("meeting")})
    assert coverage(subject, ["The panel was full."]) == 0.5
    assert coverage(subject, ["The panel meeting was in May.", "Nothing here."], each=True) == 1.0
