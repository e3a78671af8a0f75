"""Hybrid retrieval: RRF and tokenizer units, then real search over the five seed documents."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import CORPUS, SEED_FILES, make_settings
from pydantic import ValidationError
from stores import seed_store

from assistant.retrieval import (
    RETRIEVAL_MODES,
    HybridRetriever,
    RetrievalMode,
    rrf_fuse,
    stem,
    tokenize,
)
from core.config import Settings
from core.embeddings import Embedder, load_embedder
from core.models import Filters
from core.store import PassageStore
from ingest.pipeline import run_ingest


@pytest.mark.parametrize(("rankings", "k", "expected"), [
    ([], 60, []),
    ([["a", "b", "c"]], 60, [("a", 1 / 61), ("b", 1 / 62), ("c", 1 / 63)]),
    ([["a", "b"], ["b", "a"]], 60, [("a", 1 / 61 + 1 / 62), ("b", 1 / 61 + 1 / 62)]),  # tie: by id
    ([["a", "b", "c"], ["c"]], 60, [("c", 1 / 63 + 1 / 61), ("a", 1 / 61), ("b", 1 / 62)]),
    ([["a", "a", "b"]], 60, [("a", 1 / 61), ("b", 1 / 62)]),  # a repeat counts once, first rank
    ([["x"], ["x"]], 0, [("x", 2.0)]),
    ([["d1", "d2"], []], 1, [("d1", 1 / 2), ("d2", 1 / 3)]),
])
def test_rrf_fuse(rankings: list[list[str]], k: int, expected: list[tuple[str, float]]) -> None:
    got = rrf_fuse(rankings, k=k)
    assert [i for i, _ in got] == [i for i, _ in expected]
    assert [s for _, s in got] == pytest.approx([s for _, s in expected])


@pytest.mark.parametrize(("text", "tokens"), [
    ("Transitions to adulthood", ["transit", "adulthood"]),  # Snowball stems
    ("The area has NOT made sufficient progress.", ["area", "not", "made", "suffici",
                                                    "progress"]),
    ("EHCPs and weaknesses; studies", ["ehcp", "weak", "studi"]),
    ("improved, improving: 20-week timescales", ["improv", "improv", "20", "week", "timescal"]),
    ("", []),
])
def test_tokenize(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens


@pytest.mark.parametrize(("word", "root"), [
    ("focus", "focus"), ("analysis", "analysi"), ("needs", "need"), ("was", "was"),
    ("2021", "2021"), ("processes", "process"),
])
def test_stem(word: str, root: str) -> None:
    assert stem(word) == root


@pytest.fixture(scope="module")
def retriever() -> HybridRetriever:
    """The service's retriever over the five seed documents (a cached store, read only)."""
    settings = make_settings(seed_store())
    embedder = load_embedder(settings)
    store = PassageStore(settings, embedder)
    assert {d.source.split("#")[0] for d in store.list_documents()} == set(SEED_FILES)
    return HybridRetriever(store, embedder, settings)


@pytest.mark.parametrize(("question", "source", "evidence"), [
    ("Did Wokingham make sufficient progress on the pathway for transition to adulthood?",
     "wokingham_revisit-letter_2021-06-23.txt", r"transition|adulthood"),
    ("Are annual reviews of EHC plans in Wandsworth done on time?",
     "wandsworth_revisit-letter_2022-08-23.txt", r"annual reviews"),
    ("Is there enough specialist provision for children with SEND in Worcestershire?",
     "worcestershire_revisit-letter_2021-12-14.txt", r"specialist provision"),
    ("What is the Missing Mondays forum?",
     "worcestershire_revisit-letter_2021-12-14.txt", r"Missing Mondays"),
])
def test_finds_the_passage_that_answers(retriever: HybridRetriever, question: str, source: str,
                                        evidence: str) -> None:
    hits = retriever.search(question, k=3)
    assert any(h.passage.source.split("#")[0].endswith(source)
               and re.search(evidence, h.passage.text, re.IGNORECASE) for h in hits), \
        [(h.passage.source, h.passage.text[:80]) for h in hits]


def test_hits_carry_fused_dense_and_bm25_scores(retriever: HybridRetriever) -> None:
    hits = retriever.search("EHC plan quality and timeliness", k=8)
    assert len(hits) == 8
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    rrf_k = retriever.settings.rrf_k
    assert all(0 < s <= 2 / (rrf_k + 1) + 1e-12 for s in scores)
    assert all(h.dense_score is not None or h.bm25_rank is not None for h in hits)
    assert any(h.bm25_rank is not None for h in hits) and any(h.dense_score for h in hits)
    assert len({h.passage.chunk_id for h in hits}) == len(hits)


@pytest.mark.parametrize("filters", [
    Filters(area=["WOKINGHAM"]),
    Filters(doc_type=["committee_report"]),
    Filters(date_from=dt.date(2021, 1, 1), date_to=dt.date(2021, 12, 31)),
])
def test_filters_apply_to_dense_and_bm25(retriever: HybridRetriever, filters: Filters) -> None:
    hits = retriever.search("co-production with parents and EHC plans", k=10, filters=filters)
    assert hits
    for h in hits:
        p = h.passage
        if filters.area:
            assert p.area.lower() == "wokingham"
        if filters.doc_type:
            assert p.doc_type == "committee_report"
        if filters.date_from:
            assert p.date is not None and "2021-01-01" <= p.date <= "2021-12-31"


def test_blank_query_and_no_match(retriever: HybridRetriever) -> None:
    assert retriever.search("   ", k=5) == []
    assert retriever.search("EHC plans", k=5, filters=Filters(area=["Atlantis"])) == []


def test_refresh_picks_up_new_documents(tmp_path: Path, retriever: HybridRetriever) -> None:
    settings = make_settings(tmp_path, collection="refresh")
    store = PassageStore(settings, retriever.embedder)
    fresh = HybridRetriever(store, retriever.embedder, settings)
    assert fresh.search("Missing Mondays", k=3) == []
    src = CORPUS / "worcestershire_revisit-letter_2021-12-14.txt"
    run_ingest([src], CORPUS, store, retriever.embedder, progress=False)
    assert all(h.bm25_rank is None for h in fresh.search("Missing Mondays", k=3))  # old index
    fresh.refresh()
    top = fresh.search("Missing Mondays", k=3)
    assert top and top[0].bm25_rank == 1 and "Missing Mondays" in top[0].passage.text


# --- retrieval modes: dense only, BM25 only, hybrid (the default) ----------------------------


class _NoQueryEmbedder:
    """An embedder that fails if asked to embed a query: BM25 mode must never embed."""

    def __init__(self, inner: Embedder) -> None:
        self.name, self.dim, self._inner = inner.name, inner.dim, inner

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        raise AssertionError("bm25 mode embedded the query")


def test_default_mode_is_hybrid_and_unchanged(retriever: HybridRetriever) -> None:
    assert Settings.model_fields["retrieval_mode"].default == "hybrid"
    assert retriever.settings.retrieval_mode == "hybrid"
    query = "EHC plan quality and timeliness"
    assert retriever.search(query, k=8) == retriever.search(query, k=8, mode="hybrid")


def test_dense_mode_ranks_by_cosine_alone(retriever: HybridRetriever) -> None:
    hits = retriever.search("moving into adult services", k=6, mode="dense")
    assert len(hits) == 6
    assert all(h.bm25_rank is None and h.dense_score is not None for h in hits)
    cosines = [h.dense_score or 0.0 for h in hits]
    assert cosines == sorted(cosines, reverse=True)
    rrf_k = retriever.settings.rrf_k
    assert [h.score for h in hits] == pytest.approx([1 / (rrf_k + r) for r in range(1, 7)])


def test_bm25_mode_ranks_by_bm25_alone_without_embedding(retriever: HybridRetriever) -> None:
    lexical = HybridRetriever(retriever.store, _NoQueryEmbedder(retriever.embedder),
                              retriever.settings)
    hits = lexical.search("Missing Mondays", k=5, mode="bm25")
    assert hits and "Missing Mondays" in hits[0].passage.text
    assert [h.bm25_rank for h in hits] == list(range(1, len(hits) + 1))
    assert all(h.dense_score is None for h in hits)
    expected = [p.chunk_id for p in lexical.bm25_search("Missing Mondays", len(hits))]
    assert [h.passage.chunk_id for h in hits] == expected
    assert lexical.search("the of and", k=5, mode="bm25") == []  # only stopwords: no terms


def test_mode_from_settings(retriever: HybridRetriever, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, retrieval_mode="bm25")
    lexical = HybridRetriever(retriever.store, _NoQueryEmbedder(retriever.embedder), settings)
    by_setting = lexical.search("annual reviews of EHC plans", k=5)
    assert by_setting == lexical.search("annual reviews of EHC plans", k=5, mode="bm25")
    assert all(h.dense_score is None for h in by_setting)
    with pytest.raises(ValidationError):
        make_settings(tmp_path, retrieval_mode="sparse")


def test_unknown_mode_is_refused(retriever: HybridRetriever) -> None:
    with pytest.raises(ValueError, match="retrieval mode"):
        retriever.search("EHC plans", k=5, mode="sparse")  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", RETRIEVAL_MODES)
def test_every_mode_applies_the_filters(retriever: HybridRetriever, mode: RetrievalMode) -> None:
    assert set(RETRIEVAL_MODES) == {"dense", "bm25", "hybrid"}
    hits = retriever.search("co-production with parents", k=10,
                            filters=Filters(area=["Wandsworth"]), mode=mode)
    assert hits and all(h.passage.area == "Wandsworth" for h in hits)
    assert retriever.search("EHC plans", k=5, filters=Filters(area=["Atlantis"]), mode=mode) == []
    assert retriever.search("  ", k=5, mode=mode) == []


def test_a_service_sees_what_another_process_ingested(
    tmp_path: Path, retriever: HybridRetriever,
) -> None:
    """Two services on one store stand for two processes: the one that did not ingest notices
    the new generation on its next request and reloads its catalogue and BM25 index."""
    from assistant.service import Service

    settings = make_settings(tmp_path, collection="generation")
    store = PassageStore(settings, retriever.embedder)
    reader = Service(settings, retriever.embedder, store,
                     HybridRetriever(store, retriever.embedder, settings))
    assert reader.documents() == [] and reader.ask("What are Missing Mondays?").abstained
    writer_store = PassageStore(settings, retriever.embedder)  # its own client, as elsewhere
    first = writer_store.generation()
    run_ingest([CORPUS / "worcestershire_revisit-letter_2021-12-14.txt"], CORPUS,
               writer_store, retriever.embedder, progress=False)
    assert writer_store.generation() != first
    answer = reader.ask("What are Missing Mondays in Worcestershire?")
    assert not answer.abstained and {c.area for c in answer.citations} == {"Worcestershire"}
    top = reader.retriever.search("Missing Mondays", k=3)  # the BM25 index was rebuilt too
    assert top and top[0].bm25_rank == 1 and "Missing Mondays" in top[0].passage.text
