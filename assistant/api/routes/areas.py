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

_SUMMARY = {"area": "Wokingham", "documents": 2, "findings": 12, "first_date": "2020-01-21",
            "last_date": "2021-06-23", "outcome": None}
AREAS_EXAMPLE = {"areas": [_SUMMARY]}
AREA_EXAMPLE = {
    **_SUMMARY,
    "timeline": [{"date": "2019-04-29", "label": "Written statement of action (WSOA) required",
                  "doc_id": "wokingham-revisit-letter-2021-06-23",
                  "title": "Wokingham joint local area SEND revisit letter (23 June 2021)",
                  "doc_type": "revisit_letter"}],
    "finding_rows": [{"finding_id": "...", "doc_id": "wokingham-revisit-letter-2021-06-23",
                      "chunk_id": "...", "date": "2021-06-23", "kind": "significant_weakness",
                      "kind_label": "Significant weakness", "number": 2,
                      "title": "There were weaknesses in the timeliness and quality of EHC plans.",
                      "theme": "ehc_plans", "theme_label": "EHC plans and assessment",
                      "status": "sufficient progress",
                      "key_sentence": "Education, health and care plans (EHCPs) produced since "
                                      "the last inspection are improved."}],
}


class AreasResponse(BaseModel):
    areas: list[AreaSummary]


@router.get("/areas", response_model=AreasResponse,
            responses={200: {"content": {"application/json": {"example": AREAS_EXAMPLE}}}})
def list_areas(service: ServiceDep) -> AreasResponse:
    """Every area of the collection: how many documents and findings, the dates they span and
    the latest inspection outcome (2023 framework) when there is one."""
    return AreasResponse(areas=area_summaries(service.documents(), service.findings()))


@router.get("/areas/{area}", response_model=AreaDetail, responses={
    200: {"content": {"application/json": {"example": AREA_EXAMPLE}}},
    404: {"description": "No documents about that area"}})
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
