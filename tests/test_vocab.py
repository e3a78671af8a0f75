"""The word-list matcher: whole words, prefixes, phrases and the punctuation between words."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from assistant.understanding import vocabulary
from assistant.understanding.vocab import Phrases, year_spans, years

FRUIT = Phrases.of("apple | pear* | green grape | blood-orange | *berry")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("An APPLE a day", True),
        ("pineapple juice", False),  # a whole word, not a piece of one
        ("apples", False),  # no trailing star: the word itself only
        ("pears and pearls", True),  # a star: any word it starts
        ("green   grape", True),  # words of a phrase: any whitespace between them
        ("green, grape", False),  # ... but not punctuation the phrase does not write
        ("greengrape", False),
        ("a blood-orange", True),  # punctuation the phrase writes
        ("a blood - orange", True),
        ("a blood orange", False),
        ("strawberry", True),  # a leading star: any word it ends
        ("berry picking", True),
        ("berrying", False),
        ("", False),
    ],
)
def test_mentions(text: str, expected: bool) -> None:
    assert FRUIT.mentions(text) is expected


def test_find_gives_spans_in_order_without_overlap() -> None:
    text = "Pears, a green grape and an apple."
    spans = FRUIT.find(text)
    assert [text[a:b] for a, b in spans] == ["Pears", "green grape", "apple"]
    assert FRUIT.count(text) == 3
    assert FRUIT.search(text) == spans[0]
    assert FRUIT.search("nothing here") is None


def test_the_phrase_listed_first_wins_where_two_start_together() -> None:
    both = Phrases.of("green | green grape")
    text = "green grape"
    assert [text[a:b] for a, b in both.find(text)] == ["green"]


def test_apostrophes_split_words_as_a_regex_boundary_does() -> None:
    negation = Phrases.of("*n't | did not")
    assert negation.mentions("It wasn't done")
    assert negation.mentions("they did not")
    assert not negation.mentions("it was not")
    assert Phrases.of("don't know").mentions("I DON'T KNOW")


def test_starts_after_punctuation_and_an_optional_lead_in() -> None:
    when = Phrases.of("when")
    lead = Phrases.of("and | so")
    assert when.starts("  ...When was it?")
    assert not when.starts("So when was it?")
    assert when.starts("So, when was it?", after=lead)
    assert not when.starts("Then when was it?", after=lead)
    assert not when.starts("", after=lead)


def test_a_lone_star_is_any_one_word() -> None:
    last = Phrases.of("last visit* | last * visit*")
    assert last.mentions("at their last visit")
    assert last.mentions("at their last full visits")
    assert not last.mentions("at their last two full visits")


def test_a_malformed_list_is_an_error() -> None:
    with pytest.raises(ValueError, match="not a phrase"):
        Phrases.of("apple | , ")


def test_years_are_four_digit_words_from_1900_to_2099() -> None:
    text = "Visited in 2019 and 2023; ref 12019, 1899, 2100 and 2024s."
    assert years(text) == ["2019", "2023"]
    assert [text[a:b] for a, b in year_spans(text)] == ["2019", "2023"]


@pytest.mark.parametrize(
    ("pattern", "phrases"),
    [
        (r"\b(?:group|board|committee|panel|forum|team|service|council)\b", vocabulary.BODY),
        (r"\bprevious\w*|\bbefore\b|\bprior\b|\bearlier\b|\blast inspected\b", vocabulary.PREVIOUS),
        (r"\bmonitoring (?:inspection|visit)s?\b", vocabulary.MONITORING),
        (r"\bI (?:do not|don't|cannot|can't) (?:know|tell|say|answer)\b", vocabulary.DONT_KNOW),
    ],
)
def test_lists_agree_with_the_alternations_they_replaced(
    pattern: str, phrases: Phrases
) -> None:
    """A few of the regexes the lists replaced, on sentences of our own: same answer (DONT_KNOW
    holds more phrases than this one alternation, none of them in these sentences)."""
    old = re.compile(pattern, re.I)
    samples = [
        "Who chairs the SEND partnership board?", "the boarding school", "Previously rated",
        "before the revisit", "a monitoring visit is due", "monitoring visitors came",
        "I can't say from these papers", "i do not know", "we don't know", "last inspected",
        "the Council's service", "councillors asked", "the prior year",
    ]
    for text in samples:
        if bool(old.search(text)) != phrases.mentions(text):
            pytest.fail(f"{pattern!r} and the list disagree on {text!r}")


def test_no_word_list_is_defined_twice() -> None:
    """A second list under a name already used replaces the first silently for every caller."""
    tree = ast.parse(Path(vocabulary.__file__).read_text(encoding="utf-8"))
    names = [t.id for node in tree.body if isinstance(node, ast.Assign)
             for t in node.targets if isinstance(t, ast.Name)]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})
