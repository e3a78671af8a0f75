"""GET /api/search: passages ranked by hybrid retrieval."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query

from assistant.api.deps import FiltersDep, ServiceDep, only_params
from assistant.api.schemas import SearchResponse, SearchResult
from assistant.errors import BadInput

router = APIRouter(tags=["search"])

_PARAMS = ("q", "k", "area", "doc_type", "date_from", "date_to")


@router.get("/search", response_model=SearchResponse, dependencies=[Depends(only_params(*_PARAMS))])
def search(
    service: ServiceDep,
    filters: FiltersDep,
    q: Annotated[str, Query(description="The query text")],
    k: Annotated[int, Query(ge=1, le=100, description="How many passages to return")] = 10,
) -> SearchResponse:
    """Search the passages, optionally filtered by area, document type and date range."""
    try:
        hits = service.search(q, k=k, filters=filters)
    except BadInput as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    return SearchResponse(results=[SearchResult.from_hit(hit) for hit in hits])
