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
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from assistant import __version__
from assistant.cli_answers import (
    cmd_ask,
    cmd_eval,
    cmd_feedback,
    cmd_findings,
    findings_csv,
    findings_table,
    format_answer,
)
from assistant.cli_common import EXIT_FAILED, EXIT_USAGE, UsageError, make_service
from assistant.cli_documents import (
    cmd_ingest,
    cmd_remove,
    cmd_serve,
    cmd_sources,
    format_report,
    format_sources,
    ingest_exit_code,
    sync_corpus,
)
from core.errors import StoreUnavailable
from core.models import DOC_TYPES, FindingKind

# Re-exported: callers and tests import the formatters and the service from here.
__all__ = ["UsageError", "_service", "build_parser", "findings_csv", "findings_table",
           "format_answer", "format_report", "format_sources", "ingest_exit_code", "main",
           "sync_corpus"]
_service = make_service  # the name eval scripts use: `from assistant.cli import _service`
FINDING_KINDS: tuple[str, ...] = FindingKind.__args__  # type: ignore[attr-defined]


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from None


def _positive_int(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return int(value)


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
