"""Thumbs up / down on an answer, kept in SQLite under the data folder, and exported as eval cases.

Everything a user typed (question, history, comment) is redacted before it is written: the
feedback table is kept for months and read by people, the question's answer never needs it.
A thumbs-down becomes a case to review: what the right answer is, only a person can say.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.redact import redact
from core import text as toolkit
from core.models import Citation, Turn
from evals.dataset import EvalCase, Shape

Rating = Literal["up", "down"]

_SCHEMA = """
create table if not exists feedback (
    id integer primary key autoincrement,
    created text not null,
    rating text not null check (rating in ('up', 'down')),
    comment text not null default '',
    question text not null,
    history text not null default '[]',
    answer text not null,
    abstained integer not null default 0,
    citations text not null default '[]'
)
"""


class FeedbackIn(BaseModel):
    """A rating of one answer, with what was asked and answered."""

    model_config = ConfigDict(extra="forbid")

    rating: Rating
    comment: str = Field(default="", max_length=2000)
    question: str = Field(min_length=1, max_length=4000)
    history: list[Turn] = Field(default_factory=list, max_length=80)
    answer: str = Field(max_length=20_000)
    abstained: bool = False
    citations: list[Citation] = Field(default_factory=list, max_length=50)


class FeedbackRecord(FeedbackIn):
    id: int
    created: str


class FeedbackStore:
    """One SQLite file; a connection per call, so any thread (or process) may write."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=10)
        conn.execute(_SCHEMA)
        return conn

    def add(self, item: FeedbackIn) -> int:
        """Store one rating, redacted; returns its id."""
        clean = redacted(item)
        with closing(self._connect()) as conn, conn:
            cur = conn.execute(
                "insert into feedback (created, rating, comment, question, history, answer,"
                " abstained, citations) values (?, ?, ?, ?, ?, ?, ?, ?)",
                (dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), clean.rating,
                 clean.comment, clean.question,
                 json.dumps([t.model_dump() for t in clean.history]), clean.answer,
                 int(clean.abstained), json.dumps([c.model_dump() for c in clean.citations])))
            return int(cur.lastrowid or 0)

    def all(self) -> list[FeedbackRecord]:
        if not self.path.exists():
            return []
        with closing(self._connect()) as conn:
            rows = conn.execute(
                "select id, created, rating, comment, question, history, answer, abstained,"
                " citations from feedback order by id").fetchall()
        return [FeedbackRecord(
            id=r[0], created=r[1], rating=r[2], comment=r[3], question=r[4],
            history=[Turn.model_validate(t) for t in json.loads(r[5])], answer=r[6],
            abstained=bool(r[7]), citations=[Citation.model_validate(c) for c in json.loads(r[8])],
        ) for r in rows]


def redacted(item: FeedbackIn) -> FeedbackIn:
    """The feedback with personal data masked in everything a person typed or was shown."""
    return item.model_copy(update={
        "comment": redact(item.comment), "question": redact(item.question),
        "answer": redact(item.answer),
        "history": [t.model_copy(update={"content": redact(t.content)}) for t in item.history],
    })


# --- export as eval cases ---------------------------------------------------------------------

_SHAPES: tuple[tuple[str, Shape], ...] = (
    (r"\bsufficient progress\b|\bverdict\b", "verdict"),
    (r"^\s*when\b|\bwhat date\b", "date"),
    (r"\bhow many\b|\bnumber of\b", "count"),
    (r"\blist\b|\bwhich\b|\bwhat are\b", "list"),
    (r"\bother areas\b|\bcompare\b|\bacross\b", "cross_area"),
    (r"\bhow did\b|\bwhat did .* do\b", "practice"),
)
_CITE_RE = re.compile(r"\s*\[\d+\]")


def guess_shape(question: str) -> Shape:
    for pattern, shape in _SHAPES:
        if re.search(pattern, question, re.I):
            return shape
    return "summary"


def first_sentence(text: str, limit: int = 160) -> str:
    """The first sentence of a text without its [n] marks, cut at a word boundary."""
    plain = _CITE_RE.sub("", text).strip()
    sentence = next(iter(toolkit.sentences(plain)), "")
    return sentence if len(sentence) <= limit else sentence[:limit].rsplit(" ", 1)[0]


def as_case(record: FeedbackRecord, source_of: Callable[[str], str | None]) -> EvalCase:
    """One feedback row as an eval case. A thumbs-up on a cited answer pins it (its first
    sentence must come back, from the same document); anything else is a case to review."""
    cited = [c for c in record.citations if f"[{c.n}]" in record.answer] or record.citations
    source = source_of(cited[0].doc_id) if cited else None
    base = {"id": f"feedback-{record.id}", "version": 1, "persona": "parent",
            "shape": guess_shape(record.question), "question": record.question,
            "history": record.history}
    if record.rating == "up" and not record.abstained and source:
        return EvalCase.model_validate({
            **base, "answerable": True,
            "must_match": [re.escape(first_sentence(record.answer, 80))],
            "evidence": first_sentence(cited[0].text), "expected_source": source,
            "notes": _note(record, "thumbs up: the answer given is pinned"),
        })
    verdict = "thumbs up on an abstention" if record.rating == "up" else \
        "thumbs down: REVIEW, write must_match/evidence for the right answer"
    return EvalCase.model_validate({
        **base, "shape": "unanswerable" if record.rating == "up" else base["shape"],
        "answerable": False, "notes": _note(record, verdict),
    })


def _note(record: FeedbackRecord, verdict: str) -> str:
    comment = f" Comment: {record.comment}" if record.comment else ""
    answer = " ".join(record.answer.split())[:300]
    return f"From feedback {record.id} ({record.created}), {verdict}.{comment} Answer: {answer}"


def export_cases(records: Sequence[FeedbackRecord],
                 source_of: Callable[[str], str | None]) -> Iterator[str]:
    """JSONL lines, one eval case per feedback row (the evals/cases schema)."""
    for record in records:
        yield as_case(record, source_of).model_dump_json(exclude_defaults=False)
