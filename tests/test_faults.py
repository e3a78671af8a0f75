"""Faults: ingestion killed with SIGKILL mid-way (a real subprocess), a damaged store folder,
and a Chroma server that is not there. Each gives one clear error, never half a document and
never a trace per request; the next run (or the server coming up) completes the work."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from conftest import make_settings
from conftest_edges import copy_corpus
from servers import SENDQA, chroma_server, free_port, sendqa_serve
from test_cli import cli_env, run

from assistant.service import Service
from core.store import PassageStore
from ingest.chunk import chunk_document
from ingest.parse import parse_file

pytestmark = pytest.mark.slow

FIRST = ["wokingham_revisit-letter_2021-06-23.txt", "wandsworth_revisit-letter_2022-08-23.txt"]
# Long council papers: enough passages to be embedding for a while when the kill comes.
LATER = ["wokingham_scrutiny-committee-report_2020-01-21.txt",
         "windsor-and-maidenhead_scrutiny-pack_2020-01-29.txt"]
EDIT = "\n\nTEST FIXTURE PARAGRAPH: the partnership opened a Saturday sensory clinic.\n"
PROGRESS = re.compile(rb"parsing:\s+\d+%\|[^|]*\|\s*(\d+)/(\d+)")


def kill_mid_ingest(env: dict[str, str]) -> tuple[int, int]:
    """Run `sendqa ingest` and SIGKILL it once some but not all files are through (each file
    is parsed, embedded and committed before the next); returns (done, total) as its
    progress bar last said."""
    proc = subprocess.Popen([str(SENDQA), "ingest"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    assert proc.stderr is not None
    seen = b""
    try:
        while proc.poll() is None:
            seen += os.read(proc.stderr.fileno(), 4096)
            done = [(int(a), int(b)) for a, b in PROGRESS.findall(seen)]
            if done and 0 < done[-1][0] < done[-1][1]:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)
                return done[-1]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
    raise AssertionError(f"ingest ended before it could be killed:\n{seen.decode()[-2000:]}")


def versions(corpus: Path) -> dict[str, str]:
    """doc id -> content hash of each document as its file now reads."""
    return {d.doc_id: d.content_hash for f in sorted(corpus.iterdir())
            for d in parse_file(f, corpus)}


def assert_whole(store: PassageStore) -> None:
    """Every committed document is whole: its listed records exist and are all readable."""
    visible = store.all_passages()
    for doc_id, entry in store.registry().items():
        assert set(entry.passage_ids) <= set(store.stored_records(doc_id))
        assert len([p for p in visible if p.doc_id == doc_id]) == len(entry.passage_ids)


def test_sigkill_mid_ingest_keeps_earlier_versions_and_the_next_run_completes(
        tmp_path: Path) -> None:
    corpus = copy_corpus(tmp_path / "corpus", FIRST)
    env = cli_env(tmp_path / "data", corpus)
    assert run(env, "ingest", "--quiet").returncode == 0
    old = versions(corpus)
    for name in FIRST:
        with (corpus / name).open("a", encoding="utf-8") as f:
            f.write(EDIT)
    copy_corpus(corpus, LATER)
    new = versions(corpus)

    done, total = kill_mid_ingest(env)
    assert 0 < done < total
    settings = make_settings(tmp_path / "data", corpus)
    service = Service.from_settings(settings)
    registry = service.store.registry()
    assert_whole(service.store)
    assert set(old) <= set(registry)  # nothing earlier was lost
    hashes = {i: e.doc.content_hash for i, e in registry.items()}
    assert all(hashes[i] in (old.get(i), new[i]) for i in hashes)  # one version or the other
    assert hashes != new  # killed before the end: something is left for the next run
    for area in ("Wokingham", "Wandsworth"):  # the earlier documents still answer
        answer = service.ask(f"What did the revisit find in {area} about EHC plans?")
        assert not answer.abstained and area in {c.area for c in answer.citations}

    rerun = run(env, "ingest", "--quiet")
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    store = PassageStore(settings, service.embedder)
    assert {i: e.doc.content_hash for i, e in store.registry().items()} == new
    assert_whole(store)
    texts = {p.text for p in store.all_passages()}
    for f in sorted(corpus.iterdir()):
        for doc in parse_file(f, corpus):
            assert {p.text for p in chunk_document(doc)[0]} <= texts
    assert sum("Saturday sensory clinic" in t for t in texts) == len(FIRST)


def assert_unavailable_everywhere(url: str, words: str) -> None:
    """Health and the other routes answer 503 with the reason, again and again."""
    for _ in range(3):
        health = httpx.get(f"{url}/api/health", timeout=30)
        assert health.status_code == 503 and words in health.json()["detail"], health.text
        assert health.headers["retry-after"].isdigit()
        asked = httpx.post(f"{url}/api/ask", json={"question": "EHC plans in Wokingham?"},
                           timeout=30)
        assert asked.status_code == 503 and words in asked.json()["detail"], asked.text
        assert httpx.get(f"{url}/api/documents", timeout=30).status_code == 503


def test_a_damaged_store_folder_is_one_clear_error_and_a_503(tmp_path: Path) -> None:
    corpus = copy_corpus(tmp_path / "corpus", FIRST[:1])
    chroma = tmp_path / "data" / "chroma"
    chroma.mkdir(parents=True)
    (chroma / "chroma.sqlite3").write_bytes(b"not a database, a damaged file " * 64)
    env = cli_env(tmp_path / "data", corpus)

    ingest = run(env, "ingest", "--quiet")
    assert ingest.returncode == 4
    assert ingest.stderr.count("\n") == 1 and "move that folder aside" in ingest.stderr

    with sendqa_serve(env, tmp_path / "serve.log") as served:
        assert_unavailable_everywhere(served.url, "cannot open the store")
    log = served.log.read_text(errors="replace")
    assert log.count("the store is unavailable: cannot open the store") == 1, log
    assert "Traceback" not in log, log


def test_an_unreachable_chroma_server_is_a_503_until_it_comes_up(tmp_path: Path) -> None:
    corpus = copy_corpus(tmp_path / "corpus", FIRST[:1])
    port = free_port()
    env = {**cli_env(tmp_path / "data", corpus), "SENDQA_CHROMA_HOST": "127.0.0.1",
           "SENDQA_CHROMA_PORT": str(port)}
    with sendqa_serve(env, tmp_path / "serve.log") as served:
        assert_unavailable_everywhere(served.url, f"cannot reach the Chroma server at "
                                                  f"127.0.0.1:{port}")
        with chroma_server(tmp_path / "chroma", port):
            deadline = time.monotonic() + 30  # tried again at most every RETRY_S
            while (health := httpx.get(f"{served.url}/api/health", timeout=30)).status_code \
                    != 200 and time.monotonic() < deadline:
                time.sleep(0.5)
            assert health.status_code == 200 and health.json()["documents"] == 0, health.text
    log = served.log.read_text(errors="replace")
    assert log.count("the store is unavailable: cannot reach the Chroma server") == 1, log
    assert "Traceback" not in log, log
