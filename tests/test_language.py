"""Questions not in English get "only English is understood"; no English question does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.language import ONLY_ENGLISH, foreign_language, only_english

CASES = Path(__file__).resolve().parent.parent / "evals" / "cases"

NOT_ENGLISH = [
    ("A wnaeth Wandsworth wneud cynnydd digonol ar gynlluniau EHC?", "Welsh"),
    ("Beth yw canlyniad arolygiad Swydd Henffordd?", "Welsh"),
    ("Sut mae'r cyngor wedi gwella'r gwasanaethau i blant?", "Welsh"),
    ("Quel est le résultat de l'inspection à Wokingham?", "French"),
    ("¿Qué encontró la inspección en Worcestershire?", "Spanish"),
    ("Hat Wandsworth ausreichende Fortschritte gemacht?", "German"),
    ("Czy Wokingham zrobił postęp w planach EHC?", "Polish"),
    ("ووکنگھم میں معائنے کا نتیجہ کیا تھا؟", "a language in another script"),
]
ENGLISH = [
    "Did Wokingham make progress?", "Wokingham EHC plans", "What did the revisit find?",
    "Was Wandsworth's WSOA fit for purpose?", "Why did the area not improve its local offer?",
    "SEND", "Windsor and Maidenhead", "What about Herefordshire?",
]


@pytest.mark.parametrize(("question", "language"), NOT_ENGLISH)
def test_a_question_in_another_language_is_told_only_english_is_understood(
        question: str, language: str) -> None:
    assert foreign_language(question) == language
    reply = only_english(question)
    assert reply is not None and reply.answer == ONLY_ENGLISH and reply.abstained
    assert reply.citations == []


@pytest.mark.parametrize("question", ENGLISH)
def test_english_questions_are_answered(question: str) -> None:
    assert only_english(question) is None


def test_no_question_of_the_eval_sets_is_taken_for_another_language() -> None:
    questions = [
        text for path in sorted(CASES.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
        for case in [json.loads(line)]
        for text in [case["question"], *(t["content"] for t in case.get("history", [])
                                         if t["role"] == "user")]]
    assert len(questions) > 500
    assert [q for q in questions if foreign_language(q)] == []
