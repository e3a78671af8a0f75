"""Benchmark: ingest the whole corpus into a temp store, re-run it, then time 20 searches.

Usage: .venv/bin/python scripts/bench_ingest.py [CORPUS_DIR]
Timings on a shared 2-core VM swing 2-4x between runs; compare runs on the same machine only.
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from assistant.retrieval import HybridRetriever
from core.config import REPO_ROOT, Settings
from core.embeddings import load_embedder
from core.store import PassageStore
from ingest.pipeline import run_ingest

QUERIES = (
    "Did Wokingham make sufficient progress on transition to adulthood?",
    "How long do families wait for an EHC plan?",
    "Which areas had widespread and/or systemic failings?",
    "What did inspectors say about co-production with parents?",
    "Are annual reviews of EHC plans done on time in Wandsworth?",
    "Is there enough specialist school provision in Worcestershire?",
    "What are the areas for priority action in Bradford?",
    "How is the local area partnership tackling waiting times for autism assessment?",
    "What did the scrutiny committee in Windsor and Maidenhead discuss?",
    "Which areas were judged to have typically positive experiences and outcomes?",
    "How well do health services contribute to EHC plans?",
    "What happens to children on part-time timetables?",
    "What support is there for preparing for adulthood?",
    "How do leaders use data to track outcomes for children with SEND?",
    "Were speech and language therapy waiting lists too long?",
    "What did parents say about communication from the council?",
    "How are children missing education monitored?",
    "What is the role of the designated clinical officer?",
    "Which weaknesses did not make sufficient progress?",
    "How does the area identify needs early in the early years?",
)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _time_queries(retriever: HybridRetriever) -> tuple[float, list[float]]:
    """BM25 index build seconds, then the latency in ms of each query."""
    t0 = time.perf_counter()
    retriever.refresh()
    bm25_s = time.perf_counter() - t0
    latencies = []
    for q in QUERIES:
        t0 = time.perf_counter()
        retriever.search(q, k=retriever.settings.retrieve_k)
        latencies.append((time.perf_counter() - t0) * 1000)
    return bm25_s, latencies


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO_ROOT / "corpus"
    with tempfile.TemporaryDirectory(prefix="sendqa-bench-") as tmp:
        settings = Settings(data_dir=Path(tmp), corpus_dir=corpus, collection="bench")
        t0 = time.perf_counter()
        embedder = load_embedder(settings)
        load_s = time.perf_counter() - t0
        store = PassageStore(settings, embedder)

        t0 = time.perf_counter()
        report = run_ingest([corpus], corpus, store, embedder, progress=True)
        first_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = run_ingest([corpus], corpus, store, embedder, progress=False)
        second_s = time.perf_counter() - t0

        bm25_s, latencies = _time_queries(HybridRetriever(store, embedder, settings))
        counts = store.counts()

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"corpus            {corpus}")
    print(f"model load        {load_s:.1f} s")
    print(f"documents         {counts['documents']} (failed files: {len(report.failed)})")
    print(f"passages          {counts['chunks']}  findings {counts['findings']}")
    print(f"first run         {first_s:.1f} s  ({report.passages_added / first_s:.1f} passages/s)")
    print(f"second run        {second_s:.2f} s  (unchanged {len(again.unchanged)}, "
          f"added {len(again.added)}, passages embedded {again.passages_added})")
    print(f"bm25 index build  {bm25_s * 1000:.0f} ms")
    print(f"query latency     p50 {statistics.median(latencies):.0f} ms  "
          f"p95 {_pct(latencies, 0.95):.0f} ms  (over {len(latencies)} queries)")
    print(f"peak RSS          {peak_mb:.0f} MB")
    for source, reason in report.failed.items():
        print(f"failed            {source}: {reason}")


if __name__ == "__main__":
    main()
