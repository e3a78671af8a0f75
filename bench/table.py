"""The benchmark report as one table: a row per figure, a column per scale, targets beside."""

from __future__ import annotations

from typing import Any

# (label, path into a scale's result, target or "")
ROWS: tuple[tuple[str, str, str], ...] = (
    ("run (UTC)", "run", ""),
    ("documents", "ingest.counts.documents", ""),
    ("passages", "ingest.counts.chunks", ""),
    ("stand-in embedder for the store", "ingest.stand_in_embedder", ""),
    ("cold ingest s", "ingest.cold.seconds", ""),
    ("  parse s", "ingest.cold.stages_s.parse", ""),
    ("  embed s", "ingest.cold.stages_s.embed", ""),
    ("  store writes s", "ingest.cold.stages_s.store", ""),
    ("  other s", "ingest.cold.stages_s.other", ""),
    ("cold ingest passages/s", "ingest.cold.passages_per_s", ""),
    ("model alone passages/s", "ingest.raw_embedding.passages_per_s", ""),
    ("ingest / model ratio", "ingest.ratio", ">= 0.8"),
    ("projected real-model cold ingest s", "ingest.projected_real_cold_s", ""),
    ("cold ingest s with parse-ahead", "ingest.cold_with_parse_ahead.seconds", ""),
    ("warm ingest s", "ingest.warm.seconds", ""),
    ("reader sentence vectors s", "ingest.reader_warm_s", ""),
    ("store on disk MB", "ingest.data_dir_mb", ""),
    ("server start-up s (to /api/health)", "server.startup_s", ""),
    ("first ask s (loads the model)", "server.first_ask_s", ""),
    ("server RSS after warm-up MB", "server.rss_after_warmup_mb", "<= 1024"),
    ("server RSS after load MB", "server.rss_after_load_mb", ""),
    ("search serial p50/p95/p99 ms", "server.search_serial", ""),
    ("search 50 clients p50/p95/p99 ms", "server.search_concurrent", ""),
    ("search 50 clients req/s", "server.search_concurrent.requests_per_s", ""),
    ("ask serial p50/p95/p99 ms", "server.ask_serial", "p95 <= 1000"),
    ("ask 50 clients p50/p95/p99 ms", "server.ask_concurrent", ""),
    ("ask 50 clients req/s", "server.ask_concurrent.requests_per_s", ""),
    ("errors (all server runs)", "", "0"),
    ("in-process ask p50/p95 ms", "in_process.ask", ""),
)
STAGES = ("understanding", "catalogue", "findings_table", "question_embedding", "dense_search",
          "bm25", "fusion", "answering")


def _get(data: Any, path: str) -> Any:
    for key in path.split("."):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, dict) and "p50" in value:
        keys = ("p50", "p95", "p99") if "p99" in value else ("p50", "p95")
        return "/".join(str(value.get(k)) for k in keys)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _errors(result: dict[str, Any]) -> int:
    server = result.get("server", {})
    return sum(int(v.get("errors", 0)) for v in server.values() if isinstance(v, dict))


def print_table(report: dict[str, Any]) -> None:
    scales = report["scales"]
    names = list(scales)
    rows = [("figure", *names, "target")]
    for label, path, target in ROWS:
        cells = [str(_errors(scales[n])) if not path else _fmt(_get(scales[n], path))
                 for n in names]
        rows.append((label, *cells, target))
    rows.append(("ask stages, mean / p95 ms", *[""] * len(names), ""))
    for stage in STAGES:
        cells = []
        for n in names:
            s = _get(scales[n], f"in_process.stages_ms.{stage}")
            cells.append(f"{s['mean']} / {s['p95']}" if s else "-")
        rows.append((f"  {stage}", *cells, ""))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    print(f"\nmodel load {report['model_load_s']} s; {report['note']}")
    for i, row in enumerate(rows):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
