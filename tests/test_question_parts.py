"""The parts of a question and the guards on its intent, in our own wording (no eval question):
the story told before it, what a split question's halves repeat, what asks for a sum, which
classifier guesses a question's own words rule out. No model needed."""

from __future__ import annotations

import pytest

from assistant import terms
from assistant.answering.question_terms import analyse_question, asked_figure
from assistant.answering.quote import _verbatim
from assistant.answering.refusals import forecasts_a_result
from assistant.answering.scoring import BONUS_SECTION, is_label, section_bonus
from assistant.grounding.citations import (
    holds_all,
    repeats,
    what_is_missing,
    with_lead,
    without_said,
)
from assistant.inputs import spelled_out
from assistant.understand import _kinds
from assistant.understanding.clauses import story_told
from assistant.understanding.followup import _one_sentence, _own_clause
from assistant.understanding.intents import (
    _about_collection,
    _across_areas,
    _asks_what_to_improve,
    precise_intent,
)
from core.models import Answer, Citation


def test_the_story_is_the_telling_sentences_before_the_question() -> None:
    text = "Our twins are 8 and on the speech therapy list. Nothing has happened. Who can help?"
    told = "Our twins are 8 and on the speech therapy list. Nothing has happened."
    assert story_told(text) == told
    assert story_told("Who can help us while we wait?") == ""


def test_story_words_help_a_sentence_but_are_never_the_subject() -> None:
    q = analyse_question("is there anything for us meanwhile?", [], "practice",
                         story="my daughter is 6 and waits for a sensory assessment")
    assert "sensori" in q.story or "sensory" in q.story
    assert not q.story & q.topic
    # the asker's family and ages say nothing about the documents
    assert not q.story & set(terms.tokens("daughter 6 years old"))
    with_story = q.coverage(terms.tokens("a sensory assessment clinic runs monthly"))
    without = analyse_question("is there anything for us meanwhile?", [], "practice")
    assert with_story > without.coverage(terms.tokens("a sensory assessment clinic runs monthly"))
    assert with_story <= 1.0


def test_a_bare_plan_is_an_ehc_plan_unless_another_plan_is_named() -> None:
    assert "ehcp" in analyse_question("how many children have plans?", []).terms
    assert "ehcp" not in analyse_question("how many actions are in the improvement plan?",
                                          []).terms


@pytest.mark.parametrize(("question", "kind"), [
    ("what does a specialist place cost the council each year?", "money"),
    ("what did the new assessment hub cost?", "money"),
    ("what did the paper say about cost pressures?", None),
    ("what do inspectors say about the cost of travel support?", None),
])
def test_what_does_it_cost_asks_for_a_sum(question: str, kind: str | None) -> None:
    assert asked_figure(question) == kind


def test_inline_bullets_are_markup_in_verbatim_comparisons() -> None:
    cell = "Leaders need to: • agree a plan; • share it with families."
    assert terms.normalise(cell) == "leaders need to: agree a plan; share it with families."


def _answer(text: str) -> Answer:
    cite = Citation(n=1, chunk_id="c1", doc_id="d1", title="Testshire report", area="Testshire",
                    doc_type="inspection_report", date="2024-01-01", text="x", score=1.0)
    return Answer(answer=text, abstained=False, citations=[cite])


def test_a_second_half_that_opens_with_the_first_halfs_answer_repeats_it() -> None:
    first = _answer("The Testshire report found: “Outcomes are inconsistent for children.” [1]")
    again = _answer("The Testshire report found: “Outcomes are inconsistent for children.” [1] "
                    "It adds: “A plan is required of the leaders.” [1]")
    other = _answer("The visit took place from 3 to 7 May in Testshire that year. [1]")
    assert repeats(first, again)
    assert not repeats(first, other)


def test_a_second_half_that_opens_with_the_first_halfs_answer_and_goes_on_answers_it() -> None:
    """ "How long is the wait? And are they assessed for both at once?": the second half may
    open with the wait again and then say what was asked; it is answered after the first."""
    first = _answer("Children wait too long for assessments in Testshire. [1] The average wait "
                    "is 18 months. [1]")
    goes_on = _answer("Children wait too long for assessments in Testshire. [1] Support is "
                      "available while they wait for it. [1] Autism and ADHD are assessed on "
                      "different pathways in Testshire. [1]")
    assert not repeats(first, goes_on)


def test_a_lead_goes_before_the_answer_and_cites_nothing() -> None:
    led = with_lead(_answer("Waits are shorter now in the county. [1]"), "No forecast:")
    assert led.answer.startswith("No forecast: Waits")
    assert led.citations == _answer("x [1]").citations


@pytest.mark.parametrize(("text", "about"), [
    ("is there anything to help while we wait?", False),
    ("does the council stop being checked now?", False),
    ("which councils do you have documents for?", True),
    ("is the newest report in there?", True),
])
def test_coverage_needs_a_word_about_the_collection(text: str, about: bool) -> None:
    assert _about_collection(text) is about


@pytest.mark.parametrize(("text", "across"), [
    ("which services have the longest waits there?", False),
    ("which councils had long waits?", True),
    ("which places did well on transitions?", True),
])
def test_which_areas_needs_a_word_for_places(text: str, across: bool) -> None:
    assert _across_areas(text) is across


@pytest.mark.parametrize(("text", "improve"), [
    ("what did inspectors tell the council it has to improve?", True),
    ("what were they told to get better at?", True),
    ("did the area improve its overall outcome?", False),
    ("what was the result, and what must improve?", False),
])
def test_what_to_improve_is_a_list_not_an_outcome(text: str, improve: bool) -> None:
    assert _asks_what_to_improve(text) is improve


@pytest.mark.parametrize("text", [
    "so what happens next for them?",
    "will the government keep checking up on the council?",
    "do the support and challenge visits carry on?",
])
def test_the_oversight_after_an_inspection_is_asked_as_its_outcome(text: str) -> None:
    assert precise_intent(text) == "outcome"


def test_a_clause_after_a_dash_asks_its_own_question() -> None:
    assert _own_clause("what about short breaks - did anything there work well?")
    assert not _own_clause("what about short breaks?")
    assert not _own_clause("what about short breaks, then?")


def test_kinds_come_from_the_asking_sentence_when_it_names_one() -> None:
    told = "I sit on the scrutiny committee. What did the revisit letter conclude?"
    assert _kinds(told) == ("revisit_letter",)
    assert "committee_report" in _kinds("I read the committee report. What did it say on SEND?")


def test_the_doing_well_section_is_preferred_for_practice_only() -> None:
    practice = analyse_question("how do they help families?", [], "practice")
    verdict = analyse_question("how did they do?", [], "verdict")
    heading = "What is the area partnership doing that is effective?"
    assert section_bonus(practice, heading) == BONUS_SECTION
    assert section_bonus(verdict, heading) == 0.0
    assert section_bonus(practice, "What does the area partnership need to do better?") == 0.0


@pytest.mark.parametrize(("asked", "result"), [
    ("will the next inspection show improvement?", True),
    ("will the council pass its monitoring visit?", True),
    ("will my son be assessed before he turns 18?", False),
    ("will families get help while they wait for a wheelchair?", False),
])
def test_a_forecast_of_a_result_is_told_from_one_about_a_group(asked: str, result: bool) -> None:
    assert forecasts_a_result(asked) is result


def test_an_earlier_question_in_brackets_is_one_clause() -> None:
    said = _one_sentence("I'm comparing therapy waits. What does the Testshire report say?")
    assert said == "I'm comparing therapy waits; What does the Testshire report say"
    assert "?" not in said and "." not in said


@pytest.mark.parametrize("text", [
    "what is the council doing about that?",
    "so what has been done about the waits?",
])
def test_what_is_being_done_about_something_asks_what_an_area_does(text: str) -> None:
    assert precise_intent(text) == "practice"


def test_a_forecast_of_a_figure_is_a_forecast_of_a_result() -> None:
    assert forecasts_a_result("what will the timeliness figure be next year?")


def test_a_paragraphs_last_sentence_without_its_full_stop_is_prose_not_a_label() -> None:
    assert not is_label("It is estimated that the council will be required to make savings of "
                        "about four million pounds over the next two years in this context")
    assert is_label("FINANCIAL IMPLICATIONS OF THE RECOMMENDATION")


def test_a_visit_named_to_say_when_is_not_the_document_asked_about() -> None:
    assert _kinds("What was the council doing about therapy waits after its 2019 revisit?") == ()
    assert _kinds("What did the revisit letter say about therapy waits?") == ("revisit_letter",)


def test_the_joined_answer_never_quotes_a_sentence_twice() -> None:
    first = _answer("The Testshire report found: “Outcomes are inconsistent for children.” [1]")
    second = _answer("The Testshire report found: “Outcomes are inconsistent for children.” [1] "
                     "It adds: “A plan is required of the leaders.” [1]")
    left = without_said(first, second)
    assert left.answer == "It adds: “A plan is required of the leaders.” [1]"


def test_a_second_half_quoting_all_the_first_said_answers_both() -> None:
    first = _answer("The Testshire report sets 2 areas for priority action: “Plans must be "
                    "timely for every child.” [1]; “Waits must fall for speech therapy.” [1]")
    both = _answer("It sets 2 areas for priority action and 1 area for improvement: “Plans must "
                   "be timely for every child.” [1]; “Waits must fall for speech therapy.” [1] "
                   "Area for improvement: “The local offer should be clearer.” [1]")
    only_next = _answer("Area for improvement: “The local offer should be clearer.” [1]")
    assert holds_all(both, first)
    assert not holds_all(only_next, first)


def test_a_declined_second_half_is_said_in_one_sentence() -> None:
    declined = Answer(answer="The documents don't say anything about \"ponies\" for Testshire. "
                      "The nearest documents I found are: Testshire report [1].", abstained=True,
                      citations=_answer("x [1]").citations)
    said = what_is_missing(declined)
    assert said.answer == "The documents don't say anything about \"ponies\" for Testshire."
    assert said.citations == []


def test_the_askers_example_ranks_sentences_but_is_no_subject_of_its_own() -> None:
    q = analyse_question("any examples of clinics changing their times, for example at "
                         "weekends?", [])
    assert "weekend" not in q.topic and "clinic" in q.topic
    assert "weekend" in q.terms  # still a word worth matching


def test_eg_and_ie_are_written_out_so_the_asking_sentence_does_not_end_there() -> None:
    assert spelled_out("any schemes, e.g. holiday clubs?") == \
        "any schemes, for example holiday clubs?"
    assert spelled_out("the graduated response (i.e. SEN support)") == \
        "the graduated response (that is SEN support)"


def test_a_second_half_restating_the_first_after_naming_its_document_repeats_it() -> None:
    first = _answer("The Testshire report found: “Outcomes are inconsistent for children and "
                    "families.” [1]")
    again = _answer("From the Testshire report (1 May 2024): Outcomes are inconsistent for "
                    "children and families. [1]")
    assert repeats(first, again)


def test_a_row_stitched_from_table_cells_is_quoted_as_far_as_its_passage_holds_it() -> None:
    passage = ("Testshire Council and the ICB | Leaders should improve joint commissioning to "
               "ensure\n\nTestshire NHS Trust | that families receive support in time.")
    row = "Leaders should improve joint commissioning to ensure that families receive support."
    quoted = _verbatim(row, passage)
    assert quoted == "Leaders should improve joint commissioning to ensure ..."
    assert _verbatim("Leaders should improve joint commissioning", passage) == \
        "Leaders should improve joint commissioning"
