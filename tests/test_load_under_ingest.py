"""Load: 50 concurrent clients ask a real server for about a minute while documents are being
ingested into its store. Zero errors; no answer cites a document before it was committed or a
passage that is not part of it; the p95 is reported. Loopback only, bounded in time and count.
The scenario (tests/load_run.py) runs in its own process, started early beside the other tests.
"""

from __future__ import annotations

import load_run
import pytest
from load_run import CLIENTS, SECONDS

pytestmark = pytest.mark.slow


def test_fifty_clients_while_ingesting() -> None:
    run = load_run.result()
    assert run["added"] == []  # the copy is the seed corpus as it is
    before = set(run["before"])
    new_docs: dict[str, str] = run["new_docs"]
    assert sorted(new_docs.values()) == ["Heronmoor", "Kestrelford"]
    final = {i: set(ids) for i, ids in run["final"].items()}
    chunk_ids = {i: set(ids) for i, ids in run["chunk_ids"].items()}
    assert all(final[i] and chunk_ids[i] for i in new_docs)
    seconds = sorted(run["seconds"])
    p95 = seconds[round(0.95 * (len(seconds) - 1))]
    print(f"\nload: {len(seconds)} asks from {CLIENTS} clients in ~{SECONDS:.0f} s while "
          f"ingesting {len(new_docs)} documents; p50 {seconds[len(seconds) // 2]:.2f} s, "
          f"p95 {p95:.2f} s, errors {len(run['errors'])}")
    assert run["errors"] == []
    assert len(seconds) >= CLIENTS  # every client was answered at least once
    commits: dict[str, float] = run["commits"]
    cited_new = 0
    for done, cited in run["answers"]:
        for doc_id, chunks in cited.items():
            if doc_id in new_docs:
                cited_new += 1
                assert done >= commits[doc_id], f"{doc_id} cited before it was committed"
                assert set(chunks) <= chunk_ids[doc_id], f"{doc_id}: a passage not in the document"
            else:
                assert doc_id in before
    assert cited_new > 0  # the new documents became answerable while the clients asked
