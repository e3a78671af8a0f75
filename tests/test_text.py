"""The text toolkit (core.text): Snowball stems, pysbd sentences, rapidfuzz for misspelt names."""

from __future__ import annotations

import pytest

from assistant.area_views import key_sentence
from assistant.areas import find_areas
from core import text
from core.models import Finding


@pytest.mark.parametrize(("words", "shared"), [
    (["transitions", "transition", "transitioning"], "transit"),
    (["planning", "plans", "planned"], "plan"),
    (["assessments", "assessment", "assessed"], "assess"),
    (["families", "family"], "famili"),
])
def test_forms_of_one_word_share_a_stem(words: list[str], shared: str) -> None:
    assert {text.stem(w) for w in words} == {shared}


def test_different_words_keep_different_stems() -> None:
    assert text.stem("council") != text.stem("counsel")
    assert text.stem("send") == "send"  # the acronym is not cut down


@pytest.mark.parametrize(("passage", "expected"), [
    ("Therapists, e.g. physiotherapists, wait longest. Leaders know this.",
     ["Therapists, e.g. physiotherapists, wait longest.", "Leaders know this."]),
    ("Priority No. 3 is about transition. It is not yet met.",
     ["Priority No. 3 is about transition.", "It is not yet met."]),
    ("Dr. Patel chairs the board. Minutes are published.",
     ["Dr. Patel chairs the board.", "Minutes are published."]),
    ("Actions: 1. Publish the offer. 2. Train the staff.",  # each item keeps its number
     ["Actions:", "1. Publish the offer.", "2. Train the staff."]),
    ("Waiting lists grew (to 40 weeks). Parents were told why!",
     ["Waiting lists grew (to 40 weeks).", "Parents were told why!"]),
])
def test_sentences_end_where_a_reader_would_end_them(passage: str, expected: list[str]) -> None:
    assert text.sentences(passage) == expected


def test_a_list_number_stays_with_its_item() -> None:
    item = "- 4. Leaders should publish the plan. Parents want it soon."
    assert text.sentences(item) == ["- 4. Leaders should publish the plan.",
                                    "Parents want it soon."]


@pytest.mark.parametrize("passage", [
    "The board met in March 2024. The CQC attended (twice). Leaders agreed. OK now.",
    "Prof. Lee and Dept. staff met. St. Helens sent notes, etc. The rest agreed.",
])
def test_every_character_of_a_passage_is_in_a_sentence(passage: str) -> None:
    assert " ".join(text.sentences(passage)) == passage
    assert not any(s.endswith(("Prof.", "Dept.", "St.")) for s in text.sentences(passage))


def test_a_line_break_inside_a_sentence_does_not_end_it() -> None:
    wrapped = "The partnership has made\nprogress since 2022. Plans\nare on time."
    assert text.sentences(wrapped) == ["The partnership has made\nprogress since 2022.",
                                       "Plans\nare on time."]


def test_spans_cover_every_sentence_exactly() -> None:
    passage = "  First point, i.e. the main one.  Second point follows.\n"
    spans = text.sentence_spans(passage)
    assert [passage[s:e] for s, e in spans] == ["First point, i.e. the main one.",
                                                "Second point follows."]


@pytest.mark.parametrize("empty", ["", "   ", "\n\n"])
def test_blank_text_has_no_sentences(empty: str) -> None:
    assert text.sentences(empty) == []


def test_one_sentence_without_a_full_stop_is_kept_whole() -> None:
    assert text.sentences("A heading with no full stop") == ["A heading with no full stop"]


AREAS = ["wokingham", "middlesbrough", "worcestershire", "windsor maidenhead"]


@pytest.mark.parametrize(("typed", "meant"), [
    ("wokinham", "wokingham"),
    ("middlesborough", "middlesbrough"),
    ("worcestshire", "worcestershire"),
])
def test_a_misspelt_area_finds_the_area_meant(typed: str, meant: str) -> None:
    assert text.closest(typed, AREAS, cutoff=0.85) == meant


@pytest.mark.parametrize("typed", ["walsall", "woking", "manchester"])
def test_a_far_off_word_matches_no_area(typed: str) -> None:
    assert text.closest(typed, AREAS, cutoff=0.85) is None


def test_the_cutoff_bounds_the_match() -> None:
    assert text.closest("wokinham", AREAS, cutoff=0.99) is None
    assert text.closest("wokinham", [], cutoff=0.5) is None


HELD = ["Wokingham", "Middlesbrough", "Windsor and Maidenhead", "Bolton"]


@pytest.mark.parametrize(("question", "area"), [
    ("What did inspectors say about Wokinghm?", "Wokingham"),
    ("Is Midlesbrough improving its EHC plans?", "Middlesbrough"),
])
def test_a_question_with_a_misspelt_area_names_that_area(question: str, area: str) -> None:
    assert [m.name for m in find_areas(question, HELD) if m.known] == [area]


@pytest.mark.parametrize("question", ["How is Boston doing?", "What about Workington?"])
def test_a_question_naming_a_different_place_names_no_held_area(question: str) -> None:
    assert not [m for m in find_areas(question, HELD) if m.known]


def test_a_findings_key_sentence_is_not_cut_at_an_abbreviation() -> None:
    finding = Finding.model_validate({
        "finding_id": "f1", "doc_id": "d1", "area": "Bolton", "date": None,
        "framework": "2016", "kind": "significant_weakness", "number": 1,
        "title": "Waits for therapy", "theme": "health",
        "text": "Waits for therapy. Some services, e.g. speech therapy, have made progress. "
                "Others have not."})
    assert key_sentence(finding) == ("Some services, e.g. speech therapy, have made "
                                     "progress.")


@pytest.mark.parametrize(("said", "words"), [
    ("Which councils?", ["which", "councils"]),
    ("post-16 and EHCPs", ["post", "and", "ehcps"]),
    ("Wokingham's 2021 revisit", ["wokingham", "s", "revisit"]),
    ("", []),
])
def test_letter_words_are_runs_of_letters_lower_cased(said: str, words: list[str]) -> None:
    assert text.letter_words(said) == words


def test_the_bullets_a_sentence_introduces_are_its_items() -> None:
    from assistant.terms import bullets_after

    text = ("The review named three priorities for the test council.\n\n"
            "- 1. Faster plans for\n  children in care\n- 2. A new parent forum\n\n"
            "- 3. Better transport.\n\nBackground\n\nThe council met in May.")
    assert bullets_after(text, "The review named three priorities for the test council.") == [
        "Faster plans for children in care", "A new parent forum", "Better transport."]
    # a sentence followed on its own line by another introduces nothing
    assert bullets_after("One thing was found. It was late.\n- an item", "One thing was found.") \
        == []


def test_a_numbered_paragraph_of_a_paper_is_no_item() -> None:
    from assistant.terms import leading_bullets

    assert leading_bullets("- 1.2. The council and its partners wrote the plan.") == []


def test_a_contraction_is_no_subject_word() -> None:
    from assistant.terms import term_weight, tokens

    assert [t for t in tokens("parents don't ever miss work") if term_weight(t) == 1.0] \
        == ["miss"]


def test_what_something_paid_for_is_what_it_funded() -> None:
    from assistant.terms import tokens

    assert "fund" in tokens("and what did the grant pay for?")
    assert "fund" in tokens("The grant funded two new posts.")


def test_physio_is_physiotherapy() -> None:
    from assistant.terms import tokens

    assert set(tokens("any news on physio?")) & set(tokens("Physiotherapy waits are long."))


def test_turning_sixteen_or_leaving_school_is_a_transition() -> None:
    from assistant.terms import tokens

    moving_on = set(tokens("Transitions to adult services are planned early."))
    assert moving_on & set(tokens("what happens when she turns 18?"))
    assert moving_on & set(tokens("and once he is leaving school?"))
