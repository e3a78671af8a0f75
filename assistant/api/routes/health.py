"""GET /api/health."""

from fastapi import APIRouter

from assistant.api.deps import ServiceDep
from assistant.api.schemas import HealthResponse

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthResponse)
def health(service: ServiceDep) -> HealthResponse:
    """Liveness plus how many documents and passages are in the store; 503 (with the reason)
    while the store cannot be opened or reached."""
    return HealthResponse.model_validate(service.health())
