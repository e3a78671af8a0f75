"""GET /api/glossary: the terms the documents spell out or define, in their own words."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from assistant.api.deps import ServiceDep, only_params
from assistant.glossary import GlossaryEntry
from assistant.glossary_view import glossary_for

router = APIRouter(tags=["glossary"])

_SOURCE = {"chunk_id": "3f2a...", "doc_id": "wokingham-revisit-letter-2021-06-23",
           "title": "Wokingham joint local area SEND revisit letter", "area": "Wokingham",
           "doc_type": "revisit_letter", "date": "2021-06-23"}
EXAMPLE = {"from_documents": 85, "ours_only": 11, "entries": [
    {"term": "WSOA", "origin": "documents", "meaning": "written statement of action",
     "sources": [{"kind": "expansion", "quote": "written statement of action (WSOA)", **_SOURCE},
                 {"kind": "definition", "quote": "... HMCI determined that a written statement "
                  "of action was required because of significant areas of weakness in the local "
                  "area's practice.", **_SOURCE}],
     "ours": None, "documents": 6, "also": ["WSoA"]},
    {"term": "local offer", "origin": "ours", "meaning": "The information every council must "
     "publish about the SEND services and support available in its area.", "sources": [],
     "ours": "The information every council must publish about the SEND services and support "
     "available in its area.", "documents": 19, "also": []}]}


class GlossaryResponse(BaseModel):
    from_documents: int = Field(description="Entries quoted from the documents")
    ours_only: int = Field(description="Entries no document explains: our words only")
    entries: list[GlossaryEntry]


@router.get("/glossary", response_model=GlossaryResponse,
            dependencies=[Depends(only_params("origin"))],
            responses={200: {"content": {"application/json": {"example": EXAMPLE}}}})
def get_glossary(
    service: ServiceDep,
    origin: Annotated[Literal["documents", "ours"] | None, Query(
        description="Only the entries quoted from the documents, or only ours")] = None,
) -> GlossaryResponse:
    """Every term the documents spell out ("education, health and care (EHC) plan") or define
    ("X is a forum for ..."), and what each 2023 inspection outcome means: the clearest
    wording, quoted verbatim with the passage it is from (open it with `GET
    /api/documents/{doc_id}`), and how many documents use the term. Terms no document explains
    carry our own line instead, marked `origin: ours`."""
    entries = glossary_for(service).entries
    quoted = sum(e.origin == "documents" for e in entries)
    shown = [e for e in entries if origin is None or e.origin == origin]
    return GlossaryResponse(from_documents=quoted, ours_only=len(entries) - quoted,
                            entries=shown)
