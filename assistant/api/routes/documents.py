"""GET /api/documents and /api/documents/{doc_id}."""

from fastapi import APIRouter, HTTPException

from assistant.api.deps import ServiceDep
from assistant.api.schemas import DocumentDetail, DocumentsResponse, DocumentSummary

router = APIRouter(prefix="/documents", tags=["documents"])


@router.get("", response_model=DocumentsResponse)
def list_documents(service: ServiceDep) -> DocumentsResponse:
    """List every ingested document's metadata."""
    docs = sorted(service.documents(), key=lambda d: (d.area, d.date or "", d.doc_id))
    return DocumentsResponse(documents=[DocumentSummary.from_document(d) for d in docs])


@router.get("/{doc_id}", response_model=DocumentDetail)
def get_document(doc_id: str, service: ServiceDep) -> DocumentDetail:
    """One document: metadata, full text, structured fields and findings."""
    doc = service.document(doc_id)
    if doc is None:
        raise HTTPException(
            status_code=404,
            detail=f"No document with id '{doc_id}'; GET /api/documents lists the ids.",
        )
    return DocumentDetail.from_document(doc)
