"""The word-list matcher: whole words, prefixes, phrases and the punctuation between words."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from assistant.understanding import answer_vocabulary, vocabulary
from assistant.understanding.vocab import Phrases
from core.dates import year_spans, years

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
    assert Phrases.of("ask * * * to do").mentions("did they ask Testshire's health leaders to do")


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
        (r"\b(?:group|board|committee|panel|forum|team|service|council)\b", answer_vocabulary.BODY),
        (r"\bprevious\w*|\bbefore\b|\bprior\b|\bearlier\b|\bsince (?:\w+ ){0,2}last\b",
         answer_vocabulary.PREVIOUS),
        (r"\bmonitoring (?:inspection|visit)s?\b", answer_vocabulary.MONITORING),
        (r"\bI (?:do not|don't|cannot|can't) (?:know|tell|say|answer)\b",
         answer_vocabulary.DONT_KNOW),
        (r"\b(?:halved|doubled|trebled|tripled|twice|(?:a|one|two) (?:half|third|quarter|fifth)s?"
         r"|half of|by (?:a |one )?(?:half|third|quarter)|per ?cent)\b",
         answer_vocabulary.PROPORTION),
        (r"\b(?:risks|groups|workstreams|strands|priorities)\b", answer_vocabulary.PLURAL_KINDS),
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
        "waits fell by a third", "two fifths of pupils", "a halving of delays", "20 per cent",
        "the number doubled", "half the plans", "halfway through",
        "Which risks remain?", "the task groups met", "a risk register", "its priority",
    ]
    for text in samples:
        if bool(old.search(text)) != phrases.mentions(text):
            pytest.fail(f"{pattern!r} and the list disagree on {text!r}")


@pytest.mark.parametrize(
    "text",
    ["six of the eight areas", "five out of the six weaknesses", "two of three significant "
     "weaknesses remain", "one of the areas", "none of the areas of weakness", "all of the "
     "weakness", "six of eight", "of the eight areas", "4 of the 5 weaknesses", "six of the "
     "eight areass"],
)
def test_counted_agrees_with_the_pattern_it_replaced(text: str) -> None:
    old = re.compile(
        r"\b\w+ (?:out )?of (?:the )?\w+ (?:areas|significant weaknesses|weaknesses)\b")
    assert answer_vocabulary.COUNTED.mentions(text) is bool(old.search(text))


def test_a_plus_is_a_longer_word_only() -> None:
    started = Phrases.of("launch+ | set up")
    assert started.mentions("they launched it") and started.mentions("Launches soon")
    assert not started.mentions("the launch")
    assert started.mentions("we SET  UP a hub")


def test_words_that_must_not_come_next() -> None:
    plans = Phrases.of("plan | plans", unless_next="board* | on")
    assert plans.find("the plans are late") == [(4, 9)]
    assert not plans.mentions("the plan boards met")
    assert not plans.mentions("plan\ton it")
    assert plans.mentions("plan, on it")  # only whitespace before the unwanted word counts
    assert plans.mentions("a plan board plan")  # the second one stands


def test_match_is_at_the_very_start_after_spaces_only() -> None:
    asks = Phrases.of("what | tell me")
    assert asks.match("  What now?") == (2, 6)
    assert asks.match("tell   me more") == (0, 9)
    assert asks.match("so what?") is None
    assert asks.match("...what?") is None
    assert asks.match("whatever") is None


def test_sub_replaces_each_match() -> None:
    digits = Phrases.of("one | two")
    assert digits.sub("#", "One, two, someone") == "#, #, someone"
    assert digits.sub(lambda w: w.upper() + "!", "two or one") == "TWO! or ONE!"
    assert digits.sub("#", "nothing") == "nothing"


def test_a_list_is_one_regex_and_keeps_its_order() -> None:
    """Phrases sharing a first word are folded together; the first listed still wins."""
    shared = Phrases.of("no | no information | not in the sources")
    text = "no information"
    assert [text[a:b] for a, b in shared.find(text)] == ["no"]
    assert Phrases.of("no information | no").find(text) == [(0, 14)]
    assert shared.mentions("NOT in  the sources")


def test_a_tilde_drops_the_boundary_at_that_end() -> None:
    open_end = Phrases.of("~blue whale~")
    text = "two blue whales and a bluewhale"
    assert [text[a:b] for a, b in open_end.find(text)] == ["blue whale"]
    assert open_end.sub("", "the navyblue whales") == "the navys"
    assert not Phrases.of("blue whale").mentions("blue whales")


def test_punctuation_after_the_last_word_must_come_next() -> None:
    lead_in = Phrases.of("as follows: | includes:")
    assert lead_in.mentions("The steps are as follows: one")
    assert lead_in.mentions("It includes : a plan")
    assert not lead_in.mentions("It includes a plan: one")


def test_a_leading_plus_is_a_longer_word_it_ends() -> None:
    doing = Phrases.of("we", unless_next="are +ing~")
    assert not doing.mentions("we are singing")
    assert doing.mentions("we are ing")  # "+": something before "ing"
    assert doing.mentions("we were singing")


def test_two_lists_joined_keep_their_own_rules() -> None:
    plans = Phrases.of("plan for improvement~") | Phrases.of("improvement", unless_next="board")
    assert plans.mentions("a plan for improvement board")  # the first list has no such rule
    assert not plans.mentions("the improvement board")
    assert plans.mentions("further improvement")


def test_the_shortcut_never_hides_a_match() -> None:
    """A text holding none of a list's words is passed over; folding that lower() does not do
    ("İ" is "i" to a regex) must still be matched as the regex matches it."""
    words, text = Phrases.of("inspection | previous"), "An İnspection"
    assert words.mentions(text) is bool(re.search(r"\binspection\b", text, re.I)) is True
    assert not words.mentions("nothing here")


@pytest.mark.parametrize(
    ("pattern", "phrases"),
    [
        (r"significant weakness|\bweakness", vocabulary.FINDING_KINDS["significant_weakness"]),
        (r"areas? for improvement|\bimprovements?\b(?!\s+(?:board|plan|partnership|programme))",
         vocabulary.FINDING_KINDS["improvement"]),
        (r"\b(?:that|it|its|this|they|them|their|there|those|these|he|she|his)\b"
         r"(?!\s+(?:is|are)\s+\w+ing)", vocabulary.PRONOUN),
        (r"\bwhat (?:has|have|did|had) (?:\w+ ){0,4}(?:changed|done|improved|put in place"
         r"|introduced)|\bwhat (?:has |have )?changed\b|\bwhat (?:is|are) (?:\w+ ){0,3}doing\b",
         answer_vocabulary.ASKS_CHANGE),
        (r"\b(?:salar\w*|wages?|paid|pay)\b(?! (?:attention|for)\b)", vocabulary.PAY),
    ],
)
def test_new_lists_cut_what_their_patterns_cut(pattern: str, phrases: Phrases) -> None:
    """Same spans and the same text left after cutting them out, on sentences of our own."""
    old = re.compile(pattern, re.I)
    samples = [
        "Two significant weaknesses remain", "an insignificant weakness", "the weaknesses",
        "areas for improvement board", "the improvement plan", "further improvements needed",
        "it is being reviewed", "is it ingrained?", "what was that about", "those are fine",
        "what has the partnership really done", "what have they put in place", "what changed",
        "what is the council doing", "whatever changed", "staff pay", "we pay for it",
        "pay attention", "the salaries paid", "improvements board",
    ]
    for text in [s.lower() for s in samples] + samples:
        if phrases is vocabulary.PAY and text != text.lower():
            continue  # read on lower-cased questions only
        assert [m.span() for m in old.finditer(text)] == phrases.find(text), text
        assert old.sub(" ", text) == phrases.sub(" ", text), text


def test_no_word_list_is_defined_twice() -> None:
    """A second list under a name already used replaces the first silently for every caller
    (and one name in both modules would leave a reader guessing which list is meant)."""
    names = [t.id for module in (vocabulary, answer_vocabulary)
             for node in ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8")).body
             if isinstance(node, ast.Assign) for t in node.targets if isinstance(t, ast.Name)]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})
