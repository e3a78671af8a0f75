"""`sendqa ask`, `findings`, `eval` and `feedback`: what the documents say, and how well."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import textwrap
import time
from collections.abc import Sequence

from assistant.cli_common import EXIT_ABSTAINED, EXIT_FAILED, EXIT_OK, UsageError, make_service
from core.models import Answer, Filters, Finding


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
    service = make_service()
    if not service.health().get("documents"):
        print("sendqa: the store is empty: run `sendqa ingest` first.", file=sys.stderr)
        return EXIT_FAILED
    try:
        answer = service.ask(args.question, filters=None if filters.is_empty() else filters)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    print(answer.model_dump_json(indent=2) if args.json else format_answer(answer))
    return EXIT_ABSTAINED if answer.abstained else EXIT_OK


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
    found = make_service().findings(area=args.area, theme=args.theme, kind=args.kind)
    if args.format == "json":
        print(json.dumps({"findings": [f.model_dump() for f in found]}, indent=2))
    else:
        print(findings_csv(found) if args.format == "csv" else findings_table(found))
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    if args.cases and not args.cases.exists():
        raise UsageError(f"no such cases file: {args.cases}")
    try:
        from evals.harness import run_eval
    except ImportError as exc:
        print(f"sendqa: the eval harness is not available ({exc})", file=sys.stderr)
        return EXIT_FAILED
    service = make_service()
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
        sources = {d.doc_id: source_file(d.source) for d in make_service().documents()}
    lines = list(export_cases(records, sources.get))
    text = "".join(f"{line}\n" for line in lines)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"{len(lines)} case(s) written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK
