"""How the reader chooses sentences, on made-up passages (test data, not inspection content):
what "how long?" asks for, a sentence that points back, several named areas read one by one,
and when a missing question word is reason enough to say the documents don't say.
The real embedding model scores meaning, as in the service."""

from __future__ import annotations

import pytest

from assistant import terms
from assistant.answering.answer import extractive_answer
from assistant.answering.question_terms import analyse_question
from assistant.answering.reading import SentenceVectors
from assistant.answering.scoring import names_a_scheme, next_inspection_unasked, states_problem
from core.config import get_settings
from core.embeddings import LazyEmbedder
from core.models import Passage, SearchHit


def _passage(area: str, text: str, n: int = 0, heading: str = "What is effective") -> Passage:
    return Passage(
        chunk_id=f"test-{area}-{n}", doc_id=f"test-{area}", title=f"{area} test report",
        area=area, doc_type="inspection_report", date="2024-01-01", source="test.txt",
        position=n, heading=heading, text=text,
    )


def _hits(*passages: Passage) -> list[SearchHit]:
    return [SearchHit(passage=p, score=0.9 - 0.1 * i, dense_score=0.6 - 0.05 * i)
            for i, p in enumerate(passages)]


@pytest.fixture(scope="module")
def vectors() -> SentenceVectors:
    return SentenceVectors(LazyEmbedder(get_settings()))


def test_how_long_is_answered_with_a_length_of_time(vectors: SentenceVectors) -> None:
    hits = _hits(_passage("Testshire", (
        "Families told inspectors that the wait for occupational therapy is too long. "
        "Children currently wait 41 weeks for a first occupational therapy appointment. "
        "Leaders have recruited more therapists.")))
    answer = extractive_answer("How long is the wait for occupational therapy in Testshire?",
                               hits, "count", vectors=vectors)
    assert "41 weeks" in answer.answer, answer.answer


def test_a_wait_asked_about_in_other_words_is_answered_with_its_length(
    vectors: SentenceVectors,
) -> None:
    hits = _hits(_passage("Testshire", (
        "Waiting lists for the sensory service are a concern for families. "
        "Leaders review the sensory waiting list every month with schools. "
        "Families on the sensory waiting list are sent a termly newsletter. "
        "The sensory waiting list is shared with the parent carer forum. "
        "Some children wait over a year for a first sensory assessment.")))
    answer = extractive_answer("are testshire families waiting ages for sensory assessments?",
                               hits, "open", vectors=vectors)
    # the length of the wait answers; sentences that only share the words do not
    assert "over a year" in answer.answer, answer.answer
    assert "every month" not in answer.answer, answer.answer


def test_a_wait_said_to_be_none_answers_a_question_about_a_wait(
    vectors: SentenceVectors,
) -> None:
    hits = _hits(_passage("Testshire", (
        "Leaders review the occupational therapy waiting list every month with schools. "
        "Families on the occupational therapy waiting list are sent a termly newsletter. "
        "The occupational therapy waiting list is shared with the parent carer forum. "
        "Schools refer children to occupational therapy through a single waiting list. "
        "There are no waiting times for occupational therapy.")))
    answer = extractive_answer(
        "school says my son needs occupational therapy in testshire, is there a big waiting list?",
        hits, "open", vectors=vectors)
    assert "no waiting times for occupational therapy" in answer.answer, answer.answer


@pytest.mark.parametrize(("text", "states"), [
    ("Some children wait over a year for an assessment.", True),
    ("Therapy starts within a few weeks of referral.", True),
    ("The panel meets twice a year.", False),
    ("Children over five years old are seen at school.", False),
])
def test_a_length_of_time_in_words_is_a_duration(text: str, states: bool) -> None:
    from assistant.answering.figures import has_duration

    assert has_duration(text) is states


def test_a_sentence_that_points_back_comes_with_the_one_it_points_to(
    vectors: SentenceVectors,
) -> None:
    hits = _hits(_passage("Testshire", (
        "Leaders introduced the Bright Start triage panel in 2023. "
        "This panel has cut the wait for a first assessment for children with less complex "
        "needs. Parents value the regular updates they receive.")))
    answer = extractive_answer(
        "How has Testshire cut the wait for a first assessment for less complex needs?",
        hits, "practice", vectors=vectors)
    assert "Bright Start triage panel" in answer.answer, answer.answer
    assert answer.answer.index("Bright Start") < answer.answer.index("This panel")


def test_a_chain_of_sentences_pointing_back_is_followed_to_the_scheme_it_names(
    vectors: SentenceVectors,
) -> None:
    hits = _hits(
        _passage("Testshire", (
            "Most pupils with SEND attend their local mainstream school. "
            "Year 6 pupils are coached through the 'steady steps' approach. "
            "This is proving popular with pupils and their parents. "
            "This helps them to settle quickly into their new school. "
            "School staff attend termly training on inclusion.")),
        _passage("Testshire", (
            "Leaders have introduced a transition support programme across all schools. "
            "Resourced provision in mainstream schools helps pupils with social and emotional "
            "needs settle into school."), 1))
    answer = extractive_answer("how does testshire help kids settle quickly at a new school?",
                               hits, "practice", vectors=vectors)
    # "This helps ..." points back to "This is proving ...", which points back to the scheme
    assert "'steady steps' approach" in answer.answer, answer.answer
    assert answer.answer.index("steady steps") < answer.answer.index("This helps them")


def test_a_sentence_saying_what_a_chosen_one_holds_goes_with_it(
    vectors: SentenceVectors,
) -> None:
    hits = _hits(_passage("Testshire", (
        "Leaders have joined the speech therapy and audiology teams in Testshire. "
        "The joined team has developed training for parents and school staff. "
        "For example, the 'Talk Together' programme helps families practise speech at home. "
        "'Talk Together' has achieved strong results. "
        "These include fewer referrals to specialist clinics and better school readiness. "
        "The team meets parents every term.")))
    answer = extractive_answer(
        "What did Testshire's joined speech and audiology team do, and what did it achieve?",
        hits, "practice", vectors=vectors)
    assert "fewer referrals to specialist clinics" in answer.answer, answer.answer
    # ... once, however many ways it was found
    hits = _hits(_passage("Testshire", (
        "Leaders should close the gaps in services for children with sensory needs. "
        "This includes services for hearing, vision and multi-sensory impairment.")))
    answer = extractive_answer("what gaps in services did testshire have to close?", hits,
                               "open", vectors=vectors)
    assert answer.answer.count("This includes services for hearing") == 1, answer.answer


def test_several_named_areas_are_each_answered(vectors: SentenceVectors) -> None:
    north = [_passage("Northtown", text, n) for n, text in enumerate((
        "Attendance of pupils with SEND in Northtown schools is 94 per cent.",
        "Northtown attendance officers visit families when pupils with SEND miss school.",
        "Attendance at Northtown special schools rose again this year, leaders said.",
        "Northtown leaders track the attendance of pupils with EHC plans every week.",
        "Attendance in Northtown compares well with similar areas nationally."))]
    south = _passage("Southvale", "In Southvale attendance is low: one in three pupils is "
                     "persistently absent from school.", 9)
    hits = _hits(*north, south)
    hits[-1] = SearchHit(passage=south, score=0.2, dense_score=0.3)  # the weaker match
    answer = extractive_answer(
        "How does attendance compare between Northtown and Southvale?", hits, "compare",
        vectors=vectors)
    assert {c.area for c in answer.citations} == {"Northtown", "Southvale"}, answer.answer
    assert "persistently absent" in answer.answer
    # A follow-up names one area; the other comes from the conversation (the one parse).
    answer = extractive_answer("is that better than Southvale?", hits, "compare",
                               vectors=vectors, areas=("Northtown", "Southvale"))
    assert {c.area for c in answer.citations} == {"Northtown", "Southvale"}, answer.answer


def test_words_that_frame_a_question_are_not_its_subject(vectors: SentenceVectors) -> None:
    hits = _hits(_passage("Testshire", (
        "Young people with SEND designed and now run a youth café in the town centre. "
        "The café offers work experience to young people with SEND.")))
    answer = extractive_answer(
        "Looking for examples of young people with SEND running something themselves in "
        "Testshire?", hits, "practice", vectors=vectors)
    assert not answer.abstained, answer.answer
    assert "youth café" in answer.answer


def test_a_missing_subject_with_nothing_close_in_meaning_is_declined(
    vectors: SentenceVectors,
) -> None:
    hits = _hits(_passage("Testshire", (
        "Leaders have improved the timeliness of EHC plans. Most plans are now issued within "
        "20 weeks.")))
    answer = extractive_answer("What did the inspectors say about hydrotherapy pools in "
                               "Testshire?", hits, "open", vectors=vectors)
    assert answer.abstained, answer.answer
    assert "hydrotherapy" in answer.answer


def test_a_sentence_that_means_what_was_asked_answers_despite_other_words(
    vectors: SentenceVectors,
) -> None:
    hits = _hits(_passage("Testshire", (
        "Children see a physio in their own school through the integrated therapy team. "
        "Parents can book appointments online.")))
    answer = extractive_answer("How does Testshire organise getting physiotherapy in school, "
                               "going by its report?", hits, "open", vectors=vectors)
    assert not answer.abstained, answer.answer
    assert "integrated therapy team" in answer.answer


@pytest.mark.parametrize(("question", "kind"), [
    ("what do they pay the head of send at testshire council?", "money"),
    ("How much did the new respite centre cost?", "money"),
    ("how much does testshire spend on taxis to school?", "money"),
    ("how much did testshire pay for its new therapy contract?", "money"),
    ("what's the overspend in the testshire high needs block?", "money"),
    ("How big was Testshire's dedicated schools grant deficit last year?", "money"),
    ("how many kids are waiting for a speech therapy assessment", "quantity"),
    ("What percentage of plans were finished on time?", "quantity"),
    ("How long do families wait for a sensory assessment?", None),
    ("What did inspectors find about transitions?", None),
])
def test_a_question_asking_for_a_figure_is_read_as_such(question: str, kind: str | None) -> None:
    from assistant.answering.question_terms import asked_figure
    from assistant.terms import normalise

    assert asked_figure(normalise(question)) == kind


@pytest.mark.parametrize(("sentence", "kind", "states"), [
    ("The council has set aside £2.4 million for new specialist places.", "money", True),
    ("Leaders have invested in more specialist places.", "money", False),
    ("Around 310 children are waiting for a first sensory assessment.", "quantity", True),
    ("Children aged 14 are seen by the transitions team.", "quantity", False),
    ("Too many children wait too long for a sensory assessment.", "quantity", False),
])
def test_a_sentence_states_the_figure_or_not(sentence: str, kind: str, states: bool) -> None:
    from assistant.answering.figures import states_figure
    from assistant.terms import tokens

    asked = tokens("how many children are waiting for a sensory assessment"
                   if kind == "quantity" else "how much is spent on specialist places")
    assert states_figure(sentence, kind, asked) is states


def test_a_figure_the_passages_never_state_is_declined_not_guessed(
    vectors: SentenceVectors,
) -> None:
    hits = _hits(_passage("Testshire", (
        "Too many children wait too long for a sensory assessment. "
        "Leaders have recruited two more occupational therapists to reduce waiting times. "
        "Families value the drop-in sessions offered while they wait.")))
    answer = extractive_answer(
        "How many children are on the sensory assessment waiting list in Testshire?",
        hits, "count", vectors=vectors)
    assert answer.abstained and "don't give that number" in answer.answer, answer.answer
    stated = _hits(_passage("Testshire", (
        "Too many children wait too long for a sensory assessment. "
        "At the time of the inspection, 215 children were waiting for a sensory assessment.")))
    answer = extractive_answer(
        "How many children are on the sensory assessment waiting list in Testshire?",
        stated, "count", vectors=vectors)
    assert not answer.abstained and "215 children" in answer.answer, answer.answer


def test_a_sum_of_something_else_does_not_answer_what_was_spent_on_a_thing(
    vectors: SentenceVectors,
) -> None:
    hits = _hits(_passage("Testshire", (
        "The council must make savings of about £12m over the next four years. "
        "Home to school travel for pupils with SEND is arranged by a central team."),
        heading="Background"))
    asked = "how much does testshire spend on school travel for send pupils each year?"
    answer = extractive_answer(asked, hits, "count", vectors=vectors, areas=("Testshire",))
    assert answer.abstained and "don't give that sum" in answer.answer, answer.answer
    stated = _hits(_passage("Testshire", (
        "The council must make savings of about £12m over the next four years. "
        "The council spends £3.1m a year on home to school travel for pupils with SEND."),
        heading="Background"))
    answer = extractive_answer(asked, stated, "count", vectors=vectors, areas=("Testshire",))
    assert "£3.1m" in answer.answer and "£12m" not in answer.answer.split("[1]")[0], \
        answer.answer


@pytest.mark.parametrize("question", [
    "What did the council paper say about the high needs budget?",
    "how much did exclusions go down by?",
    "How much time do children spend out of school?",
])
def test_asking_about_a_budget_or_a_change_is_not_asking_for_a_sum(question: str) -> None:
    from assistant.answering.question_terms import asked_figure
    from assistant.terms import normalise

    assert asked_figure(normalise(question)) != "money"


def test_a_number_question_with_no_subject_of_its_own_takes_any_number() -> None:
    from assistant.answering.figures import states_figure

    assert states_figure("The area fixed four of its seven weaknesses.", "quantity")
    assert not states_figure("The area fixed most of its weaknesses.", "quantity")


def test_settings_are_counted_as_settings_not_read_as_the_stopword_set() -> None:
    from assistant.answering.figures import counted_asked, states_figure
    from assistant.terms import term_weight, tokens

    question = "how many settings does the testshire college group run?"
    asked = counted_asked([t for t in tokens(question) if term_weight(t)], question)
    assert states_figure("The group is made up of four specialist settings.", "quantity", asked)


def test_a_time_frame_in_the_question_is_not_what_is_counted() -> None:
    from assistant.answering.figures import counted_asked, states_figure
    from assistant.terms import tokens

    question = "how many appeals did testshire lose last year?"
    asked = counted_asked(tokens(question), question)
    assert not states_figure("The next inspection will be within 3 years.", "quantity", asked)
    assert states_figure("Testshire lost 14 appeals.", "quantity", asked)
    weeks = "how many weeks is the wait?"
    assert "week" in counted_asked(tokens(weeks), weeks)


def test_the_time_to_the_next_inspection_does_not_answer_how_long_a_wait_is() -> None:
    from assistant.answering.question_terms import analyse_question
    from assistant.answering.scoring import shape_bonus

    wait = analyse_question("how long is the wait for a hearing test in testshire?", [], "count")
    visit = analyse_question("how long until testshire is inspected again?", [], "count")
    next_visit = "The next full area SEND inspection will be within approximately 3 years."
    assert shape_bonus(wait, next_visit, False, 0.0) == 0.0
    assert shape_bonus(wait, "Children wait 40 weeks for a hearing test.", False, 0.0) > 0.0
    assert shape_bonus(visit, next_visit, False, 0.0) > 0.0


def test_the_next_inspection_is_no_candidate_for_how_long_something_else_takes(
    vectors: SentenceVectors,
) -> None:
    hits = _hits(_passage("Testshire", (
        "The next full area SEND inspection will be within approximately 3 years. "
        "Hearing tests for young children are offered in family hubs.")))
    answer = extractive_answer("how long do hearing tests take in testshire?", hits, "count",
                               vectors=vectors)
    assert "next full area SEND inspection" not in answer.answer, answer.answer


def test_a_length_of_time_is_no_count_unless_time_is_what_is_counted() -> None:
    from assistant.answering.figures import states_figure
    from assistant.terms import tokens

    children = tokens("how many children are waiting for a sensory assessment")
    assert not states_figure("Children can wait over two years for a sensory assessment.",
                             "quantity", children)
    weeks = tokens("how many weeks do children wait for a sensory assessment")
    assert states_figure("Children wait 30 weeks for a sensory assessment.", "quantity", weeks)


@pytest.mark.parametrize(("sentence", "figure"), [
    ("Children over eleven years old wait too long for a hearing test.", False),
    ("Young people aged 16 wait for a college place.", False),
    ("Children under five wait up to 14 months for a hearing test.", True),
])
def test_an_age_is_neither_a_count_nor_a_length_of_time(sentence: str, figure: bool) -> None:
    from assistant.answering.figures import has_count, has_duration

    assert has_duration(sentence) is figure
    assert has_count(sentence) is figure


def test_the_area_name_does_not_make_a_sentence_look_like_an_answer(
    vectors: SentenceVectors,
) -> None:
    hits = _hits(_passage("Testshire", (
        "Everyone in Testshire shares the motto 'Testshire young people matter'. "
        "Leaders have set up the 'First Steps' supported internship scheme with local employers, "
        "and most interns have gone on to paid work.")))
    answer = extractive_answer("What has Testshire done to help young people into jobs?",
                               hits, "practice", vectors=vectors, areas=["Testshire"])
    assert "First Steps" in answer.answer, answer.answer


def test_without_areas_masks_only_the_scoped_area_names() -> None:
    from assistant.answering.answer import without_areas

    assert without_areas("how is Testville helping families?", ["Testville"]) == \
        "how is the area helping families?"


def test_when_asks_for_this_visit_not_the_one_before(vectors: SentenceVectors) -> None:
    hits = _hits(_passage("Testshire", (
        "Dates of previous inspection: 4 to 8 March 2019. "
        "Inspection dates: 10 to 14 June 2024."), heading="Information about the inspection"))
    answer = extractive_answer("When was Testshire's inspection?", hits, "date", vectors=vectors)
    assert "10 to 14 June 2024" in answer.answer, answer.answer
    earlier = extractive_answer("When was Testshire's previous inspection?", hits, "date",
                                vectors=vectors)
    assert "March 2019" in earlier.answer, earlier.answer


def test_a_sentence_that_introduces_a_list_comes_with_its_items(vectors: SentenceVectors) -> None:
    hits = _hits(_passage("Testshire", (
        "Testshire accepted a package of peer support from a neighbouring council. "
        "The package is to include:\n- Shared panel paperwork (templates, terms of reference)\n"
        "- Joint moderation of plans\n- A review by a critical friend\n\n"
        "The board will report back in the spring.")))
    answer = extractive_answer("What did the peer support package include in Testshire?",
                               hits, "practice", vectors=vectors)
    assert "Joint moderation of plans" in answer.answer, answer.answer
    assert "A review by a critical friend" in answer.answer, answer.answer
    assert "report back in the spring" not in answer.answer


def test_practice_is_answered_with_what_is_done_not_the_problem(vectors: SentenceVectors) -> None:
    hits = _hits(_passage("Testshire", (
        "However, waiting times for speech and language therapy in Testshire are increasing. "
        "Waits for speech and language therapy remain too long for many families. "
        "Leaders set up the Talk Together drop-in sessions for families waiting for speech "
        "and language therapy.")))
    answer = extractive_answer(
        "What has Testshire done about waits for speech and language therapy?",
        hits, "practice", vectors=vectors)
    assert "Talk Together" in answer.answer, answer.answer
    assert answer.answer.index("Talk Together") < answer.answer.find("increasing") \
        or "increasing" not in answer.answer


def test_a_sentence_drawing_a_result_comes_with_its_cause(vectors: SentenceVectors) -> None:
    hits = _hits(_passage("Testshire", (
        "Leaders introduced the Stay Connected plan, in which mentors visit pupils at risk. "
        "Consequently, this has reduced exclusions of pupils with SEND in secondary schools.")))
    answer = extractive_answer("How has Testshire reduced exclusions of pupils with SEND?",
                               hits, "practice", vectors=vectors)
    assert "Stay Connected" in answer.answer, answer.answer


def test_areas_compared_on_a_measure_are_compared_by_their_figures(
    vectors: SentenceVectors,
) -> None:
    east = [_passage("Eastmoor", " ".join((
        "Children in Eastmoor wait too long for an assessment of their needs.",
        "Eastmoor families say waits for an assessment of needs are their main worry.",
        "Leaders in Eastmoor know the wait for an assessment of needs must come down.",
        "Most children there wait more than 20 months for an assessment.")))]
    west = [_passage("Westdale", " ".join((
        "Waits for an assessment of needs in Westdale are a concern for families.",
        "Westdale leaders are reviewing waits for an assessment of needs this year.",
        "Families in Westdale describe the wait for an assessment of needs as hard.",
        "The average wait there is 9 months.")), 5)]
    answer = extractive_answer("Compare waits for an assessment of needs in Eastmoor and Westdale.",
                               _hits(*east, *west), "compare", vectors=vectors)
    assert "20 months" in answer.answer and "9 months" in answer.answer, answer.answer


def test_however_after_a_problem_turns_to_what_the_area_does() -> None:
    problem = "Some children wait too long for a first appointment."
    assert not states_problem("However, a family support line gives advice while they wait.",
                              problem)
    assert states_problem("However, the family support line is not effective.", problem)
    assert states_problem("However, leaders have more to do.", "Leaders have a clear plan.")


def test_which_areas_do_something_well_names_several_areas(vectors: SentenceVectors) -> None:
    hits = _hits(
        _passage("Northtown", "Young carers in Northtown praise the befriending scheme. "
                 "The befriending scheme matches each young carer with a trained volunteer.", 0),
        _passage("Northtown", "The befriending scheme runs weekly drop-in sessions.", 1),
        _passage("Southvale", "Southvale's befriending scheme helps isolated teenagers make "
                 "friends.", 2),
        _passage("Eastmoor", "Eastmoor's befriending scheme is valued by families.", 3))
    answer = extractive_answer("Which areas have a good befriending scheme?", hits,
                               "practice", vectors=vectors)
    named = [a for a in ("Northtown", "Southvale", "Eastmoor") if f"{a}:" in answer.answer]
    assert len(named) >= 2, answer.answer


def test_the_story_before_a_question_picks_the_sentence_it_is_about(
        vectors: SentenceVectors) -> None:
    hits = _hits(
        _passage("Testshire", (
            "Parents can get help from the family information service, which answers calls in "
            "the meantime. Leaders publish a newsletter every month.")),
        _passage("Testshire", (
            "Physiotherapists lend standing frames and bath seats to families while children "
            "wait for a hoist assessment."), n=1),
    )
    asked = "is there anything to help us in the meantime?"
    story = "My son is 9 and we have waited a year for a hoist assessment."
    told = extractive_answer(asked, hits, "practice", vectors=vectors, areas=("Testshire",),
                             story=story)
    untold = extractive_answer(asked, hits, "practice", vectors=vectors, areas=("Testshire",))
    assert "standing frames" in told.answer, told.answer
    assert "standing frames" not in untold.answer  # the story's words made the difference


def test_the_need_a_story_tells_is_read_for_meaning_as_well_as_words(
        vectors: SentenceVectors) -> None:
    # The story says the need in other words than the sentence that meets it: its meaning,
    # read with the question, picks the help for that need over help in general.
    hits = _hits(
        _passage("Testshire", (
            "Support groups meet monthly for parents whose children are waiting for help. "
            "The local offer website lists the groups that meet near each school.")),
        _passage("Testshire", (
            "Family workers fit stair gates and cupboard catches to keep children safe at home "
            "while they await an occupational therapy assessment."), n=1),
    )
    story = "my boy is 4 and keeps escaping from the house and climbing the kitchen units."
    asked = "is there any help while we wait for the OT?"
    told = extractive_answer(asked, hits, "practice", vectors=vectors, areas=("Testshire",),
                             story=story)
    assert told.answer.startswith("Family workers fit stair gates"), told.answer


def test_a_practice_question_with_no_subject_of_its_own_is_about_the_story(
        vectors: SentenceVectors) -> None:
    hits = _hits(
        _passage("Testshire", (
            "Leaders keep looking for new ways of working across the partnership. Staff "
            "work hard and morale is high.")),
        _passage("Testshire", (
            "A dedicated punctuality mentor visits families whose children are often late for "
            "school and helps them plan the morning routine."), n=1),
    )
    story = "Lateness for school is a big worry for our families."
    asked = "What has Testshire done that works?"
    answer = extractive_answer(asked, hits, "practice", vectors=vectors, areas=("Testshire",),
                               story=story)
    assert answer.answer.startswith("A dedicated punctuality mentor"), answer.answer


def test_a_sentence_comes_with_the_list_of_what_it_includes(vectors: SentenceVectors) -> None:
    hits = _hits(_passage("Testshire", (
        "Leaders should close the gaps in provision for children with SEND. This includes "
        "hydrotherapy, music sessions and respite care. Parents praise the portage service.")))
    answer = extractive_answer("Where are the gaps in provision in Testshire?", hits,
                               "list_findings", vectors=vectors, areas=("Testshire",))
    assert "hydrotherapy, music sessions and respite care" in answer.answer, answer.answer


def test_a_question_about_money_is_answered_with_the_sentence_stating_a_sum(
        vectors: SentenceVectors) -> None:
    hits = _hits(_passage("Testshire", (
        "The board meets monthly to review the budget of the SEND services. The council "
        "expects to cut its high needs budget by about £4m by 2027. Members asked for a "
        "budget report on the local offer."), heading="Background"))
    answer = extractive_answer("What did the Testshire paper say about the budget?",
                               hits, "open", vectors=vectors, areas=("Testshire",))
    assert "£4m" in answer.answer.split("[1]")[0], answer.answer


def test_what_an_area_does_comes_with_the_example_that_names_it(
        vectors: SentenceVectors) -> None:
    hits = _hits(_passage("Testshire", (
        "Families receive a wide range of help while they wait for therapy services. "
        "For example, children are referred to the Sleep Well clinic and to the Toilet Ready "
        "workshops. Some families say the local offer website is hard to search. "
        "Leaders meet parents every term. Waiting lists are published on the council website.")))
    answer = extractive_answer("what help is there for families waiting for therapies?", hits,
                               "practice", vectors=vectors, areas=("Testshire",))
    assert "Sleep Well" in answer.answer, answer.answer
    said = answer.answer
    assert said.index("wide range of help") < said.index("Sleep Well")


def test_a_claim_the_report_contradicts_is_corrected_before_the_answer(
    vectors: SentenceVectors,
) -> None:
    hits = _hits(_passage("Testshire", (
        "Leaders set up a parent helpline in 2023. "
        "Despite the helpline, the quality of short breaks plans remains poor. "
        "The short breaks team meets families twice a year.")))
    answer = extractive_answer(
        "Who runs the short breaks team?", hits, "open", vectors=vectors,
        claim="Testshire's report praised the quality of its short breaks plans")
    assert answer.answer.startswith("That is not quite what the documents say:"), answer.answer
    assert "remains poor" in answer.answer.split("[1]")[0], answer.answer


def test_a_claim_is_answered_by_each_sentence_against_it_on_its_subject(
    vectors: SentenceVectors,
) -> None:
    hits = _hits(_passage("Testshire", (
        "Families say the occupational therapy service is effective. "
        "The new triage model means no children are waiting for an occupational therapy "
        "assessment. "
        "The council's offices moved in the spring.")))
    answer = extractive_answer(
        "testshire has a massive occupational therapy waiting list right?", hits, "open",
        vectors=vectors, claim="testshire has a massive occupational therapy waiting list")
    first = answer.answer.split("That is not quite what the documents say:")[-1]
    assert "not quite" in answer.answer, answer.answer
    assert "occupational therapy service is effective" in first, answer.answer
    assert "no children are waiting" in first, answer.answer


def test_a_claim_the_report_bears_out_is_not_corrected(vectors: SentenceVectors) -> None:
    hits = _hits(_passage("Testshire", (
        "Waits for a first speech therapy appointment are too long, at up to 60 weeks. "
        "Leaders have commissioned extra therapists from a partner trust. "
        "Families can call a duty line while they wait, which works well for them.")))
    answer = extractive_answer(
        "What is Testshire doing about speech therapy waits?", hits, "practice",
        vectors=vectors, claim="speech therapy waits in Testshire are too long")
    assert "not quite" not in answer.answer, answer.answer


def test_a_list_asked_for_is_the_bulleted_list_its_counting_sentence_introduces(
    vectors: SentenceVectors,
) -> None:
    hits = _hits(_passage("Testshire", (
        "The test committee paper explains the plan's background at length.\n\n"
        "The plan sets four areas of development for the test council.\n\n"
        "- Faster assessments\n- A parent forum\n- Better transport\n"
        "- Joint commissioning\n\nThe board meets monthly.")))
    answer = extractive_answer("List the areas of development the Testshire plan sets.", hits,
                               "list_findings", vectors=vectors)
    for item in ("Faster assessments", "A parent forum", "Better transport",
                 "Joint commissioning"):
        assert item in answer.answer, answer.answer
    assert "background" not in answer.answer, answer.answer


def test_a_wait_said_to_be_too_long_comes_with_the_length_that_follows_it(
    vectors: SentenceVectors,
) -> None:
    hits = _hits(_passage("Testshire", (
        "Children who need hearing aids wait too long for a fitting appointment. "
        "Records showed some children waiting over 40 weeks. "
        "Hearing aid users say the hearing aid service is friendly. "
        "Hearing aid batteries are free at every hearing aid clinic. "
        "Audiology staff are well trained.")))
    answer = extractive_answer("Does the Testshire report say anything about hearing aid waits?",
                               hits, "open", vectors=vectors)
    assert "over 40 weeks" in answer.answer, answer.answer


def test_a_sentence_pointing_back_comes_right_after_the_one_it_points_to(
    vectors: SentenceVectors,
) -> None:
    hits = _hits(_passage("Testshire", (
        "Families waiting for a sensory assessment in Testshire can join weekly play groups "
        "while they wait. Staff are kind and the venue is accessible. Parents like the groups. "
        "In 2023 a small team began work at the hospital. "
        "This team cuts the wait for a sensory assessment for children with simpler needs.")))
    answer = extractive_answer("How is Testshire cutting waits for sensory assessments?", hits,
                               "practice", vectors=vectors)
    assert "began work at the hospital. [1] This team cuts" in answer.answer, answer.answer


def test_a_word_of_the_subject_no_chosen_sentence_holds_brings_the_one_that_does(
    vectors: SentenceVectors,
) -> None:
    hits = _hits(_passage("Testshire", (
        "The jointly commissioned speech therapy service in Testshire has long waits. "
        "Joint commissioning of speech therapy is a priority for the board. "
        "The board reviews speech therapy commissioning every quarter. "
        "Speech therapy service commissioning is shared by the council and the health board. "
        "Parents say the speech therapy service is hard to reach. "
        "Inspectors met the speech therapy service leads. "
        "Furthermore, the contract for these services has not been renewed since 2012.")))
    answer = extractive_answer(
        "What did inspectors say about the speech therapy service contract in Testshire?",
        hits, "open", vectors=vectors)
    assert "since 2012" in answer.answer, answer.answer


def test_a_one_sentence_answer_takes_the_next_close_in_meaning_with_what_it_includes(
    vectors: SentenceVectors,
) -> None:
    hits = _hits(_passage("Testshire", (
        "The 'early support' offer stays open while children are on the TCS waiting list. "
        "The council runs a popular summer fair. "
        "Leaders help families cope with the delays they face while waiting for TCS. "
        "This includes evening workshops on managing anxiety and toilet training.")))
    answer = extractive_answer("What is there to help while you are on the TCS waiting list?",
                               hits, "practice", vectors=vectors)
    assert "managing anxiety" in answer.answer, answer.answer
    assert "summer fair" not in answer.answer, answer.answer


def test_a_count_of_these_comes_with_the_count_it_is_of(vectors: SentenceVectors) -> None:
    hits = _hits(_passage("Testshire", (
        "There are about 4,100 children and young people with SEND in Testshire. "
        "Of these, 1,250 have an EHC plan. Most attend local schools.")))
    answer = extractive_answer("How many have an EHC plan in Testshire?", hits, "count",
                               vectors=vectors)
    assert "4,100" in answer.answer and "1,250" in answer.answer, answer.answer


@pytest.mark.parametrize(("sentence", "named"), [
    ("This is known as 'stepping stones'.", True),
    ("Parents join the ‘tea and talk’ group each week.", True),
    ("Leaders run the 'Bridge' programme.", True),
    ("Parents described the offer as 'patchy'.", False),  # one quoted word is no name
    ("Children's and young people's views shape the plan.", False),  # apostrophes, no quote
])
def test_a_scheme_named_in_lower_case_quotes_is_a_named_scheme(sentence: str,
                                                               named: bool) -> None:
    assert names_a_scheme(sentence) is named


def test_what_an_area_does_comes_with_its_lower_case_name(vectors: SentenceVectors) -> None:
    hits = _hits(_passage("Testshire", (
        "Some families wait a long time for a therapy assessment. "
        "Therapists have found new ways to support families during that time. "
        "These include weekly group sessions run by therapy assistants. "
        "This is known as 'stepping stones'. Leaders monitor the waiting list monthly.")))
    answer = extractive_answer("What is Testshire doing for families on therapy waiting lists?",
                               hits, "practice", vectors=vectors)
    assert "stepping stones" in answer.answer, answer.answer


def test_each_named_area_is_answered_with_its_finding_not_only_its_first_line(
        vectors: SentenceVectors) -> None:
    north = _passage("Northtown", (
        "Waits for specialist seating are too long. This leaves some children in pain and "
        "unable to attend school for whole days. Leaders plan to buy the service from a new "
        "provider next year.\nParents value the short breaks offer."), 0)
    south = _passage("Southvale", (
        "The wait for specialist seating is also too long in Southvale. Children have waited "
        "up to 40 weeks for a chair that fits them."), 1)
    again = _passage("Southvale", "Seating waits are too long for Southvale families.", 2)
    answer = extractive_answer(
        "What do the Northtown and Southvale reports each say about waits for specialist "
        "seating?", _hits(north, south, again), "compare", vectors=vectors)
    said = answer.answer
    assert "new provider" in said and "40 weeks" in said, said  # the rest of each finding
    assert "short breaks" not in said, said  # ... which ends with its paragraph
    assert "Seating waits are too long for Southvale" not in said, said  # said already


def test_an_areas_finding_is_told_whole_before_its_recommendation_on_the_same_thing(
        vectors: SentenceVectors) -> None:
    north = _passage("Northtown", (
        "Waits for specialist seating are too long. This leaves some children in pain and "
        "unable to attend school for whole days. It also keeps some of them from clubs and "
        "outings with friends. Leaders plan to buy the service from a new provider, but not "
        "for another two years."), 0)
    advice = _passage("Northtown", (
        "Leaders should take further action to reduce overall waiting times for therapies, "
        "mental health support and the provision of specialist seating and equipment."), 1)
    south = _passage("Southvale", (
        "Children in Southvale have waited up to 40 weeks for specialist seating that fits "
        "them."), 2)
    answer = extractive_answer(
        "How did the Northtown and Southvale reports describe waits for specialist seating?",
        _hits(north, advice, south), "compare", vectors=vectors)
    said = answer.answer
    assert "new provider" in said and "40 weeks" in said, said  # the plan ends the finding


def test_kids_asked_about_are_counted_by_children_and_young_people() -> None:
    from assistant.answering.figures import states_figure
    from assistant.terms import tokens

    asked = tokens("how many kids in testshire have send")
    assert states_figure("There are about 4,200 children and young people with SEND.",
                         "quantity", asked)
    assert not states_figure("There are 12 special schools.", "quantity", asked)


def test_what_an_area_does_is_read_as_the_paragraph_that_tells_it(
        vectors: SentenceVectors) -> None:
    # the scheme's middle sentences say how it works; the answer does not skip them
    hits = _hits(_passage("Testshire", (
        "Leaders review the local offer website every year.\n\n"
        "- Leaders have launched the 'stay and learn' plan to keep pupils with SEND in school. "
        "The plan rests on the outreach team of specialist teachers. "
        "Pupil referral places are used for six-week 'reset' visits, not long stays. "
        "Staff give pupils at risk of exclusion the strategies to stay in class. "
        "As a result, fewer pupils with SEND are excluded from Testshire schools.\n\n"
        "- Parents praise the termly coffee mornings.")))
    answer = extractive_answer("How did Testshire bring down exclusions of pupils with SEND?",
                               hits, "practice", vectors=vectors, areas=("Testshire",))
    said = answer.answer
    assert "'reset' visits" in said and "outreach team" in said, said
    assert said.index("'stay and learn'") < said.index("'reset' visits") < said.index(
        "fewer pupils"), said
    assert "coffee mornings" not in said, said



def test_what_an_area_does_is_the_paragraph_that_tells_it_over_one_general_sentence() -> None:
    from assistant.answering.compose import _best_paragraph_first
    from assistant.answering.scoring import Candidate

    general = "New approaches to reducing waits have been introduced and are making a difference."
    told = ["Leaders have used joint commissioning to reduce waiting times.",
            "By setting up the Riverside centre, they have doubled assessments each month.",
            "Therapy places bought before plans are agreed mean children get help quickly."]
    hits = _hits(_passage("Testshire", f"{general}\n\n- Parents praise the coffee mornings."),
                 _passage("Testshire", "- " + " ".join(told), n=1))

    def cand(hit: int, position: int, text: str, score: float) -> Candidate:
        return Candidate(hit, position, text, frozenset(), 0.5, score, False, 0.5)

    ranked = [cand(0, 0, general, 1.7), cand(1, 2, told[2], 1.3), cand(1, 1, told[1], 1.25),
              cand(1, 0, told[0], 1.2)]
    assert [c.text for c in _best_paragraph_first(hits, ranked)][:3] == [told[2], told[1], told[0]]
    # one sentence naming its scheme, or a paragraph only a little stronger, keeps the lead
    named = cand(0, 0, "The 'Quick Start' team sees every family within a week.", 1.7)
    assert _best_paragraph_first(hits, [named, *ranked[1:]])[0] is named
    weak = [ranked[0], cand(1, 2, told[2], 1.0), cand(1, 1, told[1], 0.9)]
    assert _best_paragraph_first(hits, weak)[0] is ranked[0]


_THERAPY_TEXT = (
    "Speech and language therapy waits in Testshire are short. "
    "Physiotherapy is offered in every special school, and families praise the sensory team. "
    "Disabled children can use the short breaks service at weekends. "
    "Children whose speech is delayed are seen early.")


@pytest.mark.parametrize(("question", "unseen"), [
    # a rare word asked about that no document uses: a subject the documents lack
    ("does testshire offer hydrotherapy for disabled children?", ("hydrotherapy",)),
    ("what did the testshire report say about the makaton training?", ("makaton",)),
    # a rare word the asker uses of their own life is no subject
    ("my son has cerebral palsy, what physiotherapy does testshire offer?", ()),
    # a misspelling of a word the documents use is that word
    ("what does the testshire report say about speach therapy waits?", ()),
    # a common word the documents happen not to use is no subject either
    ("what does testshire say about short breaks honestly?", ()),
])
def test_a_rare_word_asked_about_that_no_document_uses_is_found(
        question: str, unseen: tuple[str, ...]) -> None:
    hits = _hits(_passage("Testshire", _THERAPY_TEXT))
    vocabulary = terms.token_set(_THERAPY_TEXT)
    assert analyse_question(question, hits, vocabulary=vocabulary).unseen == unseen


def test_a_subject_no_document_uses_is_declined_not_answered_with_another(
        vectors: SentenceVectors) -> None:
    hits = _hits(_passage("Testshire", _THERAPY_TEXT))
    answer = extractive_answer("does testshire offer hydrotherapy for disabled children?", hits,
                               "open", vocabulary=terms.token_set(_THERAPY_TEXT),
                               vectors=vectors)
    assert answer.abstained, answer.answer
    assert answer.answer.startswith('The documents don\'t mention "hydrotherapy"'), answer.answer


def test_without_a_tokenizer_vocabulary_no_word_is_taken_for_rare(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # a broken install: declining every unfamiliar word would refuse answerable questions
    monkeypatch.setattr("assistant.answering.question_terms.common_words", frozenset)
    hits = _hits(_passage("Testshire", _THERAPY_TEXT))
    q = analyse_question("does testshire offer hydrotherapy for disabled children?", hits,
                         vocabulary=terms.token_set(_THERAPY_TEXT))
    assert q.unseen == ()


def test_what_is_it_called_is_answered_with_the_sentence_giving_a_name(
    vectors: SentenceVectors,
) -> None:
    hits = _hits(_passage("Testshire", (
        "The Testshire Borough Council and the Testshire Integrated Care Board plan services. "
        "Families find the online guide to local services hard to use. "
        "The online guide to local services is updated by the council each month. "
        "Parents asked for the online guide to local services to list short breaks. "
        "Since 2023 the online guide to services, 'Find it Here', has listed clubs.")))
    answer = extractive_answer("what's the online guide to local services called in testshire?",
                               hits, "open", vectors=vectors)
    assert "'Find it Here'" in answer.answer, answer.answer
    from assistant.answering.scoring import shape_bonus

    named = analyse_question("what's the online guide called?", [], "open")
    assert "name" in named.shapes
    # a name in quotes is what is asked for; a body's capitalised title is not
    assert shape_bonus(named, "The guide, 'Find it Here', lists clubs.", False, 0.0) > 0.0
    assert shape_bonus(named, "The Testshire Borough Council runs the guide.", False, 0.0) == 0.0


def test_did_it_make_a_difference_prefers_the_sentence_saying_what_changed(
    vectors: SentenceVectors,
) -> None:
    hits = _hits(_passage("Testshire", (
        "Leaders launched the 'Bright Start' nursery outreach programme in 2022. "
        "The programme is run by a team of outreach workers and nursery staff. "
        "Outreach workers and nursery staff meet each term to plan visits. "
        "As a result of the programme, fewer children start school with unmet speech needs.")))
    answer = extractive_answer("Has Testshire's 'Bright Start' nursery outreach programme made "
                               "a difference?", hits, "open", vectors=vectors)
    assert "fewer children start school" in answer.answer, answer.answer
    shapes = analyse_question("has the outreach programme had any impact?", [], "open").shapes
    assert "effect" in shapes
    assert "effect" not in analyse_question("what help is there while we wait?", [],
                                            "practice").shapes


def test_across_areas_a_sentence_pointing_back_comes_with_what_it_points_to(
    vectors: SentenceVectors,
) -> None:
    hits = _hits(
        _passage("Testshire", (
            "Children referred with simpler needs go through the 'quick look' pathway. "
            "This fast-track assessment cuts waits for children whose needs are less complex.")),
        _passage("Sampleton", (
            "Sampleton cut waits for autism assessments for children with less complex needs "
            "by adding evening clinics.")), )
    answer = extractive_answer("which areas have cut autism assessment waits for children with "
                               "less complex needs?", hits, "list", vectors=vectors)
    assert "This fast-track assessment" in answer.answer, answer.answer
    assert answer.answer.index("'quick look' pathway") \
        < answer.answer.index("This fast-track assessment"), answer.answer


def test_paid_jobs_ask_for_no_sum() -> None:
    from assistant.answering.question_terms import asked_figure

    assert asked_figure("how do areas help young people into paid work?") is None
    assert asked_figure("how much are the new posts paid?") == "money"


@pytest.mark.parametrize(("question", "unasked"), [
    # what the inspections found on a subject: the time to the next one answers nothing
    ("What did the Testshire and Exampleton inspections find about antenatal visits?", True),
    ("how long do families wait for a wheelchair in Testshire?", True),
    # what comes next, asked
    ("When is the next inspection of Testshire?", False),
    ("how long until Testshire is inspected again?", False),
    ("what happens next for Testshire?", False),
])
def test_the_time_to_the_next_inspection_answers_only_what_comes_next(
        question: str, unasked: bool) -> None:
    said = "The next full area SEND inspection will be within approximately three years."
    assert next_inspection_unasked(analyse_question(question, []), said) is unasked
