"""The load scenario of tests/test_load_under_ingest.py, run in its own process beside the suite.

50 clients ask a real server for about a minute while documents are ingested into its store.
The minute is mostly the server's own work in one process (one core), so the scenario runs in a
subprocess started early (conftest: once no store is being built, whose embedding would compete
for the cores and could push the ingest past the minute) while the other tests use the other
core; the test then waits for it and makes its assertions on what it measured (a JSON file).
Run alone, the test starts it itself. `python tests/load_run.py OUT.json` runs it by hand.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from conftest_edges import _serve_in_thread
from servers import stop as stop_process
from stores import CORPUS, SEED_FILES, cached_store

from core.config import REPO_ROOT, Settings, force_offline

force_offline()

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
    answers: list[tuple[float, dict[str, list[str]]]] = field(default_factory=list)


def _client(url: str, n: int, stop_at: float, log: Log) -> None:
    with httpx.Client(base_url=url, timeout=120) as client:
        i = n
        while time.monotonic() < stop_at and len(log.seconds) < MAX_REQUESTS:
            t0 = time.monotonic()
            body: Any
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
                log.answers.append((done, {d: sorted(ids) for d, ids in cited.items()}))
            i += 1


def _ingest(service: Any, folder: Path, commits: dict[str, float]) -> None:
    """Write each new document into the corpus folder and ingest it, one after another;
    record when each document's commit (its registry entry written first) began."""
    store = service.store
    commit = store.commit_document

    def timed_commit(doc: Any, *args: object, **kwargs: object) -> int:
        commits[doc.doc_id] = time.monotonic()
        return int(commit(doc, *args, **kwargs))

    store.commit_document = timed_commit
    for name, (old, new) in NEW_AREAS.items():
        text = (CORPUS / name).read_text(encoding="utf-8").replace(old, new)
        (folder / name.replace(old.lower(), new.lower())).write_text(text, encoding="utf-8")
        service.ingest([folder])


def run_load(work: Path) -> dict[str, Any]:
    """The scenario in this process: what the test asserts on, as plain data."""
    from assistant.app import create_app
    from assistant.service import Service

    data = work / "data"
    shutil.copytree(cached_store(SEED_FILES, "seeds"), data)
    corpus = work / "corpus"
    corpus.mkdir()
    for name in SEED_FILES:
        shutil.copy(CORPUS / name, corpus / name)
    settings = Settings(data_dir=data, corpus_dir=corpus, llm_provider="none",
                        requests_per_minute=0)
    service = Service.from_settings(settings)
    added = service.ingest([corpus]).added
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

    new_docs = {d.doc_id: d.area for d in service.documents() if d.doc_id not in before}
    registry = service.store.registry()
    passages = service.store.all_passages()
    return {
        "added": list(added), "before": sorted(before), "new_docs": new_docs,
        "final": {i: list(registry[i].passage_ids) for i in new_docs},
        "chunk_ids": {i: [p.chunk_id for p in passages if p.doc_id == i] for i in new_docs},
        "seconds": log.seconds, "errors": log.errors, "answers": log.answers,
        "commits": commits,
    }


# --- the background run -----------------------------------------------------------------------

@dataclass
class _Run:
    process: subprocess.Popen[bytes]
    out: Path


_RUNS: list[_Run] = []


def start() -> None:
    """Start the scenario in a subprocess (once per test session)."""
    if _RUNS:
        return
    folder = Path(tempfile.mkdtemp(prefix="sendqa-load-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    out = folder / "result.json"
    with (folder / "run.log").open("wb") as log:
        # One thread for torch: the scenario's server takes one core and leaves the other to
        # the tests running beside it (its ingest of two letters needs no more).
        env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        process = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), str(out)],
                                   cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    _RUNS.append(_Run(process, out))


def result() -> dict[str, Any]:
    """What the scenario measured: from the run started early, else from one started now."""
    start()
    run = _RUNS[0]
    code = run.process.wait(timeout=SECONDS + 900)
    log = (run.out.parent / "run.log").read_text(errors="replace")
    if code != 0 or not run.out.is_file():
        raise AssertionError(f"the load run failed (exit {code}):\n{log[-3000:]}")
    found: dict[str, Any] = json.loads(run.out.read_text(encoding="utf-8"))
    return found


def stop() -> None:
    """End a run nobody waited for (the session stopped early)."""
    while _RUNS:
        process = _RUNS.pop().process
        if process.poll() is None:
            stop_process(process, timeout=30)


if __name__ == "__main__":  # the run started by start()
    # terminate() becomes SystemExit, so the work folder is removed on the way out
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    target = Path(sys.argv[1])
    work = Path(tempfile.mkdtemp(prefix="sendqa-load-work-"))
    try:
        measured = run_load(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    target.write_text(json.dumps(measured), encoding="utf-8")
