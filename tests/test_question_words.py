"""Question shapes read from word lists (assistant/question_words.py): which sentences start by
asking, and which questions are a why of their own. Our own wording, not eval questions."""

from __future__ import annotations

import pytest

from assistant.question_words import (
    ABOUT_RE,
    ASKING_START_RE,
    WHY_RE,
    premise_clauses,
    premise_opening,
    reported_claim,
    tagged_claim,
)


@pytest.mark.parametrize(
    ("text", "asking"),
    [
        ("What did the letter say about short breaks?", True),
        ("“How long do families wait?", True),  # after punctuation
        ("and when was it published?", True),
        ("Okay which council leads it?", True),
        ("then summarise the findings", True),
        ("So is that still the case?", True),
        ("The council fixed it?", False),  # a statement asked: it asserts something
        ("so, what happened next?", False),  # a lead-in is followed by one space only
        ("Whatever happened to the plan?", False),  # whole words
        ("ok so what?", False),
    ],
)
def test_a_sentence_starts_by_asking(text: str, asking: bool) -> None:
    assert ASKING_START_RE.match(text) is asking


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("why?", True),
        ("  And why is that?", True),
        ("ok, how come?!", True),
        ("but why did they", True),
        ("Why did the partnership miss every deadline?", False),  # a question of its own
        ("why? what changed", False),
        ("so why's that", True),
        ("whyever not?", False),
        ("(why?)", False),  # after spaces only
        ("tell me why", False),
    ],
)
def test_a_why_of_its_own_leans_on_the_question_before(text: str, why: bool) -> None:
    assert WHY_RE.match(text) is why


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("what about Leeds?", "  Leeds?"),
        ("  And, how about their plans", "  their plans"),
        ("ok what about it", "  it"),
        ("same question for Bury", "  Bury"),
        ("and the older ones?", "  the older ones?"),
        ("Which ones?", " "),  # "which ones" and nothing else: all of it
        ("which ones were late?", None),  # a question of its own
        ("whatever about that", None),
        ("So is that true?", None),
    ],
)
def test_a_lead_in_leaning_on_the_question_before(text: str, rest: str | None) -> None:
    assert ABOUT_RE.match(text) is (rest is not None)
    assert ABOUT_RE.sub(" ", text) == (text if rest is None else rest)


def test_the_clause_an_opening_takes_for_granted() -> None:
    assert premise_opening("Since Leeds failed, what did leaders do?") == (
        " Leeds failed", " what did leaders do?")
    assert premise_opening("Given that it was late") == (" it was late", "")
    assert premise_opening("given that\nmore lines follow") is None  # one line only
    assert premise_opening("What happened since then?") is None  # an opening only
    assert premise_opening("Because, of course, it failed") == (", of course", " it failed")


def test_premises_reports_and_tags() -> None:
    assert premise_clauses("Since Bury failed, why did its plan stall?") == [
        " Bury failed", " its plan stall?"]
    assert premise_clauses("Bury fixed all six, didn't it?") == ["Bury fixed all six"]
    assert premise_clauses("What did Bury do?") == []
    assert reported_claim("I read that the revisit went badly") == " that the revisit went badly"
    assert reported_claim("they said that it went badly") == " it went badly"
    assert reported_claim("Officers said it was fine.") == " it was fine."
    assert reported_claim("Apparently") == ""  # nothing reported after it
    assert tagged_claim("  The council passed in 2019,  right?") == "The council passed in 2019"
    assert tagged_claim("The plan worked, correct?") == "The plan worked"
    assert tagged_claim("It improved, was it not?") == ""  # "was not", not "was it not"
    assert tagged_claim("Is that right?") == "Is that"
    assert tagged_claim("first line\nthen, right?") == ""  # the statement is on one line
    assert tagged_claim("Bury,right?") == ""  # a tag follows a space


@pytest.mark.parametrize(("text", "kinds"), [
    ("Setting aside the priority actions, what were the areas for improvement?", ["improvement"]),
    ("Apart from its areas for improvement, were there any priority actions?", ["priority_action"]),
    ("List the priority actions and the areas for improvement.",
     ["priority_action", "improvement"]),
])
def test_a_kind_of_finding_set_aside_is_not_asked_for(text: str, kinds: list[str]) -> None:
    from assistant.question_words import kinds_asked

    assert kinds_asked(text, ["priority_action", "improvement"]) == kinds
