"""Question shapes read from word lists (assistant/question_words.py): which sentences start by
asking, and which questions are a why of their own. Our own wording, not eval questions."""

from __future__ import annotations

import pytest

from assistant.question_words import ASKING_START_RE, WHY_RE


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
