"""Answers from the findings table, and honest refusals, on a real corpus sample.

Every quoted phrase must appear in a passage cited by the same sentence; verdicts and counts are
checked against the text of the letters, not against what the code produced.
"""

from __future__ import annotations

import re

import pytest
from corpus_sample import Sample, corpus_sample

from assistant.answering.quote import Table
from assistant.answering.refusals import refusal_for
from assistant.answering.structured import answer_from_findings
from assistant.grounding.support import check_support, passage_evidence
from assistant.terms import OUTCOME_PHRASES, token_set
from assistant.understand import understand
from core.models import Answer, Turn
from core.themes import THEME_LABELS

_QUOTE_RE = re.compile(r"“([^”]+)”")
_MARKS_RE = re.compile(r"((?:\[\d+\])+)")


@pytest.fixture(scope="module")
def sample() -> Sample:
    return corpus_sample()


def ask(sample: Sample, question: str, *history: str) -> Answer | None:
    turns = [Turn(role="user", content=h) for h in history]
    q = understand(question, turns, sample.areas)
    refusal = refusal_for(q, sample.areas, list(sample.passages.values()), sample.documents)
    return refusal or answer_from_findings(q, sample.findings, sample.documents, sample.passages)


def rows_under(text: str, kind: str) -> int:
    """The rows quoted after a kind's label ("Areas for improvement: “...” [2]; “...” [3]")."""
    group = re.search(rf"[Aa]reas? for {kind}: (“.*?)(?= Areas? for |$)", text)
    return len(re.findall(r"“[^”]*” \[\d+\]", group.group(1))) if group else 0


def flat(text: str) -> str:
    """Single-spaced, and a list's bullets dropped: a finding quoted whole joins its items."""
    return " ".join(re.sub(r"(?m)^\s*[-•]\s+", "", text).split())


def cited_sentences(answer: Answer) -> list[tuple[str, list[int]]]:
    """(sentence, cited numbers) for each sentence that ends with citation marks; sentences
    end at '. ' (or a framing ': ') outside quotes, and an uncited one before a cited one is
    left out ("It sets 3 areas for improvement: Area for improvement: “...” [2]")."""
    parts = _MARKS_RE.split(answer.answer)
    out = []
    for i in range(0, len(parts) - 1, 2):
        depth, start, text = 0, 0, parts[i].lstrip(". ")
        for j, ch in enumerate(text):
            depth += {"“": 1, "”": -1}.get(ch, 0)
            if ch in ".:" and depth == 0 and text[j + 1 : j + 2] == " ":
                start = j + 1
        out.append((text[start:].strip(), [int(n) for n in re.findall(r"\d+", parts[i + 1])]))
    return out


def assert_well_cited(sample: Sample, answer: Answer) -> None:
    """Citations numbered 1..N in order of use; every quote is in a passage its sentence cites;
    every cited sentence passes the answerers' support check."""
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)]
    assert list(dict.fromkeys(numbers)) == list(range(1, len(answer.citations) + 1))
    by_n = {c.n: c for c in answer.citations}
    for sentence, ns in cited_sentences(answer):
        passages = [sample.passages[by_n[n].chunk_id] for n in ns]
        held = " ".join(flat(f"{p.heading} {p.text}") for p in passages)
        for quote in _QUOTE_RE.findall(sentence):
            assert flat(quote).removeprefix("... ").removesuffix(" ...") in held, quote
        support = check_support(sentence, [passage_evidence(p) for p in passages])
        assert support.ok, (sentence, support.reason)


def letter(sample: Sample, area: str) -> tuple[str, ...]:
    docs = [d for d in sample.documents if d.area == area and d.doc_type == "revisit_letter"]
    return tuple(f.verdict or "" for d in docs for f in d.findings)


# --- verdicts ---------------------------------------------------------------------------------

VERDICT_LINE = re.compile(r"(?:local )?area has (not )?made sufficient progress", re.I)


def test_every_stated_verdict_of_the_four_letters(sample: Sample) -> None:
    """Each weakness asked about by its theme: the answer quotes the letter's own verdict line,
    with the polarity the cited passage states."""
    rows = [f for f in sample.findings if f.kind == "significant_weakness"]
    assert {f.area for f in rows} == {"Wokingham", "Wandsworth", "Windsor and Maidenhead",
                                      "Worcestershire"}
    for f in rows:
        label = THEME_LABELS[f.theme].lower()
        answer = ask(sample, f"Did {f.area} make sufficient progress on {label}?")
        assert answer is not None and not answer.abstained, (f.area, label)
        assert_well_cited(sample, answer)
        cited = [c for c in answer.citations if c.chunk_id == f.chunk_id]
        assert cited, (f.area, f.title)
        if f.verdict == "not stated":
            assert "not stated" in answer.answer
            continue
        line = VERDICT_LINE.search(cited[0].text)
        assert line is not None
        negative = [bool(m.group(1)) for m in VERDICT_LINE.finditer(cited[0].text)]
        assert negative == [f.verdict == "not sufficient progress"]


def test_wokingham_transitions_not_sufficient(sample: Sample) -> None:
    answer = ask(sample, "Did Wokingham make sufficient progress on getting kids ready for "
                         "adulthood?")
    assert answer is not None
    assert "“The area has not made sufficient progress in addressing this significant " \
           "weakness.” [1]" in answer.answer
    assert "transition to adulthood" in answer.citations[0].text
    assert_well_cited(sample, answer)


def test_what_changed_is_told_from_the_weakness_holding_the_questions_words(
    sample: Sample,
) -> None:
    # the theme read from "missing education" names the exclusions weakness; the letter tells
    # of children missing education under its safeguarding weakness
    answer = ask(sample, "According to its revisit, what has Worcestershire put in place to "
                         "track down pupils missing education?")
    assert answer is not None
    assert "missing education" in answer.answer.split("What changed")[0], answer.answer
    assert "permanently excluded" not in answer.answer, answer.answer
    assert_well_cited(sample, answer)


def test_worcestershire_not_stated_quotes_the_summary(sample: Sample) -> None:
    assert letter(sample, "Worcestershire").count("not stated") > 0
    answer = ask(sample, "Did Worcestershire make sufficient progress on EHC plans?")
    assert answer is not None
    assert "not stated" in answer.answer
    assert "“The area has made sufficient progress in addressing eight of the significant " \
           "weaknesses identified at the initial inspection.”" in answer.answer
    assert any("eight of the significant weaknesses" in c.text for c in answer.citations)
    assert_well_cited(sample, answer)


def test_inspection_report_outcome(sample: Sample) -> None:
    answer = ask(sample, "What was the outcome for Bury?")
    assert answer is not None
    bury = next(d for d in sample.documents if d.area == "Bury")
    assert bury.fields["outcome"] == "widespread and/or systemic failings"
    assert "widespread and/or systemic failings" in answer.citations[0].text
    assert_well_cited(sample, answer)


# --- counts, lists, comparisons, summaries ----------------------------------------------------


def test_count_of_worcestershire_weaknesses(sample: Sample) -> None:
    answer = ask(sample, "How many significant weaknesses did Worcestershire have?")
    assert answer is not None
    assert "12 significant weaknesses" in answer.answer
    assert any("the 12 significant weaknesses" in c.text for c in answer.citations)
    assert len(letter(sample, "Worcestershire")) == 12
    assert_well_cited(sample, answer)


def test_count_quotes_the_overall_line(sample: Sample) -> None:
    answer = ask(sample, "How many weaknesses did Wokingham make sufficient progress on?")
    assert answer is not None
    phrase = "sufficient progress in addressing five of the six significant weaknesses"
    assert phrase in answer.answer
    assert any(phrase in c.text for c in answer.citations)
    assert letter(sample, "Wokingham").count("sufficient progress") == 5
    assert_well_cited(sample, answer)


def test_which_areas_had_widespread_failings(sample: Sample) -> None:
    answer = ask(sample, "Which areas did inspectors find had widespread or systemic failings?")
    assert answer is not None
    expected = {d.area for d in sample.documents
                if d.fields.get("outcome") == "widespread and/or systemic failings"}
    assert expected and {c.area for c in answer.citations} == expected
    assert all("widespread and/or systemic failings" in c.text for c in answer.citations)
    assert_well_cited(sample, answer)


@pytest.mark.parametrize(("question", "outcome"), [
    ("which councils came out with the top rating?", "typically positive experiences and outcomes"),
    ("which areas got the lowest outcome?", "widespread and/or systemic failings"),
])
def test_the_best_or_worst_outcome_asked_in_everyday_words(
    sample: Sample, question: str, outcome: str,
) -> None:
    answer = ask(sample, question)
    assert answer is not None
    expected = {d.area for d in sample.documents if d.fields.get("outcome") == outcome}
    assert expected and {c.area for c in answer.citations} == expected
    assert answer.answer.count("“") == 1, answer.answer  # the outcome's words quoted once
    assert_well_cited(sample, answer)


def test_the_support_visits_a_letter_ends_are_no_missing_monitoring_inspection(
    sample: Sample,
) -> None:
    answer = ask(sample, "Trying to work out whether the DfE monitoring visits to Wandsworth "
                         "stopped: did it pass its revisit?")
    assert answer is not None and "holds no monitoring inspection" not in answer.answer


def test_a_named_child_in_a_report_is_declined_plainly(sample: Sample) -> None:
    answer = ask(sample, "What does the Bolton report say happened to the boy named Kai?")
    assert answer is not None and answer.abstained
    assert "don't name or discuss individual children" in answer.answer, answer.answer
    named = ask(sample, "does the bury report talk about her by name? she's called Ruby Moss")
    assert named is not None and named.abstained
    assert "don't name or discuss individual children" in named.answer, named.answer


def test_which_areas_did_not_make_sufficient_progress(sample: Sample) -> None:
    answer = ask(sample, "Which areas did not make sufficient progress?")
    assert answer is not None
    expected = {f.area for f in sample.findings if f.verdict == "not sufficient progress"}
    assert {c.area for c in answer.citations} == expected
    assert "has made sufficient" not in answer.answer
    assert_well_cited(sample, answer)


def test_comparison_across_areas_on_a_theme(sample: Sample) -> None:
    answer = ask(sample, "What did inspectors find about transitions in other areas?",
                 "Did Wokingham make sufficient progress on transitions?")
    assert answer is not None
    areas = {c.area for c in answer.citations}
    assert len(areas) >= 2 and "Wokingham" not in areas
    themes = {f.chunk_id: f.theme for f in sample.findings}
    assert all(themes[c.chunk_id] == "transitions" for c in answer.citations)
    assert_well_cited(sample, answer)


def test_practice_in_other_areas_is_left_to_the_reports_narrative(sample: Sample) -> None:
    """The table holds only what must improve: "how did others tackle it?" is retrieved."""
    assert ask(sample, "How did other areas tackle transitions?",
               "Did Wokingham make sufficient progress on transitions?") is None


def test_revisit_summary_gives_overall_line_and_each_verdict(sample: Sample) -> None:
    answer = ask(sample, "What did the Wandsworth revisit find?")
    assert answer is not None
    overall = next(d.fields["overall_line"] for d in sample.documents if d.area == "Wandsworth")
    assert overall in answer.answer
    assert answer.answer.count("made sufficient progress in addressing this significant") == 2
    assert_well_cited(sample, answer)


def test_report_summary_gives_outcome_and_findings(sample: Sample) -> None:
    answer = ask(sample, "What did the MK inspection find?")
    assert answer is not None
    mk = next(d for d in sample.documents if d.area == "Milton Keynes")
    assert len(answer.citations) == 1 + len(mk.findings)
    assert "inconsistent experiences and outcomes" in answer.citations[0].text
    assert_well_cited(sample, answer)


def test_follow_up_answered_from_the_table(sample: Sample) -> None:
    answer = ask(sample, "what about EHC plans?",
                 "Did Wokingham make sufficient progress on transitions?")
    assert answer is not None
    assert "timeliness and quality of EHC plans" in answer.answer
    assert "“The area has made sufficient progress" in answer.answer
    assert_well_cited(sample, answer)


def test_false_premise_is_corrected(sample: Sample) -> None:
    answer = ask(sample, "Since Wandsworth failed on EHC plans, what did leaders do next?")
    assert answer is not None and not answer.abstained
    assert "Wandsworth did make sufficient progress" in answer.answer
    assert "has made sufficient progress" in answer.citations[0].text
    assert_well_cited(sample, answer)


def test_inspection_leads_come_from_the_parsed_fields(sample: Sample) -> None:
    answer = ask(sample, "Who were the lead inspectors for the Wandsworth revisit?")
    assert answer is not None and not answer.abstained
    assert "Andrew Wright" in answer.answer
    assert "Andrew Wright" in answer.citations[0].text
    assert_well_cited(sample, answer)


NOT_FROM_THE_TABLE = [
    "What did the revisit say about transitions?",  # an open question on a theme
    "Did Wandsworth make sufficient progress on transitions?",  # no such weakness there
    "Since Wokingham did not make progress on transitions, what did the council do?",
]


@pytest.mark.parametrize("question", NOT_FROM_THE_TABLE)
def test_falls_back_to_retrieval(sample: Sample, question: str) -> None:
    assert ask(sample, question) is None


# --- refusals ---------------------------------------------------------------------------------


def test_unknown_area_is_said_plainly(sample: Sample) -> None:
    answer = ask(sample, "What did Leeds do about EHCPs?")
    assert answer is not None and answer.abstained and not answer.citations
    assert answer.answer.startswith("There is no document about Leeds in the collection.")
    assert all(area in answer.answer for area in sample.areas)


def test_personal_case_points_to_the_sendiass_the_documents_name(sample: Sample) -> None:
    answer = ask(sample, "My son in Brighton has an EHC plan that is late, what do I do?")
    assert answer is not None and answer.abstained
    assert "not advice" in answer.answer and "legal or medical advice" in answer.answer
    assert [c.area for c in answer.citations] == ["Brighton and Hove"]
    assert "SENDIASS" in answer.citations[0].text
    assert_well_cited(sample, answer)


def test_distressed_parent_without_an_area(sample: Sample) -> None:
    answer = ask(sample, "I'm at my wits' end, nobody listens to us about our daughter")
    assert answer is not None and answer.abstained and not answer.citations
    assert "SENDIASS" in answer.answer and "sorry" in answer.answer


@pytest.mark.parametrize("question", [
    "Which school is best for autism in Bury?",
    "Can we take the council to tribunal?",
    "Will Wokingham improve by the next inspection?",
])  # fmt: skip
def test_advice_and_predictions_are_refused(sample: Sample, question: str) -> None:
    answer = ask(sample, question)
    assert answer is not None and answer.abstained and not answer.citations
    assert "The collection holds" in answer.answer


def test_a_year_after_the_collection_is_refused(sample: Sample) -> None:
    answer = ask(sample, "What did Wokingham's 2024 inspection find?")
    assert answer is not None and answer.abstained
    assert "no document about Wokingham from 2024" in answer.answer
    assert ask(sample, "What did the 2021 Wokingham revisit find?") is not None


def test_answerable_questions_are_not_refused(sample: Sample) -> None:
    q = understand("Compare Leeds and Wokingham on transitions", [], sample.areas)
    assert refusal_for(q, sample.areas, [], sample.documents) is None


def test_someone_in_another_role_is_not_answered_with_the_inspection_leads(
        sample: Sample) -> None:
    report = next(d for d in sample.documents if d.fields.get("lead_inspectors"))
    led = ask(sample, f"who led the {report.area} inspection?")
    assert led is not None and "inspection leads" in led.answer, led
    for role in ("the headteacher of the special school", "the lead councillor for SEND"):
        said = ask(sample, f"who is {role} in {report.area}?")
        assert said is None or "inspection leads" not in said.answer, said
    # someone the area works with is no one of the inspection
    said = ask(sample, f"who is {report.area} working with to improve short breaks?")
    assert said is None or "inspection leads" not in said.answer, said
    said = ask(sample, f"and who were the inspectors in {report.area}?")
    assert said is not None and "inspection leads" in said.answer, said


@pytest.mark.parametrize(("question", "declined"), [
    ("what grade did the special school in {area} get from ofsted?", True),
    ("was my daughter's school rated good or outstanding in {area}?", True),
    ("what did the ofsted inspection of st mary's school in {area} find?", True),
    ("is meadowbank school in {area} rated outstanding?", True),  # a school by its name
    # ... in lower case after any word, or an academy's
    ("{area}: what ofsted rating did larchfield school get last year?", True),
    ("which grade has brookside academy got?", True),
    # ... its name before its kind
    ("{area} mum: what rating did hollybank special school get?", True),
    ("were enough special school places rated good in {area}?", False),
    ("was {area} rated well for school attendance?", False),  # no school named
    ("how was the move from primary school rated in {area}?", False),
    ("what did inspectors say about special schools in {area}?", False),
    ("how well do the schools in {area} include pupils with SEND?", False),
    # ... or by a saint's name and its kind, with no word "school"
    ("is st anne's infants in {area} ok for send? whats its ofsted rating", True),
    ("saint bede's secondary in {area}: what was it graded?", True),
    ("what did ofsted rate maple school in {area}?", True),  # the verb, not only "rating"
])
def test_one_schools_own_grade_is_declined_not_answered_with_the_areas(
        sample: Sample, question: str, declined: bool) -> None:
    q = understand(question.format(area=sample.areas[0]), [], sample.areas)
    said = refusal_for(q, sample.areas, list(sample.passages.values()), sample.documents)
    assert (said is not None and "single school" in said.answer) is declined, said


def test_a_special_school_place_in_the_story_before_names_no_school(sample: Sample) -> None:
    """A follow-up's rewriting carries the last question's words ("... waiting for a special
    school place"): the rating then asked is the area's, not a school's."""
    area = sample.areas[0]
    history = [Turn(role="user", content=f"my son has waited months in {area} for a special "
                                         "school place. is that normal?"),
               Turn(role="assistant", content="(answer)")]
    q = understand(f"but {area} only got the middle rating so it can't be that bad?", history,
                   sample.areas)
    said = refusal_for(q, sample.areas, list(sample.passages.values()), sample.documents)
    assert said is None or "single school" not in said.answer, said


def test_contact_details_the_documents_do_not_give_are_declined_not_guessed() -> None:
    from core.models import Passage

    def passage(area: str, text: str) -> Passage:  # made-up passages: test data
        return Passage(chunk_id=f"{area}-1", doc_id=area.lower(), title=f"{area} paper",
                       area=area, doc_type="committee_report", date="2024-01-01",
                       source="test.txt", position=0, heading="", text=text)

    passages = [
        passage("Bury", "Leaders meet parents every term. To get this report in large print, "
                        "email enquiries@ofsted.gov.uk."),
        passage("Bolton", "Contact officer: A. Tester, Tel: 01234 000000, "
                          "a.tester@example.invalid"),
    ]
    known = ["Bolton", "Bury"]
    asked = understand("what's the phone number for the send team in bury?", [], known)
    said = refusal_for(asked, known, passages, [])
    assert said is not None and said.abstained, said
    assert said.answer.startswith("The Bury documents don't give contact details"), said
    # a paper that names its contact officer is read, not declined
    named = understand("what's the phone number of the officer on the bolton paper?", [], known)
    assert refusal_for(named, known, passages, []) is None


def test_a_kind_the_report_does_not_set_is_said_plainly(sample: Sample) -> None:
    reports = [d for d in sample.documents if d.doc_type == "inspection_report"]
    kinds = {d.doc_id: {f.kind for f in sample.findings if f.doc_id == d.doc_id} for d in reports}
    report = next(d for d in reports if "priority_action" not in kinds[d.doc_id]
                  and "improvement" in kinds[d.doc_id])
    answer = ask(sample, f"Please list the areas for priority action set for {report.area}.")
    assert answer is not None and not answer.abstained
    said = re.search(r"sets no areas for priority action; it sets (\d+) areas for improvement",
                     answer.answer)
    assert said, answer.answer
    rows = [f for f in sample.findings if f.doc_id == report.doc_id and f.kind == "improvement"]
    assert int(said.group(1)) == len(rows)  # the number is the rows listed
    assert rows_under(answer.answer, "improvement") == len(rows)


def test_a_comparison_never_drops_an_area_asked_about(sample: Sample) -> None:
    letters = sorted({d.area for d in sample.documents if d.doc_type == "revisit_letter"})
    first, second = letters[:2]
    answer = ask(sample, f"How do {first} and {second} compare at their revisits?")
    assert answer is not None and not answer.abstained
    assert {first, second} <= {c.area for c in answer.citations}


@pytest.mark.parametrize(("question", "first"), [
    ("Tell me how Wokingham got on at its revisit.",
     "Wokingham made sufficient progress on five of the six significant weaknesses"),
    ("so how did the wandsworth revisit go overall?",
     "Wandsworth made sufficient progress on both of the significant weaknesses"),
])
def test_a_revisit_answer_says_what_the_verdicts_add_up_to_first(
        sample: Sample, question: str, first: str) -> None:
    answer = ask(sample, question)
    assert answer is not None and answer.answer.startswith(first), answer
    assert_well_cited(sample, answer)


def test_the_plain_sentence_names_what_was_not_fixed(sample: Sample) -> None:
    answer = ask(sample, "Tell me how Wokingham got on at its revisit.")
    assert answer is not None
    head = answer.answer.split("]. ", 1)[0]
    assert "not on: “The area had an underdeveloped pathway" in head, head


def test_a_report_list_says_how_many_before_the_rows(sample: Sample) -> None:
    answer = ask(sample, "what has bury been told it needs to get better at?")
    assert answer is not None
    bury = next(d for d in sample.documents if d.area == "Bury")
    kinds = [f.kind for f in sample.findings if f.doc_id == bury.doc_id]
    urgent, improve = kinds.count("priority_action"), kinds.count("improvement")
    # (the report named in the count: the outcome, not asked, is not quoted before it)
    assert f"sets {urgent} areas for priority action and {improve} areas for improvement:" \
        in answer.answer
    assert rows_under(answer.answer, "priority action") == urgent
    assert rows_under(answer.answer, "improvement") == improve
    assert answer.answer.index("for priority action: “") \
        < answer.answer.index("for improvement: “")  # urgent first
    assert_well_cited(sample, answer)


def test_a_count_of_a_kind_the_report_lacks_says_so_and_what_it_sets(sample: Sample) -> None:
    answer = ask(sample, "how many priority actions did milton keynes get in its inspection?")
    assert answer is not None
    mk = next(d for d in sample.documents if d.area == "Milton Keynes")
    improve = sum(f.kind == "improvement" for f in sample.findings if f.doc_id == mk.doc_id)
    assert "sets no areas for priority action; it sets " \
           f"{improve} areas for improvement:" in answer.answer
    assert rows_under(answer.answer, "improvement") == improve
    assert_well_cited(sample, answer)


def test_a_question_about_the_askers_own_child_is_declined_plainly(sample: Sample) -> None:
    answer = ask(sample, "did the Trafford inspectors write anything about my son at his school?")
    assert answer is not None and answer.abstained
    assert "don't name or discuss individual children" in answer.answer


def test_comparing_two_outcomes_says_plainly_which_is_better(sample: Sample) -> None:
    outcome = {d.area: d.fields["outcome"] for d in sample.documents if d.fields.get("outcome")}
    assert outcome["Bolton"] != outcome["Bury"]
    answer = ask(sample, "did bolton and bury end up with the same result?")
    assert answer is not None
    better, worse = sorted(["Bolton", "Bury"], key=lambda a: OUTCOME_PHRASES.index(outcome[a]))
    assert answer.answer.startswith(
        f"No: {better} got the better outcome, {outcome[better]}; {worse}: {outcome[worse]}.")
    assert_well_cited(sample, answer)


def test_a_claim_that_an_unjudged_weakness_was_fixed_meets_what_the_letter_says(
    sample: Sample,
) -> None:
    answer = ask(sample, "Now that Worcestershire has fixed its EHC plans, what is left for them?")
    assert answer is not None
    assert answer.answer.startswith("That is not what the documents say: the Worcestershire "
                                    "revisit letter gives no verdict of its own on this weakness")
    first = _QUOTE_RE.findall(answer.answer)[0]
    assert "EHC plan" in first and re.search(r"poor|lack|not", first)
    assert_well_cited(sample, answer)


def test_a_question_naming_words_of_one_finding_gets_that_finding_whole(
    sample: Sample,
) -> None:
    rows = [f for f in sample.findings if f.area == "Plymouth" and f.kind == "priority_action"]
    holding = [f for f in rows if "short breaks" in f"{f.title} {f.text}"]
    assert len(rows) > 1 and len(holding) == 1
    answer = ask(sample, "Which of Plymouth's priority actions concerned short breaks?")
    assert answer is not None
    assert f"Of its {len(rows)} areas for priority action, 1 is about short breaks:" \
        in answer.answer
    assert "short breaks" in _QUOTE_RE.findall(answer.answer)[-1]
    assert_well_cited(sample, answer)


def test_failing_to_make_progress_is_a_revisit_verdict_not_the_failing_outcome(
    sample: Sample,
) -> None:
    answer = ask(sample, "On which weaknesses did Windsor and Maidenhead fail to make "
                         "sufficient progress?")
    assert answer is not None
    assert "joint commissioning" in answer.answer and "systemic" not in answer.answer
    assert_well_cited(sample, answer)


def test_what_is_still_wrong_with_a_weakness_the_letter_gives_no_verdict_of_its_own(
    sample: Sample,
) -> None:
    answer = ask(sample, "What is still wrong with EHC plans in Worcestershire?")
    assert answer is not None
    assert "gives no verdict of its own on this, and says:" in answer.answer
    assert any("EHC plan" in quote for quote in _QUOTE_RE.findall(answer.answer))
    assert_well_cited(sample, answer)


def test_which_areas_question_names_the_findings_its_own_words_single_out(
    sample: Sample,
) -> None:
    # among the findings on waiting times and therapies, those holding the question's own
    # words beyond the theme's, read the way the answer reads words ("speech and language
    # therapy" is one term, as "SALT" is)
    asked = "Which areas were told to cut speech and language therapy waits?"
    q = understand(asked, [], sample.areas)
    assert "waiting_times" in q.themes
    term = token_set("speech and language therapy")
    holding = {f.doc_id for f in sample.findings if f.theme in q.themes
               and term <= token_set(f"{f.title} {f.text}")}
    others = {f.doc_id for f in sample.findings if f.theme in q.themes} - holding
    assert holding and others  # the sample's own rows, not a number written here
    answer = ask(sample, asked)
    assert answer is not None
    assert answer.answer.startswith("The documents set ")
    assert "about speech and language" in answer.answer.split(":")[0]
    cited = {c.doc_id for c in answer.citations}
    assert cited <= holding and cited, answer.answer
    assert_well_cited(sample, answer)


def test_how_many_things_to_put_right_counts_the_reports_findings(sample: Sample) -> None:
    report = next(d for d in sample.documents
                  if d.area == "Bury" and d.doc_type == "inspection_report")
    rows = [f for f in sample.findings if f.doc_id == report.doc_id]
    urgent = sum(f.kind == "priority_action" for f in rows)
    answer = ask(sample, "how many things has bury got to put right?")
    assert answer is not None
    assert f"sets {urgent} areas for priority action and {len(rows) - urgent} areas for " \
           "improvement" in answer.answer
    assert_well_cited(sample, answer)


def test_whether_a_reports_findings_are_fixed_yet_is_not_judged_by_any_later_document(
    sample: Sample,
) -> None:
    answer = ask(sample, "has Plymouth sorted out those problems yet?")
    assert answer is not None
    assert answer.answer.startswith("The documents don't say yet: the Plymouth area SEND "
                                    "inspection report")
    assert "no later inspection has judged its findings" in answer.answer
    assert_well_cited(sample, answer)


def test_comparing_one_area_with_the_others_puts_that_area_first(sample: Sample) -> None:
    answer = ask(sample, "How does Bolton compare with other areas on EHC plans?")
    assert answer is not None
    others = [a for a in sample.areas if a != "Bolton" and a in answer.answer]
    assert answer.answer.startswith("The Bolton ") and others, answer.answer
    assert_well_cited(sample, answer)


def test_a_story_naming_a_theme_before_a_whole_verdict_question_gets_the_whole_verdict(
    sample: Sample,
) -> None:
    answer = ask(sample, "My daughter has an EHCP and we just moved to Wandsworth. Did they "
                         "ever put right what the inspectors criticised?")
    assert answer is not None
    assert answer.answer.startswith("Wandsworth made sufficient progress on both"), answer.answer
    assert_well_cited(sample, answer)


def test_revisits_compared_say_first_how_many_weaknesses_each_left(sample: Sample) -> None:
    answer = ask(sample, "How do Wokingham and Wandsworth compare on their revisits?")
    assert answer is not None
    left = {}
    for area in ("Wokingham", "Wandsworth"):
        letter = next(d for d in sample.documents
                      if d.area == area and d.doc_type == "revisit_letter")
        rows = [f for f in sample.findings if f.doc_id == letter.doc_id]
        left[area] = (sum(f.verdict == "not sufficient progress" for f in rows), len(rows))
    most = max(left, key=lambda a: left[a][0])
    head = answer.answer.split(" [", 1)[0]
    assert head.startswith("Significant weaknesses still not addressed:"), head
    assert head.index(most) < head.index(min(left, key=lambda a: left[a][0]))  # most first
    assert_well_cited(sample, answer)


def test_many_weaknesses_are_grouped_under_each_verdict_said_once(sample: Sample) -> None:
    answer = ask(sample, "What did the Windsor and Maidenhead revisit find overall?")
    assert answer is not None
    assert answer.answer.count("Sufficient progress on: “") == 1, answer.answer
    assert answer.answer.count("has made sufficient progress in addressing this significant") \
        == 0, answer.answer
    assert_well_cited(sample, answer)


def test_counts_for_several_areas_are_given_side_by_side_first(sample: Sample) -> None:
    counts = {}
    for area in ("Bolton", "Bury"):
        report = next(d for d in sample.documents
                      if d.area == area and d.doc_type == "inspection_report")
        counts[area] = sum(f.doc_id == report.doc_id and f.kind == "improvement"
                           for f in sample.findings)
    answer = ask(sample, "for my notes: how many areas for improvement did bury and bolton each "
                         "receive?")
    assert answer is not None
    first = answer.answer.split(". ")[0]
    for area, n in counts.items():
        assert re.search(rf"{area}: {n} areas? for improvement", first), answer.answer
    assert_well_cited(sample, answer)


def test_the_outcome_asked_after_a_story_comes_with_what_happens_next(sample: Sample) -> None:
    answer = ask(sample, "right, so how did they do when inspected, well or badly?",
                 "my girl is 9 with an ehcp in bolton and the annual review is always late. who "
                 "is in charge of send services there?")
    assert answer is not None
    assert "next full area SEND inspection" in answer.answer, answer.answer
    assert_well_cited(sample, answer)


def test_what_comes_next_leads_whatever_the_handler_answered(sample: Sample) -> None:
    answer = ask(sample, "so what is still outstanding, and what monitoring applies now?",
                 "Did Wandsworth fix everything at its 2022 revisit?")
    assert answer is not None, answer
    assert answer.answer.startswith("What comes next, in the document's words:"), answer.answer
    assert "will cease" in answer.answer


def test_what_followed_a_wrong_verdict_is_what_the_letter_says_comes_next(sample: Sample) -> None:
    answer = ask(sample, "Since Wandsworth failed on EHC plans at the 2022 revisit, what "
                         "escalation followed?")
    assert answer is not None and answer.answer.startswith("That is not what the documents say")
    assert "will cease" in answer.answer, answer.answer


def test_words_saying_which_findings_single_out_none(sample: Sample) -> None:
    """"The formal recommendations" names the findings, not a subject among them."""
    answer = ask(sample, "What still has to improve in Telford and Wrekin going by the formal "
                         "recommendations?")
    assert answer is not None and "about the formal" not in answer.answer, answer
    assert rows_under(answer.answer, "improvement") == 2 or "2 areas for improvement" in \
        answer.answer, answer.answer


def test_a_kind_set_aside_is_left_out_of_the_rows_quoted(sample: Sample) -> None:
    answer = ask(sample, "Aside from the priority actions, which areas for improvement did "
                         "Plymouth get?")
    assert answer is not None and "priority action:" not in answer.answer.lower(), answer


def test_what_were_they_after_a_count_lists_the_weaknesses_not_the_letters_summary(
        sample: Sample) -> None:
    answer = ask(sample, "and what were those?",
                 "How many significant weaknesses did Wokingham's revisit letter look at?")
    assert answer is not None, answer
    assert answer.answer.startswith("Wokingham made sufficient progress on five of the six")
    assert "It adds:" not in answer.answer and "It also says:" not in answer.answer, answer.answer
    assert "transition to adulthood" in answer.answer


def test_findings_of_a_kind_asked_for_are_quoted_without_the_unasked_outcome(
        sample: Sample) -> None:
    only = ask(sample, "Which areas for improvement did inspectors give Telford and Wrekin?")
    assert only is not None and only.answer.startswith(
        "The Telford and Wrekin area SEND inspection report"), only
    assert "sets 2 areas for improvement" in only.answer
    assert "typically lead to positive" not in only.answer, only.answer
    both = ask(sample, "What outcome did Telford and Wrekin get, and which areas for improvement?")
    assert both is not None and "typically lead to positive" in both.answer, both


def test_the_words_naming_findings_across_areas_are_one_run_of_the_question(
        sample: Sample) -> None:
    from assistant.answering.across_areas import rows_on_subject

    q = understand("Which areas were told that expectant parents must all get the mandated "
                   "antenatal health visitor contact?", [], sample.areas)
    table = Table(list(sample.findings), list(sample.documents), sample.passages)
    rows = [f for f in sample.findings if f.kind in ("improvement", "priority_action")]
    singled = rows_on_subject(q, table, rows)
    assert " and " not in singled.phrase, singled.phrase
    assert len(singled.phrase.split()) <= 6

