"""Upload jobs where every worker sees them (assistant/upload_jobs.py): two service instances
on one data folder, each behind its own real server; a file uploaded to one is polled to the
end from the other. And the job table itself: shared by two readers, a job whose worker died
reads as failed, old finished jobs are dropped."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from conftest_edges import CORPUS, _serve_in_thread

from assistant.upload_jobs import KEEP_SECONDS, JobStore, UploadJob
from core.config import Settings

TOKEN = "jobs-test-token"
LETTER = "worcestershire_revisit-letter_2021-12-14.txt"


def test_a_job_saved_by_one_store_is_read_by_another(tmp_path: Path) -> None:
    path = tmp_path / "data" / "upload_jobs.sqlite3"
    job = UploadJob(job_id="abc123", filename="plan.txt", state="ingesting", stage="embedding",
                    percent=40, message="embedding 4 of 10 passages (40%)")
    JobStore(path).save(job)
    seen = JobStore(path).get("abc123")
    assert seen == job
    job.state, job.stage, job.percent, job.doc_ids = "done", "done", 100, ["d-1"]
    JobStore(path).save(job)
    assert JobStore(path).get("abc123") == job
    assert JobStore(path).get("nope") is None


def test_a_job_whose_worker_stopped_reads_as_failed(tmp_path: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    store = JobStore(tmp_path / "jobs.sqlite3")
    store.save(UploadJob(job_id="j1", filename="a.pdf", state="ingesting",
                         pid=int(gone.stdout)))
    job = store.get("j1")
    assert job is not None and (job.state, job.stage) == ("failed", "failed")
    assert "stopped" in job.message
    store.save(UploadJob(job_id="j2", filename="b.pdf", state="done", pid=int(gone.stdout)))
    assert store.get("j2").state == "done"  # type: ignore[union-attr]  # finished: as it was


def test_finished_jobs_older_than_a_week_are_dropped(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    store = JobStore(tmp_path / "jobs.sqlite3")
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now - KEEP_SECONDS - 60)
    store.save(UploadJob(job_id="old", filename="a.txt", state="done"))
    store.save(UploadJob(job_id="old-running", filename="b.txt", state="ingesting"))
    monkeypatch.setattr(time, "time", lambda: now)
    store.save(UploadJob(job_id="new", filename="c.txt", state="done"))
    store.prune()
    assert [store.get(j) is not None for j in ("old", "old-running", "new")] == [
        False, True, True]


@pytest.fixture()
def two_servers(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two apps, each with its own Service, on the same data folder, on free ports."""
    from assistant.app import create_app
    from assistant.service import Service

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    running: list[tuple[uvicorn.Server, socket.socket]] = []
    for _ in range(2):
        settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus, llm_provider="none",
                            admin_token=TOKEN, requests_per_minute=0)  # type: ignore[arg-type]
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        server = uvicorn.Server(uvicorn.Config(
            create_app(Service.from_settings(settings), with_ui=False), log_level="warning"))
        _serve_in_thread(server, sock)
        running.append((server, sock))
    yield tuple(f"http://127.0.0.1:{s.getsockname()[1]}" for _, s in running)  # type: ignore[misc]
    for server, sock in running:
        server.should_exit = True
        sock.close()


@pytest.mark.slow
def test_an_upload_started_on_one_instance_is_followed_on_the_other(
        two_servers: tuple[str, str]) -> None:
    first, second = two_servers
    with httpx.Client(timeout=60) as client:
        accepted = client.post(f"{first}/api/documents", headers={"X-Admin-Token": TOKEN},
                               files={"file": (LETTER, (CORPUS / LETTER).read_bytes(),
                                               "text/plain")})
        assert accepted.status_code == 202, accepted.text
        job_id = accepted.json()["job_id"]
        polls = []
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            polled = client.get(f"{second}/api/uploads/{job_id}")
            assert polled.status_code == 200, polled.text  # the other instance knows the job
            polls.append(polled.json())
            if polls[-1]["state"] in ("done", "failed"):
                break
            time.sleep(0.1)
        assert polls[-1]["state"] == "done" and polls[-1]["percent"] == 100, polls[-1]
        assert polls[-1]["doc_ids"]
        assert client.get(f"{first}/api/uploads/{job_id}").json() == polls[-1]
        percents = [p["percent"] for p in polls]
        assert percents == sorted(percents)
        assert client.get(f"{second}/api/uploads/unknown-job").status_code == 404
