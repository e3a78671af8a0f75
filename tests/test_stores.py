"""The cached test stores keep what ingestion made: the documents kept beside the corpus store
(read by tests/corpus_sample.py instead of parsing the corpus again) are the parser's own."""

from __future__ import annotations

import pytest
from stores import corpus_files, corpus_store, ingested_documents

from core.config import REPO_ROOT
from ingest.parse import parse_file

CORPUS = REPO_ROOT / "corpus"
# A letter, a committee pack split into several documents, and two inspection report PDFs.
FILES = (
    "wokingham_revisit-letter_2021-06-23.txt",
    "windsor-and-maidenhead_scrutiny-pack_2020-01-29.txt",
    "bury_area-send-inspection_published-2024-05-07.pdf",
    "east-sussex_area-send-inspection_published-2025-02-04.pdf",
)


@pytest.mark.slow
def test_the_corpus_store_keeps_every_file_as_the_parser_reads_it_now() -> None:
    corpus_store()  # built (or its background build awaited) if not cached yet
    kept = ingested_documents()
    assert sorted(kept) == sorted(corpus_files())
    for name in FILES:
        fresh = tuple(parse_file(CORPUS / name, CORPUS))
        assert fresh and kept[name] == fresh, name
    assert len(kept["windsor-and-maidenhead_scrutiny-pack_2020-01-29.txt"]) > 1
    assert all(d.findings for d in kept["bury_area-send-inspection_published-2024-05-07.pdf"])
