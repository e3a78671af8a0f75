"""The glossary built from the real corpus (the shared session store): the documents' own
expansions and definitions, each quote found verbatim in the passage it cites; our own line
only where no document says what a term is; `GET /api/glossary` on the real server."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from conftest_edges import LiveServer, edge_corpus, live_server  # noqa: F401  (fixtures)

from assistant.glossary import GlossaryEntry
from assistant.glossary_view import glossary_for

pytestmark = pytest.mark.slow


def by_term(service: Any) -> dict[str, GlossaryEntry]:
    return {e.term: e for e in glossary_for(service).entries}


def docs_saying(service: Any, *phrases: str) -> set[str]:
    """Documents any passage of which holds one of the phrases (as written, whole words)."""
    found = re.compile("|".join(rf"\b{re.escape(p)}\b" for p in phrases))
    return {p.doc_id for p in service.retriever.passages() if found.search(p.text)}


@pytest.mark.parametrize(("term", "expansion"), [
    ("EHC plan", "education, health and care plan"),
    ("SENDIASS", "send information, advice and support service"),
    ("ICB", "integrated care board"),
    ("WSOA", "written statement of action"),
])
def test_the_documents_spell_out_the_terms_parents_meet(full_service: Any, term: str,
                                                        expansion: str) -> None:
    entry = by_term(full_service)[term]
    assert entry.origin == "documents" and entry.meaning.casefold() == expansion
    first = entry.sources[0]
    assert first.kind == "expansion" and term in first.quote.replace("EHC plans", "EHC plan")
    cited = full_service.passage(first.chunk_id)
    assert cited is not None and first.quote in cited.text
    assert (first.doc_id, first.area) == (cited.doc_id, cited.area)
    assert entry.documents >= len(docs_saying(full_service, term)) > 0


def test_what_a_written_statement_of_action_is_is_quoted_from_a_letter(
        full_service: Any) -> None:
    wsoa = by_term(full_service)["WSOA"]
    definition = next(s for s in wsoa.sources if s.kind == "definition")
    assert "written statement of action" in definition.quote.casefold()
    assert definition.quote in full_service.passage(definition.chunk_id).text
    assert wsoa.ours is None  # the documents say what it is: our line is not needed
    assert "WSoA" in wsoa.also


def test_each_2023_outcome_is_worded_as_the_reports_word_it(full_service: Any) -> None:
    entries = by_term(full_service)
    for doc_outcome in {d.fields["outcome"] for d in full_service.documents()
                        if d.fields.get("outcome")}:
        entry = entries[doc_outcome]
        reached = {d.doc_id for d in full_service.documents()
                   if d.fields.get("outcome") == doc_outcome}
        assert entry.documents == len(reached) > 0
        source = entry.sources[0]
        assert source.kind == "outcome" and source.doc_id in reached
        assert source.quote in full_service.passage(source.chunk_id).text
        assert re.search(r"next full .*inspection|monitoring inspection", source.quote,
                         re.I | re.S)


def test_what_a_local_area_partnership_is_comes_from_a_report(full_service: Any) -> None:
    entry = by_term(full_service)["local area partnership"]
    definition = entry.sources[0]
    assert definition.kind == "definition"
    assert definition.quote.startswith("The local area partnership is ")
    assert definition.quote in full_service.passage(definition.chunk_id).text


def test_a_term_no_document_explains_falls_back_to_ours_and_says_so(full_service: Any) -> None:
    texts = [p.text for p in full_service.retriever.passages()]
    assert not any(re.search(r"local offer\s*\(|\(\s*local offer", t, re.I) for t in texts)
    entry = by_term(full_service)["local offer"]
    assert (entry.origin, entry.sources) == ("ours", [])
    assert entry.ours and entry.meaning == entry.ours
    assert entry.documents == len(docs_saying(full_service, "local offer", "Local offer",
                                              "local offers", "Local Offer"))


def test_the_glossary_is_built_once_per_store_generation(full_service: Any) -> None:
    assert glossary_for(full_service) is glossary_for(full_service)
    counts = {origin: sum(e.origin == origin for e in glossary_for(full_service).entries)
              for origin in ("documents", "ours")}
    assert counts["documents"] > 3 * counts["ours"] > 0


def test_the_api_lists_the_entries_with_their_sources(live_server: LiveServer) -> None:  # noqa: F811
    with httpx.Client(base_url=live_server.url, timeout=60) as client:
        body = client.get("/api/glossary").json()
        entries = {e["term"]: e for e in body["entries"]}
        assert body["from_documents"] == sum(e["origin"] == "documents" for e in entries.values())
        wsoa = entries["WSOA"]
        assert wsoa["origin"] == "documents" and wsoa["sources"][0]["quote"]
        passage = client.get(f"/api/documents/{wsoa['sources'][0]['doc_id']}").json()
        assert " ".join(wsoa["sources"][0]["quote"].split()) in " ".join(passage["text"].split())
        ours = client.get("/api/glossary", params={"origin": "ours"}).json()["entries"]
        assert ours and all(e["origin"] == "ours" and e["ours"] for e in ours)
        assert len(ours) == body["ours_only"]
        assert client.get("/api/glossary", params={"origin": "mine"}).status_code == 422
        assert client.get("/api/glossary", params={"term": "x"}).status_code == 422
        spec = client.get("/openapi.json").json()["paths"]["/api/glossary"]["get"]
        example = spec["responses"]["200"]["content"]["application/json"]["example"]
        assert example["entries"][0]["sources"][0]["kind"] == "expansion"
