"""Where an answer's time goes, in process: understanding, catalogue, question embedding, dense
search, BM25, fusion, findings, and the rest (answering: reading, quoting, verifying).

The stages are timed by wrappers installed on one Service for the run; the answer is the same
as without them.
"""

from __future__ import annotations

import time
from typing import Any

import assistant.retrieval as retrieval
import assistant.service as service_module
from assistant.service import Service
from bench.ingest_bench import Clock, timed
from bench.questions import QUESTIONS, summary_ms
from core.embeddings import Embedder


class _QueryClock:
    """The retriever's embedder with embed_query timed."""

    def __init__(self, inner: Embedder, clock: Clock) -> None:
        self.name, self.dim = inner.name, inner.dim
        self.embed_documents = inner.embed_documents
        self.embed_query = clock.wrap("question_embedding", inner.embed_query)


def bench_stages(service: Service, rounds: int) -> dict[str, Any]:
    """Each question `rounds` times (after one warm-up pass); per-stage p50/p95 in ms."""
    for q in QUESTIONS:  # warm-up: model, catalogue, BM25 index, sentence vectors
        service.ask(q)
    clock = Clock()
    retriever, store = service.retriever, service.store
    real_embedder = retriever.embedder
    targets: list[tuple[object, str, str]] = [
        (retrieval, "rrf_fuse", "fusion"), (service_module, "understand", "understanding"),
        (retriever, "bm25_search", "bm25"), (store, "query", "dense_search"),
        (store, "findings", "findings_table"), (service, "_catalogue", "catalogue")]
    per_stage: dict[str, list[float]] = {}
    totals: list[float] = []
    retriever.embedder = _QueryClock(real_embedder, clock)
    try:
        with timed(clock, targets):
            for _ in range(rounds):
                for q in QUESTIONS:
                    clock.seconds.clear()
                    t0 = time.perf_counter()
                    service.ask(q)
                    total = time.perf_counter() - t0
                    totals.append(total)
                    parts = dict(clock.seconds)
                    parts["answering"] = total - sum(parts.values())
                    for stage, seconds in parts.items():
                        per_stage.setdefault(stage, []).append(seconds)
    finally:
        retriever.embedder = real_embedder
    n = len(totals)
    stages = {s: {**summary_ms(v + [0.0] * (n - len(v))),
                  "mean": round(sum(v) / n * 1000, 1)} for s, v in per_stage.items()}
    return {"ask": summary_ms(totals), "stages_ms": stages}
