"""An answer always names the area and the document it quotes (answering/quote.py, named_source)."""

from __future__ import annotations

from assistant.answering.quote import named_source
from assistant.grounding.citations import named_once
from core.models import Answer, Citation


def _cite(n: int, doc_id: str, area: str, doc_type: str = "inspection_report") -> Citation:
    return Citation(n=n, chunk_id=f"{doc_id}-{n}", doc_id=doc_id, title="(title)", area=area,
                    doc_type=doc_type, date="2024-03-01", text="(passage)", score=1.0)


def test_one_documents_answer_that_does_not_name_its_area_says_where_it_is_from() -> None:
    answer = Answer(answer="Families wait too long for a sensory assessment. [1]", abstained=False,
                    citations=[_cite(1, "trafford-report", "Trafford")])
    assert named_source(answer).answer == (
        "From the Trafford area SEND inspection report (1 March 2024): Families wait too long "
        "for a sensory assessment. [1]")


def test_several_documents_of_one_area_are_named_by_the_area() -> None:
    answer = Answer(answer="Waits fell. [1] Plans improved. [2]", abstained=False, citations=[
        _cite(1, "wokingham-letter", "Wokingham", "revisit_letter"),
        _cite(2, "wokingham-paper", "Wokingham", "committee_report")])
    assert named_source(answer).answer.startswith("From the Wokingham documents: Waits fell.")


def test_answers_naming_their_area_or_several_areas_or_declining_are_left_as_they_are() -> None:
    named = Answer(answer="In Bolton families wait too long. [1]", abstained=False,
                   citations=[_cite(1, "bolton-report", "Bolton")])
    several = Answer(answer="Waits are long. [1] Waits are short. [2]", abstained=False,
                     citations=[_cite(1, "bolton-report", "Bolton"),
                                _cite(2, "bury-report", "Bury")])
    declined = Answer(answer="The documents don't say.", abstained=True,
                      citations=[_cite(1, "bury-report", "Bury")])
    for answer in (named, several, declined):
        assert named_source(answer) is answer


def test_an_area_named_only_after_the_first_quote_is_not_where_the_answer_comes_from() -> None:
    answer = Answer(answer="Families wait too long. [1] The Bolton Parent Forum says so. [1]",
                    abstained=False, citations=[_cite(1, "bolton-report", "Bolton")])
    assert named_source(answer).answer.startswith(
        "From the Bolton area SEND inspection report (1 March 2024): Families"), answer


def test_a_question_asking_two_things_names_its_document_once_for_the_whole_answer() -> None:
    from assistant.answering.two_questions import whole_or_halves

    asked: list[int] = []

    def verified(text: str, told: object, words: int) -> Answer:  # each half, not named
        asked.append(words)
        n = len(asked)
        return Answer(answer=f"Made-up finding number {n} for the test. [1]", abstained=False,
                      citations=[_cite(1, "trafford-report", "Trafford")])

    said = whole_or_halves("What outcome did Trafford get, and when is the next inspection?", [],
                           [], ["Trafford"], None, verified)
    assert len(asked) == 2 and asked[0] < 150, asked  # answered half by half
    assert said.answer.startswith("From the Trafford area SEND inspection report"), said.answer
    assert said.answer.count("From the") == 1, said.answer


def _second_half_told(question: str, earlier_question: str) -> str:
    """The user turn the second half of a two-part question is asked after, the question
    following an earlier one about Trafford (made-up replies: test data)."""
    from assistant.answering.two_questions import whole_or_halves
    from core.models import Turn

    told: list[object] = []

    def verified(text: str, history: object, words: int) -> Answer:
        told.append(history)
        return Answer(answer=f"Made-up reply {len(told)} for the test. [1]", abstained=False,
                      citations=[_cite(1, "trafford-report", "Trafford")])

    earlier = [Turn(role="user", content=earlier_question),
               Turn(role="assistant", content="Made-up earlier reply for the test.")]
    whole_or_halves(question, earlier, earlier, ["Trafford"], None, verified)
    second = told[1]
    assert isinstance(second, list)
    return str(second[-2].content).lower()


def test_a_second_half_leaning_on_a_follow_up_first_half_gets_what_the_first_was_about() -> None:
    """"What's it called, and who runs it?" after a question about Trafford's short breaks:
    the second half's "it" is the short breaks the first half leaned on, not "it" again."""
    told = _second_half_told("what's it called again, and who runs it for them?",
                             "are the short breaks in trafford any good?")
    assert "breaks" in told, told


def test_a_second_half_after_a_follow_up_first_half_gets_the_question_it_followed() -> None:
    """ "How long are we talking? And do they do anything in the meantime?" after a question
    about CAMHS: the first half leans on that question, and so the second half's "they" does."""
    told = _second_half_told("how long are we talking? and do they do anything in the meantime?",
                             "what does the trafford report say about camhs?")
    assert "camhs" in told, told


def test_an_answer_across_areas_names_each_area_once_for_its_run_of_sentences() -> None:
    """(made-up sentences, test data) The name said again before every sentence says
    nothing; a name after another area's, or after an unnamed line, is said again."""
    answer = Answer(answer="Bolton: Waits are long. [1] Bolton: Plans are late. [1] Bury: "
                           "Waits are short. [2] Bury, Bolton: Both fund a hub. [2][1] Bury: It "
                           "helps. [2] Bolton: It opened in May. [1] Other areas: none. Bolton: "
                           "Again. [1]",
                    abstained=False, citations=[_cite(1, "bolton-report", "Bolton"),
                                                _cite(2, "bury-report", "Bury")])
    assert named_once(answer).answer == (
        "Bolton: Waits are long. [1] Plans are late. [1] Bury: Waits are short. [2] Bury, "
        "Bolton: Both fund a hub. [2][1] Bury: It helps. [2] Bolton: It opened in May. [1] "
        "Other areas: none. Bolton: Again. [1]")
    one = Answer(answer="Waits are long. [1]", abstained=False,
                 citations=[_cite(1, "bolton-report", "Bolton")])
    assert named_once(one) is one
