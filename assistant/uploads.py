"""Uploaded documents: saved under the uploads folder, ingested in the background, removable.

Used by `POST /api/documents`, `DELETE /api/documents/{id}` and the UI's Documents tab, all behind
the admin token (`SENDQA_ADMIN_TOKEN`). One ingestion at a time (the service's lock); a job's
state is kept in SQLite under the data folder (upload_jobs.py), so that any worker of
`sendqa serve --workers N` answers the page's polls.
"""

from __future__ import annotations

import hmac
import re
import threading
import time
import uuid
from pathlib import Path

from assistant.errors import BadInput
from assistant.service import Service
from assistant.upload_jobs import JobStore, UploadJob, progress_message
from core.models import IngestProgress

__all__ = ["Forbidden", "TooBig", "UploadJob", "Uploads", "check_admin", "original_file",
           "progress_message", "safe_name"]
SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".txt", ".md")


class Forbidden(Exception):
    """Upload is off (no admin token set) or the token given is wrong."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def check_admin(service: Service, token: str | None) -> None:
    """Raise Forbidden (403 when uploads are off, 401 for a missing or wrong token)."""
    expected = service.settings.admin_token
    if expected is None or not expected.get_secret_value():
        raise Forbidden("Uploading and removing documents is off on this server: the "
                        "administrator sets SENDQA_ADMIN_TOKEN to turn it on.", 403)
    if not token or not hmac.compare_digest(token.encode(), expected.get_secret_value().encode()):
        raise Forbidden("The admin token is missing or wrong.", 401)


def safe_name(filename: str) -> str:
    """The file's base name with anything but letters, digits, dot, dash and underscore
    replaced; BadInput for a type ingestion cannot read."""
    base = Path(filename.replace("\\", "/")).name
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    if suffix not in SUFFIXES:
        raise BadInput(f"'{base}' is not a document type we can read; upload one of "
                       f"{', '.join(SUFFIXES)}.")
    stem = re.sub(r"[^\w.-]+", "-", stem).strip(".-")[:100] or "document"
    return f"{stem}{suffix}"


class Uploads:
    """Saves files, runs their ingestion in a thread, and records each job where every worker
    reads it."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.jobs = JobStore(service.settings.data_dir / "upload_jobs.sqlite3")

    def submit(self, filename: str, data: bytes) -> UploadJob:
        limit = self.service.settings.max_upload_bytes
        if len(data) > limit:
            raise TooBig(f"The file is {len(data)} bytes; the limit is {limit} bytes.")
        if not data:
            raise BadInput("The file is empty.")
        name = safe_name(filename)
        folder = self.service.settings.uploads_dir
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_bytes(data)
        job = UploadJob(job_id=uuid.uuid4().hex[:12], filename=name)
        self.jobs.prune()
        self.jobs.save(job)
        threading.Thread(target=self._run, args=(job, path), daemon=True).start()
        return job

    def _run(self, job: UploadJob, path: Path) -> None:
        try:
            self._ingest(job, path)
        except Exception as exc:  # reported on the job, never raised in a thread
            job.state, job.stage, job.message = "failed", "failed", f"Ingestion failed: {exc}"
        finally:
            job.seconds = round(time.time() - job.started, 1)
            self.jobs.save(job)

    def _ingest(self, job: UploadJob, path: Path) -> None:
        job.state, job.message = "ingesting", "Reading the file and embedding its passages."
        self.jobs.save(job)

        def progressed(at: IngestProgress) -> None:
            job.progressed(at)
            self.jobs.save(job)

        report = self.service.ingest([path], progress=False, on_progress=progressed)
        job.seconds = round(time.time() - job.started, 1)
        if report.failed:
            job.state = job.stage = "failed"
            job.message = "; ".join(report.failed.values())
            path.unlink(missing_ok=True)  # an unreadable file is not kept to fail again
            return
        job.doc_ids = [*report.added, *report.updated, *report.unchanged]
        job.state = job.stage = "done"
        job.percent = 100
        job.message = (f"Ingested {len(job.doc_ids)} document(s), {report.passages_added} new "
                       f"passage(s), in {job.seconds} s.")

    def job(self, job_id: str) -> UploadJob | None:
        """The job as recorded, whichever worker started it."""
        return self.jobs.get(job_id)

    def remove(self, doc_id: str) -> str:
        """Remove a document from the store (and its file when it was uploaded here)."""
        doc = self.service.document(doc_id)
        if doc is None:
            raise LookupError(doc_id)
        path = original_file(self.service, doc_id)
        self.service.remove([doc_id])
        uploads = self.service.settings.uploads_dir.resolve()
        if path is not None and path.is_relative_to(uploads):
            if not any(original_file(self.service, d.doc_id) == path
                       for d in self.service.documents()):  # another part of the same file
                path.unlink(missing_ok=True)
            return f"Removed '{doc.title}' and its uploaded file."
        return (f"Removed '{doc.title}' from the store; its file stays where it was, so the "
                "next ingest of that folder adds it back.")


class TooBig(BadInput):
    """An upload over SENDQA_MAX_UPLOAD_BYTES (a 413)."""


def original_file(service: Service, doc_id: str) -> Path | None:
    """The file a document was read from, when it is still on disk (the store records it)."""
    entry = service.store.registry().get(doc_id)
    if entry is None:
        return None
    path = Path(entry.file)
    if not path.is_absolute():  # a store older than pipeline 4 recorded it inside its root
        path = service.settings.corpus_dir / path
    path = path.resolve()
    return path if path.is_file() and path.suffix.lower() in SUFFIXES else None
