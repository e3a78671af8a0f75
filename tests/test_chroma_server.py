"""The Chroma-server deployment end to end: `sendqa ingest` and `sendqa serve --workers 2`
against a real `chroma run` (started by the chroma_server fixture), with nothing changed but
SENDQA_CHROMA_HOST/_PORT. The store contract runs against the same server in test_store.py."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest_edges import copy_corpus
from servers import ChromaServer, sendqa_serve
from test_cli import cli_env, run

pytestmark = pytest.mark.slow

FIRST = ["wokingham_revisit-letter_2021-06-23.txt", "wandsworth_revisit-letter_2022-08-23.txt"]
LATER = "worcestershire_revisit-letter_2021-12-14.txt"


@pytest.fixture()
def env(tmp_path: Path, chroma_server: ChromaServer) -> dict[str, str]:
    """A small corpus, a data folder (for the reader's vectors only) and a fresh collection
    on the server."""
    corpus = copy_corpus(tmp_path / "corpus", FIRST)
    return {**cli_env(tmp_path / "data", corpus), **chroma_server.env,
            "SENDQA_COLLECTION": f"e2e-{uuid.uuid4().hex[:12]}"}


@pytest.fixture()
def served(env: dict[str, str]) -> Iterator[str]:
    """`sendqa serve --workers 2` over the ingested corpus."""
    ingested = run(env, "ingest", "--quiet")
    assert ingested.returncode == 0, ingested.stdout + ingested.stderr
    assert not (Path(env["SENDQA_DATA_DIR"]) / "chroma").exists()  # the server holds it all
    log = Path(env["SENDQA_CORPUS_DIR"]).parent / "serve.log"
    with sendqa_serve(env, log, "--workers", "2", "--no-ingest") as server:
        yield server.url
    assert "Traceback" not in log.read_text(errors="replace")


def ask(url: str, question: str) -> dict[str, object]:
    reply = httpx.post(f"{url}/api/ask", json={"question": question}, timeout=120)
    assert reply.status_code == 200, reply.text
    return dict(reply.json())


def test_ingest_and_ask_over_http_with_two_workers(served: str, env: dict[str, str]) -> None:
    health = httpx.get(f"{served}/api/health", timeout=30).json()
    assert health["status"] == "ok" and health["documents"] == len(FIRST)
    answer = ask(served, "Did Wokingham make sufficient progress on transition to adulthood?")
    citations = answer["citations"]
    assert not answer["abstained"] and isinstance(citations, list) and citations
    assert {c["area"] for c in citations} == {"Wokingham"}

    # Another process ingests a document: every worker sees it on its next request.
    copy_corpus(Path(env["SENDQA_CORPUS_DIR"]), [LATER])
    assert run(env, "ingest", "--quiet").returncode == 0
    for _ in range(4):  # enough requests to reach both workers
        counted = httpx.get(f"{served}/api/health", timeout=30).json()
        assert counted["documents"] == len(FIRST) + 1
        later = ask(served, "What did the Worcestershire revisit letter say about EHC plans?")
        assert "Worcestershire" in {c["area"] for c in later["citations"]}  # type: ignore[union-attr]
