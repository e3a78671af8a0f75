"""POST /api/ask: a cited answer to a question."""

from fastapi import APIRouter, HTTPException

from assistant.api.deps import ServiceDep, check_date_range
from assistant.api.schemas import AskRequest
from assistant.errors import BadInput, TooLarge
from core.models import Answer

router = APIRouter(tags=["ask"])


@router.post("/ask", response_model=Answer)
def ask(body: AskRequest, service: ServiceDep) -> Answer:
    """Answer a question from the documents; each [n] in the answer is one of the citations."""
    filters = check_date_range(body.filters)
    try:
        return service.ask(body.question, history=body.history, filters=filters)
    except TooLarge as exc:  # a history past the limits
        raise HTTPException(status_code=413, detail=str(exc)) from exc
    except BadInput as exc:  # the service's input checks: empty or too long question
        raise HTTPException(status_code=422, detail=str(exc)) from exc
