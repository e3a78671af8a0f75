"""The `sendqa` command line against its own store and corpus folder.

Commands run in this process through `main()`, as the console script calls it (with their own
SENDQA_* environment); one test runs the installed `sendqa` script itself in a subprocess.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest_edges import CORPUS, copy_corpus

from assistant.cli import findings_table, format_report, ingest_exit_code, main
from core.config import get_settings
from core.models import Answer, Finding, IngestReport

SENDQA = Path(sys.executable).parent / "sendqa"
CITE = re.compile(r"\[(\d+)\]")
# Two revisit letters keep the ingestion short; the API tests use a larger corpus.
CLI_SEEDS = ["wandsworth_revisit-letter_2022-08-23.txt", "wokingham_revisit-letter_2021-06-23.txt"]


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


@contextlib.contextmanager
def environment(env: dict[str, str]) -> Iterator[None]:
    """os.environ replaced by env for the block; settings are read afresh inside it."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    get_settings.cache_clear()
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
        get_settings.cache_clear()


def run(env: dict[str, str], *args: str) -> Run:
    """Run `sendqa ARGS` in this process: main()'s exit code (argparse's on bad usage) and
    what it printed. An exception escaping main() fails the test with its traceback."""
    out, err = io.StringIO(), io.StringIO()
    with environment(env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse: --help exits 0, bad usage exits 2
            code = exc.code if isinstance(exc.code, int) else 1
    return Run(code, out.getvalue(), err.getvalue())


def cli_env(data_dir: Path, corpus_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENDQA_")}
    env.update(
        SENDQA_DATA_DIR=str(data_dir),
        SENDQA_CORPUS_DIR=str(corpus_dir),
        SENDQA_LLM_PROVIDER="none",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
    )
    return env


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A corpus of two revisit letters and an empty store, ingested by the first test."""
    corpus = copy_corpus(tmp_path_factory.mktemp("cli-corpus"), CLI_SEEDS)
    return cli_env(tmp_path_factory.mktemp("cli-data"), corpus)


def counts(summary: str) -> dict[str, int]:
    """{"added": 5, ...} from the 'documents: ...' line of the ingest summary."""
    line = next(line for line in summary.splitlines() if line.startswith("documents:"))
    return {word: int(n) for n, word in re.findall(r"(\d+) (\w+)", line)}


def test_ingest_then_second_run_changes_nothing(env: dict[str, str]) -> None:
    first = run(env, "ingest")
    assert first.returncode == 0, first.stderr
    assert counts(first.stdout)["added"] == len(CLI_SEEDS)
    assert counts(first.stdout)["failed"] == 0
    second = run(env, "ingest", "--quiet")
    assert second.returncode == 0, second.stderr
    again = counts(second.stdout)
    assert (again["added"], again["updated"], again["removed"]) == (0, 0, 0)
    assert again["unchanged"] == counts(first.stdout)["added"]
    assert re.search(r"passages:\s+0 added, 0 removed", second.stdout), second.stdout


def test_ask_json_prints_a_cited_answer(env: dict[str, str]) -> None:
    question = "Did Wandsworth make sufficient progress on EHC plans?"
    proc = run(env, "ask", question, "--json", "--area", "Wandsworth")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    answer = Answer.model_validate_json(proc.stdout)
    assert not answer.abstained and answer.citations
    assert {c.area for c in answer.citations} == {"Wandsworth"}
    assert {int(n) for n in CITE.findall(answer.answer)} <= {c.n for c in answer.citations}


def test_ask_prints_sources_and_abstains_with_exit_3(env: dict[str, str]) -> None:
    answered = run(env, "ask", "What did the revisit find about transition in Wokingham?")
    assert answered.returncode == 0, answered.stderr
    assert "Sources:" in answered.stdout and "[1] Wokingham" in answered.stdout
    unanswerable = "What did the inspection of Leeds find about speech therapy in 2030?"
    abstained = run(env, "ask", unanswerable)
    assert abstained.returncode == 3, abstained.stdout + abstained.stderr
    assert abstained.stdout.strip()


def test_findings_as_json_and_csv(env: dict[str, str]) -> None:
    as_json = run(env, "findings", "--area", "Wokingham", "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    rows = json.loads(as_json.stdout)["findings"]
    assert rows and {r["area"] for r in rows} == {"Wokingham"}
    as_csv = run(env, "findings", "--area", "Wokingham", "--format", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    records = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["finding_id"] for r in records] == [r["finding_id"] for r in rows]
    assert {"area", "kind", "verdict", "theme", "title"} <= set(records[0])


def _finding(number: int, title: str, verdict: str | None) -> Finding:
    return Finding.model_validate({
        "finding_id": f"f{number}", "doc_id": "test-letter", "area": "Testshire",
        "date": "2021-06-23", "framework": "2016", "kind": "significant_weakness",
        "number": number, "title": title, "text": "", "verdict": verdict, "theme": "EHC plans",
    })


def test_findings_table_has_one_aligned_row_per_finding() -> None:
    rows = [_finding(1, "Plans are late. " * 10, "sufficient progress"), _finding(2, "Short", None)]
    lines = findings_table(rows, title_width=40).splitlines()
    assert lines[0].split() == ["area", "date", "kind", "number", "verdict", "theme", "title",
                                "doc_id"]
    assert set(lines[1]) <= {"-", " "}
    assert len(lines) == 2 + len(rows) + 1 and lines[-1] == "2 finding(s)"
    assert lines[2].index("test-letter") == lines[3].index("test-letter")  # columns line up
    assert "..." in lines[2] and "Short" in lines[3]


REPORTS = [
    # (report, expected exit code, words in the summary)
    (IngestReport(added=["a", "b"], passages_added=9), 0, ["2 added", "9 added"]),
    (IngestReport(unchanged=["a"], passages_unchanged=4), 0, ["1 unchanged", "4 unchanged"]),
    (IngestReport(added=["a"], failed={"x.pdf": "no text layer (scanned?)"}), 1,
     ["1 failed", "x.pdf: no text layer"]),
    (IngestReport(failed={"x.pdf": "encrypted"}), 4, ["x.pdf: encrypted"]),
    (IngestReport(removed=["old-doc"], missing_fields={"a": ["date", "area"]}), 0,
     ["removed: old-doc", "a: date, area"]),
    (IngestReport(unchanged=["a", "b"], moved=["a", "b"]), 0,
     ["2 unchanged", "found in a new place: 2 documents"]),
]


@pytest.mark.parametrize(("report", "code", "words"), REPORTS)
def test_ingest_summary_and_exit_code(report: IngestReport, code: int, words: list[str]) -> None:
    summary = format_report(report)
    assert ingest_exit_code(report) == code
    assert all(w in summary for w in words), summary


@pytest.mark.slow
def test_partial_ingest_reports_the_bad_file_and_exits_1(tmp_path: Path) -> None:
    corpus = copy_corpus(tmp_path / "corpus", CLI_SEEDS[:1])
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a PDF")
    proc = run(cli_env(tmp_path / "data", corpus), "ingest", "--quiet")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert counts(proc.stdout)["added"] >= 1 and counts(proc.stdout)["failed"] == 1
    assert re.search(r"^\s+\S*/broken\.pdf: \S", proc.stdout, re.M), proc.stdout


@pytest.mark.parametrize("command", ["", "ingest", "sources", "remove", "ask", "serve",
                                     "findings", "eval"])
def test_help(command: str, tmp_path: Path) -> None:
    proc = run(cli_env(tmp_path, CORPUS), *([command] if command else []), "--help")
    assert proc.returncode == 0
    assert proc.stdout.startswith("usage: sendqa")


BAD_USAGE = [
    # (arguments, words expected on stderr)
    ([], "usage"),
    (["frobnicate"], "invalid choice"),
    (["ask"], "question"),
    (["ask", "   "], "empty"),
    (["ask", "EHC plans?", "--date-from", "2021-02-30"], "YYYY-MM-DD"),
    (["ask", "EHC plans?", "--date-from", "2022-01-01", "--date-to", "2021-01-01"], "after"),
    (["ask", "EHC plans?", "--doc-type", "memo"], "invalid choice"),
    (["ingest", "no/such/folder"], "no such file"),
    (["findings", "--format", "xml"], "invalid choice"),
    (["findings", "--kind", "strength"], "invalid choice"),
    (["serve", "--port", "-1"], "at least 1"),
    (["serve", "--workers", "0"], "at least 1"),
    (["serve", "--workers", "2", "--no-ingest"], "needs a Chroma server"),
    (["remove"], "required"),
    (["eval", "--limit", "0"], "at least 1"),
    (["eval", "--cases", "no/such/cases.json"], "no such cases file"),
]


@pytest.mark.parametrize(("args", "words"), BAD_USAGE)
def test_bad_usage_exits_2_with_a_message(args: list[str], words: str, tmp_path: Path) -> None:
    proc = run(cli_env(tmp_path, CORPUS), *args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert words.lower() in proc.stderr.lower()


def test_ask_on_an_empty_store_says_to_ingest(tmp_path: Path) -> None:
    empty_corpus = tmp_path / "corpus"
    empty_corpus.mkdir()
    proc = run(cli_env(tmp_path / "data", empty_corpus), "ask", "and what about EHC plans?")
    assert proc.returncode == 4
    assert "sendqa ingest" in proc.stderr


@pytest.mark.slow
def test_the_installed_script_runs_main_and_returns_its_exit_code(tmp_path: Path) -> None:
    """The console script itself, in a subprocess: the exit code and message reach the shell."""
    empty_corpus = tmp_path / "corpus"
    empty_corpus.mkdir()
    proc = subprocess.run(
        [str(SENDQA), "ask", "and what about EHC plans?"],
        env=cli_env(tmp_path / "data", empty_corpus), capture_output=True, text=True,
        timeout=600, check=False,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert "sendqa ingest" in proc.stderr

