"""The BM25 index: ranking, saved per store generation, loaded instead of rebuilt, rebuilt when
the store changes. A real Chroma in a temp folder; hand-made vectors, so no model is needed."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_settings
from test_store import commit, make_doc, make_passage

import assistant.bm25_index as bm25_index
from assistant.bm25_index import SparseIndex, load_or_build
from assistant.retrieval import HybridRetriever, tokenize
from core.models import Filters
from core.store import PassageStore

VEC = [1.0, 0.0, 0.0, 0.0]


class _NoEmbedder:
    name, dim = "test-embedder", 4

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        raise AssertionError("BM25 never embeds")

    def embed_query(self, text: str) -> list[float]:
        raise AssertionError("BM25 never embeds")


def _store(tmp_path: Path) -> PassageStore:
    store = PassageStore(make_settings(tmp_path, collection="sparse"), "test-embedder", 4)
    doc = make_doc("kestrel-letter", area="Kestrelshire")
    commit(store, doc, [
        (make_passage(doc, "Waiting times for speech therapy were far too long.", 0), VEC),
        (make_passage(doc, "Leaders improved the annual review of plans.", 1), VEC),
        (make_passage(doc, "Speech and language therapy waits: speech therapy is scarce.", 2),
         VEC),
        *[(make_passage(doc, text, 3 + i), VEC) for i, text in enumerate((
            "Co-production with parents has begun.", "School places are planned ahead.",
            "The panel meets monthly.", "Health leaders share data."))],
    ])
    other = make_doc("heron-report", area="Heronford", date="2023-05-01")
    commit(store, other, [(make_passage(other, "Speech therapy in Heronford is timely.", 0),
                           VEC)])
    store.mark_changed()
    return store


def test_ranked_orders_by_score_and_skips_passages_without_a_term() -> None:
    texts = ["speech therapy speech therapy waits", "annual review", "speech delays",
             "school places", "panel dates"]
    index = SparseIndex.build([tokenize(t) for t in texts], list("abcde"))
    assert list(index.ranked(tokenize("speech therapy"))) == [0, 2]


def test_a_term_in_most_passages_still_counts() -> None:
    """As in BM25Okapi: a term in over half the passages weighs a quarter of the mean IDF,
    so the passage holding it more often (for its length) comes first, not last."""
    texts = ["area review", "area panel", "school places", "area area area plans"]
    index = SparseIndex.build([tokenize(t) for t in texts], list("abcd"))
    assert list(index.ranked(["area"])) == [3, 0, 1]
    assert list(index.ranked(["unknownword"])) == []
    assert list(SparseIndex.build([], []).ranked(["speech"])) == []


def test_saved_index_is_loaded_not_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    store = _store(tmp_path)
    first = HybridRetriever(store, _NoEmbedder(), store.settings)
    hits = first.bm25_search("speech therapy waits", n=5)
    assert [p.doc_id for p in hits][:2] == ["kestrel-letter", "kestrel-letter"]
    saved = tmp_path / "bm25" / "sparse" / store.generation()
    assert (saved / "passages.json").exists()

    def no_build(*args: object) -> SparseIndex:
        raise AssertionError("the saved index should have been loaded")

    monkeypatch.setattr(bm25_index.SparseIndex, "build", no_build)
    again = HybridRetriever(store, _NoEmbedder(), store.settings)  # as at a new start
    assert again.bm25_search("speech therapy waits", n=5) == hits
    heron = again.bm25_search("speech therapy", n=5, filters=Filters(area=["Heronford"]))
    assert [p.area for p in heron] == ["Heronford"]


def test_a_new_generation_rebuilds_and_drops_the_old_save(tmp_path: Path) -> None:
    store = _store(tmp_path)
    retriever = HybridRetriever(store, _NoEmbedder(), store.settings)
    assert retriever.bm25_search("kingfisher", n=5) == []
    old = store.generation()
    doc = make_doc("kingfisher-note", area="Kingfisher Vale")
    commit(store, doc, [(make_passage(doc, "The kingfisher panel met twice.", 0), VEC)])
    store.mark_changed()
    retriever.refresh()
    assert [p.doc_id for p in retriever.bm25_search("kingfisher", n=5)] == ["kingfisher-note"]
    root = tmp_path / "bm25" / "sparse"
    assert sorted(p.name for p in root.iterdir()) == [store.generation()]
    assert store.generation() != old


def test_a_save_listing_other_passages_or_damaged_is_rebuilt(tmp_path: Path) -> None:
    store = _store(tmp_path)
    passages = store.all_passages()
    root = tmp_path / "idx"
    load_or_build(root, "g1", passages, tokenize)
    assert SparseIndex.load(root / "g1", [p.chunk_id for p in passages[1:]]) is None
    (root / "g1" / "passages.json").write_text("{not json")
    rebuilt = load_or_build(root, "g1", passages, tokenize)
    assert rebuilt.chunk_ids == [p.chunk_id for p in passages]
    assert SparseIndex.load(root / "g1", rebuilt.chunk_ids) is not None
    unsaved = load_or_build(tmp_path / "none", "", passages, tokenize)  # no generation yet
    assert unsaved.chunk_ids and not (tmp_path / "none").exists()
