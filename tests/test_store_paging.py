"""Large reads are paged (one read of ~100,000 passages fails in Chroma's SQLite): every
record still comes back, whatever the page size. A real Chroma in a temp folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_settings
from test_store import E1, commit, make_doc, make_finding, make_passage

import core.store as store_module
from core.store import PassageStore


def test_reads_larger_than_a_page_return_every_record(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "PAGE", 2)
    store = PassageStore(make_settings(tmp_path, collection="paged"), "test-embedder", 4)
    for name in ("alder", "birch", "cedar"):
        doc = make_doc(name, area=name.title())
        commit(store, doc, [(make_passage(doc, f"{name} passage {i}", i), E1) for i in range(3)],
               [make_finding(doc, n) for n in (1, 2)])
    assert len(store.registry()) == 3
    assert len(store.all_passages()) == 9
    assert {p.text for p in store.all_passages()} == {
        f"{name} passage {i}" for name in ("alder", "birch", "cedar") for i in range(3)}
    assert len(store.findings()) == 6
    assert len(store.findings(area="Birch")) == 2
