"""GET /api/areas, /api/areas/{area} (an area's story) and /api/compare/{theme}."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel

from assistant.api.deps import ServiceDep
from assistant.area_views import (
    AreaDetail,
    AreaSummary,
    CompareView,
    area_detail,
    area_summaries,
    compare,
    compare_csv,
    find_area,
)
from core.themes import THEMES

router = APIRouter(tags=["areas"])


class AreasResponse(BaseModel):
    areas: list[AreaSummary]


@router.get("/areas", response_model=AreasResponse)
def list_areas(service: ServiceDep) -> AreasResponse:
    """Every area of the collection: how many documents and findings, the dates they span and
    the latest inspection outcome (2023 framework) when there is one."""
    return AreasResponse(areas=area_summaries(service.documents(), service.findings()))


@router.get("/areas/{area}", response_model=AreaDetail, responses={404: {"description":
            "No documents about that area"}})
def get_area(area: str, service: ServiceDep) -> AreaDetail:
    """One area's story: a timeline of its inspections, statements of action, revisits and
    council papers with dates, and its findings with their verdicts or outcomes."""
    docs = service.documents()
    name = find_area(docs, area)
    if name is None:
        raise HTTPException(status_code=404, detail=f"No documents about '{area}'; GET /api/areas "
                            "lists the areas the collection holds.")
    return area_detail(name, docs, service.findings(area=name))


@router.get("/compare/{theme}", response_model=CompareView,
            responses={200: {"content": {"text/csv": {}}},
                       404: {"description": "Unknown theme"}})
def compare_theme(
    theme: str, service: ServiceDep,
    format: Annotated[Literal["json", "csv"], Query(description="json or csv")] = "json",
) -> CompareView | Response:
    """Every area's findings on one theme side by side, with verdicts, key sentences and each
    area's inspection outcome; `?format=csv` downloads it as a spreadsheet."""
    if theme not in THEMES:
        raise HTTPException(status_code=404, detail=f"Unknown theme '{theme}'. Known themes: "
                            f"{', '.join(THEMES)}.")
    view = compare(theme, service.documents(), service.findings(theme=theme))
    if format == "csv":
        return PlainTextResponse(compare_csv(view), media_type="text/csv", headers={
            "Content-Disposition": f'attachment; filename="sendqa-{theme}.csv"'})
    return view
