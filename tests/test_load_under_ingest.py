"""Load: 50 concurrent clients ask a real server for about a minute while documents are being
ingested into its store. Zero errors; no answer cites a document before it was committed or a
passage that is not part of it; the p95 is reported. Loopback only, bounded in time and count.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn
from conftest import CORPUS, SEED_FILES
from conftest_edges import _serve_in_thread
from stores import cached_store

from assistant.app import create_app
from assistant.service import Service
from core.config import Settings

pytestmark = pytest.mark.slow

CLIENTS = 50
SECONDS = 60.0
MAX_REQUESTS = 3000  # a bound on the count whatever the machine's speed
# New documents: seed letters with their area renamed to places no other document names.
NEW_AREAS = {"worcestershire_revisit-letter_2021-12-14.txt": ("Worcestershire", "Kestrelford"),
             "wandsworth_revisit-letter_2022-08-23.txt": ("Wandsworth", "Heronmoor")}
QUESTIONS = (
    "What did the revisit find in Kestrelford?",
    "Did Heronmoor make sufficient progress?",
    "What are the weaknesses in Kestrelford?",
    "How long do families wait for an EHC plan?",
    "What did the revisit find in Wokingham?",
    "Which weaknesses did Heronmoor not fix?",
)


@dataclass
class Log:
    lock: threading.Lock = field(default_factory=threading.Lock)
    seconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # (finished at, chunk ids cited per doc id) of every answer
    answers: list[tuple[float, dict[str, set[str]]]] = field(default_factory=list)


def _client(url: str, n: int, stop_at: float, log: Log) -> None:
    with httpx.Client(base_url=url, timeout=120) as client:
        i = n
        while time.monotonic() < stop_at and len(log.seconds) < MAX_REQUESTS:
            t0 = time.monotonic()
            try:
                r = client.post("/api/ask", json={"question": QUESTIONS[i % len(QUESTIONS)]})
                ok, body = r.status_code == 200, r.json() if r.status_code == 200 else r.text
            except httpx.HTTPError as exc:
                ok, body = False, repr(exc)
            done = time.monotonic()
            with log.lock:
                log.seconds.append(done - t0)
                if not ok:
                    log.errors.append(str(body)[:200])
                    continue
                cited: dict[str, set[str]] = {}
                for c in body["citations"]:
                    cited.setdefault(c["doc_id"], set()).add(c["chunk_id"])
                log.answers.append((done, cited))
            i += 1


def _ingest(service: Service, folder: Path, commits: dict[str, float]) -> None:
    """Write each new document into the corpus folder and ingest it, one after another;
    record when each document's commit (its registry entry written first) began."""
    store = service.store
    commit = store.commit_document

    def timed_commit(doc: object, *args: object, **kwargs: object) -> int:
        commits[doc.doc_id] = time.monotonic()  # type: ignore[attr-defined]
        return commit(doc, *args, **kwargs)  # type: ignore[arg-type]

    store.commit_document = timed_commit  # type: ignore[method-assign]
    for name, (old, new) in NEW_AREAS.items():
        text = (CORPUS / name).read_text(encoding="utf-8").replace(old, new)
        (folder / name.replace(old.lower(), new.lower())).write_text(text, encoding="utf-8")
        service.ingest([folder])


def test_fifty_clients_while_ingesting(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(cached_store(SEED_FILES, "seeds"), data)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in SEED_FILES:
        shutil.copy(CORPUS / name, corpus / name)
    settings = Settings(data_dir=data, corpus_dir=corpus, llm_provider="none",
                        requests_per_minute=0)
    service = Service.from_settings(settings)
    assert service.ingest([corpus]).added == []  # the copy is the seed corpus as it is
    before = {d.doc_id for d in service.documents()}

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(create_app(service, with_ui=False),
                                          log_level="warning", limit_concurrency=200))
    thread = _serve_in_thread(server, sock)
    log, commits = Log(), dict[str, float]()
    try:
        stop_at = time.monotonic() + SECONDS
        clients = [threading.Thread(target=_client, args=(url, n, stop_at, log))
                   for n in range(CLIENTS)]
        for c in clients:
            c.start()
        time.sleep(5)  # every client is asking before the first document arrives
        _ingest(service, corpus, commits)
        for c in clients:
            c.join(timeout=SECONDS + 180)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()

    new_docs = {d.doc_id: d for d in service.documents() if d.doc_id not in before}
    assert sorted(d.area for d in new_docs.values()) == ["Heronmoor", "Kestrelford"]
    final = {i: set(service.store.registry()[i].passage_ids) for i in new_docs}
    chunk_ids = {i: {p.chunk_id for p in service.store.all_passages() if p.doc_id == i}
                 for i in new_docs}
    assert all(final[i] and chunk_ids[i] for i in new_docs)
    seconds = sorted(log.seconds)
    p95 = seconds[round(0.95 * (len(seconds) - 1))]
    print(f"\nload: {len(seconds)} asks from {CLIENTS} clients in ~{SECONDS:.0f} s while "
          f"ingesting {len(new_docs)} documents; p50 {seconds[len(seconds) // 2]:.2f} s, "
          f"p95 {p95:.2f} s, errors {len(log.errors)}")
    assert log.errors == []
    assert len(seconds) >= CLIENTS  # every client was answered at least once
    cited_new = 0
    for done, cited in log.answers:
        for doc_id, chunks in cited.items():
            if doc_id in new_docs:
                cited_new += 1
                assert done >= commits[doc_id], f"{doc_id} cited before it was committed"
                assert chunks <= chunk_ids[doc_id], f"{doc_id}: a passage not in the document"
            else:
                assert doc_id in before
    assert cited_new > 0  # the new documents became answerable while the clients asked
