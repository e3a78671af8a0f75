"""Plain data that flows between the pipeline stages, the service and its edges.

Every stage takes and returns these types; nothing here does I/O.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# Kinds of document the ingestion recognises from the text (never from the file name).
DocType = Literal[
    "revisit_letter",  # joint local area SEND revisit letter (2016-2022 framework)
    "inspection_report",  # area SEND inspection report (2023 framework)
    "committee_report",  # council committee / scrutiny report
    "briefing_note",  # council briefing note
    "other",
]
DOC_TYPES: tuple[str, ...] = DocType.__args__  # type: ignore[attr-defined]

FindingKind = Literal[
    "significant_weakness",  # revisit letters: a weakness from the initial inspection
    "priority_action",  # 2023 reports: area for priority action
    "improvement",  # 2023 reports: area for improvement
    "workstream",  # council reports: a tracked weakness / task-and-finish group
    "risk",  # council reports: a risk the paper flags
]
Verdict = Literal["sufficient progress", "not sufficient progress", "not stated"]
Outcome = Literal[
    "typically positive experiences and outcomes",
    "inconsistent experiences and outcomes",
    "widespread and/or systemic failings",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class RawDocument(_Frozen):
    """One document as cleaned text, before metadata and chunking."""

    source: str  # path inside the folder it was ingested from, plus "#part-N" for a part
    text: str
    file_sha256: str  # hash of the source file's bytes: lets a re-run skip unchanged files


class Finding(_Frozen):
    """One weakness / priority action / area for improvement, as the text states it."""

    finding_id: str  # content hash
    doc_id: str
    area: str
    date: str | None  # ISO date of the document
    framework: Literal["2016", "2023", "council"]
    kind: FindingKind
    number: int  # 1-based order within the document
    title: str  # the finding's wording as given (e.g. the weakness found at the initial inspection)
    text: str  # findings text (may be empty where the document gives none)
    verdict: Verdict | None = None  # revisit letters only; "not stated" when no verdict line
    theme: str  # from core.themes.THEMES
    chunk_id: str | None = None  # the passage that holds this finding


class Document(_Frozen):
    """A document with its metadata; `text` is the whole cleaned text."""

    doc_id: str  # stable: derived from the source path (and part), not the content
    title: str
    area: str  # canonical area name, e.g. "Wokingham", "Windsor and Maidenhead"
    doc_type: DocType
    date: str | None  # ISO YYYY-MM-DD: letter date / publication date / meeting date
    source: str
    text: str
    content_hash: str  # sha256 of text + metadata: decides added / updated / unchanged
    file_sha256: str = ""
    # Structured fields the parser found (visit dates, lead inspectors, outcome, ...).
    fields: dict[str, str] = Field(default_factory=dict)
    missing_fields: list[str] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)


class Passage(_Frozen):
    """A retrievable, citable chunk of a document. `text` is the exact passage shown to users."""

    chunk_id: str  # sha256 of doc_id + text
    doc_id: str
    title: str
    area: str
    doc_type: DocType
    date: str | None
    source: str
    position: int  # order within the document
    heading: str = ""  # the section heading(s) the passage sits under
    context: str = ""  # one line that makes the passage understandable alone; embedded with it
    text: str
    finding_id: str | None = None
    theme: str | None = None
    verdict: str | None = None

    @property
    def embed_text(self) -> str:
        return f"{self.context}\n{self.text}" if self.context else self.text


class Filters(BaseModel):
    """Optional retrieval filters; empty means everything."""

    model_config = ConfigDict(extra="forbid")

    area: list[str] | None = None
    doc_type: list[DocType] | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def is_empty(self) -> bool:
        return not (self.area or self.doc_type or self.date_from or self.date_to)


class SearchHit(_Frozen):
    passage: Passage
    score: float  # fused relevance, higher is better
    dense_score: float | None = None  # cosine similarity when dense search found it
    bm25_rank: int | None = None


class Citation(_Frozen):
    n: int
    chunk_id: str
    doc_id: str
    title: str
    area: str
    doc_type: str
    date: str | None
    text: str
    score: float


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant"]
    content: str


class Answer(_Frozen):
    answer: str
    abstained: bool
    citations: list[Citation]


class IngestProgress(_Frozen):
    """Where an ingestion run is, as it goes (for a page that polls an upload): the file being
    read, then each document's passages as they are embedded and written."""

    stage: Literal["parsing", "chunked", "embedding"]
    file: str  # the file's name
    passages_done: int = 0  # of the passages to write so far (new ones are embedded first)
    passages_total: int = 0  # to write, over the files parsed so far

    @property
    def percent(self) -> int:
        """Share of the passages written; 0 until the first file is chunked."""
        total = self.passages_total
        return 0 if not total else min(100, round(100 * self.passages_done / total))


class IngestReport(BaseModel):
    """What one ingestion run did, per document; printed as a summary by the CLI."""

    added: list[str] = Field(default_factory=list)  # doc ids
    updated: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    moved: list[str] = Field(default_factory=list)  # unchanged, found in another folder
    failed: dict[str, str] = Field(default_factory=dict)  # source -> reason
    missing_fields: dict[str, list[str]] = Field(default_factory=dict)  # doc id -> fields
    passages_added: int = 0
    passages_removed: int = 0
    passages_unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed
