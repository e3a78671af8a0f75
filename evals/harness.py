"""Run the known-answer cases against the service and write a JSON report.

For each case: `service.ask(question, history)` is scored for the answer (regexes), its citations
(does a cited passage hold the evidence?) and abstention; `service.search(query, k=5)` is scored
for retrieval (hit@5, reciprocal rank of the expected file).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from core.models import Answer, SearchHit, Turn
from evals import metrics
from evals.dataset import DEFAULT_CASES, EvalCase, file_sha256, load_cases
from evals.report import DEFAULT_REPORT, format_table, run_metadata, write_report

SEARCH_K = 5
SHORT_ANSWER_WORDS = 150  # the length a plain answer should fit in (issue 8's yardstick)


class EvalService(Protocol):
    """The part of assistant.service.Service the harness needs."""

    def ask(self, question: str, history: list[Turn] | None = None) -> Answer: ...

    def search(self, query: str, k: int = 10) -> list[SearchHit]: ...


def retrieval_query(case: EvalCase) -> str:
    """Search has no history, so a follow-up is searched with the user's previous question."""
    previous = [t.content for t in case.history if t.role == "user"]
    return f"{previous[-1]} {case.question}" if previous else case.question


def _ask(service: EvalService, case: EvalCase) -> tuple[Answer | None, float, str | None]:
    start = time.perf_counter()
    try:
        answer = service.ask(case.question, list(case.history))
    except Exception as exc:  # a crash is a failing case, not a failed run
        return None, (time.perf_counter() - start) * 1000, f"{type(exc).__name__}: {exc}"
    return answer, (time.perf_counter() - start) * 1000, None


def _search_sources(service: EvalService, case: EvalCase) -> tuple[list[str], str | None]:
    try:
        hits = service.search(retrieval_query(case), k=SEARCH_K)
    except Exception as exc:
        return [], f"{type(exc).__name__}: {exc}"
    return [h.passage.source for h in hits], None


def _short(pattern: str, width: int = 48) -> str:
    """Long regexes (the verdict look-behinds) would swamp the printed failure list."""
    return pattern if len(pattern) <= width else f"...{pattern[-(width - 3):]}"


def _score_answer(case: EvalCase, answer: Answer, reasons: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "abstained": answer.abstained, "cited_docs": [c.doc_id for c in answer.citations],
    }
    if not case.answerable:
        out["passed"] = answer.abstained
        if not answer.abstained:
            reasons.append("answered an unanswerable question")
        return out
    missing = metrics.missing_patterns(answer.answer, case.must_match)
    out["correct"] = not answer.abstained and not missing and bool(answer.answer.strip())
    out["words"] = len(answer.answer.split())
    out["correct_short"] = out["correct"] and out["words"] <= SHORT_ANSWER_WORDS
    out["passed"] = out["correct"]
    out["missing"] = missing
    if answer.abstained:
        reasons.append("false refusal")
    elif missing:
        more = f" (+{len(missing) - 1} more)" if len(missing) > 1 else ""
        reasons.append(f"answer lacks /{_short(missing[0])}/{more}")
    if not answer.abstained:
        out["citation_supported"] = metrics.citation_supported(answer.citations, case.evidences)
        if not out["citation_supported"]:
            reasons.append("no cited passage holds the evidence")
    return out


def run_case(service: EvalService, case: EvalCase) -> dict[str, Any]:
    """Ask and search once for one case; never raises."""
    reasons: list[str] = []
    result: dict[str, Any] = {
        "id": case.id, "shape": case.shape, "persona": case.persona,
        "answerable": case.answerable, "follow_up": bool(case.history),
    }
    answer, latency_ms, error = _ask(service, case)
    result["latency_ms"] = round(latency_ms, 1)
    if answer is None:
        reasons.append(f"ask error: {error}")
        result.update(passed=False, correct=False if case.answerable else None)
    else:
        result.update(_score_answer(case, answer, reasons))
        result["answer"] = answer.answer
    if case.answerable:
        sources, search_error = _search_sources(service, case)
        result["search_sources"] = [metrics.source_file(s) for s in sources]
        result["hit_at_5"] = metrics.hit_at_k(sources, case.sources, SEARCH_K)
        result["rr"] = metrics.reciprocal_rank(sources, case.sources)
        if search_error:
            reasons.append(f"search error: {search_error}")
        elif not result["hit_at_5"]:
            reasons.append("expected document not in top 5 search results")
    result["reasons"] = reasons
    return result


def _rate(results: Iterable[dict[str, Any]], key: str) -> float | None:
    values = [bool(r[key]) for r in results if r.get(key) is not None]
    return sum(values) / len(values) if values else None


def summarise(results: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Headline metrics over a set of case results."""
    answerable = [r for r in results if r["answerable"]]
    unanswerable = [r for r in results if not r["answerable"]]
    latencies = [float(r["latency_ms"]) for r in results]
    return {
        "cases": len(results),
        "pass_rate": _rate(results, "passed"),
        "answer_accuracy": _rate(answerable, "correct"),
        "answer_accuracy_150_words": _rate(answerable, "correct_short"),
        "citation_support": _rate(answerable, "citation_supported"),
        "abstention_accuracy": metrics.abstention_accuracy(
            [bool(r.get("abstained")) for r in unanswerable]),
        "false_refusal_rate": metrics.false_refusal_rate(
            [bool(r.get("abstained")) for r in answerable]),
        "hit_at_5": _rate(answerable, "hit_at_5"),
        "mrr": metrics.mean([float(r["rr"]) for r in answerable if "rr" in r]),
        "latency_p50_ms": metrics.percentile(latencies, 50),
        "latency_p95_ms": metrics.percentile(latencies, 95),
    }


def breakdown(results: Sequence[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    """Per-group pass rate, accuracy and hit@5 (e.g. per shape or persona)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in results:
        groups.setdefault(str(r[key]), []).append(r)
    return {
        name: {"cases": len(rows), "pass_rate": _rate(rows, "passed"),
               "answer_accuracy": _rate([r for r in rows if r["answerable"]], "correct"),
               "hit_at_5": _rate(rows, "hit_at_5")}
        for name, rows in sorted(groups.items())
    }


def build_report(results: Sequence[dict[str, Any]], meta: dict[str, Any]) -> dict[str, Any]:
    return {
        "meta": meta,
        "summary": summarise(results),
        "by_shape": breakdown(results, "shape"),
        "by_persona": breakdown(results, "persona"),
        "by_follow_up": breakdown(results, "follow_up"),
        "failures": [{"id": r["id"], "reasons": r["reasons"]} for r in results if r["reasons"]],
        "cases": list(results),
    }


def _progress(cases: list[EvalCase], enabled: bool) -> Iterable[EvalCase]:
    if not enabled:
        return cases
    from tqdm import tqdm

    return tqdm(cases, desc="eval", unit="case", file=sys.stderr)


def run_eval(
    service: EvalService,
    cases_path: Path | None = None,
    out_path: Path | None = None,
    limit: int | None = None,
    progress: bool = True,
) -> dict[str, Any]:
    """Run every case (or the first `limit`), write the JSON report, print a table, return it."""
    path = cases_path or DEFAULT_CASES
    cases = load_cases(path)
    if limit is not None:
        if limit < 1:
            raise ValueError("limit must be a positive number of cases")
        cases = cases[:limit]
    results = [run_case(service, case) for case in _progress(cases, progress)]
    meta = run_metadata(service, path, file_sha256(path), limit)
    report = build_report(results, meta)
    write_report(report, out_path or DEFAULT_REPORT)
    print(format_table(report))
    return report
