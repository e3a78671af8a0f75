"""GET /api/findings: the structured findings table (weaknesses, priority actions, ...)."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query

from assistant.api.deps import ServiceDep, only_params
from assistant.api.schemas import FindingsResponse
from core.models import FindingKind
from core.themes import THEMES

router = APIRouter(tags=["findings"])


def known_themes() -> tuple[str, ...]:
    """The theme vocabulary (core.themes)."""
    return tuple(THEMES)


@router.get(
    "/findings",
    response_model=FindingsResponse,
    dependencies=[Depends(only_params("area", "theme", "kind"))],
)
def list_findings(
    service: ServiceDep,
    area: Annotated[str | None, Query(description="Area name, e.g. Wokingham")] = None,
    theme: Annotated[str | None, Query(description="Theme from the fixed vocabulary")] = None,
    kind: Annotated[FindingKind | None, Query(description="Kind of finding")] = None,
) -> FindingsResponse:
    """List findings, optionally filtered by area, theme and kind."""
    themes = known_themes()
    if theme is not None and theme not in themes:
        raise HTTPException(
            status_code=422, detail=f"Unknown theme '{theme}'. Known themes: {', '.join(themes)}."
        )
    return FindingsResponse(findings=service.findings(area=area, theme=theme, kind=kind))
