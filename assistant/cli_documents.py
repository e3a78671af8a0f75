"""`sendqa ingest`, `sources`, `remove` and `serve`: the documents in the store; serving them."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.cli_common import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, UsageError, make_service
from core.errors import StoreUnavailable
from core.models import IngestReport

if TYPE_CHECKING:
    from assistant.service import Service
    from ingest.sources import SourceFolder


def format_report(report: IngestReport) -> str:
    """The ingest summary: counts, then failures with reasons, then missing metadata fields."""
    lines = [
        f"documents: {len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.removed)} removed, "
        f"{len(report.failed)} failed",
        f"passages:  {report.passages_added} added, {report.passages_removed} removed, "
        f"{report.passages_unchanged} unchanged",
    ]
    for label, ids in (("updated", report.updated), ("removed", report.removed)):
        if ids:
            lines.append(f"{label}: {', '.join(ids)}")
    if report.moved:  # a moved checkout: every document, so a count rather than the ids
        lines.append(f"found in a new place: {len(report.moved)} documents (nothing parsed or "
                     "embedded again; `sendqa sources` lists where they are now)")
    if report.failed:
        lines.append("failed:")
        lines += [f"  {source}: {reason}" for source, reason in sorted(report.failed.items())]
    if report.missing_fields:
        lines.append("fields not found:")
        lines += [f"  {doc}: {', '.join(f)}" for doc, f in sorted(report.missing_fields.items())]
    return "\n".join(lines)


def ingest_exit_code(report: IngestReport) -> int:
    """0 when every file landed, 1 when some failed but others landed, 4 when none landed."""
    if not report.failed:
        return EXIT_OK
    landed = report.added or report.updated or report.unchanged
    return EXIT_PARTIAL if landed else EXIT_FAILED


def cmd_ingest(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    report = make_service().ingest(paths or None, progress=not args.quiet)
    print(format_report(report))
    return ingest_exit_code(report)


def format_sources(folders: Sequence[SourceFolder]) -> str:
    """Each folder, then its files with their documents; a file that is gone says so."""
    lines: list[str] = []
    for folder in folders:
        docs = sum(len(f.doc_ids) for f in folder.files)
        name = folder.root or "(folder not recorded: ingested before sendqa kept sources)"
        lines.append(f"{name}  ({len(folder.files)} files, {docs} documents)")
        for f in folder.files:
            shown = Path(f.file).relative_to(folder.root).as_posix() if folder.root else f.file
            gone = "" if f.exists else "  [file missing]"
            lines.append(f"  {shown}: {', '.join(f.doc_ids)}{gone}")
    return "\n".join(lines) or "The store is empty: run `sendqa ingest`."


def cmd_sources(args: argparse.Namespace) -> int:
    folders = make_service().sources()
    if args.json:
        print(json.dumps([dataclasses.asdict(f) for f in folders], indent=2))
    else:
        print(format_sources(folders))
    return EXIT_OK


def cmd_remove(args: argparse.Namespace) -> int:
    ids, passages = make_service().remove(args.targets)
    if not ids:
        raise UsageError(f"nothing in the store matches {' '.join(args.targets)} "
                         "(a document id, or a source file or folder: see `sendqa sources`)")
    print(f"removed {len(ids)} documents ({passages} passages): {', '.join(ids)}")
    return EXIT_OK


def sync_corpus(service: Service, progress: bool = True) -> IngestReport | None:
    """Bring the store up to date with the corpus folder before serving. Idempotent: unchanged
    files are skipped; only documents from the corpus folder are removed when their file is
    gone, documents ingested from other folders are kept."""
    corpus = service.settings.corpus_dir
    if not corpus.exists():
        return None
    print(f"Bringing the store up to date with {corpus} (documents from other folders are "
          "kept) ...", file=sys.stderr)
    report = service.ingest([corpus], progress=progress)
    print(format_report(report), file=sys.stderr)
    return report


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from assistant.app import create_app

    service = make_service()
    if args.workers > 1 and not service.settings.chroma_host:
        # A local store is one process's: workers need a Chroma server they all share.
        raise UsageError("--workers above 1 needs a Chroma server shared by the workers: "
                         "run `chroma run --path DIR` and set SENDQA_CHROMA_HOST/_PORT")
    problem = service.store.unavailable()
    if problem:  # said once here; then /api/health answers 503 until the store is back
        print(f"sendqa serve: the store is unavailable: {problem}\nServing anyway: /api/health "
              "answers 503 until it can be opened.", file=sys.stderr)
    elif not args.no_ingest:
        sync_corpus(service)
    host = args.host or service.settings.host
    port = args.port or service.settings.port
    print(f"Serving on http://{host}:{port}  (chat at /, API at /api, docs at /docs)")
    if args.workers > 1:
        # Each worker builds its own service (assistant.app:app_factory) from the same
        # settings; the reader's vectors are made first so every worker loads them.
        _warm_reader(service)
        uvicorn.run("assistant.app:app_factory", factory=True, host=host, port=port,
                    workers=args.workers, log_level="info")
        return EXIT_OK
    # The reader's sentence vectors: made once, kept beside the store (a background job, so
    # the chat is up at once; answers are slower until it is done).
    threading.Thread(target=_warm_reader, args=(service,), daemon=True).start()
    uvicorn.run(create_app(service), host=host, port=port, log_level="info")
    return EXIT_OK


def _warm_reader(service: Service) -> None:
    start = time.perf_counter()
    try:
        new = service.warm_reader()
    except StoreUnavailable:  # already said at start; answers warm the reader as they go
        return
    if new:
        print(f"Reader ready: {new} sentences embedded in {time.perf_counter() - start:.0f} s",
              file=sys.stderr)
