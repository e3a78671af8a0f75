"""Request and response models of the API (the Answer and Finding models are reused as is)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from core.models import DocType, Document, Filters, Finding, SearchHit, Turn


class ErrorResponse(BaseModel):
    """Every error the API returns: a message a person can act on."""

    detail: str


class ValidationErrorItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorResponse(ErrorResponse):
    """A 422: the readable summary, and for a malformed request each error in structure."""

    errors: list[ValidationErrorItem] = Field(default_factory=list)


class AskRequest(BaseModel):
    """A question, the conversation so far, and optional filters."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(description="The question, 1 to 1999 characters")
    history: list[Turn] = Field(default_factory=list, description="Earlier turns, oldest first")
    filters: Filters | None = None


class DraftEvent(BaseModel):
    """The data of a `draft` event of /api/ask/stream: text the LLM wrote, as it arrives,
    NOT yet checked against the passages. Show it as provisional; the `answer` events that
    follow replace it with what was verified (unsupported sentences gone, citations renumbered).
    """

    text: str = Field(description="The next piece of the model's unverified draft")
    verified: Literal[False] = Field(default=False, description="Always false: a draft")


class SearchResult(BaseModel):
    """One retrieved passage."""

    chunk_id: str
    doc_id: str
    title: str
    area: str
    doc_type: str
    date: str | None
    text: str
    score: float

    @classmethod
    def from_hit(cls, hit: SearchHit) -> SearchResult:
        p = hit.passage
        return cls(
            chunk_id=p.chunk_id, doc_id=p.doc_id, title=p.title, area=p.area,
            doc_type=p.doc_type, date=p.date, text=p.text, score=hit.score,
        )


class SearchResponse(BaseModel):
    results: list[SearchResult]


class DocumentSummary(BaseModel):
    """A document's metadata, without its text."""

    doc_id: str
    title: str
    area: str
    doc_type: DocType
    date: str | None
    source: str

    @classmethod
    def from_document(cls, doc: Document) -> DocumentSummary:
        return cls.model_validate(doc.model_dump(include=set(cls.model_fields)))


class DocumentsResponse(BaseModel):
    documents: list[DocumentSummary]


class DocumentDetail(DocumentSummary):
    """A document's metadata, full text, structured fields and findings."""

    text: str
    fields: dict[str, str]
    missing_fields: list[str]
    findings: list[Finding]

    @classmethod
    def from_document(cls, doc: Document) -> DocumentDetail:
        return cls.model_validate(doc.model_dump(include=set(cls.model_fields)))


class HealthResponse(BaseModel):
    status: str
    documents: int
    chunks: int


class FindingsResponse(BaseModel):
    findings: list[Finding]


class FeedbackSaved(BaseModel):
    id: int = Field(description="The feedback's row id in the feedback database")
    detail: str


class UploadAccepted(BaseModel):
    """An upload saved and queued for ingestion; poll `GET /api/uploads/{job_id}`."""

    job_id: str
    filename: str
    state: str
    message: str
    doc_ids: list[str] = Field(default_factory=list)
    seconds: float = 0.0
    stage: str = Field(default="queued", description="queued, parsing, chunked, embedding, "
                       "done or failed")
    percent: int = Field(default=0, description="Share of the passages embedded and written")


class Removed(BaseModel):
    doc_id: str
    detail: str
