"""POST /api/feedback: a thumbs up or down on an answer, kept (redacted) in SQLite."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import APIRouter, Body, Depends, Request

from assistant.api.schemas import FeedbackSaved
from assistant.feedback import FeedbackIn, FeedbackStore

router = APIRouter(tags=["feedback"])


def get_feedback(request: Request) -> FeedbackStore:
    return cast(FeedbackStore, request.app.state.feedback)


FeedbackDep = Annotated[FeedbackStore, Depends(get_feedback)]

EXAMPLE = {
    "rating": "down", "comment": "It answered about the wrong year",
    "question": "Did Wokingham make sufficient progress on EHC plans?", "history": [],
    "answer": "The area has made sufficient progress ... [1].", "abstained": False,
    "citations": [],
}


@router.post("/feedback", response_model=FeedbackSaved, status_code=201)
def post_feedback(
    body: Annotated[FeedbackIn, Body(openapi_examples={"thumbs down": {"value": EXAMPLE}})],
    store: FeedbackDep,
) -> FeedbackSaved:
    """Rate an answer (up or down, optional comment). The question, history, answer and
    citations are stored with emails, phone numbers, dates of birth and children's names
    masked; `sendqa feedback export` turns them into eval cases."""
    row = store.add(body)
    return FeedbackSaved(id=row, detail="Thank you: your feedback is saved.")
