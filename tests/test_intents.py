"""The intent classifier on the real embedding model, with questions worded for these tests
(never copied from the eval sets)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.understanding.clauses import asked_clause, points_at_story
from assistant.understanding.intents import (
    EXAMPLES_PATH,
    INTENT_SHAPES,
    IntentClassifier,
    load_examples,
    mask_areas,
    precise_intent,
)
from core.config import get_settings
from core.embeddings import LazyEmbedder

AREAS = ("Wokingham", "Stoke on Trent", "Barking and Dagenham")


@pytest.fixture(scope="module")
def classify() -> IntentClassifier:
    return IntentClassifier(LazyEmbedder(get_settings()))


def test_every_intent_has_enough_examples_and_a_shape() -> None:
    examples = load_examples()
    assert set(examples) == set(INTENT_SHAPES)
    for intent, texts in examples.items():
        assert 15 <= len(texts) <= 60, intent
        assert len(set(texts)) == len(texts), intent


def test_an_unknown_intent_in_the_table_is_an_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "examples.json"
    bad.write_text(json.dumps({"verdict": ["did they fix it?"], "gossip": ["who is dating?"]}))
    with pytest.raises(ValueError, match="gossip"):
        load_examples(bad)
    assert EXAMPLES_PATH.exists()


def test_area_names_and_themes_are_masked() -> None:
    masked = mask_areas("Did Stoke on Trent fix its EHC plans?", AREAS)
    assert "Stoke" not in masked and "the area" in masked
    assert "EHC" not in masked
    # a theme phrase is masked whole: "places" left over would read as asking across areas
    masked = mask_areas("is there a shortage of specialist school places there?", AREAS)
    assert "places" not in masked and "school" not in masked


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("how many things did the inspectors tell them to sort out?", "count"),
        ("When were the inspectors last in Wokingham?", "date"),
        ("who was in charge of the inspection team?", "people"),
        ("why was progress judged too slow?", "reason"),
        ("will barking and dagenham do better next time?", "prediction"),
        ("do you reckon halton will get a better result next time?", "prediction"),
        # a result to come, though the next inspection is named as oversight questions name it
        ("what judgement is testshire expected to get at its next full inspection?",
         "prediction"),
        ("which outcome is bury likely to receive when inspectors return?", "prediction"),
        # when the inspectors come back is the oversight that follows; when a paper expected
        # them is a date it records
        ("when are the inspectors coming back to check on bury?", "outcome"),
        ("and what follow-up is required after that inspection?", "outcome"),
        ("when did the council paper expect ofsted to come back?", "date"),
        # help on offer now, and what inspectors found good: what an area does
        ("is there anything for parents round here in the meantime?", "practice"),
        ("will he get any help when he moves up to sixth form?", "practice"),
        ("what did the inspectors like about their short breaks?", "practice"),
        # "worth" asks what worked elsewhere, not for a recommendation to the asker
        ("any early help practice in testshire worth copying?", "practice"),
        ("is there anything for teenagers like mine to do at weekends there?", "practice"),
        ("what were the health visitors there asked to do?", "list_findings"),
        ("what did the report ask testshire's school nurses and therapists to do?",
         "list_findings"),
        ("I'm at my wits' end, please tell me what to do", None),
        ("So the revisit found everything fixed. Can you confirm?", "verdict"),
        # how an inspection went; not how something was done
        ("how did testshire get on at its inspection?", "outcome"),
        ("how did testshire do?", "outcome"),
        ("how did testshire do that?", None),
        ("how did testshire get on top of exclusions?", None),
    ],
)
def test_precise_cues_decide_the_question_word_cases(question: str, intent: str | None) -> None:
    assert precise_intent(question) == intent


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("was enough progress made by wokingham on annual reviews at the revisit?", "verdict"),
        ("what overall grade did stoke get from ofsted and the cqc", "outcome"),
        ("Please set out the areas for priority action given to Barking and Dagenham.",
         "list_findings"),
        ("what still hasnt been put right in wokingham", "not_fixed"),
        ("should i move my daughter to a school in another borough?", "advice"),
        ("what does the abbreviation WSOA mean?", "definition"),
        ("which local areas does this tool have reports for?", "coverage"),
    ],
)
def test_the_classifier_reads_the_form_of_the_question(
    classify: IntentClassifier, question: str, intent: str
) -> None:
    # verdict and outcome share a handler (the verdict shape): either reads the question right
    got = classify(mask_areas(question, AREAS)).intent
    assert INTENT_SHAPES[got] == INTENT_SHAPES[intent], got


def test_a_story_before_the_question_is_context_not_the_question() -> None:
    text = ("My boy is nine and we have waited two years for help. "
            "What did the inspectors say about speech therapy in Wokingham?")
    assert asked_clause(text) == "What did the inspectors say about speech therapy in Wokingham?"
    assert asked_clause("No question mark here") == "No question mark here"


def test_a_short_question_pointing_back_at_the_story_asks_about_the_story() -> None:
    assert points_at_story("We have waited a year for a new wheelchair for our son. "
                           "Did the inspectors notice?")
    assert points_at_story("Our son waits for a wheelchair. Did they say anything about that too?")
    # a question with a subject of its own is what is asked, whatever the story
    assert not points_at_story("Our son waits for a wheelchair. Did the inspectors say anything "
                               "about speech therapy?")
    assert not points_at_story("Did the inspectors notice?")  # no story to point back at


def test_example_vectors_are_kept_on_disk_and_a_damaged_file_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from assistant.understanding import example_vectors

    class Counting:  # a stand-in embedder that counts the texts it is asked to embed
        name = "counting-test-embedder"
        calls = 0

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            Counting.calls += len(texts)
            return [[float(len(t)), 1.0] for t in texts]

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    texts = ["did the area fix it?", "when was the revisit?"]
    first = example_vectors.cached_vectors(texts, Counting())  # type: ignore[arg-type]
    example_vectors._VECTOR_CACHE.clear()  # a new process: only the disk remembers
    again = example_vectors.cached_vectors(texts, Counting())  # type: ignore[arg-type]
    assert Counting.calls == 2 and (first == again).all()
    [saved] = (tmp_path / "sendqa").glob("intent-examples-*.npy")
    saved.write_bytes(b"not a vector file")
    example_vectors._VECTOR_CACHE.clear()
    assert (example_vectors.cached_vectors(texts, Counting()) == first).all()  # type: ignore[arg-type]
    assert Counting.calls == 4


def test_dates_are_masked_as_slots_not_read_as_the_ask(classify: IntentClassifier) -> None:
    assert mask_areas("How did Bury get on at its May 2024 inspection?", ["Bury"]) == (
        "How did the area get on at its inspection?")
    assert mask_areas("what was said on 3 June 2021 and in 2019?", []) == (
        "what was said on and in ?")
    assert classify(mask_areas("How did Bury get on at its May 2024 inspection?",
                               ["Bury"])).intent == "outcome"


def test_strengths_asked_beside_weaknesses_are_not_a_practice_question() -> None:
    assert precise_intent("what were the inspectors' strengths and weaknesses for them?") \
        != "practice"


def test_a_last_question_without_its_mark_is_still_what_is_asked() -> None:
    text = "We moved here in May. Did they ever fix it"
    assert asked_clause(text) == "Did they ever fix it"
    both = "We moved here. Is there a card for leisure? what did the report say about it"
    assert asked_clause(both) == "Is there a card for leisure? what did the report say about it"
    told = "We moved here in May. It was hard."
    assert asked_clause(told) == told
