"""A sample of the real corpus, parsed and chunked once per test session.

The five founding documents and a few 2023-framework reports (one of each outcome, and the areas
whose short forms the tests use). Parsing all 40 PDFs takes ~40 s of CPU, so only these.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from assistant.config import REPO_ROOT
from assistant.models import Document, Finding, Passage
from ingest.chunk import chunk_document
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
)


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
    seeds = sorted(CORPUS.glob("*.txt"))  # the five founding documents
    for path in (*seeds, *(CORPUS / name for name in SAMPLE_REPORTS)):
        for doc in parse_file(path, CORPUS):
            chunks, rows = chunk_document(doc)
            documents.append(doc)
            findings.extend(rows)
            passages.update((p.chunk_id, p) for p in chunks)
    return Sample(documents, findings, passages)
