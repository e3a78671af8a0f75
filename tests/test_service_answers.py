"""The service end to end on the whole real corpus: question understanding, the findings
table, refusals and retrieval working together (the eval set measures the same at scale)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from assistant.answering.refusals import NO_ADVICE, NO_FORECAST
from assistant.terms import split_sentences
from core.models import Filters, Turn

CASES = [
    # (question, must match in the answer, must appear in a cited passage)
    ("Who led the Wokingham revisit?", r"Phil Minns", "Phil Minns"),
    ("How much did tribunal appeals fall in Windsor and Maidenhead?", r"by half", "half"),
    (
        "What verdict did the Worcestershire revisit give on the weakness about poor quality EHC "
        "plans?",
        r"not stated.*eight of the 12",
        "eight of the 12 significant weaknesses",
    ),
    (
        "Did Wokingham make sufficient progress on transitions to adulthood?",
        r"has not made sufficient progress",
        "The area has not made sufficient progress in addressing this significant weakness.",
    ),
]


@pytest.mark.parametrize(("question", "pattern", "evidence"), CASES)
def test_answer_is_right_and_cited(
    full_service: Any, question: str, pattern: str, evidence: str
) -> None:
    answer = full_service.ask(question)
    assert not answer.abstained, answer.answer
    assert re.search(pattern, answer.answer, re.S), answer.answer
    assert any(evidence in c.text for c in answer.citations), answer.citations
    assert {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)} <= {
        c.n for c in answer.citations
    }


@pytest.mark.parametrize(
    "question",
    [
        "Will the monitoring inspection in Bury show improvement?",
        "What did the inspection of Leeds find about speech therapy?",
        "My son's EHC plan is late, what do I do?",
    ],
)
def test_refuses_what_the_documents_cannot_answer(full_service: Any, question: str) -> None:
    answer = full_service.ask(question)
    assert answer.abstained, answer.answer


def test_unknown_area_is_named(full_service: Any) -> None:
    answer = full_service.ask("What did the inspection of Leeds find?")
    assert "Leeds" in answer.answer and answer.abstained


def test_follow_up_uses_the_history(full_service: Any) -> None:
    history = [
        Turn(role="user", content="Did Wokingham make sufficient progress on EHC plans?"),
        Turn(role="assistant", content="The area has made sufficient progress [1]."),
    ]
    answer = full_service.ask("How about Wandsworth?", history=history)
    assert not answer.abstained, answer.answer
    assert answer.citations and all(c.area == "Wandsworth" for c in answer.citations)


def test_a_monitoring_inspection_the_collection_lacks_is_said_plainly(full_service: Any) -> None:
    answer = full_service.ask("What did Hartlepool's monitoring visit find?")
    assert answer.abstained, answer.answer
    assert "no monitoring inspection" in answer.answer and "Hartlepool" in answer.answer


def test_when_a_monitoring_inspection_is_due_is_answered(full_service: Any) -> None:
    answer = full_service.ask("When will inspectors carry out a monitoring inspection in "
                              "Derbyshire?")
    assert not answer.abstained, answer.answer
    assert re.search(r"monitoring inspection will be carried out within", answer.answer)
    # after the lowest outcome both visits to come are said: the monitoring and the full one
    back = full_service.ask("derbyshire - when will the inspectors be back?")
    assert re.search(r"monitoring inspection will be carried out within", back.answer)
    assert re.search(r"next full (?:area SEND inspection|reinspection) will .{0,20}within",
                     back.answer), back.answer


def test_how_long_is_a_length_of_time_not_a_count_of_findings(full_service: Any) -> None:
    answer = full_service.ask("How long do children in north yorkshire wait for an autism "
                              "assessment?")
    assert "findings table" not in answer.answer, answer.answer
    assert re.search(r"\b(?:\d+|four) (?:weeks|months|years)\b", answer.answer), answer.answer
    assert {c.area for c in answer.citations} == {"North Yorkshire"}


def test_a_lower_case_area_name_that_is_also_a_verb(full_service: Any) -> None:
    answer = full_service.ask("we live in bury, how many findings did the inspectors make?")
    assert re.search(r"Bury area SEND inspection report \(.+?\) sets \d+ areas for priority "
                     r"action and \d+ areas for improvement\.", answer.answer), answer.answer


def test_an_outcome_says_when_the_next_inspection_is(full_service: Any) -> None:
    answer = full_service.ask("What outcome did Cornwall get at its area SEND inspection?")
    assert "inconsistent experiences and outcomes" in answer.answer, answer.answer
    assert re.search(r"next full area SEND inspection will be within approximately",
                     answer.answer), answer.answer


def test_a_revisit_verdict_names_what_is_not_fixed_first(full_service: Any) -> None:
    answer = full_service.ask("How did Worcestershire get on at its revisit?")
    # The first sentence says what the verdicts add up to and quotes what was not fixed.
    first = answer.answer.split("]. ", 1)[0]
    assert first.startswith("Worcestershire made sufficient progress on eight of the 12"), first
    assert re.search(r"(?:not on|among those not fixed): “there was a lack of suitable specialist",
                     first), first


def test_a_date_filter_holds_for_answers_read_from_the_findings_table(full_service: Any) -> None:
    later = Filters.model_validate({"date_from": "2024-01-01"})
    answer = full_service.ask("List the areas for improvement about EHC plans.", filters=later)
    dates = {d.doc_id: d.date or "" for d in full_service.documents()}
    assert answer.citations, answer.answer
    assert all(dates[c.doc_id] >= "2024-01-01" for c in answer.citations), answer.answer


def test_a_question_asking_two_things_answers_both(full_service: Any) -> None:
    answer = full_service.ask(
        "Who were the inspectors at the Worcestershire revisit, and when did it take place?")
    assert "Ann Pritchard" in answer.answer, answer.answer
    assert re.search(r"2021", answer.answer), answer.answer
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert numbers and numbers <= {c.n for c in answer.citations}
    assert len(answer.answer.split()) <= 160


def test_the_publishers_template_is_never_an_answer(full_service: Any) -> None:
    template = full_service._template_sentences()
    assert any(s.startswith("You may reuse this information") for s in template)
    assert not any("inconsistent experiences and outcomes" in s for s in template)  # a verdict
    # a template sentence each report fills in ("... with a team of inspectors, including: two
    # HMI ..."), but not the time to the next inspection, which answers "when?"
    assert any(s.startswith("The inspection was led by one of His Majesty's Inspectors")
               for s in template)
    assert not any("next full area SEND inspection will" in s for s in template)
    # ... and the publishers' sentences whose punctuation varies ("looked-after", "looked after")
    passages = full_service._catalogue()[1].values()
    assesses = {s for p in passages for s in split_sentences(p.text)
                if s.startswith("It assesses council children's services")}
    assert len(assesses) > 1 and assesses <= template
    answer = full_service.ask("How does Trafford help young people into work after school?")
    assert not any(s in answer.answer for s in template), answer.answer


def test_an_area_not_held_named_beside_one_held_is_said_and_the_held_one_answered(
    full_service: Any,
) -> None:
    answer = full_service.ask("what have inspectors written about ehc plans in leeds and bolton?")
    assert answer.answer.startswith("The collection holds nothing about Leeds; about Bolton: ")
    assert answer.citations and {c.area for c in answer.citations} == {"Bolton"}


def test_which_areas_are_good_at_something_is_answered_from_what_reports_find_effective(
    full_service: Any,
) -> None:
    answer = full_service.ask("which councils have a strong offer for young people moving into "
                              "adult life?")
    assert not answer.abstained and answer.citations
    # a strength is told in a report's own text, not in what a letter or paper says was done
    assert {c.doc_type for c in answer.citations} == {"inspection_report"}


def test_a_forecast_about_a_subject_says_what_the_documents_say_on_it(full_service: Any) -> None:
    answer = full_service.ask("will young people in Bolton still be waiting for an ADHD "
                              "assessment when they turn 18?")
    assert not answer.abstained, answer.answer
    assert answer.answer.startswith("The documents can't say what will happen")
    assert "18th birthday" in answer.answer and answer.citations


def _said_after(answer: Any, lead: str, phrase: str, area: str) -> None:
    """What the area's documents say, after the lead that declines the forecast or the advice."""
    assert answer.answer.startswith(lead.split(";")[0]), answer.answer
    assert phrase in answer.answer and {c.area for c in answer.citations} == {area}, answer.answer


def test_a_forecast_or_a_story_on_a_subject_with_no_theme_says_what_the_documents_say(
        full_service: Any) -> None:
    """Physiotherapy for an 18-year-old and overnight short breaks are no theme of the
    findings table; the documents still speak to them."""
    moving = full_service.ask("my lad is 17 and has physio from the children's team in enfield."
                              " will he be passed over to the adult physio team?")
    _said_after(moving, NO_FORECAST, "adult", "Enfield")
    overnight = full_service.ask("my son has complex needs and we live in haringey, is there "
                                 "anywhere he could go for an overnight short break?")
    assert "overnight" in overnight.answer and not overnight.abstained, overnight.answer
    assert {c.area for c in overnight.citations} == {"Haringey"}


def test_what_a_visit_after_the_revisit_found_is_said_not_to_be_held(full_service: Any) -> None:
    history = [Turn(role="user", content="Which weakness did Wokingham's revisit find still "
                                         "unfixed?"),
               Turn(role="assistant", content="Made-up short reply for the test.")]
    later = full_service.ask("and what did inspectors find when they went back to check it?",
                             history)
    assert later.abstained and "no visit to Wokingham after its revisit" in later.answer, \
        later.answer
    # the revisit itself, asked as going back, is answered
    went = full_service.ask("When Ofsted went back to Wokingham, what did they find?")
    assert not went.abstained and "five of the six" in went.answer, went.answer


def test_a_percentage_the_documents_do_not_give_is_corrected_with_the_areas_own(
        full_service: Any) -> None:
    answer = full_service.ask("Since Oxfordshire now completes 45% of EHC plans within 20 weeks,"
                              " what is left for leaders to do?")
    assert answer.answer.startswith("The Oxfordshire documents give no figure of 45%"), \
        answer.answer
    assert "4%" in answer.answer and {c.area for c in answer.citations} == {"Oxfordshire"}


def test_a_forecast_about_nothing_the_documents_cover_is_still_declined(full_service: Any) -> None:
    answer = full_service.ask("will Bolton get a better outcome next time?")
    assert answer.abstained
    assert "cannot say what will happen" in answer.answer


def test_the_oversight_after_a_revisit_is_answered_from_the_letter(full_service: Any) -> None:
    answer = full_service.ask("now that its revisit is over, will the DfE keep visiting "
                              "Wandsworth?")
    assert not answer.abstained, answer.answer
    assert re.search(r"visits .{0,80}will cease", answer.answer), answer.answer
    # what was asked leads, after the document it is from
    assert answer.answer.startswith("From the Wandsworth revisit letter"), answer.answer
    assert answer.answer.split(": ", 1)[1].startswith("What comes next"), answer.answer


def test_a_claim_of_the_top_outcome_is_corrected_for_the_middle_one(full_service: Any) -> None:
    answer = full_service.ask("stoke on trent got the top rating from ofsted, didn't it?")
    assert answer.answer.startswith("That is not what the documents say"), answer.answer
    assert "inconsistent experiences and outcomes" in answer.answer


def test_a_detail_of_one_council_group_is_read_from_its_text(full_service: Any) -> None:
    answer = full_service.ask("For the Wokingham data task group: what did it agree its SEND "
                              "dashboard would be based on?")
    assert "Council for Disabled Children" in answer.answer, answer.answer


def test_every_council_group_is_listed_whatever_the_paper_is_called(full_service: Any) -> None:
    answer = full_service.ask("Wokingham's January 2020 paper on the SEND Strategy and Action "
                              "Plan mentions task and finish groups. What are they all about?")
    assert "lists 6 workstreams" in answer.answer, answer.answer


def test_a_second_question_after_and_leans_on_the_first(full_service: Any) -> None:
    answer = full_service.ask("Windsor and Maidenhead's briefing names a risk to Better Care Fund "
                              "money. What sum was it, and which jobs did it fund?")
    assert "450k" in answer.answer, answer.answer
    assert "Complex Case Officer" in answer.answer, answer.answer
    assert "lists 6 risks" not in answer.answer  # one risk asked about, not the list


def test_two_questions_about_an_area_not_held_are_both_declined(full_service: Any) -> None:
    answer = full_service.ask("What outcome did Sheffield get at its SEND inspection, and how "
                              "many areas for improvement did it receive?")
    assert answer.abstained, answer.answer
    assert "Sheffield" in answer.answer and not answer.citations


def test_the_dates_asked_are_read_from_the_question_not_the_story(full_service: Any) -> None:
    answer = full_service.ask("When were the inspectors in Rutland? I want to know if it was "
                              "before my daughter's plan was agreed.")
    assert "15 to 19 May 2023" in answer.answer, answer.answer
    assert "2017" not in answer.answer


def test_a_corrected_premise_is_followed_by_the_question_asked_without_it(
        full_service: Any) -> None:
    answer = full_service.ask("As the Bolton inspectors reported widespread failings, which "
                              "areas for priority action did they give it?")
    text = answer.answer
    assert text.startswith("That is not what the documents say"), text
    assert "sets no areas for priority action" in text, text  # the question itself, answered


def test_a_corrected_premise_is_followed_by_what_comes_next_said_once(full_service: Any) -> None:
    answer = full_service.ask("Given that Wandsworth's revisit found it had failed again, what "
                              "happens now?")
    assert answer.answer.startswith("That is not what the documents say"), answer.answer
    assert "will cease" in answer.answer, answer.answer
    said = re.sub(r"\[\d+\]", "", answer.answer)
    assert said.count("made sufficient progress on both of the significant weaknesses") <= 1, \
        answer.answer


def test_an_outcome_asked_after_a_story_of_a_need_adds_what_the_report_says_on_it(
        full_service: Any) -> None:
    told = full_service.ask("our lad has been stuck on the adhd waiting list for over a year, "
                            "we live in bolton. how did bolton come out of its send inspection?")
    assert "positive experiences and outcomes" in told.answer, told.answer
    said = told.answer.split("On what you describe, it says:")
    assert len(said) == 2 and re.search(r"too long|waiting", said[1]), told.answer
    # a story that only says who the child is tells no need: the outcome alone
    plain = full_service.ask("we are moving to bolton and my daughter has an ehcp. how did "
                             "bolton come out of its send inspection?")
    assert "positive experiences and outcomes" in plain.answer, plain.answer
    assert "On what you describe" not in plain.answer, plain.answer


def test_an_outcome_asked_with_the_findings_of_a_kind_gives_both(full_service: Any) -> None:
    answer = full_service.ask("For my briefing: what overall verdict did Nottinghamshire get, "
                              "plus the areas for priority action it was given?")
    assert "widespread and/or systemic failings" in answer.answer, answer.answer
    assert re.search(r"2 areas for priority action", answer.answer), answer.answer


def test_a_parent_asking_what_there_is_while_they_wait_gets_what_the_area_offers(
        full_service: Any) -> None:
    waiting = full_service.ask("the camhs wait in dudley is endless, what can we do for our "
                               "10 year old while we wait?")
    assert waiting.answer.startswith("I can't advise on your own case"), waiting.answer
    assert not waiting.abstained and "while they are waiting" in waiting.answer, waiting.answer
    assert {c.area for c in waiting.citations} == {"Dudley"}
    # asking what to do about one's own case is still declined kindly
    own = full_service.ask("my daughter's ehc plan is late in dudley, what should i do?")
    assert own.abstained and "SENDIASS" in own.answer, own.answer
    # ... and whether something is there at all, after a story of one's own child
    there = full_service.ask("hartlepool mum here. my daughter is in a very dark place with her "
                             "mental health, is there any crisis help?")
    assert there.answer.startswith("I can't advise on your own case"), there.answer
    assert "24-hour" in there.answer, there.answer


def test_a_parent_asking_how_long_a_service_takes_or_how_to_reach_it_gets_what_it_says(
        full_service: Any) -> None:
    """A wait or a way in, asked in a parent's own story, is what the area's documents say
    (its subject told in the story); a case's own outcome is not."""
    soon = full_service.ask("southampton dad here - my boy has been referred to camhs. will it "
                            "be long before anyone sees him?")
    _said_after(soon, NO_FORECAST, "five weeks", "Southampton")
    way_in = full_service.ask("we live in haringey - how do we get an overnight short break "
                              "for our 9 year old?")
    _said_after(way_in, NO_ADVICE, "no provision", "Haringey")
    # a case's own outcome is no wait: not answered from what its story names
    place = full_service.ask("plymouth - will my son be offered a place at the special school "
                             "near us next year if we appeal? he has an ehcp")
    assert place.abstained, place.answer


def test_what_a_term_means_is_answered_from_the_glossary_in_the_documents_words(
        full_service: Any) -> None:
    spelled = full_service.ask("sorry, what does SENDIASS stand for?")
    assert "SENDIASS stands for SEND information, advice and support service" in spelled.answer
    assert spelled.citations and all(c.text for c in spelled.citations)
    unexplained = full_service.ask("what's the local offer?")
    assert "without saying what it is" in unexplained.answer, unexplained.answer
    assert "ours, not the documents'" in unexplained.answer


def test_a_choice_weighed_on_a_measure_gets_what_the_documents_say_on_it(
        full_service: Any) -> None:
    move = full_service.ask("should we move to dudley for my husband's job, would our son wait "
                            "less for a wheelchair there?")
    assert move.answer.startswith("I can't advise on a choice"), move.answer
    assert not move.abstained and "12 months" in move.answer, move.answer
    assert {c.area for c in move.citations} == {"Dudley"}
    # legal advice and a forecast of a case are still declined
    legal = full_service.ask("could we appeal at tribunal in dudley if the wheelchair never "
                             "comes, would we win?")
    assert legal.abstained and "legal" in legal.answer, legal.answer


def test_a_claim_asked_to_be_checked_is_answered_from_the_sentences_on_its_subject(
        full_service: Any) -> None:
    checked = full_service.ask("apparently physio in haringey has a huge waiting list, is that "
                               "right?")
    first = checked.answer.split("[1]")[0]
    assert "no waiting times for occupational therapy or physiotherapy" in first, checked.answer
    assert "typically lead to positive" not in checked.answer, checked.answer


@pytest.mark.parametrize(("question", "word"), [
    # read as an area's outcome by its shape ("what does the X report say about ...?")
    ("what does the halton report say about Kacper?", "Kacper"),
    ("does bury run any hydrotherapy sessions for disabled children?", "hydrotherapy"),
])
def test_a_rare_word_no_document_uses_is_declined_whatever_the_question_shape(
        full_service: Any, question: str, word: str) -> None:
    answer = full_service.ask(question)
    assert answer.abstained, answer.answer
    assert answer.answer.startswith(f'The documents don\'t mention "{word}"'), answer.answer


def test_every_in_a_premise_asks_for_no_full_list(full_service: Any) -> None:
    # "every" in the clause taken for granted is no request to list everything at length
    answer = full_service.ask("Since Wokingham resolved every weakness at its 2021 revisit, has "
                              "its improvement board been disbanded?")
    assert answer.answer.startswith("That is not what the documents say"), answer.answer
    assert len(answer.answer.split()) <= 150, answer.answer


def test_which_areas_on_a_subject_reads_each_areas_paragraph_not_the_findings_table(
        full_service: Any) -> None:
    """Asked where a problem was found, the reports' text answers across areas: each area's
    sentence with the rest of its paragraph (the figure, the impact), not only the formal
    findings that name the subject."""
    answer = full_service.ask("which areas have problems with equipment like wheelchairs?")
    assert not answer.abstained and "findings about" not in answer.answer, answer.answer
    assert {"Dudley", "East Sussex", "Derbyshire"} <= {c.area for c in answer.citations}
    # the sentences after each area's first one say how: Dudley's wait, Derbyshire's impact
    assert "12 months" in answer.answer and "pain" in answer.answer, answer.answer
    assert len(answer.answer.split()) <= 150


def test_which_areas_names_each_area_whose_text_holds_the_rare_subject(full_service: Any) -> None:
    """Across areas, an area whose sentence holds the subject's rare word ("fluoroscopy") is
    named even when another area's sentence scores higher on the rest of the question; each
    area is named once before its run of sentences."""
    answer = full_service.ask("which areas couldn't get swallowing assessments by video "
                              "fluoroscopy for children?")
    assert {"West Sussex", "Herefordshire"} <= {c.area for c in answer.citations}, answer.answer
    assert "stopped" in answer.answer, answer.answer  # what happened in Herefordshire
    assert answer.answer.count("West Sussex:") == answer.answer.count("Herefordshire:") == 1


def test_what_is_told_of_an_area_is_asked_of_the_other_areas(full_service: Any) -> None:
    """A statement about one area, then "did inspectors find the same in other areas?": the
    statement's subject, read across the other areas' text."""
    answer = full_service.ask("Dudley's kids wait over a year for wheelchairs. did inspectors "
                              "find the same in other areas?")
    cited = {c.area for c in answer.citations}
    assert "Dudley" not in cited and len(cited & {"East Sussex", "Blackpool", "Derbyshire"}) >= 2
    assert "wheelchair" in answer.answer, answer.answer


def test_a_subject_said_before_a_comparison_is_what_is_compared(full_service: Any) -> None:
    """ "Short breaks for disabled children: how do A and B compare?" compares the short
    breaks, not the two outcomes; "On X: ..." says the subject the same way."""
    breaks = full_service.ask("Short breaks for disabled children: how do Haringey and Enfield "
                              "compare?")
    assert "better outcome" not in breaks.answer and "short break" in breaks.answer.lower()
    assert {c.area for c in breaks.citations} == {"Haringey", "Enfield"}, breaks.answer
    antenatal = full_service.ask("On antenatal visits by health visitors: how do Hillingdon and "
                                 "Lewisham compare?")
    assert "digital platform" in antenatal.answer, antenatal.answer


def test_the_results_of_a_subject_talked_about_are_read_not_the_areas_outcome(
        full_service: Any) -> None:
    """ "what were the results of that programme?" after a question on a subject asks about
    that subject: an outcome answer that quotes none of it gives way to the reader."""
    history = [Turn(role="user", content="What did Hartlepool's therapists do to train parents "
                                         "and special school staff?"),
               Turn(role="assistant", content="Made-up short reply for the test.")]
    answer = full_service.ask("and what were the results of that programme?", history)
    assert "training programmes" in answer.answer, answer.answer
    assert "arrangements typically lead to positive" not in answer.answer, answer.answer


def test_a_name_asked_of_an_area_is_read_from_its_text_not_its_summary(full_service: Any) -> None:
    history = [Turn(role="user", content="what did the worcestershire revisit say about "
                                         "children who are out of education?"),
               Turn(role="assistant", content="Made-up short reply for the test.")]
    answer = full_service.ask("so what was that forum called again?", history)
    assert not answer.abstained and "Missing Mondays" in answer.answer, answer.answer
    assert "sufficient progress" not in answer.answer  # no verdicts of the summary


def test_what_stood_out_about_a_subject_is_read_on_that_subject(full_service: Any) -> None:
    answer = full_service.ask("what stood out about dudley's dynamic support register in its "
                              "latest inspection?")
    assert not answer.abstained and answer.answer.count("dynamic support register") >= 1
    assert not answer.answer.startswith("Dudley's area SEND inspection report"), answer.answer


def test_what_an_outcome_obliges_the_partnership_to_produce_is_answered_whole(
        full_service: Any) -> None:
    """ "... and what must they now produce?" asks for what comes next, the priority action
    plan among it, not the list of priority actions that crowds it out."""
    answer = full_service.ask("What was Nottinghamshire's inspection outcome, and what must the "
                              "partnership now produce?")
    assert "priority action plan" in answer.answer, answer.answer
    assert "widespread and/or systemic failings" in answer.answer, answer.answer


def test_how_often_is_answered_with_the_sentence_that_says_how_often(full_service: Any) -> None:
    answer = full_service.ask("How frequently does Wokingham's SEND Improvement Board get "
                              "together?")
    assert "monthly" in answer.answer, answer.answer
