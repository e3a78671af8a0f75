"""The real corpus through the real parser, once per test session, and a sample of it.

`parsed` and `cleaned` keep each file's result for the session, so the modules that read the
corpus (metadata, chunks, findings, cleaning, eval evidence) load each PDF once between them.
Once the corpus store is cached, `parsed` takes the documents its ingest parsed, kept with it
(tests/stores.py), so a run does not extract the 40 PDFs a second time.
The sample is the five founding documents and a few 2023-framework reports (one of each outcome,
and the areas whose short forms the tests use), chunked.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from stores import ingested_documents

from core.config import REPO_ROOT
from core.models import Document, Finding, Passage
from ingest.chunk import chunk_document
from ingest.clean import clean_text
from ingest.load import load_file
from ingest.parse import parse_file

CORPUS = REPO_ROOT / "corpus"

SAMPLE_REPORTS = (
    "barking-and-dagenham_area-send-inspection_published-2024-09-06.pdf",
    "bolton_area-send-inspection_published-2024-08-30.pdf",
    "brighton-and-hove_area-send-inspection_published-2023-05-31.pdf",
    "bury_area-send-inspection_published-2024-05-07.pdf",
    "milton-keynes_area-send-inspection_published-2024-05-20.pdf",
    "plymouth_area-send-inspection_published-2023-08-22.pdf",
    "stoke-on-trent_area-send-inspection_published-2024-04-03.pdf",
    "telford-and-wrekin_area-send-inspection_published-2023-07-03.pdf",
    "trafford_area-send-inspection_published-2023-12-22.pdf",
    "west-northamptonshire_area-send-inspection_published-2024-07-12.pdf",  # never inspected before
)


_INGESTED: dict[str, tuple[Document, ...]] = {}


@cache
def parsed(name: str) -> tuple[Document, ...]:
    """The documents of one corpus file, as ingestion parses them (load, clean, split,
    metadata, findings). Shared by the tests: read them, never change them."""
    if not _INGESTED:  # looked for again until the corpus store is built (or being built)
        _INGESTED.update(ingested_documents())
    if name in _INGESTED:
        return _INGESTED[name]
    return tuple(parse_file(CORPUS / name, CORPUS))


@cache
def cleaned(name: str) -> str:
    """The text of one corpus file, loaded and cleaned as ingestion does before splitting."""
    return clean_text(load_file(CORPUS / name))


@dataclass(frozen=True)
class Sample:
    documents: list[Document]
    findings: list[Finding]  # with chunk_id set
    passages: dict[str, Passage]  # chunk_id -> passage

    @property
    def areas(self) -> list[str]:
        return sorted({d.area for d in self.documents})


@lru_cache(maxsize=1)
def corpus_sample() -> Sample:
    documents: list[Document] = []
    findings: list[Finding] = []
    passages: dict[str, Passage] = {}
    seeds = sorted(p.name for p in CORPUS.glob("*.txt"))  # the five founding documents
    for name in (*seeds, *SAMPLE_REPORTS):
        for doc in parsed(name):
            chunks, rows = chunk_document(doc)
            documents.append(doc)
            findings.extend(rows)
            passages.update((p.chunk_id, p) for p in chunks)
    return Sample(documents, findings, passages)
