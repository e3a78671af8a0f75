"""Cold and warm ingest of a folder, with the model's raw embedding speed on the same passages.

Where the time goes is measured by timing the stages the pipeline calls (parse, embed, store
writes) through wrappers installed for the run only; the rest of the run (hashing, registry reads,
commit) is reported as "other".
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ingest.pipeline as pipeline
from core.config import Settings
from core.embeddings import Embedder
from core.store import PassageStore


@dataclass
class Clock:
    """Seconds and calls per stage, added up across the run."""

    seconds: dict[str, float] = field(default_factory=dict)

    def wrap(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - t0
        return timed


class TimedEmbedder:
    """The embedder with its document embedding timed (the query path is left alone)."""

    def __init__(self, inner: Embedder, clock: Clock) -> None:
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.embed_documents = clock.wrap("embed", inner.embed_documents)
        self.embed_query = inner.embed_query


@contextmanager
def timed(clock: Clock, targets: list[tuple[object, str, str]]) -> Iterator[None]:
    """Wrap each (object or module, attribute, stage) with the clock for the duration of the
    block, then put the originals back."""
    saved = [(obj, name, getattr(obj, name)) for obj, name, _ in targets]
    for (obj, name, stage), (_, _, original) in zip(targets, saved, strict=True):
        setattr(obj, name, clock.wrap(stage, original))
    try:
        yield
    finally:
        for obj, name, original in saved:
            setattr(obj, name, original)


def _stages(store: PassageStore) -> list[tuple[object, str, str]]:
    """Parsing (with chunking) and the store writes the pipeline makes."""
    return [(pipeline, "parse_file", "parse"), (pipeline, "chunk_document", "parse"),
            (store, "write_passages", "store"), (store, "write_findings", "store"),
            (store, "commit_document", "store")]


def ingest_once(corpus: Path, store: PassageStore, embedder: Embedder,
                parse_ahead: bool = False) -> dict[str, Any]:
    """One `run_ingest` of the corpus with its stages timed (with parse_ahead, parsing runs in
    a thread beside embedding: its seconds overlap the others and "other" goes negative)."""
    clock = Clock()
    counted = TimedEmbedder(embedder, clock)
    with timed(clock, _stages(store)):
        t0 = time.perf_counter()
        report = pipeline.run_ingest([corpus], corpus, store, counted, progress=False,
                                     parse_ahead=parse_ahead)
        total = time.perf_counter() - t0
    stages = {k: round(v, 2) for k, v in clock.seconds.items()}
    stages["other"] = round(total - sum(clock.seconds.values()), 2)
    return {"seconds": round(total, 2), "documents": len(report.added) + len(report.updated),
            "unchanged": len(report.unchanged), "failed": len(report.failed),
            "passages_embedded": report.passages_added, "stages_s": stages,
            "passages_per_s": round(report.passages_added / total, 2) if total else None}


def raw_embedding(store: PassageStore, embedder: Embedder, batch: int, limit: int) -> dict[str,
                                                                                           Any]:
    """The model alone on the store's passages (the same embed texts, the same batch size)."""
    texts = [p.embed_text for p in store.all_passages()][:limit]
    t0 = time.perf_counter()
    for start in range(0, len(texts), batch):
        embedder.embed_documents(texts[start:start + batch])
    seconds = time.perf_counter() - t0
    return {"passages": len(texts), "seconds": round(seconds, 2),
            "passages_per_s": round(len(texts) / seconds, 2) if seconds else None}


def bench_ingest(corpus: Path, embedder: Embedder, real: Embedder, settings: Settings,
                 raw_limit: int, compare: bool = False) -> dict[str, Any]:
    """Cold ingest into the (empty) store of settings, a warm re-run, then the model alone;
    with compare, first a cold ingest with parse-ahead (parsing in a thread beside the model)
    into a throw-away store of its own."""
    ahead = None
    if compare:
        with tempfile.TemporaryDirectory(prefix="sendqa-bench-") as tmp:
            other = settings.model_copy(update={"data_dir": Path(tmp)})
            ahead = ingest_once(corpus, PassageStore(other, real.name, real.dim), embedder,
                                parse_ahead=True)
    store = PassageStore(settings, real.name, real.dim)
    cold = ingest_once(corpus, store, embedder)
    warm = ingest_once(corpus, store, embedder)
    raw = raw_embedding(store, real, settings.embed_batch_size, raw_limit)
    out: dict[str, Any] = {"cold": cold, "warm": warm, "raw_embedding": raw,
                           "counts": store.counts(), "stand_in_embedder": embedder is not real}
    if ahead is not None:
        out["cold_with_parse_ahead"] = ahead
    if raw["passages_per_s"] and cold["passages_per_s"] and embedder is real:
        out["ratio"] = round(cold["passages_per_s"] / raw["passages_per_s"], 2)
    elif raw["passages_per_s"]:
        # Built with the stand-in: the real model would add its own time for every passage.
        real_s = cold["seconds"] - cold["stages_s"].get("embed", 0.0) + \
            cold["passages_embedded"] / raw["passages_per_s"]
        out["projected_real_cold_s"] = round(real_s, 1)
    return out
