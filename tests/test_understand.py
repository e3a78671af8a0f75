"""Reading questions before retrieval: areas, themes, kinds, dates, shapes and follow-ups.

Table-driven over the areas of a real corpus sample (their names as the parser reads them).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from corpus_sample import corpus_sample

from assistant.areas import area_key, find_areas
from assistant.understand import filters_for, understand
from assistant.understanding import vocabulary
from assistant.understanding.claims import checked_claim, content_claim, leaning
from assistant.understanding.clauses import asked_clause, split_question
from assistant.understanding.intents import IntentGuess
from assistant.understanding.query import Query
from core.models import Turn
from core.themes import THEMES


@pytest.fixture(scope="module")
def known() -> list[str]:
    return corpus_sample().areas


def ask(question: str, known: list[str], *history: str) -> Query:
    turns = []
    for text in history:
        turns += [Turn(role="user", content=text), Turn(role="assistant", content="(answer)")]
    return understand(question, turns, known)


AREA_CASES = [
    ("Did Windsor make sufficient progress?", ("Windsor and Maidenhead",)),
    ("RBWM joint commissioning", ("Windsor and Maidenhead",)),
    ("What did Windsor & Maidenhead's revisit find?", ("Windsor and Maidenhead",)),
    ("royal borough of windsor and maidenhead", ("Windsor and Maidenhead",)),
    ("How did Worcs do on the local offer?", ("Worcestershire",)),
    ("what did wandsworth council do about EHCPs", ("Wandsworth",)),
    ("Brighton and post-16", ("Brighton and Hove",)),
    ("What was the outcome for B&D?", ("Barking and Dagenham",)),
    ("How is MK doing?", ("Milton Keynes",)),
    ("Stoke's inspection outcome", ("Stoke-on-Trent",)),
    ("stoke on trent", ("Stoke-on-Trent",)),
    ("Telford", ("Telford and Wrekin",)),
    ("Wokinham transitions", ("Wokingham",)),  # misspellings of areas held
    ("did worcestshire improve", ("Worcestershire",)),
    ("wandsworht EHC plans", ("Wandsworth",)),
    ("Compare Wokingham and Wandsworth on EHC plans", ("Wokingham", "Wandsworth")),
    ("What do the documents say about transitions?", ()),
    ("Which areas had widespread or systemic failings?", ()),
    ("Are the surveys working for parents?", ()),
]


@pytest.mark.parametrize(("question", "areas"), AREA_CASES)
def test_areas_by_name_short_form_and_misspelling(
    question: str, areas: tuple[str, ...], known: list[str]
) -> None:
    q = ask(question, known)
    assert q.areas == areas
    assert all(a in known for a in q.areas)
    assert q.unknown_areas == ()


UNKNOWN_CASES = [
    ("What did Leeds do about EHCPs?", ("Leeds",)),
    ("How did Manchester City Council do?", ("Manchester",)),
    ("Did Basingstoke Council make progress?", ("Basingstoke",)),
    ("Tell me about Hull", ("Kingston upon Hull",)),
    ("Nottingham's inspection", ("Nottingham",)),  # a city, not Nottinghamshire
    # county short forms, for counties the collection does not hold too
    ("what did lancs get at its send inspection?", ("Lancashire",)),
    ("have staffs been inspected yet?", ("Staffordshire",)),
]


@pytest.mark.parametrize(("question", "unknown"), UNKNOWN_CASES)
def test_english_areas_outside_the_collection(
    question: str, unknown: tuple[str, ...], known: list[str]
) -> None:
    q = ask(question, known)
    assert q.unknown_areas == unknown
    assert q.areas == ()


def test_an_area_held_beside_one_not_held(known: list[str]) -> None:
    q = ask("Compare Leeds and Wokingham on transitions", known)
    assert (q.areas, q.unknown_areas) == (("Wokingham",), ("Leeds",))


def test_ordinary_words_are_not_taken_for_areas(known: list[str]) -> None:
    """No word of the corpus text is read as an area unless it names one (or a short form)."""
    sample = corpus_sample()
    names = {w for a in known for w in area_key(a).split()}
    words = {w.lower() for p in sample.passages.values() for w in re.findall(r"[A-Za-z]+", p.text)}
    wrong = {
        (w, m.name) for w in words - names for m in find_areas(w, known)
        if m.known and len(w) > 4
        and w not in {"gloucester", "worcester", "oxford", "hertford", "northants"}
    }  # fmt: skip
    assert not wrong


THEME_CASES = [
    ("what about getting kids ready for adulthood", "transitions"),
    ("moving to adult services", "transitions"),
    ("post-16 options", "transitions"),
    ("Are EHCPs issued on time?", "ehc_plans"),
    ("How long do plans take?", "ehc_plans"),
    ("What about assessments?", "ehc_plans"),
    ("Are they working with parents?", "coproduction"),
    ("joint commissioning", "joint_commissioning"),
    ("waiting lists for speech and language therapy", "waiting_times"),
    ("children missing school because of exclusions", "exclusions_attendance"),
    ("the local offer website", "local_offer"),
]


@pytest.mark.parametrize(("question", "theme"), THEME_CASES)
def test_everyday_words_map_to_themes(question: str, theme: str, known: list[str]) -> None:
    q = ask(question, known)
    assert theme in THEMES
    assert q.themes[:1] == (theme,)


KIND_CASES = [
    ("What did the Wokingham revisit letter say?", "revisit_letter"),
    ("Did Wandsworth make sufficient progress?", "revisit_letter"),
    ("What was in the Bury inspection report?", "inspection_report"),
    ("What did the council report say about transitions?", "committee_report"),
    ("What did the scrutiny committee hear?", "committee_report"),
    ("the briefing note for the panel", "briefing_note"),
]


@pytest.mark.parametrize(("question", "doc_type"), KIND_CASES)
def test_kinds_of_document(question: str, doc_type: str, known: list[str]) -> None:
    assert doc_type in ask(question, known).doc_types


def test_years_and_latest(known: list[str]) -> None:
    q = ask("What did the 2021 revisit find?", known)
    assert (q.year, q.latest) == (2021, False)
    assert ask("What is the latest on Wokingham?", known).latest


SHAPE_CASES = [
    ("Did Wokingham make sufficient progress on transitions?", "verdict"),
    ("What was the outcome of the Bury inspection?", "verdict"),
    ("How many significant weaknesses did Worcestershire have?", "count"),
    ("Which areas did inspectors find had widespread or systemic failings?", "list"),
    ("When was the Wokingham revisit?", "date"),
    ("How did other areas tackle transitions?", "other"),  # practice: the reader answers
    ("Compare Wokingham and Wandsworth on EHC plans", "comparison"),
    ("What did the revisit find?", "summary"),
    ("my son's EHC plan is late, what do I do?", "personal"),
    ("I'm at my wits' end and nobody listens. How do I get help for my son?", "personal"),
    ("Which school is best for autism in Surrey?", "advice"),
    ("Can we take the council to tribunal?", "advice"),
    ("Will Wokingham improve by the next inspection?", "prediction"),
    ("Who were the lead inspectors?", "other"),
    ("who should we phone about our daughter's missing annual review?", "personal"),
    ("Why did Wokingham not make progress on transitions?", "other"),
]


@pytest.mark.parametrize(("question", "shape"), SHAPE_CASES)
def test_question_shapes(question: str, shape: str, known: list[str]) -> None:
    assert ask(question, known).shape == shape


PREMISE_CASES = [
    ("Since Wandsworth failed on EHC plans, what did leaders do next?", "negative"),
    ("Why did Wandsworth fail on EHC plans?", "negative"),
    ("Given that Bury made good progress, what next?", "positive"),
    ("Did Wandsworth fail on EHC plans?", None),  # a question, not a premise
    # a claim stated before the question, reported, or worded as a statement
    ("Bury got a good outcome at its inspection. Which schemes should we copy?", "positive"),
    ("A colleague said that Bolton's inspection went badly - is that so?", "negative"),
    ("so the revisit found they fixed everything?", "positive"),
    # a weakness said not fixed, or everything said sorted out, is a premise to check
    ("As Bury's revisit found they still hadn't fixed transitions, what now?", "negative"),
    ("Given the revisit found Wandsworth had not resolved its plan delays, what next?",
     "negative"),
    ("since wokingham sorted out everything at the revisit, why are we still waiting?",
     "positive"),
    # the asker's own life is not a claim about an inspection
    ("Our year has been bad. What did the Bury report find on EHC plans?", None),
    # the middle outcome claimed is a premise of its own, no failure
    ("Given Bolton's inconsistent outcome, when will it be inspected again?", "middle"),
    ("Bury had a mixed outcome at its inspection. What should it focus on?", "middle"),
]


@pytest.mark.parametrize(("question", "premise"), PREMISE_CASES)
def test_premises(question: str, premise: str | None, known: list[str]) -> None:
    assert ask(question, known).premise == premise


FIRST = "Did Wokingham make sufficient progress on transitions?"
FOLLOW_UPS = [
    # (history, follow-up, words the rewrite must contain, areas, first theme, shape)
    ((FIRST,), "what about Wandsworth?", ("Wandsworth", "sufficient progress", "transitions"),
     ("Wandsworth",), "transitions", "verdict"),
    ((FIRST,), "And RBWM?", ("Windsor and Maidenhead", "transitions"),
     ("Windsor and Maidenhead",), "transitions", "verdict"),
    ((FIRST,), "what about EHC plans?", ("Wokingham", "EHC plans"), ("Wokingham",), "ehc_plans",
     "verdict"),
    ((FIRST,), "and when was that?", ("When", "Wokingham revisit"), ("Wokingham",),
     "transitions", "date"),
    ((FIRST,), "why?", ("Wokingham", "transitions", "Why"), ("Wokingham",), "transitions",
     "other"),
    ((FIRST, "what about Wandsworth?"), "and co-production?", ("Wandsworth", "co-production"),
     ("Wandsworth",), "coproduction", "verdict"),
    (("What did the Wandsworth revisit find?",), "Who were the inspectors?",
     ("inspectors", "Wandsworth"), ("Wandsworth",), None, "other"),
]


@pytest.mark.parametrize(("history", "question", "words", "areas", "theme", "shape"), FOLLOW_UPS)
def test_follow_ups_are_rewritten_from_the_history(
    history: tuple[str, ...], question: str, words: tuple[str, ...], areas: tuple[str, ...],
    theme: str | None, shape: str, known: list[str],
) -> None:  # fmt: skip
    q = ask(question, known, *history)
    assert q.follow_up
    assert all(w.lower() in q.rewritten.lower() for w in words), q.rewritten
    assert q.areas == areas
    assert (q.themes[0] if q.themes else None) == theme
    assert q.shape == shape


def test_a_new_standalone_question_ignores_the_history(known: list[str]) -> None:
    q = ask("How many significant weaknesses did Worcestershire have?", known, FIRST)
    assert not q.follow_up
    assert q.areas == ("Worcestershire",)
    assert q.rewritten == q.question


def test_other_areas_after_an_area_excludes_it(known: list[str]) -> None:
    q = ask("How did other areas tackle transitions?", known, FIRST)
    assert (q.areas, q.other_than, q.intent) == ((), ("Wokingham",), "practice")


@pytest.mark.parametrize("question", [
    "Bolton's parents wait a year for a sensory assessment. Is that the same in any other area?",
    "Plymouth lost its speech therapy provider last year - did it happen anywhere else?",
    "In Bury the portal keeps crashing, have other councils reported the same",
])
def test_areas_told_before_a_question_about_other_areas_are_left_out(
        known: list[str], question: str) -> None:
    """(made-up statements) What is said of the area named first is the subject, asked across
    the rest: a question about which areas, never a check of the statement."""
    q = ask(question, known)
    assert (q.areas, q.intent, q.claim) == ((), "which_areas", ""), q
    assert len(q.other_than) == 1 and q.other_than[0] not in q.rewritten


@pytest.mark.parametrize("question", [
    "plymouth - my son is 9 with autism and we've been told there are no special school "
    "places. are any new places opening?",
    "trafford: have any new short break places been opened?",
])
def test_one_area_named_and_nothing_asked_across_areas_is_about_that_area(
        known: list[str], question: str) -> None:
    q = ask(question, known)
    assert len(q.areas) == 1 and q.intent != "which_areas", q


def test_an_area_named_after_a_question_about_other_areas_is_not_left_out(
        known: list[str]) -> None:
    q = ask("How have other areas cut exclusions of children with SEND? Someone mentioned "
            "Telford.", known)
    assert q.other_than == () and q.areas == ("Telford and Wrekin",)


def test_a_label_naming_a_subject_says_what_a_comparison_is_about(known: list[str]) -> None:
    q = ask("Comparing short breaks for disabled children: how do Plymouth and Bury differ?",
            known)
    assert q.intent == "compare" and "short breaks" in q.asked, q


def test_a_follow_up_about_an_area_not_held(known: list[str]) -> None:
    q = ask("what about Leeds?", known, FIRST)
    assert (q.areas, q.unknown_areas) == ((), ("Leeds",))


def test_filters_name_the_area_and_only_kinds_and_years_that_exist(known: list[str]) -> None:
    docs = corpus_sample().documents
    f = filters_for(ask("What did the 2021 Wokingham revisit find?", known), docs)
    assert f is not None
    assert f.area == ["Wokingham"]
    assert f.doc_type == ["revisit_letter"]
    assert (f.date_from, f.date_to) == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    # Bury has no revisit letter: a kind filter would empty the search, so none is set.
    f = filters_for(ask("Did Bury make sufficient progress?", known), docs)
    assert f is not None
    assert (f.area, f.doc_type) == (["Bury"], None)
    assert filters_for(ask("What do the documents say about transitions?", known), docs) is None
    # when a document came out is told by the papers after it: neither its kind nor its year
    f = filters_for(ask("When did the 2021 Wokingham revisit letter come out?", known), docs)
    assert f is not None and (f.doc_type, f.date_from) == (None, None), f


@pytest.mark.parametrize(("question", "follow_up"), [
    ("When?", True),
    ("How many?", True),
    ("What is SENDIASS?", False),
    ("Who were the lead inspectors at Bury?", False),
    ("Which areas had widespread or systemic failings?", False),
    ("Was transitions a problem?", True),
])  # fmt: skip
def test_bare_questions_lean_on_the_last_one(
    question: str, follow_up: bool, known: list[str]
) -> None:
    q = ask(question, known, "What did the Wandsworth revisit find?")
    assert q.follow_up == follow_up
    assert q.areas == (("Wandsworth",) if follow_up else q.areas)


def test_a_lower_case_area_is_a_place_unless_used_as_a_verb(known: list[str]) -> None:
    assert [m.name for m in find_areas("we're in bury and waiting", known)] == ["Bury"]
    assert [m.name for m in find_areas("what are bury being told to fix?", known)] == ["Bury"]
    assert find_areas("how do you bury the pipe?", known) == []
    # a sentence ends after the place: no verb object follows ("... in bury? my sister ...")
    assert [m.name for m in find_areas("any better in bury? my sister lives there", known)] \
        == ["Bury"]
    # an ordinary word that names an area the collection lacks needs its capital
    assert find_areas("help with reading at home", known) == []


# In a conversation the area stays the subject until the user names another or asks across
# areas; informal spellings without apostrophes read as the words they stand for.
REVISIT = "Did Wandsworth fix everything at its revisit?"


@pytest.mark.parametrize(("question", "areas"), [
    ("how long is the wait for a wheelchair assessment for my boy?", ("Wandsworth",)),
    ("Up to what age does their short breaks offer run?", ("Wandsworth",)),
    ("is anywhere doing better on short breaks?", ()),
    ("Which councils were told to improve their short breaks?", ()),
    ("what about Bury?", ("Bury",)),
])  # fmt: skip
def test_the_area_talked_about_carries_over_until_changed(
    question: str, areas: tuple[str, ...], known: list[str]
) -> None:
    assert ask(question, known, REVISIT).areas == areas


def test_a_missing_apostrophe_is_read_as_the_contraction(known: list[str]) -> None:
    q = ask("which one wasnt sorted? im asking for my daughter", known, REVISIT)
    assert "wasn't sorted" in q.rewritten and "I'm asking" in q.rewritten
    assert q.areas == ("Wandsworth",)


def test_those_are_the_rows_of_the_previous_question(known: list[str]) -> None:
    q = ask("which of those concern EHC plans?", known,
            "list the areas for improvement in Bolton")
    assert q.areas == ("Bolton",)
    assert "areas for improvement" in q.rewritten and q.themes[0] == "ehc_plans"


def test_that_before_a_thing_just_named_points_at_the_thing(known: list[str]) -> None:
    turns = [Turn(role="user", content="Who helped Wokingham with its action plan?"),
             Turn(role="assistant", content="A neighbouring council offered a mentoring scheme.")]
    q = understand("what did that scheme cover?", turns, known)
    assert q.rewritten.lower().startswith("what did the scheme cover")
    assert q.areas == ("Wokingham",)
    assert q.context == "Who helped Wokingham with its action plan?"  # searched with it
    # a bare "that" still stands for what was talked about
    assert "Wokingham" in understand("when did that happen?", turns, known).rewritten


def test_an_answer_naming_one_area_makes_it_the_area_talked_about(known: list[str]) -> None:
    turns = [Turn(role="user", content="Any examples of parents helping to design services?"),
             Turn(role="assistant", content="In Bolton, the parent carer forum co-wrote ...")]
    assert understand("what else do they do with families?", turns, known).areas == ("Bolton",)
    turns[1] = Turn(role="assistant", content="Bolton and Bury both describe ...")
    assert understand("what else do they do with families?", turns, known).areas == ()


def test_comparing_with_a_new_area_asks_the_last_measure_of_both(known: list[str]) -> None:
    q = ask("how does that compare with Bury?", known,
            "how long do families in Bolton wait for speech therapy?")
    assert q.areas == ("Bolton", "Bury") and q.intent == "compare"
    assert "speech therapy" in q.rewritten


@pytest.mark.parametrize(("question", "words"), [
    # "that" is what the last question asked about, except when and who ask of the document
    ("what is the council doing about that?", ("doing about that", "breaks")),
    ("when was that?", ("When", "Bolton inspection")),
    # "and ...?" with a question of its own is not the last question asked again
    ("and are overnight stays easy to get there?", ("overnight stays easy", "in Bolton")),
])  # fmt: skip
def test_what_that_and_there_point_at(
    question: str, words: tuple[str, ...], known: list[str]
) -> None:
    q = ask(question, known, "Does Bolton have enough short breaks?")
    assert all(w in q.rewritten for w in words), q.rewritten


def test_areas_of_what_was_just_said_are_not_places(known: list[str]) -> None:
    q = ask("what areas do those groups cover?", known, "how many working groups does Bury run?")
    assert q.areas == ("Bury",)


def test_a_year_beats_a_kind_read_from_other_words(known: list[str]) -> None:
    docs = corpus_sample().documents
    q = ask("How often had the improvement board met by the 2020 report?", known,
            "Who oversees Wokingham's written statement of action?")
    assert q.doc_types  # the WSOA words suggest a revisit letter ...
    f = filters_for(q, docs)
    assert f is not None and f.doc_type is None  # ... but only a council paper is from 2020
    assert f.date_from == dt.date(2020, 1, 1)


@pytest.mark.parametrize(("question", "checks"), [
    # asked to confirm a fact: the question is the whole request, no claim to check
    ("For the committee, please confirm the outcome of Bury's 2024 inspection.", False),
    # asked to confirm a claim: a check
    ("Bury got the top outcome. Can you confirm the next inspection is in five years?", True),
    ("Bury got the top outcome, please confirm.", True),
])
def test_please_confirm_the_outcome_asks_for_it_and_can_you_confirm_checks_a_claim(
        known: list[str], question: str, checks: bool) -> None:
    q = ask(question, known)
    assert vocabulary.CONFIRMS.mentions(q.question) is checks
    if not checks:
        assert "outcome" in q.asked, q.asked  # not "For the committee, please"


@pytest.mark.parametrize(("question", "reads"), [
    # a topic stated before "what did they find?": what they found on it
    ("We're reviewing how health visitors reach new parents. What did the Bury and Wokingham "
     "inspections find?", True),
    ("I'm looking into waiting lists for speech therapy. What did the Bury inspection find?",
     True),
    # a finding stated on a subject, even in one word: what each found on it
    ("A few reports were critical of portage. What did the Bury and Dorset reports say?", True),
    ("Bury and Dorset both had issues with hydrotherapy. What did each report say?", True),
    # what happened, or the question's own subject: the inspections' findings as asked
    ("We moved to the area last year. What did the Bury inspection find?", False),
    ("Bury and Dorset were both inspected in 2024. What did each report say?", False),
    ("We're reviewing how health visitors reach new parents. What did the Bury inspection "
     "find about EHC plans?", False),
])
def test_what_inspections_found_after_a_topic_stated_is_read_on_that_topic(
        known: list[str], question: str, reads: bool) -> None:
    assert ask(question, known).reads_story is reads


def test_a_kind_the_question_names_beats_a_year_carried_from_an_earlier_turn(
        known: list[str]) -> None:
    docs = corpus_sample().documents
    turns = [Turn(role="user", content="How did Windsor do at its 2019 revisit?"),
             Turn(role="assistant", content="Made-up reply for the test.")]
    q = understand("and what does the council briefing note say about it?", turns, known)
    assert q.year == 2019 and "briefing_note" in q.doc_types  # the year came with the turn
    f = filters_for(q, docs)
    assert f is not None and f.doc_type == ["briefing_note"], f


@pytest.mark.parametrize(("reply", "follow_up"), [
    # the answer called findings "areas": "which areas ...?" asks about those
    ("It made sufficient progress in four of the six areas of weakness.", True),
    ("Two areas still need work: waiting times and joint commissioning.", True),
    # the answer named no findings as areas: "which areas ...?" asks about places
    ("It made sufficient progress on transitions.", False),
])
def test_which_areas_after_an_answer_calling_findings_areas_asks_about_those(
        known: list[str], reply: str, follow_up: bool) -> None:
    turns = [Turn(role="user", content="How did Wokingham do at its revisit?"),
             Turn(role="assistant", content=reply)]
    q = understand("Which areas are still not good enough?", turns, known)
    assert (q.areas == ("Wokingham",)) is follow_up, q


@pytest.mark.parametrize(("text", "clause"), [
    ("after the council got its new director, did short breaks get any better?",
     "did short breaks get any better?"),
    ("When the team visited again, what did they say about annual reviews?",
     "what did they say about annual reviews?"),
    ("when was the revisit, and who led it?", "when was the revisit, and who led it?"),
])
def test_a_leading_time_clause_is_not_what_is_asked(text: str, clause: str) -> None:
    from assistant.understanding.clauses import asked_clause

    assert asked_clause(text) == clause


@pytest.mark.parametrize(("text", "parts"), [
    ("Who chaired the board, and when did it first meet?",
     ["Who chaired the board?", "When did it first meet?"]),
    ("what is a short break and how would a family get one?",
     ["what is a short break?", "How would a family get one?"]),
    # one question: a verb after a bare "and" goes on with the same subject; short halves
    ("Which areas were inspected in 2024 and were found to be typically positive?", None),
    ("what is working and what isn't?", None),
    # after a question mark, "and" starts the second question whatever its first word
    ("is there a parents' group in testshire? and anything for teenagers to have a say?",
     ["is there a parents' group in testshire?", "Anything for teenagers to have a say?"]),
])
def test_a_question_asking_two_things_is_split(text: str, parts: list[str] | None) -> None:
    assert split_question(text) == (parts or [text])


@pytest.mark.parametrize(("follow_up", "keeps_theme"), [
    ("and the areas for improvement on that?", True),  # "that": the theme talked about
    ("what were its areas for improvement overall?", False),  # every finding of its kind
    ("what were the areas for improvement?", False),
    ("and what about waiting lists?", False),  # a theme of its own
])
def test_a_follow_up_naming_a_kind_of_finding_keeps_the_theme_only_when_pointed_at(
    follow_up: str, keeps_theme: bool, known: list[str]
) -> None:
    q = ask(follow_up, known, "What did Bolton's report say about EHC plans?")
    assert q.areas == ("Bolton",)
    assert ("ehc_plans" in q.themes) == keeps_theme, q.themes


def test_a_label_before_the_question_is_not_what_is_asked(known: list[str]) -> None:
    q = ask("For tonight's committee: did Bury's report set any priority actions?", known)
    assert "committee_report" not in q.doc_types  # the meeting is the audience
    assert asked_clause(q.question) == "did Bury's report set any priority actions?"
    labelled = ask("Council committee report: what risks does it list for Bury?", known)
    assert "committee_report" in labelled.doc_types  # a label naming the document asked about
    assert asked_clause("Bury, what happened next?") == "Bury, what happened next?"
    tail = ask("Please sum up the Bolton inspection for my scrutiny briefing.", known)
    assert "briefing_note" not in tail.doc_types  # who it is for, not a document asked about
    named = ask("Ahead of the Adults, Children and Health Overview and Scrutiny Panel, what "
                "did Bury's report find?", known)
    assert "committee_report" not in named.doc_types  # a purpose naming its panel in full


def test_a_parents_story_does_not_narrow_a_question_asking_for_every_finding(
    known: list[str],
) -> None:
    story = "my son is 7 and has waited a year for speech therapy."
    whole = ask(f"{story} what did the plymouth report tell them to improve?", known)
    assert whole.intent == "list_findings" and whole.themes == ()
    pointed = ask(f"{story} what did the plymouth report say about that?", known)
    assert pointed.themes  # "that" points back at the story


def test_a_comparison_naming_one_area_asks_its_next_best_intent(known: list[str]) -> None:
    def compare_first(text: str) -> IntentGuess:
        return IntentGuess("compare", 0.6, 0.2, runner_up="list_findings")

    one = understand("what could Trafford do better?", [], known, compare_first)
    assert (one.intent, one.shape) == ("list_findings", "list")
    two = understand("could Trafford do better than Bolton?", [], known, compare_first)
    assert two.intent == "compare"
    others = understand("how does Trafford compare with other areas?", [], known, compare_first)
    assert others.intent == "compare"


def test_the_askers_own_case_at_tribunal_is_a_personal_question(known: list[str]) -> None:
    q = ask("bolton never finished our plan on time. if we take the council to tribunal would "
            "we win?", known)
    assert q.intent == "personal", q


@pytest.mark.parametrize(("question", "own"), [
    ("did the inspectors in Bolton mention my son when they came to his school?", True),
    ("is my daughter Maisie's plan in Trafford going to be ready by September?", True),
    ("my son Ben is 6 and autistic. what did the Bolton report find?", False),  # a story
    ("my son is 6. did the Bolton inspectors talk about autism assessments?", False),
    ("did the Bolton report mention speech therapy waits?", False),
    ("bolton. was my son named in the report? he goes to the sensory club", True),
    ("is my daughter Zara discussed anywhere in the Bolton letter?", True),
    ("my son mentioned the Bolton inspectors visited. what did they find?", False),
    ("my daughter's wheelchair is too small. did inspectors say anything about bolton's waits",
     False),
    # who the inspectors talked to or met
    ("did the bolton inspectors speak to my son at his school?", True),
    ("did they meet my daughter freya when they came to bolton?", True),
    ("did the bolton inspectors talk to parents?", False),
])
def test_a_question_about_the_askers_own_child(question: str, own: bool, known: list[str]) -> None:
    q = ask(question, known)
    assert q.own_child is own
    if own:  # refused as personal, whatever the classifier makes of the rest
        assert q.shape == "personal"


def test_two_areas_and_a_word_that_ranks_them_make_a_comparison(known: list[str]) -> None:
    q = ask("i'm in plymouth and my brother is in trafford. who came out on top?", known)
    assert (q.intent, q.shape) == ("compare", "comparison")
    assert ask("who led the plymouth and trafford inspections?", known).intent == "people"
    q = ask("Bolton and Bury were both inspected in 2024. How did their results differ?", known)
    assert q.intent == "compare"
    # "which of our two areas ...?" is no question across the collection: the two are compared
    q = ask("my cousin lives in bury and we're in bolton. which of our two councils did better?",
            known)
    assert (q.intent, q.shape) == ("compare", "comparison")


def test_a_comparison_follow_up_carries_the_story_of_the_last_question(
    known: list[str],
) -> None:
    q = ask("and how does bury compare?", known,
            "I'm looking at speech therapy waits. What does the Bolton report say?")
    assert q.intent == "compare" and set(q.areas) == {"Bolton", "Bury"}
    assert "speech therapy waits" in asked_clause(q.rewritten)


def test_a_question_pointing_back_at_the_story_is_read_not_answered_as_a_whole(
    known: list[str],
) -> None:
    # "did they notice?" after a story asks whether the documents say what the story says,
    # not for the area's outcome
    q = ask("We're in Bury and have waited ages for a wheelchair. Did the inspection pick up "
            "on that?", known)
    assert q.intent == "open" and q.areas == ("Bury",)
    assert q.reads_story and "wheelchair" in q.asked


def test_a_story_before_a_question_ranking_areas_gives_it_no_theme(known: list[str]) -> None:
    # the story's EHC plans say who is asking; "did better" ranks the whole results
    q = ask("my niece lives in bury and my son in plymouth, both have ehc plans. which of "
            "the two came out better?", known)
    assert set(q.areas) == {"Bury", "Plymouth"} and q.themes == (), q
    # ... while a ranking on a subject keeps it
    q = ask("which of bury and plymouth is better on ehc plans?", known)
    assert q.themes[:1] == ("ehc_plans",), q


def test_a_sentence_about_an_areas_documents_says_what_a_bare_question_asks(
    known: list[str],
) -> None:
    # the subject is in the sentence before a question that has none of its own
    q = ask("The Bury report describes a new sleep clinic. What difference has it made?", known)
    assert q.reads_story and "sleep clinic" in q.asked
    # ... nor the asker's own story
    q = ask("We moved to Bury last year. What difference has it made?", known)
    assert "moved" not in q.asked
    # asked for each area's result, the sentence is read when it names a subject of its own
    q = ask("Plymouth and Rutland were both praised for short breaks. What did each report say?",
            known)
    assert q.reads_story and "short breaks" in q.asked, q
    q = ask("Rutland's report came out in August 2023. What did it find?", known)
    assert not q.reads_story and q.intent == "summary", q


def test_naming_again_only_the_area_talked_about_keeps_the_last_subject(
    known: list[str],
) -> None:
    q = ask("so what is there for families in bury meanwhile?", known,
            "how long are the waits for an autism assessment in Bury?")
    assert q.follow_up and q.context and "autism" in q.context


def test_a_town_called_by_its_everyday_name() -> None:
    found = find_areas("anything for families in darlo while they wait?", ["Darlington", "Bury"])
    assert [m.name for m in found] == ["Darlington"]


def test_an_area_asked_about_that_after_a_question_across_areas_keeps_its_theme(
    known: list[str],
) -> None:
    q = ask("and what did Bolton do about that?", known,
            "How have councils improved their short breaks offer?")
    assert q.areas == ("Bolton",) and q.follow_up
    assert q.themes or "short breaks" in q.rewritten


@pytest.mark.parametrize(("told", "question", "own"), [
    ("my daughter amelia goes to a special school in Bolton", "did the report say anything "
     "about amelia's school?", True),
    ("my son Theo has an EHC plan in Trafford", "is there anything about Theo in it?", True),
    ("my son Theo has an EHC plan in Trafford", "what did they say about how long plans take?",
     False),
    ("my son Theo has an EHC plan in Trafford", "what does it say about theo's annual review?",
     True),
    ("my son needs speech therapy in Bolton", "what does the report say about the needs of "
     "autistic children?", False),
])
def test_a_name_told_earlier_and_asked_about_is_the_askers_own_child(
        told: str, question: str, own: bool, known: list[str]) -> None:
    q = ask(question, known, told)
    assert q.own_child is own
    if own:
        assert q.shape == "personal"


@pytest.mark.parametrize(("question", "claim", "lean"), [
    ("Testshire's report praised its family hubs. What do they offer?",
     "Testshire's report praised its family hubs.", 1),
    ("given the huge backlog for sensory assessments in testshire, what is being done?",
     "the huge backlog for sensory assessments in testshire", -1),
    ("testshire barely uses alternative provision, is that why my son was excluded?",
     "testshire barely uses alternative provision", -1),
    ("why are annual reviews always late in testshire?? we're still waiting",
     "annual reviews always late in testshire??", -1),
])
def test_a_claim_about_a_reports_content_is_read_with_its_leaning(
    question: str, claim: str, lean: int,
) -> None:
    assert content_claim(question) == claim
    assert leaning(claim) == lean


@pytest.mark.parametrize("question", [
    "my son is 9 and his plan is late. what did the report say about plans in testshire?",
    "What did the Testshire report say about short breaks?",
    "Quick one for a table: what outcome did Testshire get?",
])
def test_a_question_claiming_nothing_about_a_report_has_no_claim(question: str) -> None:
    assert content_claim(question) == ""


@pytest.mark.parametrize(("question", "claim"), [
    ("a friend said families in testshire wait a year for physio, is that right?",
     "families in testshire wait a year for physio"),
    ("in testshire the hearing team sees babies within days, correct?",
     "in testshire the hearing team sees babies within days"),
    ("apparently the short breaks in testshire have a two year waiting list. true?",
     "the short breaks in testshire have a two year waiting list"),
    ("Is it true that testshire closed its portage service?",
     "testshire closed its portage service"),
    ("Can you confirm the outcome of the Testshire inspection?", ""),
    ("ok. true?", ""),
    ("how many things has testshire got to put right?", ""),
    ("testshire has a huge physio waiting list right? how long is it?",
     "testshire has a huge physio waiting list"),
    # a statement asked back
    ("great, so the sensory waits in testshire came down then?",
     "the sensory waits in testshire came down then"),
    ("so what did the testshire report find?", ""),
    # a question tag, or what was heard asked back
    ("testshire camhs make you wait a year for a first appointment, don't they?",
     "testshire camhs make you wait a year for a first appointment"),
    ("the portage team in testshire is brilliant isn't it?",
     "the portage team in testshire is brilliant"),
    ("heard testshire is hopeless at finishing plans on time, most are late apparently? my "
     "nephew is next", "testshire is hopeless at finishing plans on time, most are late "
     "apparently"),
    # ... not the asker's own life, nor when a later question asks something else
    ("apparently we go back to the start of the queue?? does the testshire report say how "
     "long that takes", ""),
])
def test_the_statement_a_question_asks_to_check_is_found(question: str, claim: str) -> None:
    assert checked_claim(question) == claim


@pytest.mark.parametrize(("question", "checks"), [
    # a claim about what a report says on a subject: its sentences on that subject are read
    ("my neighbour says kids in Wokingham wait two years for a wheelchair, is that true?", True),
    ("i heard the autism assessment in wokingham takes months. right?", True),
    # a claim about an inspection or its result: the findings table checks it
    ("Wokingham fixed all its weaknesses at the revisit, is that right?", False),
    ("wokingham got a positive outcome, true?", False),
    ("When was the Wokingham revisit?", False),
])
def test_a_claim_on_a_reports_subject_is_read_not_answered_with_the_result(
        question: str, checks: bool, known: list[str]) -> None:
    q = ask(question, known)
    assert q.checks_claim is checks
    if checks:
        assert q.intent == "open"
        assert "is that" not in q.asked and "right?" not in q.asked and "heard" not in q.asked
        assert q.story == ""


@pytest.mark.parametrize(("sentence", "lean"), [
    ("While most plans are now issued on time, they remain of poor quality.", -1),
    ("Although waits were long, leaders have improved the offer.", 1),
    ("The service is not always effective.", -1),
    ("Leaders meet every month.", 0),
    # the asker's own words for it
    ("testshire has a huge sensory team waiting list", -1),
    ("they are useless at answering emails", -1),
    ("so the physio waits came down then", 1),
])
def test_a_sentence_leans_on_what_it_asserts_after_a_concession(sentence: str, lean: int) -> None:
    assert leaning(sentence) == lean


def test_it_after_what_is_still_not_fixed_is_the_weakness_the_answer_named(
    known: list[str],
) -> None:
    turns = [Turn(role="user", content="what is still not fixed in testshire's neighbour "
                                       "wokingham?"),
             Turn(role="assistant", content="One weakness: the pathway for young people moving "
                                            "into adulthood and adult services [1].")]
    q = understand("what is the council doing about it?", turns, known)
    assert q.themes == ("transitions",), q
    # a reply about an area as a whole names many subjects: no one of them is "it"
    turns = [Turn(role="user", content="how did wokingham do?"),
             Turn(role="assistant", content="It found good transitions to adulthood [1].")]
    assert understand("what else do they need to improve?", turns, known).themes == ()


@pytest.mark.parametrize("question, subject", [
    ("Hunting for good transitions work. What has Bury done?", "transitions"),
    ("We want ideas for cutting speech therapy waits: what did Bolton do?", "speech therapy"),
    ("Our schools keep excluding pupils with an EHC plan. How has Bury handled that?",
     "excluding"),
    ("We want families to stop telling their story twice. How has Bury approached that?",
     "story twice"),
])
def test_what_is_wanted_said_before_a_question_with_no_subject_is_what_it_asks(
        question: str, subject: str, known: list[str]) -> None:
    q = ask(question, known)
    assert q.intent == "practice" and q.reads_story and subject in q.asked, q


def test_a_question_with_its_own_subject_does_not_read_the_preface(known: list[str]) -> None:
    q = ask("Hunting for ideas on transitions. What has Bury done on short breaks?", known)
    assert not q.reads_story and "transitions" not in q.asked, q


def test_a_preface_saying_what_is_wanted_is_no_part_of_the_question() -> None:
    asked = asked_clause("Governors of the Testshire council have asked for a briefing: what "
                         "did the inspection conclude?")
    assert asked == "what did the inspection conclude?"
    # a preface naming what is compared is part of the question
    assert asked_clause("Comparing the Testshire (2022) and Westdale (2021) SEND revisits: how "
                        "did the two do?").startswith("Comparing")


def test_a_follow_up_telling_no_story_keeps_the_one_told_before(known: list[str]) -> None:
    q = ask("is anything on at weekends?", known,
            "we both do shifts and our girl needs physio. how is bury doing?")
    assert q.follow_up and "shifts" in q.story and "physio" in q.story
    own = ask("we moved house last month. is anything on at weekends?", known,
              "we both do shifts and our girl needs physio. how is bury doing?")
    assert own.story.lower().startswith("we moved house") and "shifts" not in own.story


@pytest.mark.parametrize(("question", "theme", "read"), [
    # "identify" as the question's verb is not the identification theme
    ("Which dangers did the officers' paper identify for the panel?", "identification", False),
    ("what did the testshire report identify as weak?", "identification", False),
    ("how quickly are children identified as needing help?", "identification", True),
    ("is testshire good at identifying needs in the early years?", "identification", True),
    ("what about early identification?", "identification", True),
    # the council and NHS named as who was told what to do are the partnership, no subject
    ("how many urgent actions were the council and the NHS given in testshire?",
     "health_services", False),
    ("did the NHS and council get told off?", "health_services", False),
    ("what does the nhs offer autistic teenagers there?", "health_services", True),
])
def test_a_theme_is_what_is_asked_about_not_a_verb_or_who_was_told(
        question: str, theme: str, read: bool) -> None:
    from assistant.question_words import themes_of

    assert (theme in themes_of(question)) is read, themes_of(question)


def test_anywhere_to_go_asked_after_an_areas_question_stays_in_that_area(
        known: list[str]) -> None:
    # "anywhere I can ..." is a place to go, not a question across areas
    q = ask("is there anywhere we could pop in and ask about speech therapy for our son?", known,
            "how long is the wait for speech therapy in bury?")
    assert q.areas == ("Bury",), q
    q = ask("is anywhere doing better on speech therapy waits?", known,
            "how long is the wait for speech therapy in bury?")
    assert q.areas == (), q


def test_a_sentence_that_only_acknowledges_the_last_answer_claims_nothing(
        known: list[str]) -> None:
    q = ask("great, thanks. and what did the inspection conclude overall?", known,
            "does bury listen to its parent carer forum?")
    assert q.intent == "outcome" and q.areas == ("Bury",) and not q.claim, q
    assert not q.reads_story, q


def test_a_pronoun_after_a_clause_naming_its_subject_points_at_that_subject(
        known: list[str]) -> None:
    # "it" is the speech therapy list named just before, not the last question's subject
    q = ask("the speech therapy list must be huge like everywhere else, how long is it?", known,
            "what did the bury report say about ehc plans overall?")
    assert q.areas == ("Bury",) and "ehc" not in q.rewritten.lower(), q
    # a yes-or-no question still weighs it against what was talked about
    q = ask("and if we ask for a needs assessment instead, is that any quicker?", known,
            "how long is the wait for speech therapy in bury?")
    assert "speech therapy" in q.rewritten.lower(), q


@pytest.mark.parametrize(("question", "intent"), [
    # the named area is the subject: what it did, not which areas ("councils" is its partners)
    ("What did Bolton do jointly with neighbouring councils to tackle autism assessment "
     "waiting lists?", "practice"),
    # how often: a frequency the text states, never a date
    ("How often does the Wokingham SEND Improvement Board get together?", "open"),
    # a view asked on something: what the text says, not the findings its "improvement" names
    ("What was the inspectors' view on the speed of improvement in Bury?", "open"),
])
def test_a_question_is_read_for_what_it_asks_not_for_a_word_it_uses(
        known: list[str], question: str, intent: str) -> None:
    q = ask(question, known)
    assert q.intent == intent or (intent == "practice" and q.intent != "which_areas"), q


def test_that_thing_is_read_as_the_last_turn_named_it(known: list[str]) -> None:
    turns = [Turn(role="user", content="Why did Wokingham have to write a plan after 2019?"),
             Turn(role="assistant", content="Inspectors required a written statement of action "
                                            "from the council and the CCG.")]
    q = understand("and when was that statement signed off as fit for purpose?", turns, known)
    assert "written statement of action" in q.rewritten, q.rewritten
    # a word that was one of a name's two words points at the thing asked about, not the name
    turns = [Turn(role="user", content="what did bury say about therapy waits?"),
             Turn(role="assistant", content="Waits for occupational therapy are long.")]
    q = understand("what was planned for those therapy waits?", turns, known)
    assert "occupational" not in q.rewritten.lower(), q.rewritten
