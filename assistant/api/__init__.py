"""The HTTP API: one router per resource, all mounted under /api."""

from fastapi import APIRouter

from assistant.api.routes import ask, documents, findings, health, search

api_router = APIRouter(prefix="/api")
api_router.include_router(ask.router)
api_router.include_router(search.router)
api_router.include_router(documents.router)
api_router.include_router(findings.router)
api_router.include_router(health.router)

__all__ = ["api_router"]
