"""The eval cases are valid data: schema, regexes, evidence present in the real corpus, coverage.

Evidence is looked up in the text the ingestion produces (ingest.parse: load, clean, split),
whitespace-normalised. Each check runs over a whole cases file and lists every bad case.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from corpus_sample import parsed

from core.config import REPO_ROOT
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


@cache
def source_text(name: str) -> str:
    """The normalised text of a corpus file, as ingestion sees it: loaded, cleaned and split
    into documents by ingest.parse (normalised, the parts read as the whole file)."""
    return normalise(" ".join(d.text for d in parsed(name)))


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


def _problems(path: Path, check: Callable[[EvalCase], Iterator[str]]) -> str:
    """Every problem the check finds in the file's cases, one line each (empty when none)."""
    return "\n".join(f"{path.name} {case.id}: {problem}"
                     for case in load_cases(path) for problem in check(case))


def _evidence_problems(case: EvalCase) -> Iterator[str]:
    if not case.answerable:
        return
    if len(case.sources) != len(case.evidences):
        yield f"{len(case.sources)} sources but {len(case.evidences)} evidences"
    for source, evidence in zip(case.sources, case.evidences, strict=False):
        if not (CORPUS / source).is_file():
            yield f"no corpus file {source}"
            continue
        words = len(evidence.split())
        if not 4 <= words <= 25:
            yield f"evidence should be a short quote ({words} words): {evidence!r}"
        if normalise(evidence) not in source_text(source):
            yield f"evidence not in {source}: {evidence!r}"


@pytest.mark.slow
@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_every_evidence_is_a_short_quote_of_its_source(path: Path) -> None:
    problems = _problems(path, _evidence_problems)
    assert not problems, f"cases whose evidence is wrong:\n{problems}"


REFUSAL = "The documents don't say. The nearest documents are listed below."


def _refusal_problems(case: EvalCase) -> Iterator[str]:
    if case.answerable and all(re.search(p, REFUSAL, re.IGNORECASE) for p in case.must_match):
        yield f"every must_match regex matches an empty refusal: {case.must_match}"


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_no_answerable_case_is_passed_by_an_empty_refusal(path: Path) -> None:
    problems = _problems(path, _refusal_problems)
    assert not problems, f"cases a refusal would pass:\n{problems}"


def _polarity_problems(case: EvalCase) -> Iterator[str]:
    for pattern in (p for p in case.must_match if "sufficient progress" in p):
        positive = "(?<!not" in pattern
        for sentence in POSITIVE_VERDICTS:
            if bool(re.search(pattern, sentence, re.I)) is not positive:
                yield f"{pattern!r} {'misses' if positive else 'matches'} {sentence!r}"
        for sentence in NEGATIVE_VERDICTS:
            if bool(re.search(pattern, sentence, re.I)) is positive:
                yield f"{pattern!r} {'matches' if positive else 'misses'} {sentence!r}"


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_verdict_regexes_check_polarity(path: Path) -> None:
    """A regex on "sufficient progress" tells a positive verdict from a negative one."""
    assert any("sufficient progress" in p for c in load_cases(path) for p in c.must_match)
    problems = _problems(path, _polarity_problems)
    assert not problems, f"verdict regexes that do not check the polarity:\n{problems}"


def test_the_checks_find_bad_cases() -> None:
    """Each check reports a case made wrong on purpose (so the checks above can fail)."""
    good = next(c for c in ALL_CASES if c.answerable and c.evidences)
    wrong_quote = good.model_copy(update={"evidence": "these words are in no document at all"})
    assert any("evidence not in" in p for p in _evidence_problems(wrong_quote))
    refused = good.model_copy(update={"must_match": [r"don't say"]})
    assert list(_refusal_problems(refused))
    loose = good.model_copy(update={"must_match": [r"sufficient progress"]})
    assert list(_polarity_problems(loose))


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
