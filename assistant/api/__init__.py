"""The HTTP API: one router per resource, all mounted under /api."""

from fastapi import APIRouter

from assistant.api.routes import (
    areas,
    ask,
    documents,
    feedback,
    findings,
    glossary,
    health,
    search,
    stream,
)
from assistant.api.schemas import ErrorResponse, ValidationErrorResponse

# What any /api route may answer besides its own result (see limits.py and errors.py).
COMMON_ERRORS: dict[int | str, dict[str, object]] = {
    413: {"model": ErrorResponse, "description": "The request body is over the limit"},
    422: {"model": ValidationErrorResponse,
          "description": "Bad input: a missing, unknown or malformed field or parameter"},
    429: {"model": ErrorResponse, "description": "Too many requests from this client"},
    503: {"model": ErrorResponse, "description": "The document store is unavailable"},
}
api_router = APIRouter(prefix="/api", responses=COMMON_ERRORS)
api_router.include_router(stream.router)  # before ask: /ask/stream is the longer path
api_router.include_router(ask.router)
api_router.include_router(search.router)
api_router.include_router(documents.router)
api_router.include_router(findings.router)
api_router.include_router(health.router)
api_router.include_router(areas.router)
api_router.include_router(feedback.router)
api_router.include_router(glossary.router)

__all__ = ["api_router"]
