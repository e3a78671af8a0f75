"""The HTTP API: one router per resource, all mounted under /api."""

from fastapi import APIRouter

from assistant.api.routes import areas, ask, documents, feedback, findings, health, search, stream

api_router = APIRouter(prefix="/api")
api_router.include_router(stream.router)  # before ask: /ask/stream is the longer path
api_router.include_router(ask.router)
api_router.include_router(search.router)
api_router.include_router(documents.router)
api_router.include_router(findings.router)
api_router.include_router(health.router)
api_router.include_router(areas.router)
api_router.include_router(feedback.router)

__all__ = ["api_router"]
