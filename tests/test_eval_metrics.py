"""Table-driven tests of the pure eval metrics and the report helpers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from core.config import Settings
from core.models import Citation, Turn
from evals import metrics
from evals.dataset import EvalCase
from evals.harness import breakdown, build_report, retrieval_query, summarise
from evals.report import compare_reports, format_table, load_report, settings_snapshot, write_report

WOKINGHAM = "wokingham_revisit-letter_2021-06-23.txt"
PACK = "windsor-and-maidenhead_scrutiny-pack_2020-01-29.txt"


def _citation(text: str) -> Citation:
    return Citation(n=1, chunk_id="c1", doc_id="d", title="t", area="a", doc_type="revisit_letter",
                    date=None, text=text, score=1.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**The area** has  made\nsufficient progress", "the area has made sufficient progress"),
        ("a \u2018mental health in schools\u2019 team", "a 'mental health in schools' team"),
        ("<b>Ofsted</b>\t<u>CQC</u>", "ofsted cqc"),
        ("### **Joint local area SEND revisit**", "joint local area send revisit"),
        ("\u201cquoted\u201d  text ", '"quoted" text'),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert metrics.normalise(text) == expected


@pytest.mark.parametrize(
    ("answer", "must_match", "correct", "missing"),
    [
        ("It has not made sufficient progress [1].", [r"not (made )?sufficient progress"], True, 0),
        ("Between 11 May and 13 May 2021 [1].", [r"11.{0,12}13 May 2021|May 2021"], True, 0),
        ("FIVE of the six weaknesses [1].", [r"five of the six"], True, 0),
        ("Five of the six; transitions did not.", [r"five of the six", r"transition"], True, 0),
        ("Five of the six.", [r"five of the six", r"transition", r"adulthood"], False, 2),
        ("", [], False, 0),
        ("The documents don't say.", [r"\b168\b"], False, 1),
    ],
)
def test_answer_correct(answer: str, must_match: list[str], correct: bool, missing: int) -> None:
    assert metrics.answer_correct(answer, must_match) is correct
    assert len(metrics.missing_patterns(answer, must_match)) == missing


EVIDENCE = "This was declared fit for purpose on 3 September 2019."
DECLARED = "**This was declared** fit for purpose on 3 September 2019"


@pytest.mark.parametrize(
    ("citations", "evidence", "supported"),
    [
        ([_citation("HMCI. This was declared fit for\npurpose on 3 September 2019.")], EVIDENCE, 1),
        ([{"text": "THIS WAS DECLARED FIT FOR PURPOSE ON 3 SEPTEMBER 2019."}], EVIDENCE, True),
        (["unrelated", DECLARED], EVIDENCE, False),  # the full stop is part of the evidence
        (["unrelated", DECLARED + "."], EVIDENCE, True),
        ([_citation("This was declared fit for purpose on 6 February 2018.")], EVIDENCE, False),
        ([], EVIDENCE, False),
        ([_citation("anything")], "", False),
        ([_citation("both of the significant")], ["five of the six", "both of the"], True),
        ([_citation("nothing here")], ["five of the six", "both of the"], False),
    ],
)
def test_citation_supported(
    citations: list[Any], evidence: str | list[str], supported: bool
) -> None:
    assert metrics.citation_supported(citations, evidence) is bool(supported)


@pytest.mark.parametrize(
    ("flags", "abstention", "refusal"),
    [
        ([True, True, False, True], 0.75, 0.75),
        ([], None, None),
        ([False], 0.0, 0.0),
        ([True], 1.0, 1.0),
    ],
)
def test_abstention_metrics(
    flags: list[bool], abstention: float | None, refusal: float | None
) -> None:
    assert metrics.abstention_accuracy(flags) == abstention
    assert metrics.false_refusal_rate(flags) == refusal


@pytest.mark.parametrize(
    ("source", "file"),
    [
        (WOKINGHAM, WOKINGHAM),
        (f"{PACK}#part-2", PACK),
        (f"sub/dir/{PACK}#part-10", PACK),
        ("C:\\corpus\\x.pdf", "x.pdf"),
    ],
)
def test_source_file(source: str, file: str) -> None:
    assert metrics.source_file(source) == file


@pytest.mark.parametrize(
    ("sources", "expected", "rank", "hit5", "rr"),
    [
        ([WOKINGHAM, PACK], WOKINGHAM, 1, True, 1.0),
        (["a.txt", "b.txt", f"{PACK}#part-2"], PACK, 3, True, 1 / 3),
        (["a.txt"] * 5 + [WOKINGHAM], WOKINGHAM, 6, False, 1 / 6),
        (["a.txt", "b.txt"], WOKINGHAM, None, False, 0.0),
        ([], WOKINGHAM, None, False, 0.0),
        (["a.txt", "b.pdf", "c.pdf"], ["c.pdf", "b.pdf"], 2, True, 0.5),
    ],
)
def test_ranking_metrics(
    sources: list[str], expected: str | list[str], rank: int | None, hit5: bool, rr: float
) -> None:
    assert metrics.first_rank(sources, expected) == rank
    assert metrics.hit_at_k(sources, expected, k=5) is hit5
    assert metrics.reciprocal_rank(sources, expected) == pytest.approx(rr)


@pytest.mark.parametrize(
    ("values", "pct", "expected"),
    [
        ([10.0], 50, 10.0),
        ([1.0, 2.0, 3.0, 4.0], 50, 2.5),
        ([4.0, 1.0, 3.0, 2.0], 0, 1.0),
        ([4.0, 1.0, 3.0, 2.0], 100, 4.0),
        ([float(v) for v in range(1, 101)], 95, 95.05),
        ([], 50, None),
    ],
)
def test_percentile(values: list[float], pct: float, expected: float | None) -> None:
    got = metrics.percentile(values, pct)
    assert got == (pytest.approx(expected) if expected is not None else None)


def test_percentile_rejects_out_of_range() -> None:
    with pytest.raises(ValueError, match="between 0 and 100"):
        metrics.percentile([1.0], 101)


def test_mean() -> None:
    assert metrics.mean([1.0, 2.0, 6.0]) == 3.0
    assert metrics.mean([]) is None


def _case(**extra: Any) -> EvalCase:
    values: dict[str, Any] = {
        "id": "c", "version": 1, "persona": "parent", "shape": "date", "question": "And when?",
        "answerable": True, "must_match": ["x"], "evidence": "e e e e e",
        "expected_source": WOKINGHAM,
    }
    return EvalCase(**(values | extra))


def test_retrieval_query_uses_previous_user_turn() -> None:
    plain = _case()
    follow = _case(history=[Turn(role="user", content="Did Wandsworth improve?"),
                            Turn(role="assistant", content="Yes [1].")])
    assert retrieval_query(plain) == "And when?"
    assert retrieval_query(follow) == "Did Wandsworth improve? And when?"


def _result(cid: str, shape: str, answerable: bool, passed: bool, **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"id": cid, "shape": shape, "persona": "parent", "answerable": answerable,
                           "follow_up": False, "passed": passed, "latency_ms": 100.0, "reasons": []}
    if answerable:
        row |= {"correct": passed, "abstained": False, "hit_at_5": True, "rr": 1.0,
                "citation_supported": passed}
    else:
        row |= {"abstained": passed}
    if not passed:
        row["reasons"] = ["failed"]
    return row | extra


RESULTS = [
    _result("a", "date", True, True),
    _result("b", "date", True, False, hit_at_5=False, rr=0.0, latency_ms=300.0),
    _result("c", "unanswerable", False, True),
    _result("d", "unanswerable", False, False, latency_ms=500.0),
    _result("e", "count", True, False, abstained=True, citation_supported=None, rr=0.5),
]


def test_summarise_and_breakdown() -> None:
    summary = summarise(RESULTS)
    assert summary["cases"] == 5
    assert summary["answer_accuracy"] == pytest.approx(1 / 3)
    # abstentions have no citations to judge
    assert summary["citation_support"] == pytest.approx(1 / 2)
    assert summary["abstention_accuracy"] == 0.5
    assert summary["false_refusal_rate"] == pytest.approx(1 / 3)
    assert summary["hit_at_5"] == pytest.approx(2 / 3)
    assert summary["mrr"] == pytest.approx(0.5)
    assert summary["latency_p50_ms"] == 100.0
    shapes = breakdown(RESULTS, "shape")
    assert list(shapes) == ["count", "date", "unanswerable"]
    assert shapes["date"] == {"cases": 2, "pass_rate": 0.5, "answer_accuracy": 0.5, "hit_at_5": 0.5}
    assert shapes["unanswerable"]["answer_accuracy"] is None


def test_report_table_compare_and_roundtrip(tmp_path: Path) -> None:
    baseline = build_report(RESULTS, {"cases_sha256": "aaa", "cases_file": "evals/cases/v1.jsonl"})
    fixed = [dict(r, passed=True, reasons=[]) if r["id"] == "b" else r for r in RESULTS]
    fixed[1]["correct"] = True
    report = build_report(fixed, {"cases_sha256": "aaa"})
    assert [f["id"] for f in baseline["failures"]] == ["b", "d", "e"]
    table = format_table(baseline)
    assert "answer_accuracy" in table and "33.3%" in table and "b: failed" in table
    diff = compare_reports(report, baseline)
    assert "now passing: b" in diff and "now failing: -" in diff and "+33.3" in diff
    assert "differ" not in diff
    path = write_report(report, tmp_path / "r" / "report.json")
    assert load_report(path)["summary"] == json.loads(json.dumps(report["summary"]))


def test_load_report_rejects_other_json(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("[1, 2]")
    with pytest.raises(ValueError, match="not an eval report"):
        load_report(path)
    with pytest.raises(ValueError, match="cannot read report"):
        load_report(tmp_path / "missing.json")


def test_settings_snapshot_drops_secrets(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, llm_api_key="sk-secret",
                        llm_base_url="http://user:pw@localhost:8080/v1")
    snap = settings_snapshot(settings)
    assert "llm_api_key" not in snap
    assert "sk-secret" not in json.dumps(snap) and "pw@" not in json.dumps(snap)
    assert snap["embedder"] == settings.embedder
    # committed reports hold no machine paths: folders are relative to the checkout
    assert snap["data_dir"] == "(outside the checkout)" and snap["corpus_dir"] == "corpus"
