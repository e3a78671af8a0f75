"""A store that keeps its sources: documents from several folders, syncing one folder, moving a
checkout, removing on purpose, and a store written before sources were recorded.

Real parser, real MiniLM and a real Chroma in tmp folders; a few seed letters keep it short.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, make_settings
from test_cli import cli_env, run
from test_pipeline import CountingEmbedder

from assistant.cli import format_sources, sync_corpus
from assistant.retrieval import HybridRetriever
from assistant.service import Service
from core.embeddings import Embedder, load_embedder
from core.store import PassageStore, RegistryEntry
from ingest.pipeline import run_ingest

pytestmark = pytest.mark.slow

IN_CORPUS = ("wokingham_revisit-letter_2021-06-23.txt", "wandsworth_revisit-letter_2022-08-23.txt")
ELSEWHERE = ("worcestershire_revisit-letter_2021-12-14.txt",)
@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    return load_embedder(make_settings(tmp_path_factory.mktemp("model")))


def folder(path: Path, names: tuple[str, ...]) -> Path:
    path.mkdir(parents=True)
    for name in names:
        shutil.copy(CORPUS / name, path / name)
    return path


def service_for(data: Path, corpus: Path, embedder: Embedder) -> Service:
    settings = make_settings(data, corpus)
    store = PassageStore(settings, embedder)
    return Service(settings, embedder, store, HybridRetriever(store, embedder, settings))


def ids_from(store: PassageStore, where: Path) -> set[str]:
    return {i for i, e in store.registry().items() if Path(e.file).parent == where.resolve()}


def test_two_folders_survive_serve_and_ids_do_not_depend_on_the_other_folder(
        tmp_path: Path, model: Embedder) -> None:
    corpus = folder(tmp_path / "corpus", IN_CORPUS)
    more = folder(tmp_path / "more-papers", ELSEWHERE)
    service = service_for(tmp_path / "data", corpus, CountingEmbedder(model))
    first = service.ingest([corpus, more])
    assert first.ok and len(first.added) == 3
    alone = PassageStore(make_settings(tmp_path / "alone"), model)
    run_ingest([corpus], corpus, alone, CountingEmbedder(model), progress=False)
    together = service.store.registry()
    for doc_id, entry in alone.registry().items():  # same id, same records, whatever came along
        assert together[doc_id].passage_ids == entry.passage_ids
        assert together[doc_id].doc.source == entry.doc.source

    counter = CountingEmbedder(model)
    service.embedder = counter
    synced = sync_corpus(service, progress=False)  # what `sendqa serve` does first
    assert synced is not None and synced.removed == [] and counter.texts == 0
    assert sorted(synced.unchanged) == sorted(ids_from(service.store, corpus))
    assert ids_from(service.store, more) == set(first.added) - set(synced.unchanged)
    assert {d.area for d in service.documents()} == {"Wokingham", "Wandsworth", "Worcestershire"}

    (corpus / IN_CORPUS[0]).unlink()  # gone from the corpus: sync removes it, and only it
    again = sync_corpus(service, progress=False)
    assert again is not None and again.removed == ["wokingham-revisit-letter-2021-06-23"]
    assert {d.area for d in service.documents()} == {"Wandsworth", "Worcestershire"}


def test_moving_the_checkout_re_embeds_nothing(tmp_path: Path, model: Embedder) -> None:
    old = folder(tmp_path / "old" / "corpus", IN_CORPUS)
    store = PassageStore(make_settings(tmp_path / "data"), model)
    first = run_ingest([old], old, store, CountingEmbedder(model), progress=False)
    new = tmp_path / "new" / "corpus"
    shutil.copytree(old, new)
    counter = CountingEmbedder(model)
    moved = run_ingest([new], new, store, counter, progress=False)
    assert counter.texts == 0 and moved.passages_added == moved.passages_removed == 0
    assert sorted(moved.moved) == sorted(moved.unchanged) == sorted(first.added)
    assert ids_from(store, new) == set(first.added) and ids_from(store, old) == set()
    shutil.rmtree(old)  # the old checkout is gone: syncing the new one changes nothing more
    counter = CountingEmbedder(model)
    again = run_ingest([new], new, store, counter, progress=False)
    assert counter.texts == 0 and again.moved == again.removed == []


def test_another_existing_file_never_replaces_a_document(tmp_path: Path, model: Embedder) -> None:
    name = IN_CORPUS[0]
    first = folder(tmp_path / "a", (name,))
    second = folder(tmp_path / "b", (name,))
    with (second / name).open("a", encoding="utf-8") as f:
        f.write("\n\nTEST FIXTURE PARAGRAPH: a different copy with an added clinic.\n")
    store = PassageStore(make_settings(tmp_path / "data"), model)
    run_ingest([first], first, store, CountingEmbedder(model), progress=False)
    clash = run_ingest([second], second, store, CountingEmbedder(model), progress=False)
    assert "already in the store from" in clash.failed[str((second / name).resolve())]
    assert ids_from(store, first) == {"wokingham-revisit-letter-2021-06-23"}
    assert not any("added clinic" in p.text for p in store.all_passages())


def test_sources_lists_and_remove_removes_on_purpose(tmp_path: Path, model: Embedder) -> None:
    corpus = folder(tmp_path / "corpus", IN_CORPUS)
    more = folder(tmp_path / "more", ELSEWHERE)
    env = cli_env(tmp_path / "data", corpus)
    assert run(env, "ingest", "--quiet", str(corpus), str(more)).returncode == 0
    listed = run(env, "sources")
    assert listed.returncode == 0, listed.stderr
    assert f"{corpus.resolve()}  (2 files, 2 documents)" in listed.stdout
    assert f"{more.resolve()}  (1 files, 1 documents)" in listed.stdout
    assert f"  {ELSEWHERE[0]}: worcestershire-revisit-letter-2021-12-14" in listed.stdout

    shutil.rmtree(more)  # a folder that is gone is listed as such, and removed by its path
    assert "[file missing]" in run(env, "sources").stdout
    gone = run(env, "remove", str(more))
    assert gone.returncode == 0 and "worcestershire-revisit-letter-2021-12-14" in gone.stdout
    by_id = run(env, "remove", "wandsworth-revisit-letter-2022-08-23")
    assert by_id.returncode == 0 and "removed 1 documents" in by_id.stdout
    left = run(env, "sources", "--json")
    assert '"doc_ids": [\n          "wokingham-revisit-letter-2021-06-23"' in left.stdout
    nothing = run(env, "remove", "no-such-document")
    assert nothing.returncode == 2 and "nothing in the store matches" in nothing.stderr


def _as_before_sources(store: PassageStore, entry: RegistryEntry) -> None:
    """Re-commit a document as pipeline 3 left it: a root-relative file, no folder."""
    doc = store.get_document(entry.doc.doc_id)
    assert doc is not None
    passages = [p for p in store.all_passages() if p.doc_id == doc.doc_id]
    key = entry.ingest_key.replace(":4:", ":3:")
    store.commit_document(doc, passages, doc.findings, file=doc.source, ingest_key=key)


def test_a_store_from_before_sources_is_upgraded_without_re_embedding(
        tmp_path: Path, model: Embedder) -> None:
    corpus = folder(tmp_path / "corpus", IN_CORPUS)
    store = PassageStore(make_settings(tmp_path / "data", corpus), model)
    run_ingest([corpus], corpus, store, CountingEmbedder(model), progress=False)
    for entry in store.registry().values():
        _as_before_sources(store, entry)
    assert format_sources(service_for(tmp_path / "data", corpus, model).sources()).startswith(
        "(folder not recorded")
    counter = CountingEmbedder(model)
    report = run_ingest([corpus], corpus, store, counter, progress=False)
    assert counter.texts == 0 and report.removed == [] and report.passages_added == 0
    assert sorted(report.unchanged) == sorted(store.registry())
    assert all(e.root == str(corpus.resolve()) and Path(e.file).is_absolute()
               for e in store.registry().values())
