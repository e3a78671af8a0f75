"""Contract test of PassageStore against a real Chroma: a local store in a temp folder, and a
real `chroma run` server (slow: the server starts once per session; see chroma_server.py).

Vectors here are small hand-made unit vectors (test data): the store never looks inside them,
and exact geometry lets the tests assert exact similarities.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import make_settings

from core.models import Document, Filters, Finding, Passage
from core.store import (
    PassageStore,
    StaleStoreError,
    date_int,
    passage_from_record,
    passage_matches,
    passage_to_metadata,
    record_id,
    where_clause,
)

DIM = 4
E1, E2, E3, E4 = ([1.0 if i == j else 0.0 for i in range(DIM)] for j in range(DIM))


def _h(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def make_doc(doc_id: str, area: str = "Wokingham", date: str | None = "2021-06-23",
             doc_type: str = "revisit_letter", text: str = "full text") -> Document:
    return Document.model_validate({
        "doc_id": doc_id, "title": f"Title of {doc_id}", "area": area, "doc_type": doc_type,
        "date": date, "source": f"{doc_id}.txt", "text": text, "content_hash": _h(doc_id + text),
        "file_sha256": _h("file" + doc_id), "fields": {"lead_inspector": "A N Other"},
        "missing_fields": ["visit_dates"]})


def make_passage(doc: Document, text: str, position: int = 0, **extra: object) -> Passage:
    return Passage.model_validate({
        "chunk_id": _h(doc.doc_id + text), "doc_id": doc.doc_id, "title": doc.title,
        "area": doc.area, "doc_type": doc.doc_type, "date": doc.date, "source": doc.source,
        "position": position, "text": text, **extra})


def make_finding(doc: Document, number: int, theme: str = "transition",
                 kind: str = "significant_weakness") -> Finding:
    return Finding.model_validate({
        "finding_id": _h(f"{doc.doc_id}{number}{theme}"), "doc_id": doc.doc_id, "area": doc.area,
        "date": doc.date, "framework": "2016", "kind": kind, "number": number,
        "title": f"weakness {number}", "text": "", "verdict": "not stated", "theme": theme})


NewStore = Callable[..., PassageStore]


@pytest.fixture(params=["local", pytest.param("server", marks=pytest.mark.slow)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> NewStore:
    """Opens the test's store (by embedder name) in a local folder or on the Chroma server,
    where each test has its own collection."""
    where: dict[str, object] = {"collection": "contract"}
    if request.param == "server":
        server = request.getfixturevalue("chroma_server")
        where = {"collection": f"contract-{uuid.uuid4().hex[:12]}",
                 "chroma_host": server.host, "chroma_port": server.port}

    def open_store(name: str = "test-embedder") -> PassageStore:
        return PassageStore(make_settings(tmp_path, **where), name, DIM)

    return open_store


def commit(store: PassageStore, doc: Document, items: list[tuple[Passage, list[float]]],
           findings: list[Finding] | None = None) -> int:
    store.write_passages([p for p, _ in items], [v for _, v in items])
    store.write_findings(findings or [])
    return store.commit_document(doc, [p for p, _ in items], findings or [],
                                 file=doc.source, ingest_key="k1")


@pytest.fixture()
def store(backend: NewStore) -> PassageStore:
    return backend()


@pytest.mark.parametrize(("iso", "expected"), [
    ("2021-06-23", 20210623), (None, None), ("", None), ("2021-06", None), ("not-a-date", None),
])
def test_date_int(iso: str | None, expected: int | None) -> None:
    assert date_int(iso) == expected


@pytest.mark.parametrize("extra", [
    {},  # every optional field None, defaults for heading/context
    {"heading": "Main findings", "context": "Wokingham revisit letter, 2021",
     "finding_id": "f1", "theme": "transition", "verdict": "not sufficient progress"},
])
def test_passage_metadata_round_trip(extra: dict[str, object]) -> None:
    doc = make_doc("d1", date=None if not extra else "2021-06-23")
    p = make_passage(doc, "Some text.", position=3, **extra)
    meta = passage_to_metadata(p)
    assert all(v is not None for v in meta.values())  # Chroma cannot store None
    assert passage_from_record(p.text, dict(meta)) == p


def test_uncommitted_records_are_invisible(store: PassageStore) -> None:
    doc = make_doc("d1")
    p = make_passage(doc, "EHC plans are late.")
    store.write_passages([p], [E1])
    assert store.all_passages() == []
    assert store.query(E1, 5) == []
    assert store.counts() == {"documents": 0, "chunks": 0, "findings": 0}
    store.commit_document(doc, [p], [], file="d1.txt", ingest_key="k")
    assert store.all_passages() == [p]
    assert store.counts() == {"documents": 1, "chunks": 1, "findings": 0}


def test_new_version_replaces_old_only_at_commit(store: PassageStore) -> None:
    doc = make_doc("d1")
    keep, old = make_passage(doc, "Kept passage."), make_passage(doc, "Old passage.", 1)
    commit(store, doc, [(keep, E1), (old, E2)])
    doc2 = make_doc("d1", text="new full text")
    new = make_passage(doc2, "New passage.", 1)
    store.write_passages([new], [E3])  # written, not committed: a crash here shows version 1
    assert {p.text for p in store.all_passages()} == {"Kept passage.", "Old passage."}
    assert {p.text for p, _ in store.query(E3, 10)} == {"Kept passage.", "Old passage."}
    removed = store.commit_document(doc2, [keep, new], [], file="d1.txt", ingest_key="k2")
    assert removed == 1
    assert {p.text for p in store.all_passages()} == {"Kept passage.", "New passage."}
    assert set(store.stored_records("d1")) == {record_id(keep), record_id(new)}
    assert store.get_document("d1") is not None
    assert store.get_document("d1").text == "new full text"  # type: ignore[union-attr]


def test_query_returns_cosine_similarity_best_first(store: PassageStore) -> None:
    doc = make_doc("d1")
    a, b, c = (make_passage(doc, t, i) for i, t in enumerate(("a.", "b.", "c.")))
    diag = [1 / math.sqrt(2), 1 / math.sqrt(2), 0.0, 0.0]
    commit(store, doc, [(a, E1), (b, diag), (c, E3)])
    hits = store.query(E1, 3)
    assert [p.text for p, _ in hits] == ["a.", "b.", "c."]
    assert [round(s, 4) for _, s in hits] == [1.0, round(1 / math.sqrt(2), 4), 0.0]
    assert len(store.query(E1, 1)) == 1
    assert store.query(E1, 0) == []


@pytest.fixture()
def three_areas(store: PassageStore) -> PassageStore:
    docs = [make_doc("wok", "Wokingham", "2021-06-23", "revisit_letter"),
            make_doc("wan", "Wandsworth", "2022-08-23", "revisit_letter"),
            make_doc("wam", "Windsor and Maidenhead", "2020-01-29", "committee_report"),
            make_doc("und", "Surrey", None, "inspection_report")]
    for doc, vec in zip(docs, (E1, E2, E3, E4), strict=True):
        commit(store, doc, [(make_passage(doc, f"Passage of {doc.doc_id}."), vec)])
    return store


@pytest.mark.parametrize(("filters", "expected"), [
    (Filters(), {"wok", "wan", "wam", "und"}),
    (Filters(area=["WOKINGHAM"]), {"wok"}),
    (Filters(area=["windsor and maidenhead", "Wandsworth"]), {"wan", "wam"}),
    (Filters(doc_type=["committee_report"]), {"wam"}),
    (Filters(date_from=dt.date(2021, 1, 1)), {"wok", "wan"}),
    (Filters(date_to=dt.date(2021, 6, 23)), {"wok", "wam"}),
    (Filters(date_from=dt.date(2021, 1, 1), date_to=dt.date(2021, 12, 31),
             doc_type=["revisit_letter"]), {"wok"}),
    (Filters(area=["Nowhere"]), set()),
])
def test_filters_agree_in_chroma_and_python(three_areas: PassageStore, filters: Filters,
                                            expected: set[str]) -> None:
    dense = {p.doc_id for p, _ in three_areas.query(E1, 10, filters)}
    listed = {p.doc_id for p in three_areas.all_passages(filters)}
    python = {p.doc_id for p in three_areas.all_passages() if passage_matches(p, filters)}
    assert dense == listed == python == expected
    assert (where_clause(filters) is None) == filters.is_empty()


def test_documents_registry_and_delete(three_areas: PassageStore) -> None:
    listed = three_areas.list_documents()
    assert [d.doc_id for d in listed] == ["und", "wan", "wam", "wok"]  # by area, then date
    assert all(d.text == "" for d in listed)
    full = three_areas.get_document("wok")
    assert full is not None and full.text == "full text"
    assert full.fields == {"lead_inspector": "A N Other"} and full.missing_fields == ["visit_dates"]
    entry = three_areas.registry()["wok"]
    assert entry.file == "wok.txt" and entry.ingest_key == "k1" and len(entry.passage_ids) == 1
    assert three_areas.delete_document("wok") == 1
    assert three_areas.get_document("wok") is None
    assert three_areas.stored_records("wok") == {}
    assert "wok" not in {p.doc_id for p in three_areas.all_passages()}
    assert three_areas.counts()["documents"] == 3


def test_findings_table(store: PassageStore) -> None:
    doc = make_doc("d1")
    other = make_doc("d2", area="Wandsworth")
    commit(store, doc, [(make_passage(doc, "x."), E1)],
           [make_finding(doc, 1, "transition"), make_finding(doc, 2, "ehcp_quality")])
    commit(store, other, [(make_passage(other, "y."), E2)], [make_finding(other, 1)])
    assert len(store.findings()) == 3
    assert [f.number for f in store.findings(area="wokingham")] == [1, 2]
    assert {f.doc_id for f in store.findings(theme="transition")} == {"d1", "d2"}
    assert store.findings(kind="priority_action") == []
    assert [f.number for f in store.get_document("d1").findings] == [1, 2]  # type: ignore[union-attr]
    # Re-commit with one finding: the other disappears; uncommitted findings stay hidden.
    store.write_findings([make_finding(doc, 9)])
    assert 9 not in {f.number for f in store.findings()}
    commit(store, doc, [(make_passage(doc, "x."), E1)], [make_finding(doc, 1, "transition")])
    assert [f.number for f in store.findings(area="Wokingham")] == [1]


def test_vectors_are_reusable_by_embed_text(store: PassageStore) -> None:
    doc = make_doc("d1")
    p = make_passage(doc, "Reuse me.")
    commit(store, doc, [(p, E2)])
    rid = record_id(p)
    assert store.stored_records("d1") == {rid: passage_to_metadata(p)["embed_key"]}
    vecs = store.vectors([rid])
    assert list(vecs.values()) == [pytest.approx(E2)]
    assert store.vectors([]) == {}


def test_persistence_and_staleness(backend: NewStore) -> None:
    first = backend()
    doc = make_doc("d1")
    commit(first, doc, [(make_passage(doc, "Persisted."), E1)])
    again = backend()
    assert not again.stale and [p.text for p in again.all_passages()] == ["Persisted."]
    other = backend("another-embedder")
    assert other.stale
    with pytest.raises(StaleStoreError, match="sendqa ingest"):
        other.query(E1, 3)
    other.reset()
    assert not other.stale and other.counts() == {"documents": 0, "chunks": 0, "findings": 0}
    assert backend("another-embedder").stale is False


def test_write_passages_rejects_mismatched_lengths(store: PassageStore) -> None:
    doc = make_doc("d1")
    with pytest.raises(ValueError, match="one embedding per passage"):
        store.write_passages([make_passage(doc, "a.")], [])


@pytest.mark.parametrize("name", ["", "bad name", "-x", "a/b"])
def test_invalid_collection_name_is_a_clear_error(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="collection name"):
        PassageStore(make_settings(tmp_path, collection=name), "test-embedder", DIM)


def test_generation_is_seen_by_another_client(backend: NewStore) -> None:
    writer, reader = backend(), backend()
    before = reader.generation()
    writer.mark_changed()
    assert reader.generation() == writer.generation() != before


def test_relocate_changes_only_where_a_document_came_from(store: PassageStore) -> None:
    doc = make_doc("d1")
    p = make_passage(doc, "Moved with its folder.")
    store.write_passages([p], [E1])
    store.commit_document(doc, [p], [], file="/old/d1.txt", ingest_key="k", root="/old")
    before = store.registry()["d1"]
    store.relocate("d1", "/new/d1.txt", "/new")
    after = store.registry()["d1"]
    assert (after.file, after.root) == ("/new/d1.txt", "/new")
    assert (after.doc, after.passage_ids, after.ingest_key) == \
        (before.doc, before.passage_ids, before.ingest_key)
    assert store.all_passages() == [p]


def write_from_another_process(folder: str, doc_id: str, area: str, mark: bool) -> None:
    """Run in a subprocess by the test below: commit a document, as `sendqa ingest` would
    (without the closing new generation when `mark` is false: an ingest killed mid-way)."""
    store = PassageStore(make_settings(Path(folder), collection="contract"), "test-embedder", DIM)
    doc = make_doc(doc_id, area)
    commit(store, doc, [(make_passage(doc, f"Written by another process in {area}."), E2)])
    if mark:
        store.mark_changed()


def _another_process(folder: Path, doc_id: str, area: str, mark: bool) -> None:
    code = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
            "from test_store import write_from_another_process as w; "
            f"w({str(folder)!r}, {doc_id!r}, {area!r}, {mark!r})")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=300)


@pytest.mark.slow
def test_a_local_store_sees_what_another_process_wrote(tmp_path: Path) -> None:
    """The serving process keeps its store open while `sendqa ingest` writes from another:
    its dense search finds the new passages (a stale index missed them, and a filtered search
    failed with "Error finding id"), after a new generation or, for an ingest killed before
    it wrote one, on the first search that meets the error."""
    store = PassageStore(make_settings(tmp_path, collection="contract"), "test-embedder", DIM)
    doc = make_doc("wok")
    commit(store, doc, [(make_passage(doc, "Written here."), E1)])
    assert [p.doc_id for p, _ in store.query(E2, 5)] == ["wok"]
    _another_process(tmp_path, "wan", "Wandsworth", mark=False)
    assert [p.doc_id for p, _ in store.query(E2, 5, Filters(area=["Wandsworth"]))] == ["wan"]
    _another_process(tmp_path, "wor", "Worcestershire", mark=True)
    store.generation()  # what the service checks on every request
    assert {p.doc_id for p, _ in store.query(E2, 5)} == {"wan", "wor", "wok"}
