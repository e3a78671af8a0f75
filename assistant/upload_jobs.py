"""Upload jobs kept in SQLite under the data folder (`upload_jobs.sqlite3`), beside the feedback:
with `sendqa serve --workers N` a progress poll may reach any worker, and each answers it from
here, whichever worker is ingesting the file.

A job whose worker stopped mid-way (restarted, killed) would say "ingesting" for ever: a read
finds its process gone and reports it failed instead.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Literal, cast

from core.models import IngestProgress

JobState = Literal["queued", "ingesting", "done", "failed"]
KEEP_SECONDS = 7 * 24 * 3600  # a finished job's record is kept a week, then dropped

_SCHEMA = """
create table if not exists upload_jobs (
    job_id text primary key,
    filename text not null,
    state text not null,
    message text not null,
    doc_ids text not null default '[]',
    started real not null,
    seconds real not null default 0,
    stage text not null,
    percent integer not null default 0,
    pid integer not null,
    updated real not null
)
"""


@dataclass
class UploadJob:
    job_id: str
    filename: str
    state: JobState = "queued"
    message: str = "Waiting to be ingested."
    doc_ids: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.time)  # wall clock: workers share it
    seconds: float = 0.0
    stage: str = "queued"  # then parsing, chunked, embedding (the pipeline's), done or failed
    percent: int = 0  # of the passages embedded and written
    pid: int = field(default_factory=os.getpid)  # the worker ingesting it

    def progressed(self, at: IngestProgress) -> None:
        """Where ingestion is, as the pipeline reports it."""
        self.stage, self.percent, self.message = at.stage, at.percent, progress_message(at)


def progress_message(at: IngestProgress) -> str:
    """"Parsed · chunked into 40 passages · embedding 8 of 40 passages (20%)"."""
    if at.stage == "parsing":
        return f"Parsing {at.file}…"
    return (f"Parsed · chunked into {at.passages_total} passages · embedding "
            f"{at.passages_done} of {at.passages_total} passages ({at.percent}%)")


class JobStore:
    """One SQLite file; a connection per call, so any thread or process may read and write."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=10)) as conn, conn:
            conn.execute(_SCHEMA)
            yield conn

    def save(self, job: UploadJob) -> None:
        row = {f.name: getattr(job, f.name) for f in fields(job)}
        row["doc_ids"] = json.dumps(job.doc_ids)
        columns = ", ".join(row)
        with self._connect() as conn:
            conn.execute(f"insert or replace into upload_jobs ({columns}, updated) values "
                         f"({', '.join('?' * len(row))}, ?)", [*row.values(), time.time()])

    def get(self, job_id: str) -> UploadJob | None:
        with self._connect() as conn:
            conn.row_factory = sqlite3.Row
            row = conn.execute("select * from upload_jobs where job_id = ?", (job_id,)).fetchone()
        if row is None:
            return None
        values = {f.name: row[f.name] for f in fields(UploadJob)}
        job = UploadJob(**{**values, "doc_ids": json.loads(row["doc_ids"]),
                           "state": cast(JobState, row["state"])})
        if job.state in ("queued", "ingesting") and not _alive(job.pid):
            job.state = job.stage = "failed"
            job.message = ("The server process ingesting this file stopped before it finished; "
                           "upload it again.")
        return job

    def prune(self) -> None:
        """Drop finished jobs older than KEEP_SECONDS."""
        with self._connect() as conn:
            conn.execute("delete from upload_jobs where state in ('done', 'failed') and "
                         "updated < ?", (time.time() - KEEP_SECONDS,))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True
