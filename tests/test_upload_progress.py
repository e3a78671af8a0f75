"""Upload progress: the ingest pipeline's progress callback (parsing, chunked, each batch of
passages embedded and written), and an upload's job as `GET /api/uploads/{id}` reports it while
a real inspection report (PDF) is ingested in the background by the real server."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import httpx
import pytest
from conftest_edges import CORPUS
from conftest_product import ADMIN_TOKEN, AdminServer, admin_server  # noqa: F401  (fixture)

from core.config import Settings
from core.embeddings import LazyEmbedder
from core.models import IngestProgress
from core.store import PassageStore
from ingest.pipeline import run_ingest

pytestmark = pytest.mark.slow

REPORT = "dudley_area-send-inspection_published-2025-03-11.pdf"  # not in the admin server's store
LETTER = "wokingham_revisit-letter_2021-06-23.txt"


def test_the_pipeline_reports_parsing_chunking_and_each_batch(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(CORPUS / LETTER, folder / LETTER)
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=folder, llm_provider="none")
    embedder = LazyEmbedder(settings)
    store = PassageStore(settings, embedder)
    seen: list[IngestProgress] = []
    report = run_ingest([folder], folder, store, embedder, progress=False, batch_size=4,
                        on_progress=seen.append)
    assert report.ok and report.passages_added > 8
    assert [s.stage for s in seen[:2]] == ["parsing", "chunked"] and seen[0].file == LETTER
    embedding = [s for s in seen if s.stage == "embedding"]
    assert len(embedding) >= report.passages_added // 4  # one step a batch of 4
    done = [s.passages_done for s in embedding]
    assert done == sorted(done) and done[-1] == seen[-1].passages_total == report.passages_added
    assert [s.percent for s in embedding] == sorted(s.percent for s in embedding)
    assert 0 < embedding[0].percent < 100 == embedding[-1].percent
    seen.clear()  # ingesting again changes nothing: nothing to report
    assert run_ingest([folder], folder, store, embedder, progress=False,
                      on_progress=seen.append).unchanged and seen == []


def test_an_upload_reports_its_progress_while_it_is_ingested(
        admin_server: AdminServer) -> None:  # noqa: F811
    admin = {"X-Admin-Token": ADMIN_TOKEN}
    with httpx.Client(base_url=admin_server.url, timeout=60) as client:
        accepted = client.post("/api/documents", headers=admin, files={
            "file": (REPORT, (CORPUS / REPORT).read_bytes(), "application/pdf")})
        assert accepted.status_code == 202, accepted.text
        job = accepted.json()
        polls = [job]
        deadline = time.monotonic() + 300
        while job["state"] not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(0.1)
            job = client.get(f"/api/uploads/{job['job_id']}").json()
            polls.append(job)
        try:
            assert job["state"] == "done" and job["percent"] == 100, job
            stages = [p["stage"] for p in polls]
            # Parsing a PDF takes most of a second: polled every 0.1 s, it is seen.
            assert {"parsing", "chunked", "embedding"} & set(stages[1:-1]), stages
            embedding = [p for p in polls if p["stage"] in ("chunked", "embedding")]
            shown = re.compile(r"^Parsed · chunked into (\d+) passages · embedding (\d+) of "
                               r"\1 passages \((\d+)%\)$")
            for p in embedding:
                found = shown.match(p["message"])
                assert found, p["message"]
                assert int(found.group(3)) == p["percent"] == round(
                    100 * int(found.group(2)) / int(found.group(1)))
            percents = [p["percent"] for p in polls]
            assert percents == sorted(percents)  # it never goes back
        finally:
            for doc_id in job.get("doc_ids", []):
                client.delete(f"/api/documents/{doc_id}", headers=admin)
