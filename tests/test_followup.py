"""Follow-up resolution on its own (assistant/understanding/followup.py): the intent is given,
so these run without the embedding model."""

from __future__ import annotations

from assistant.understand import read
from assistant.understanding.followup import asks_across, is_follow_up, resolve
from assistant.understanding.intents import IntentGuess
from assistant.understanding.query import Query

AREAS = ["Wokingham", "Wandsworth", "Portsmouth"]


def _intent(name: str) -> IntentGuess:
    return IntentGuess(name, 1.0, 1.0)


def _read(text: str, intent: str = "open") -> Query:
    return read(text, AREAS, lambda _: _intent(intent))


def test_a_question_with_nothing_before_it_is_left_as_read() -> None:
    q = _read("What did Portsmouth's revisit find?", "verdict")
    assert resolve(q.question, q, None, AREAS) is q


def test_what_about_another_area_asks_the_last_question_of_it() -> None:
    prev = _read("Did Wokingham make enough progress on transitions?", "verdict")
    q = _read("what about Wandsworth?")
    got = resolve(q.question, q, prev, AREAS)
    assert got.follow_up
    assert got.areas == ("Wandsworth",)
    assert got.intent == "verdict"
    assert got.rewritten == "Did Wandsworth make enough progress on transitions?"


def test_a_year_asked_of_one_area_is_not_carried_to_another() -> None:
    prev = _read("What did Wokingham's March 2021 revisit decide?", "verdict")
    moved = resolve("and over in Wandsworth?", _read("and over in Wandsworth?"), prev, AREAS)
    assert moved.areas == ("Wandsworth",) and moved.year is None
    # ... but a year the follow-up names, or one asked again of the same area, holds
    named = resolve("and Wandsworth in 2022?", _read("and Wandsworth in 2022?"), prev, AREAS)
    assert named.year == 2022
    same = resolve("when was it published?", _read("when was it published?", "date"), prev, AREAS)
    assert same.areas == ("Wokingham",) and same.year == 2021


def test_who_runs_it_after_a_question_on_a_board_asks_about_the_board() -> None:
    prev = _read("What does Portsmouth's SEND steering group oversee?")
    q = resolve("who chairs it?", _read("who chairs it?", "people"), prev, AREAS)
    assert "steering group" in q.rewritten and "inspection" not in q.rewritten, q.rewritten
    # ... after a question on the inspection, "it" is the inspection
    prev = _read("What did Portsmouth's inspection find?", "outcome")
    q = resolve("who led it?", _read("who led it?", "people"), prev, AREAS)
    assert "Portsmouth area SEND inspection" in q.rewritten, q.rewritten


def test_a_pronoun_takes_the_area_talked_about() -> None:
    prev = _read("Did Portsmouth make enough progress on transitions?", "verdict")
    q = _read("when was their revisit?", "date")
    got = resolve(q.question, q, prev, AREAS)
    assert got.areas == ("Portsmouth",)
    assert "Portsmouth's revisit" in got.rewritten
    assert got.context == prev.rewritten


def test_a_question_naming_its_own_area_stands_alone() -> None:
    prev = _read("Did Wokingham make enough progress on transitions?", "verdict")
    q = _read("How long do families in Portsmouth wait for an assessment?")
    assert not is_follow_up(q.question, q, AREAS)
    assert resolve(q.question, q, prev, AREAS) == q


def test_other_areas_exclude_the_ones_talked_about() -> None:
    prev = _read("How is Wandsworth tackling waiting times?")
    q = _read("how did other areas tackle it?")
    got = resolve(q.question, q, prev, AREAS)
    assert got.other_than == ("Wandsworth",)
    assert got.rewritten.endswith("(other than Wandsworth)?")


def test_questions_across_the_collection() -> None:
    assert asks_across("which councils were told to improve?")
    assert not asks_across("did they improve?")


def test_more_about_one_item_of_the_last_answer_asks_about_what_it_said_of_it() -> None:
    prev = _read("Which areas have a good youth club offer for disabled teenagers?",
                 "which_areas")
    reply = ("Two reports praise this, for example Wandsworth's Saturday drama club and "
             "Portsmouth's evening sailing project, run with volunteers.")
    q = _read("Can you tell me more about the Portsmouth one?")
    got = resolve(q.question, q, prev, AREAS, reply)
    assert got.follow_up and got.areas == ("Portsmouth",)
    assert "Portsmouth's evening sailing project" in got.rewritten
    assert "drama club" not in got.rewritten  # the other item stays out
    assert got.intent == "open"  # one area is no "which areas" question


def test_naming_an_area_without_asking_for_more_is_no_item_follow_up() -> None:
    prev = _read("Which areas have a good youth club offer for disabled teenagers?",
                 "which_areas")
    reply = "For example Wandsworth's Saturday drama club."
    q = _read("What did the Wandsworth revisit find?", "verdict")
    got = resolve(q.question, q, prev, AREAS, reply)
    assert "drama club" not in got.rewritten


def test_more_about_the_first_one_is_the_area_the_last_answer_named_first() -> None:
    known = ["Bolton", "Dorset", "Wakefield"]
    prev = _read("which areas have good short breaks?", "which_areas")
    reply = "Dorset: families value the short breaks offer [1]. Wakefield: the offer is broad [2]."
    first = resolve("tell me more about the first one", _read("tell me more about the first one"),
                    prev, known, reply)
    last = resolve("more on the last one please", _read("more on the last one please"), prev,
                   known, reply)
    assert first.areas == ("Dorset",) and "Dorset" in first.rewritten
    assert last.areas == ("Wakefield",)


def test_they_after_a_question_on_a_subject_are_that_subject_of_the_area() -> None:
    prev = _read("is wandsworth any good at ehc plans?", "verdict")
    q = resolve("how long do they take?", _read("how long do they take?", "count"), prev, AREAS)
    assert "Wandsworth's ehc plans" in q.rewritten, q.rewritten
    q = resolve("what did they say about it?", _read("what did they say about it?"), prev, AREAS)
    assert q.areas == ("Wandsworth",)



def test_a_subject_asked_after_an_areas_result_is_read_openly_not_as_the_result_again() -> None:
    prev = _read("we moved to portsmouth last year. how did portsmouth do at inspection?",
                 "outcome")
    q = _read("and what about short breaks?")
    got = resolve(q.question, q, prev, AREAS)
    assert got.follow_up and got.intent == "open" and got.areas == ("Portsmouth",)
    assert got.rewritten == "What do the documents say about short breaks (Portsmouth)?"


def test_what_else_leaves_the_subject_talked_about_behind() -> None:
    prev = _read("what did the portsmouth report say about ehc plans?", "list_findings")
    assert prev.themes
    for text, kept in (("and what must they fix on that?", True),
                       ("what else must they fix?", False),
                       ("anything besides that they have to sort out?", False)):
        q = _read(text, "not_fixed")
        got = resolve(text, q, prev, AREAS)
        assert got.areas == ("Portsmouth",)
        assert bool(got.themes) is kept, (text, got.themes)


def test_that_after_a_story_told_in_the_same_message_is_the_story() -> None:
    prev = _read("how did portsmouth do at inspection?", "outcome")
    text = "ok. my daughter is 16 and has physio at school. will that end when she leaves?"
    got = resolve(text, _read(text, "prediction"), prev, AREAS)
    assert got.areas == ("Portsmouth",)
    assert "did portsmouth do" not in got.rewritten.lower(), got.rewritten
    assert "has physio at school. will that end" in got.rewritten


def test_what_about_x_with_a_story_after_it_is_still_about_x() -> None:
    prev = _read("how did portsmouth do at inspection?", "outcome")
    q = _read("what about camhs? we have been waiting a year", "verdict")
    got = resolve(q.question, q, prev, AREAS)
    assert got.rewritten == "What do the documents say about camhs (Portsmouth)?"


def test_list_them_after_a_count_lists_what_was_counted() -> None:
    prev = _read("How many working groups did Portsmouth set up after its revisit?", "count")
    q = _read("Please list them.", "list_findings")
    got = resolve(q.question, q, prev, AREAS)
    assert "working groups" in got.rewritten and "findings" not in got.rewritten


def test_a_national_body_named_after_england_is_no_question_across_areas() -> None:
    from assistant.understand import understand
    from core.models import Turn

    known = ["Testshire", "Sampleton"]
    q = understand("So what happens to the NHS England monitoring now?",
                   [Turn(role="user", content="Did Testshire fix its weaknesses at the revisit?")],
                   known)
    assert q.areas == ("Testshire",) and q.follow_up, q
    across = understand("is it better anywhere in England?",
                        [Turn(role="user", content="How long are Testshire's waits?")], known)
    assert across.areas == (), across
