"""The eval cases are valid data: schema, regexes, evidence present in the real corpus, coverage.

Evidence is looked up in the text the ingestion produces (ingest.load + ingest.clean) when those
modules exist, otherwise in the raw text with markdown stripped; both are whitespace-normalised.
"""

from __future__ import annotations

import importlib
import itertools
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from assistant.config import REPO_ROOT
from evals.dataset import CASES_DIR, DEFAULT_CASES, EvalCase, load_cases
from evals.metrics import normalise

CORPUS = REPO_ROOT / "corpus"


def _version(path: Path) -> int:
    match = re.fullmatch(r"v(\d+)\.jsonl", path.name)
    assert match, f"cases file {path.name} is not named vN.jsonl"
    return int(match.group(1))


CASE_FILES = sorted(CASES_DIR.glob("v*.jsonl"), key=_version)
V1 = load_cases(CASES_DIR / "v1.jsonl")
V2 = load_cases(CASES_DIR / "v2.jsonl")
# Every distinct case once: a case carried into a later version is the same case (checked below).
ALL_CASES = list({c.id: c for path in CASE_FILES for c in load_cases(path)}.values())

MINIMUMS = {"verdict": 8, "date": 6, "count": 6, "list": 6, "summary": 6, "cross_area": 8}
V2_MINIMUMS = {**MINIMUMS, "cross_area": 15}
POSITIVE_VERDICTS = [
    "The area has made sufficient progress in addressing this significant weakness.",
    "Yes: the local area made sufficient progress [1].",
]
NEGATIVE_VERDICTS = [
    "The area has not made sufficient progress in addressing this significant weakness.",
    "No, it did not make sufficient progress [1].",
    "Inspectors found insufficient progress.",
    "The area has not yet made sufficient progress.",
]


def _ingest_module_exists(name: str) -> bool:
    return (REPO_ROOT / "ingest" / f"{name}.py").exists()


def _as_text(loaded: Any) -> str:
    """load_file may return text, a document-like object, or a list of them."""
    if isinstance(loaded, str):
        return loaded
    if isinstance(loaded, list | tuple):
        return "\n\n".join(_as_text(item) for item in loaded)
    return str(getattr(loaded, "text", loaded))


def _fallback_text(path: Path) -> str:
    if path.suffix.lower() == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return path.read_text(encoding="utf-8")


@cache
def source_text(name: str) -> str:
    """The normalised text of a corpus file, as the pipeline would see it."""
    path = CORPUS / name
    if _ingest_module_exists("load") and _ingest_module_exists("clean"):
        load = importlib.import_module("ingest.load")
        clean = importlib.import_module("ingest.clean")
        loaded = load.load_file(path)
        text = clean.clean_text(loaded) if isinstance(loaded, str) else _as_text(loaded)
    else:
        text = _fallback_text(path)
    return normalise(text)


def test_case_files_are_versioned() -> None:
    assert [p.name for p in CASE_FILES][:2] == ["v1.jsonl", "v2.jsonl"]
    for path in CASE_FILES:
        cases = load_cases(path)
        assert cases, f"{path.name} is empty"
        version = _version(path)
        versions = {c.version for c in cases}
        assert versions == {version}, f"{path.name}: every case must have version {version}"


def test_default_cases_are_the_newest_version() -> None:
    assert CASE_FILES[-1] == DEFAULT_CASES


def test_v1_coverage_meets_minimums() -> None:
    shapes = Counter(str(c.shape) for c in V1)
    personas = Counter(c.persona for c in V1)
    print(f"\nv1: {len(V1)} cases; shapes {dict(shapes)}; personas {dict(personas)}")
    assert len(V1) >= 60
    for shape, minimum in MINIMUMS.items():
        assert shapes[shape] >= minimum, f"{shape}: {shapes[shape]} < {minimum}"
    assert sum(1 for c in V1 if not c.answerable) >= 12
    assert sum(1 for c in V1 if c.history) >= 8
    assert all(personas[p] >= 15 for p in ("parent", "councillor", "officer")), personas


def test_v2_coverage_meets_minimums() -> None:
    """Issue 4: >= 120 cases with at least 15 unanswerable/false-premise, follow-ups, cross-area."""
    shapes = Counter(str(c.shape) for c in V2)
    personas = Counter(c.persona for c in V2)
    follow_ups = sum(1 for c in V2 if c.history)
    print(
        f"\nv2: {len(V2)} cases; shapes {dict(shapes)}; personas {dict(personas)}; "
        f"follow-ups {follow_ups}"
    )
    assert len(V2) >= 128
    for shape, minimum in V2_MINIMUMS.items():
        assert shapes[shape] >= minimum, f"{shape}: {shapes[shape]} < {minimum}"
    assert shapes["unanswerable"] + shapes["false_premise"] >= 15
    assert follow_ups >= 15
    assert all(personas[p] >= 30 for p in ("parent", "councillor", "officer")), personas


def test_v2_keeps_every_v1_case_unchanged() -> None:
    v2 = {c.id: c for c in V2}
    for case in V1:
        assert case.id in v2, f"{case.id} was dropped from v2"
        assert v2[case.id] == case.model_copy(update={"version": 2}), f"{case.id} changed in v2"


def _without_version(case: EvalCase) -> dict[str, Any]:
    return case.model_dump(exclude={"version"})


def test_reused_ids_keep_their_content() -> None:
    """A case carried into a later version keeps its id only if it is unchanged."""
    seen: dict[str, EvalCase] = {}
    for case in (c for path in CASE_FILES for c in load_cases(path)):
        if case.id in seen:
            assert _without_version(case) == _without_version(seen[case.id]), (
                f"{case.id} changed between versions: give the changed case a new id"
            )
        seen[case.id] = case


def test_follow_ups_alternate_roles() -> None:
    for case in (c for c in ALL_CASES if c.history):
        roles = [t.role for t in case.history]
        assert roles[0] == "user" and roles[-1] == "assistant", case.id
        assert all(a != b for a, b in itertools.pairwise(roles)), case.id


@pytest.mark.parametrize("case", [c for c in ALL_CASES if c.answerable], ids=lambda c: c.id)
def test_evidence_is_in_expected_source(case: EvalCase) -> None:
    for source, evidence in zip(case.sources, case.evidences, strict=True):
        assert (CORPUS / source).is_file(), f"{case.id}: no corpus file {source}"
        words = len(evidence.split())
        assert 4 <= words <= 25, f"{case.id}: evidence should be a short quote ({words} words)"
        assert normalise(evidence) in source_text(source), f"{case.id}: evidence not in {source}"


@pytest.mark.parametrize("case", [c for c in ALL_CASES if c.answerable], ids=lambda c: c.id)
def test_regexes_do_not_match_an_empty_refusal(case: EvalCase) -> None:
    refusal = "The documents don't say. The nearest documents are listed below."
    assert any(not re.search(p, refusal, re.IGNORECASE) for p in case.must_match), case.id


def _verdict_patterns() -> list[tuple[str, str]]:
    return [(c.id, p) for c in ALL_CASES for p in c.must_match if "sufficient progress" in p]


@pytest.mark.parametrize(("case_id", "pattern"), _verdict_patterns())
def test_verdict_regexes_check_polarity(case_id: str, pattern: str) -> None:
    positive = "(?<!not" in pattern
    for sentence in POSITIVE_VERDICTS:
        assert bool(re.search(pattern, sentence, re.I)) is positive, (case_id, sentence)
    for sentence in NEGATIVE_VERDICTS:
        assert bool(re.search(pattern, sentence, re.I)) is not positive, (case_id, sentence)


@pytest.mark.skipif(
    not _ingest_module_exists("pipeline"), reason="ingest/pipeline.py is not written yet"
)
def test_harness_smoke_run(full_service: Any, tmp_path: Path) -> None:
    """A short real run: one case of each shape, through the real service, writes a full report."""
    from evals.harness import run_eval

    picked: dict[str, EvalCase] = {}
    for case in load_cases(DEFAULT_CASES):
        picked.setdefault(f"{case.shape}-{bool(case.history)}", case)
    cases_path = tmp_path / "smoke.jsonl"
    cases_path.write_text("".join(c.model_dump_json() + "\n" for c in picked.values()))
    out = tmp_path / "report.json"
    report = run_eval(full_service, cases_path=cases_path, out_path=out, progress=False)
    assert out.is_file()
    assert [c["id"] for c in report["cases"]] == [c.id for c in picked.values()]
    summary = report["summary"]
    for name in ("answer_accuracy", "abstention_accuracy", "hit_at_5", "mrr"):
        assert summary[name] is not None and 0.0 <= summary[name] <= 1.0, name
    # citation support is judged only on answered (not abstained) cases, so it may be None
    assert summary["citation_support"] is None or 0.0 <= summary["citation_support"] <= 1.0
    assert summary["latency_p95_ms"] >= summary["latency_p50_ms"] > 0
    assert report["meta"]["embedder"] and len(report["meta"]["cases_sha256"]) == 64
    assert set(report["by_shape"]) == {c.shape for c in picked.values()}
    assert all(isinstance(r["reasons"], list) for r in report["cases"])
