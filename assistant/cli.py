"""The `sendqa` command line: ingest, sources, remove, ask, serve, findings, eval.

Exit codes scripts can rely on:
  0  success (ask: answered with citations)
  1  partial: ingest stored some files but others failed (each reason is printed)
  2  usage error: bad arguments or input (empty question, unknown path, bad date, ...)
  3  ask abstained: the documents do not answer the question
  4  failure: nothing could be done (every file failed, empty store, unexpected error)
  130 interrupted
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import io
import json
import sys
import textwrap
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from assistant import __version__
from core.errors import StoreUnavailable
from core.models import DOC_TYPES, Answer, Filters, Finding, FindingKind, IngestReport

if TYPE_CHECKING:
    from assistant.service import Service
    from ingest.sources import SourceFolder

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_ABSTAINED, EXIT_FAILED = 0, 1, 2, 3, 4
FINDING_KINDS: tuple[str, ...] = FindingKind.__args__  # type: ignore[attr-defined]


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit code 2."""


def _service() -> Service:
    from assistant.service import Service
    from core.config import get_settings

    return Service.from_settings(get_settings())


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from None


def _positive_int(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return int(value)


# --- ingest ---------------------------------------------------------------------------------


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
    report = _service().ingest(paths or None, progress=not args.quiet)
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
    folders = _service().sources()
    if args.json:
        print(json.dumps([dataclasses.asdict(f) for f in folders], indent=2))
    else:
        print(format_sources(folders))
    return EXIT_OK


def cmd_remove(args: argparse.Namespace) -> int:
    ids, passages = _service().remove(args.targets)
    if not ids:
        raise UsageError(f"nothing in the store matches {' '.join(args.targets)} "
                         "(a document id, or a source file or folder: see `sendqa sources`)")
    print(f"removed {len(ids)} documents ({passages} passages): {', '.join(ids)}")
    return EXIT_OK


# --- ask ------------------------------------------------------------------------------------


def excerpt(text: str, width: int = 240) -> str:
    """The passage on one line, cut at a word boundary."""
    return textwrap.shorten(" ".join(text.split()), width=width, placeholder=" ...")


def format_answer(answer: Answer) -> str:
    """The answer, then the numbered citations with area, title, date and a short excerpt."""
    lines = [textwrap.fill(answer.answer, width=100), ""]
    if answer.citations:
        lines.append("Nearest passages:" if answer.abstained else "Sources:")
    for c in answer.citations:
        lines.append(f"[{c.n}] {c.area} · {c.title} · {c.date or 'date unknown'} ({c.doc_type})")
        lines.append(textwrap.indent(textwrap.fill(excerpt(c.text), width=96), "    "))
    return "\n".join(lines).rstrip()


def cmd_ask(args: argparse.Namespace) -> int:
    if not args.question.strip():  # checked before the slow model load
        raise UsageError("the question is empty: ask something about the SEND documents")
    filters = Filters(
        area=args.area, doc_type=args.doc_type, date_from=args.date_from, date_to=args.date_to
    )
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise UsageError(f"--date-from {filters.date_from} is after --date-to {filters.date_to}")
    service = _service()
    if not service.health().get("documents"):
        print("sendqa: the store is empty: run `sendqa ingest` first.", file=sys.stderr)
        return EXIT_FAILED
    try:
        answer = service.ask(args.question, filters=None if filters.is_empty() else filters)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    print(answer.model_dump_json(indent=2) if args.json else format_answer(answer))
    return EXIT_ABSTAINED if answer.abstained else EXIT_OK


# --- serve ----------------------------------------------------------------------------------


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

    service = _service()
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


# --- findings -------------------------------------------------------------------------------

COLUMNS = ("area", "date", "kind", "number", "verdict", "theme", "title", "doc_id")


def findings_table(findings: Sequence[Finding], title_width: int = 60) -> str:
    """A plain-text table, one finding per row."""
    rows = [
        [f.area, f.date or "", f.kind, str(f.number), f.verdict or "", f.theme,
         textwrap.shorten(f.title, width=title_width, placeholder="..."), f.doc_id]
        for f in findings
    ]
    widths = [max(len(str(cell)) for cell in col) for col in zip(COLUMNS, *rows, strict=False)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in [list(COLUMNS), *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join([*lines, f"{len(findings)} finding(s)"])


def findings_csv(findings: Sequence[Finding]) -> str:
    """CSV with every field of each finding."""
    out = io.StringIO()
    fields = list(Finding.model_fields)
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for f in findings:
        writer.writerow(f.model_dump())
    return out.getvalue().rstrip("\n")


def cmd_findings(args: argparse.Namespace) -> int:
    from assistant.api.routes.findings import known_themes

    themes = known_themes()
    if args.theme and themes and args.theme not in themes:
        raise UsageError(f"unknown theme {args.theme!r}; known themes: {', '.join(themes)}")
    found = _service().findings(area=args.area, theme=args.theme, kind=args.kind)
    if args.format == "json":
        print(json.dumps({"findings": [f.model_dump() for f in found]}, indent=2))
    else:
        print(findings_csv(found) if args.format == "csv" else findings_table(found))
    return EXIT_OK


# --- eval -----------------------------------------------------------------------------------


def cmd_eval(args: argparse.Namespace) -> int:
    if args.cases and not args.cases.exists():
        raise UsageError(f"no such cases file: {args.cases}")
    try:
        from evals.harness import run_eval
    except ImportError as exc:
        print(f"sendqa: the eval harness is not available ({exc})", file=sys.stderr)
        return EXIT_FAILED
    service = _service()
    # Measured as a running server answers: with the reader's sentence vectors made (see serve).
    start = time.perf_counter()
    new = service.warm_reader()
    print(f"Reader warm-up: {new} sentences embedded in {time.perf_counter() - start:.1f} s",
          file=sys.stderr)
    try:
        run_eval(service, cases_path=args.cases, out_path=args.out, limit=args.limit)
    except ValueError as exc:  # malformed cases file
        raise UsageError(str(exc)) from exc
    return EXIT_OK


# --- feedback -------------------------------------------------------------------------------


def cmd_feedback(args: argparse.Namespace) -> int:
    """Write the stored feedback as eval cases (JSONL), to a file or stdout."""
    from assistant.feedback import FeedbackStore, export_cases
    from core.config import get_settings
    from evals.metrics import source_file

    settings = get_settings()
    records = FeedbackStore(settings.feedback_db).all()
    if args.only:
        records = [r for r in records if r.rating == args.only]
    sources: dict[str, str] = {}
    if any(r.citations for r in records):  # the cited documents' files, from the store
        sources = {d.doc_id: source_file(d.source) for d in _service().documents()}
    lines = list(export_cases(records, sources.get))
    text = "".join(f"{line}\n" for line in lines)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"{len(lines)} case(s) written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


# --- parser and entry point -----------------------------------------------------------------


def _add_ask(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "ask", help="answer a question with cited passages",
        description="Answer a question from the documents. Exit 0 answered, 3 abstained.",
    )
    p.add_argument("question", help="the question, in quotes")
    p.add_argument("--json", action="store_true", help="print the Answer as JSON")
    p.add_argument("--area", action="append", metavar="AREA", help="only this area (repeatable)")
    p.add_argument("--doc-type", action="append", choices=DOC_TYPES, help="repeatable")
    p.add_argument("--date-from", type=_iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--date-to", type=_iso_date, metavar="YYYY-MM-DD")
    p.set_defaults(handler=cmd_ask)


def _add_others(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "ingest", help="load documents into the store",
        description="Ingest .txt/.md/.pdf/.docx/.html files (default: the corpus folder). "
        "Exit 0 all stored, 1 some files failed, 4 none stored.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(handler=cmd_ingest)

    p = sub.add_parser("sources", help="list the folders and files the store's documents "
                       "came from")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_sources)

    p = sub.add_parser(
        "remove", help="remove documents by id, source file or folder",
        description="Remove documents on purpose: a document id, a source file, or every "
        "document from a folder (the file or folder need not exist any more).")
    p.add_argument("targets", nargs="+", metavar="PATH|DOC_ID")
    p.set_defaults(handler=cmd_remove)

    p = sub.add_parser(
        "serve", help="serve the chat (/) and the API (/api)",
        description="Bring the store up to date with the corpus, then serve the app.",
    )
    p.add_argument("--host", help="default: SENDQA_HOST or 127.0.0.1")
    p.add_argument("--port", type=_positive_int, help="default: SENDQA_PORT or 8000")
    p.add_argument("--no-ingest", action="store_true", help="serve the store as it is")
    p.add_argument("--workers", type=_positive_int, default=1,
                   help="API processes sharing a Chroma server (SENDQA_CHROMA_HOST); default 1")
    p.set_defaults(handler=cmd_serve)

    p = sub.add_parser("findings", help="list structured findings (weaknesses, actions, ...)")
    p.add_argument("--area", help="e.g. Wokingham")
    p.add_argument("--theme", help="a theme from the fixed vocabulary")
    p.add_argument("--kind", choices=FINDING_KINDS)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(handler=cmd_findings)

    p = sub.add_parser("eval", help="run the known-answer evaluation and write a JSON report")
    p.add_argument("--cases", type=Path, metavar="FILE", help="cases file (default: evals set)")
    p.add_argument("--out", type=Path, metavar="FILE", help="where to write the JSON report")
    p.add_argument("--limit", type=_positive_int, metavar="N", help="only the first N cases")
    p.set_defaults(handler=cmd_eval)

    p = sub.add_parser("feedback", help="the thumbs up/down people gave answers")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = actions.add_parser("export", help="write the feedback as eval cases (evals/cases schema)")
    p.add_argument("--out", type=Path, metavar="FILE", help="JSONL file (default: stdout)")
    p.add_argument("--only", choices=("up", "down"), help="only thumbs up or only thumbs down")
    p.set_defaults(handler=cmd_feedback)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one subcommand per task."""
    parser = argparse.ArgumentParser(
        prog="sendqa", description="Cited answers from SEND inspection documents.",
        epilog="Exit codes: 0 ok, 1 partial ingest, 2 usage error, 3 abstained, 4 failure.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"sendqa {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_others(sub)
    _add_ask(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand and return its exit code; errors are one line, never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 with a usage message on bad arguments
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    from core.config import force_offline

    force_offline()
    try:
        return int(args.handler(args))
    except UsageError as exc:
        print(f"sendqa {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ValidationError as exc:  # bad SENDQA_* settings or filter values
        print(f"sendqa {args.command}: invalid setting or value: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except StoreUnavailable as exc:  # a damaged store folder or a Chroma server that is down
        print(f"sendqa {args.command}: the store is unavailable: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("sendqa: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # last resort: one readable line instead of a traceback
        print(f"sendqa {args.command}: failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
