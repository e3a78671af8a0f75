"""Ingestion end to end: real parser and chunker, real MiniLM, real Chroma in a temp folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, make_settings

import ingest.pipeline as pipeline
from core.embeddings import Embedder, load_embedder
from core.models import Document, IngestReport, Passage
from core.store import PassageStore
from ingest.chunk import chunk_document
from ingest.parse import parse_file
from ingest.pipeline import run_ingest

FIRST = "wandsworth_revisit-letter_2022-08-23.txt"  # sorted first: ingested first
SECOND = "wokingham_revisit-letter_2021-06-23.txt"
# Clearly test data, appended to a copy of a seed letter to simulate an edited file.
EXTRA = "\n\nTEST FIXTURE PARAGRAPH: leaders added a drop-in clinic for parents on Fridays.\n"
_MEMO: dict[str, list[float]] = {}  # same text -> same vector: lets the tests share embeddings


class CountingEmbedder:
    """The real model behind a call counter (and, for crash tests, a failure on call n)."""

    def __init__(self, inner: Embedder, name: str | None = None, fail_on_call: int = 0) -> None:
        self.inner, self.name, self.dim = inner, name or inner.name, inner.dim
        self.fail_on_call = fail_on_call
        self.calls = 0
        self.texts = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        self.texts += len(texts)
        if self.calls == self.fail_on_call:
            raise RuntimeError("simulated crash while embedding")
        new = [t for t in dict.fromkeys(texts) if t not in _MEMO]
        _MEMO.update(zip(new, self.inner.embed_documents(new), strict=True))
        return [_MEMO[t] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    return load_embedder(make_settings(tmp_path_factory.mktemp("model")))


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in (FIRST, SECOND):
        shutil.copy(CORPUS / name, folder / name)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n\x00\x01 this is not a real PDF \xff\xfe")
    return folder


@pytest.fixture()
def store(tmp_path: Path, model: Embedder) -> PassageStore:
    return PassageStore(make_settings(tmp_path / "data"), model)


def ingest(corpus: Path, store: PassageStore, embedder: Embedder) -> IngestReport:
    return run_ingest([corpus], corpus, store, embedder, progress=False, batch_size=8)


def doc_ids(corpus: Path, name: str) -> list[str]:
    return [d.doc_id for d in parse_file(corpus / name, corpus)]


def expected_passages(corpus: Path, name: str) -> dict[str, list[Passage]]:
    return {d.doc_id: chunk_document(d)[0] for d in parse_file(corpus / name, corpus)}


def assert_consistent(store: PassageStore) -> None:
    """Every committed document is whole: all its listed records exist and are readable."""
    visible = store.all_passages()
    for doc_id, entry in store.registry().items():
        assert set(entry.passage_ids) <= set(store.stored_records(doc_id))
        assert len([p for p in visible if p.doc_id == doc_id]) == len(entry.passage_ids)


def test_first_run_lands_everything_but_the_broken_file(corpus: Path, store: PassageStore,
                                                        model: Embedder) -> None:
    counter = CountingEmbedder(model)
    report = ingest(corpus, store, counter)
    wanted = doc_ids(corpus, FIRST) + doc_ids(corpus, SECOND)
    assert sorted(report.added) == sorted(wanted)
    broken = str((corpus / "broken.pdf").resolve())
    assert list(report.failed) == [broken] and report.failed[broken].strip()
    assert report.passages_added == store.counts()["chunks"] > 0
    assert {d.doc_id for d in store.list_documents()} == set(wanted)
    for d in store.list_documents():
        assert report.missing_fields.get(d.doc_id, []) == d.missing_fields
    texts = {p.text for p in store.all_passages()}
    for name in (FIRST, SECOND):
        for passages in expected_passages(corpus, name).values():
            assert {p.text for p in passages} <= texts
    assert_consistent(store)


def test_second_run_over_unchanged_files_embeds_nothing(corpus: Path, store: PassageStore,
                                                        model: Embedder) -> None:
    ingest(corpus, store, CountingEmbedder(model))
    before = store.counts()
    counter = CountingEmbedder(model)
    report = ingest(corpus, store, counter)
    assert counter.calls == 0 and counter.texts == 0
    assert sorted(report.unchanged) == sorted(doc_ids(corpus, FIRST) + doc_ids(corpus, SECOND))
    assert report.added == report.updated == report.removed == []
    assert report.passages_added == report.passages_removed == 0
    assert report.passages_unchanged == before["chunks"]
    assert store.counts() == before


def test_changed_file_is_updated_and_only_new_text_embedded(corpus: Path, store: PassageStore,
                                                            model: Embedder) -> None:
    ingest(corpus, store, CountingEmbedder(model))
    with (corpus / FIRST).open("a", encoding="utf-8") as f:
        f.write(EXTRA)
    counter = CountingEmbedder(model)
    report = ingest(corpus, store, counter)
    first_ids = doc_ids(corpus, FIRST)
    assert sorted(report.updated) == sorted(first_ids)
    assert sorted(report.unchanged) == sorted(doc_ids(corpus, SECOND))
    total = sum(len(p) for p in expected_passages(corpus, FIRST).values())
    assert 0 < counter.texts < total  # unchanged passages reuse their stored vectors
    assert any("drop-in clinic" in p.text for p in store.all_passages())
    assert_consistent(store)


def test_deleted_file_is_removed_from_the_store(corpus: Path, store: PassageStore,
                                                model: Embedder) -> None:
    ingest(corpus, store, CountingEmbedder(model))
    gone = doc_ids(corpus, SECOND)
    (corpus / SECOND).unlink()
    report = ingest(corpus, store, CountingEmbedder(model))
    assert sorted(report.removed) == sorted(gone) and report.passages_removed > 0
    assert all(store.get_document(d) is None for d in gone)
    assert not {p.doc_id for p in store.all_passages()} & set(gone)
    assert not {f.doc_id for f in store.findings()} & set(gone)
    assert all(store.stored_records(d) == {} for d in gone)


def test_any_exception_while_parsing_is_reported(corpus: Path, store: PassageStore,
                                                 model: Embedder,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    real = parse_file

    def flaky(path: Path, root: Path) -> list[Document]:
        if path.name == SECOND:
            raise RuntimeError("parser bug on this file")
        return real(path, root)

    monkeypatch.setattr(pipeline, "parse_file", flaky)
    report = ingest(corpus, store, CountingEmbedder(model))
    assert report.failed[str((corpus / SECOND).resolve())] == "parser bug on this file"
    assert sorted(report.added) == sorted(doc_ids(corpus, FIRST))
    assert not report.ok


def test_crash_mid_document_leaves_it_invisible_and_rerun_recovers(
        corpus: Path, store: PassageStore, model: Embedder) -> None:
    (corpus / SECOND).rename(corpus.parent / SECOND)  # first run: only FIRST
    ingest(corpus, store, CountingEmbedder(model))
    (corpus.parent / SECOND).rename(corpus / SECOND)
    with (corpus / FIRST).open("a", encoding="utf-8") as f:
        f.write(EXTRA)  # one new passage: one embedding call (batch of 8) for FIRST
    crashing = CountingEmbedder(model, fail_on_call=3)  # SECOND crashes on its second batch
    with pytest.raises(RuntimeError, match="simulated crash"):
        ingest(corpus, store, crashing)
    second = doc_ids(corpus, SECOND)
    registry = store.registry()
    assert set(registry) == set(doc_ids(corpus, FIRST))  # FIRST committed in its new version
    assert any("drop-in clinic" in p.text for p in store.all_passages())
    assert all(store.stored_records(d) for d in second[:1])  # half written...
    assert not {p.doc_id for p in store.all_passages()} & set(second)  # ...but invisible
    assert all(store.get_document(d) is None for d in second)
    assert_consistent(store)

    counter = CountingEmbedder(model)
    report = ingest(corpus, store, counter)
    assert sorted(report.added) == sorted(second)
    assert sorted(report.unchanged) == sorted(doc_ids(corpus, FIRST))
    wanted = sum(len({p.chunk_id for p in ps}) for ps in expected_passages(corpus, SECOND).values())
    assert 0 < counter.texts < wanted  # the batch written before the crash is reused
    assert_consistent(store)


def test_store_of_another_embedder_is_rebuilt(corpus: Path, tmp_path: Path,
                                              model: Embedder) -> None:
    settings = make_settings(tmp_path / "data", collection="stale")
    old = CountingEmbedder(model, name="some-older-model")
    ingest(corpus, PassageStore(settings, old), old)
    store = PassageStore(settings, model)
    assert store.stale
    report = ingest(corpus, store, CountingEmbedder(model))
    assert not store.stale and report.unchanged == []
    assert sorted(report.added) == sorted(doc_ids(corpus, FIRST) + doc_ids(corpus, SECOND))


def test_missing_path_is_reported_not_raised(tmp_path: Path, store: PassageStore,
                                             model: Embedder) -> None:
    missing = tmp_path / "no-such-folder"
    report = run_ingest([missing], tmp_path, store, model, progress=False)
    assert report.failed == {str(missing): "no such file or directory"}
    assert store.counts()["documents"] == 0
