"""`make bench` / `python -m bench`: every figure at each scale, a table, and a JSON file.

  python -m bench                      # scales 1,10,100 (100x takes long: see README)
  python -m bench --scales 1           # the real corpus only
  python -m bench --rebuild            # build the synthetic stores again (else reused)

1x is the real corpus, ingested cold into a fresh store with the real model. 10x and 100x are
synthetic corpora (bench/synth.py, under .cache/bench/) built with the stand-in embedder
(bench/standin.py) and kept between runs; questions are always embedded by the real model.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import time
from pathlib import Path
from typing import Any

from assistant.answering.reading import SentenceVectors
from assistant.service import Service
from bench.ingest_bench import bench_ingest
from bench.server import bench_server
from bench.stages import bench_stages
from bench.standin import StandInEmbedder
from bench.synth import generate
from bench.table import print_table
from core.config import REPO_ROOT, Settings, force_offline
from core.embeddings import Embedder, load_embedder
from core.store import PassageStore

WORK = REPO_ROOT / ".cache" / "bench"


def _settings(data_dir: Path, corpus: Path) -> Settings:
    return Settings(data_dir=data_dir, corpus_dir=corpus, llm_provider="none",
                    requests_per_minute=0)


def _build(scale: int, corpus: Path, data_dir: Path, real: Embedder, args: argparse.Namespace
           ) -> dict[str, Any]:
    """Ingest (cold, warm, raw model speed) and the reader's sentence vectors; a synthetic
    store already built (or any, with --reuse) is reused with the figures of its build."""
    done = data_dir / "build.json"
    if done.exists() and (args.reuse or (scale > 1 and not args.rebuild)):
        return {**json.loads(done.read_text()), "reused": True}
    settings = _settings(data_dir, corpus)
    embedder: Embedder = real if scale == 1 else StandInEmbedder()
    if args.keep_store and (data_dir / "chroma").is_dir():
        out: dict[str, Any] = {
            "counts": PassageStore(settings, real.name, real.dim).counts(),
            "stand_in_embedder": embedder is not real,
            "note": "store kept from an earlier build whose figures were not recorded"}
    else:
        shutil.rmtree(data_dir, ignore_errors=True)
        out = bench_ingest(corpus, embedder, real, settings, args.raw_limit,
                           compare=scale == 1 and args.compare_parse_ahead)
    service = Service.from_settings(settings)
    service.sentence_vectors = SentenceVectors(embedder, data_dir / "sentence_vectors.npz")
    t0 = time.perf_counter()
    out["reader_sentences"] = service.warm_reader()
    out["reader_warm_s"] = round(time.perf_counter() - t0, 1)
    out["data_dir_mb"] = round(sum(f.stat().st_size for f in data_dir.rglob("*")
                                   if f.is_file()) / 2**20, 1)
    done.write_text(json.dumps(out, indent=2))
    return out


def run_scale(scale: int, args: argparse.Namespace, real: Embedder) -> dict[str, Any]:
    corpus = REPO_ROOT / "corpus"
    result: dict[str, Any] = {"scale": scale}
    if scale > 1:
        t0 = time.perf_counter()
        corpus = WORK / f"synthetic-{scale}x"
        result["synthetic_files"] = generate(REPO_ROOT / "corpus", corpus, scale)
        result["generate_s"] = round(time.perf_counter() - t0, 1)
    data_dir = WORK / f"store-{scale}x"
    print(f"[{scale}x] ingest ...", flush=True)
    result["ingest"] = _build(scale, corpus, data_dir, real, args)
    print(f"[{scale}x] stages ...", flush=True)
    service = Service.from_settings(_settings(data_dir, corpus))
    t0 = time.perf_counter()
    service.ask("What did the revisit find in Wokingham?")  # catalogue, BM25 index, model
    result["first_ask_in_process_s"] = round(time.perf_counter() - t0, 2)
    result["in_process"] = bench_stages(service, args.rounds)
    del service
    print(f"[{scale}x] server ...", flush=True)
    result["server"] = bench_server(data_dir, corpus, WORK / f"server-{scale}x.log", args.rounds,
                                    args.clients, args.per_client)
    return result


def _merge(paths: list[Path], out: Path) -> None:
    """One report of several runs (each scale keeps the time and load of its own run)."""
    runs = [json.loads(p.read_text()) for p in paths]
    report = {**runs[0], "scales": {}, "runs": []}
    for run in runs:
        for name, result in run["scales"].items():
            report["scales"][name] = {**result, "run": run["when"]}
        report["runs"].append({"when": run["when"], "machine": run["machine"],
                               "model_load_s": run["model_load_s"],
                               "scales": list(run["scales"])})
    out.write_text(json.dumps(report, indent=2))
    print_table(report)
    print(f"\nJSON: {out}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,10,100", help="comma-separated, e.g. 1,10")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "bench" / "results" /
                        "latest.json", help="where the JSON goes")
    parser.add_argument("--rounds", type=int, default=2, help="serial passes over the questions")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--per-client", type=int, default=4, help="requests per client")
    parser.add_argument("--raw-limit", type=int, default=2000,
                        help="passages the model alone embeds to measure its speed")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the synthetic stores")
    parser.add_argument("--table", type=Path, nargs="+", metavar="JSON",
                        help="print one table from earlier runs' JSON (and write it to --out)")
    parser.add_argument("--compare-parse-ahead", action="store_true",
                        help="at 1x, also a cold ingest that parses before embedding")
    parser.add_argument("--keep-store", action="store_true",
                        help="measure a store already built even without its build figures")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse every store already built, 1x too (its build figures)")
    args = parser.parse_args()
    if args.table:
        return _merge(args.table, args.out)
    force_offline()
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    t0 = time.perf_counter()
    real = load_embedder(Settings())
    model_load_s = round(time.perf_counter() - t0, 1)
    report: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_avg_at_start": os.getloadavg()},
        "note": "shared 2-core machine: other engineers' jobs ran at the same time",
        "model_load_s": model_load_s, "scales": {}}
    for scale in scales:
        report["scales"][f"{scale}x"] = run_scale(scale, args, real)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2))  # after each scale: a partial run counts
    report["machine"]["load_avg_at_end"] = os.getloadavg()
    args.out.write_text(json.dumps(report, indent=2))
    print_table(report)
    print(f"\nJSON: {args.out}")


if __name__ == "__main__":
    main()
