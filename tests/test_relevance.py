"""What a question is about, as the choice between a handler's answer and the reader's sees it."""

from __future__ import annotations

from assistant.grounding.relevance import coverage, subject_terms
from assistant.terms import stem
from assistant.understanding.query import Query
from core.models import Answer, Citation, Passage, SearchHit


def test_the_words_of_asking_when_are_not_the_subject() -> None:
    asked = "When did the Testshire panel meeting take place?"
    assert {stem("panel"), stem("meeting")} <= subject_terms(asked, ["Testshire"], intent="date")
    assert not {stem("take"), stem("place")} & subject_terms(asked, ["Testshire"], intent="date")
    # asked as an open question, "place" may be what it is about ("a place at a special school")
    assert stem("place") in subject_terms("Is there a place for my son?", [], intent="open")
    # nor are the words saying which occasion: "last ... before the 2022 one" names no subject
    asked = "when was testshire last inspected before the 2022 one?"
    assert not {stem("last"), stem("before")} & subject_terms(asked, ["Testshire"], intent="date")


def test_coverage_of_the_subject() -> None:
    subject = frozenset({stem("panel"), stem("meeting")})
    assert coverage(subject, ["The panel was full."]) == 0.5
    assert coverage(subject, ["The panel meeting was in May.", "Nothing here."], each=True) == 1.0


def _hit(text: str) -> SearchHit:
    return SearchHit(passage=Passage(
        chunk_id="test-1", doc_id="test", title="Testshire test report", area="Testshire",
        doc_type="inspection_report", date="2024-01-01", source="test.txt", position=0,
        heading="Waits", text=text), score=0.9, dense_score=0.6)


def test_a_length_of_time_asked_for_is_read_when_the_handler_states_none() -> None:
    from assistant.answering.handler_or_reader import reader_fits_better

    query = Query(question="Where are the longest waits for speech therapy, Testshire or "
                           "Westdale?", rewritten="Where are the longest waits for speech "
                           "therapy, Testshire or Westdale?", areas=("Testshire", "Westdale"),
                  intent="compare")
    ready = Answer(answer="Testshire's report sets 1 area for improvement on waits: “... reduce "
                          "the time children wait for speech therapy.” [1]",
                   abstained=False, citations=[])
    with_length = [_hit("Some children wait over 60 weeks for speech therapy.")]
    without = [_hit("Waits for speech therapy are a concern for families.")]
    assert reader_fits_better(query, ready, lambda: with_length, ["Testshire", "Westdale"],
                              frozenset())
    assert not reader_fits_better(query, ready, lambda: without, ["Testshire", "Westdale"],
                                  frozenset())


def test_asked_what_a_document_says_about_something_the_answer_itself_must_say_it() -> None:
    from assistant.answering.handler_or_reader import reader_fits_better

    asked = "does the testshire letter say anything about complaints going down?"
    query = Query(question=asked, rewritten=asked, areas=("Testshire",), intent="outcome")
    passage = _hit("The area made sufficient progress. Complaints have fallen by a third.")
    cited = Citation(n=1, chunk_id="test-1", doc_id="test", title="Testshire test letter",
                     area="Testshire", doc_type="revisit_letter", date="2024-01-01",
                     text=passage.passage.text, score=0.9)
    ready = Answer(answer="Testshire made sufficient progress [1].", abstained=False,
                   citations=[cited])
    assert reader_fits_better(query, ready, lambda: [passage], ["Testshire"], frozenset())
