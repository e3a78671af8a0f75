"""The collection: list, read, download the original, upload and remove (admin token)."""

from __future__ import annotations

from typing import Annotated, Any, cast

from fastapi import APIRouter, File, Header, HTTPException, Query, Request, UploadFile
from fastapi.responses import FileResponse

from assistant.api.deps import ServiceDep
from assistant.api.schemas import (
    DocumentDetail,
    DocumentsResponse,
    DocumentSummary,
    Removed,
    UploadAccepted,
)
from assistant.doc_view import DocumentView, document_view
from assistant.errors import BadInput
from assistant.uploads import Forbidden, TooBig, UploadJob, Uploads, check_admin, original_file

router = APIRouter(tags=["documents"])
_MEDIA = {".pdf": "application/pdf", ".txt": "text/plain; charset=utf-8",
          ".md": "text/markdown; charset=utf-8", ".html": "text/html; charset=utf-8",
          ".htm": "text/html; charset=utf-8",
          ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
_MISSING: dict[int | str, dict[str, Any]] = {404: {"description": "No document with this id"}}
_AUTH: dict[int | str, dict[str, Any]] = {401: {"description": "Missing or wrong admin token"},
         403: {"description": "Upload and removal are off (no SENDQA_ADMIN_TOKEN)"}}


def get_uploads(request: Request) -> Uploads:
    return cast(Uploads, request.app.state.uploads)


def _token(authorization: str | None, x_admin_token: str | None) -> str | None:
    if x_admin_token:
        return x_admin_token
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return None


def _admin(service: ServiceDep, authorization: str | None, x_admin_token: str | None) -> None:
    try:
        check_admin(service, _token(authorization, x_admin_token))
    except Forbidden as exc:
        raise HTTPException(status_code=exc.status, detail=str(exc)) from exc


def _not_found(doc_id: str) -> HTTPException:
    return HTTPException(status_code=404, detail=f"No document with id '{doc_id}'; "
                         "GET /api/documents lists the ids.")


@router.get("/documents", response_model=DocumentsResponse)
def list_documents(service: ServiceDep) -> DocumentsResponse:
    """List every ingested document's metadata."""
    docs = sorted(service.documents(), key=lambda d: (d.area, d.date or "", d.doc_id))
    return DocumentsResponse(documents=[DocumentSummary.from_document(d) for d in docs])


@router.get("/documents/{doc_id}", response_model=DocumentDetail, responses=_MISSING)
def get_document(doc_id: str, service: ServiceDep) -> DocumentDetail:
    """One document: metadata, full text, structured fields and findings."""
    doc = service.document(doc_id)
    if doc is None:
        raise _not_found(doc_id)
    return DocumentDetail.from_document(doc)


@router.get("/documents/{doc_id}/view", response_model=DocumentView,
            responses={404: {"description": "No document with this id, or no such passage"}})
def view_document(
    doc_id: str, service: ServiceDep,
    chunk_id: Annotated[str | None, Query(description="A passage to mark in the text")] = None,
) -> DocumentView:
    """The document as the viewer shows it: its whole text in parts, the passage `chunk_id`
    marked (`highlight: true`), and a link to the original file."""
    doc = service.document(doc_id)
    if doc is None:
        raise _not_found(doc_id)
    passage = service.passage(chunk_id) if chunk_id else None
    if chunk_id and (passage is None or passage.doc_id != doc_id):
        raise HTTPException(status_code=404, detail=f"No passage '{chunk_id}' in '{doc_id}'.")
    has_file = original_file(service, doc_id) is not None
    return document_view(doc, passage.text if passage else None,
                         f"/api/documents/{doc_id}/file" if has_file else None)


@router.get("/documents/{doc_id}/file", response_class=FileResponse,
            responses={200: {"content": {m: {} for m in set(_MEDIA.values())},
                             "description": "The file as it was ingested"},
                       404: {"description": "No such document, or its file is gone"}})
def get_document_file(doc_id: str, service: ServiceDep) -> FileResponse:
    """The original file (PDF, Word, web page or text) the document was read from."""
    doc = service.document(doc_id)
    if doc is None:
        raise _not_found(doc_id)
    path = original_file(service, doc_id)
    if path is None:
        raise HTTPException(status_code=404, detail=f"The original file of '{doc_id}' "
                            f"({doc.source.split('#')[0]}) is no longer on this server.")
    return FileResponse(path, media_type=_MEDIA.get(path.suffix.lower()), filename=path.name,
                        content_disposition_type="inline")


@router.post("/documents", response_model=UploadAccepted, status_code=202,
             responses={**_AUTH, 400: {"description": "An empty file"},
                        413: {"description": "File over SENDQA_MAX_UPLOAD_BYTES"},
                        415: {"description": "Not a PDF, Word, HTML, text or Markdown file"}})
def upload_document(
    request: Request, service: ServiceDep,
    file: Annotated[UploadFile, File(description="A .pdf, .docx, .html, .txt or .md file")],
    authorization: Annotated[str | None, Header()] = None,
    x_admin_token: Annotated[str | None, Header()] = None,
) -> UploadAccepted:
    """Upload a document (admin token as `Authorization: Bearer ...` or `X-Admin-Token`); it is
    ingested in the background: poll `GET /api/uploads/{job_id}` for progress."""
    _admin(service, authorization, x_admin_token)
    limit = service.settings.max_upload_bytes
    data = file.file.read(limit + 1)
    try:
        job = get_uploads(request).submit(file.filename or "document", data)
    except TooBig as exc:
        raise HTTPException(status_code=413, detail=str(exc)) from exc
    except BadInput as exc:
        status = 415 if "not a document type" in str(exc) else 400
        raise HTTPException(status_code=status, detail=str(exc)) from exc
    return _accepted(job)


@router.get("/uploads/{job_id}", response_model=UploadAccepted,
            responses={404: {"description": "No upload with this id"}})
def upload_status(job_id: str, request: Request) -> UploadAccepted:
    """Progress of an upload: queued, ingesting (stage parsing, chunked or embedding, with the
    percent of passages embedded), done (with the new document ids) or failed."""
    job = get_uploads(request).job(job_id)
    if job is None:
        raise HTTPException(status_code=404, detail=f"No upload with id '{job_id}'.")
    return _accepted(job)


@router.delete("/documents/{doc_id}", response_model=Removed,
               responses={**_AUTH, 404: {"description": "No such document"}})
def remove_document(
    doc_id: str, request: Request, service: ServiceDep,
    authorization: Annotated[str | None, Header()] = None,
    x_admin_token: Annotated[str | None, Header()] = None,
) -> Removed:
    """Remove a document from the store (admin token); an uploaded file is deleted with it."""
    _admin(service, authorization, x_admin_token)
    try:
        detail = get_uploads(request).remove(doc_id)
    except LookupError:
        raise _not_found(doc_id) from None
    return Removed(doc_id=doc_id, detail=detail)


def _accepted(job: UploadJob) -> UploadAccepted:
    return UploadAccepted(job_id=job.job_id, filename=job.filename, state=job.state,
                          message=job.message, doc_ids=job.doc_ids, seconds=job.seconds,
                          stage=job.stage, percent=job.percent)
