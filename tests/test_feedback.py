"""Feedback is kept redacted in SQLite and comes back out as eval cases in the evals schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assistant.feedback import FeedbackIn, FeedbackStore, export_cases, first_sentence
from core.models import Citation, Turn
from evals.dataset import load_cases

PASSAGE = ("Leaders have improved the timeliness of EHC plans. Most plans are now issued within "
           "twenty weeks.")
CITATION = Citation(n=1, chunk_id="c1", doc_id="d1", title="A letter", area="Somewhere",
                    doc_type="revisit_letter", date="2021-01-02", text=PASSAGE, score=0.5)


def rating(kind: str, **extra: object) -> FeedbackIn:
    values: dict[str, object] = {
        "rating": kind, "question": "Did Somewhere improve EHC plans? My son Jack waits.",
        "history": [Turn(role="user", content="email me at x.y@example.com")],
        "answer": "Leaders have improved the timeliness of EHC plans [1].",
        "citations": [CITATION], **extra}
    return FeedbackIn.model_validate(values)


def test_feedback_is_stored_redacted(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    first = store.add(rating("up", comment="call 07700 900123"))
    second = store.add(rating("down"))
    assert second == first + 1
    with sqlite3.connect(tmp_path / "fb.sqlite3") as conn:
        raw = " ".join(str(v) for row in conn.execute("select * from feedback") for v in row)
    for secret in ("Jack", "x.y@example.com", "900123"):
        assert secret not in raw
    rows = store.all()
    assert [r.rating for r in rows] == ["up", "down"]
    assert rows[0].comment == "call [phone]"
    assert rows[0].citations == [CITATION]
    assert rows[0].history[0].content == "email me at [email]"


def test_export_writes_cases_the_eval_loader_accepts(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    store.add(rating("up"))
    store.add(rating("down", comment="wrong year"))
    store.add(rating("up", answer="The documents don't say.", abstained=True, citations=[]))
    out = tmp_path / "cases.jsonl"
    out.write_text("".join(f"{line}\n" for line in
                           export_cases(store.all(), {"d1": "somewhere_letter.txt"}.get)))
    pinned, review, abstained = load_cases(out)
    assert pinned.answerable and pinned.expected_source == "somewhere_letter.txt"
    assert pinned.evidence == first_sentence(PASSAGE) and pinned.evidence in PASSAGE
    assert pinned.question.endswith("My son [name] waits.")
    assert not review.answerable and "REVIEW" in review.notes and "wrong year" in review.notes
    assert not abstained.answerable and abstained.shape == "unanswerable"


def test_no_database_means_no_feedback(tmp_path: Path) -> None:
    assert FeedbackStore(tmp_path / "none.sqlite3").all() == []


def test_cli_exports_only_the_thumbs_asked_for(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.cli import main
    from core.config import get_settings

    monkeypatch.setenv("SENDQA_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        store = FeedbackStore(get_settings().feedback_db)
        store.add(rating("down", citations=[]))
        store.add(rating("up", citations=[], abstained=True))
        out = tmp_path / "down.jsonl"
        assert main(["feedback", "export", "--only", "down", "--out", str(out)]) == 0
        (case,) = load_cases(out)
        assert case.id == "feedback-1" and not case.answerable and "REVIEW" in case.notes
    finally:
        get_settings.cache_clear()
