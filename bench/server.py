"""A real `sendqa serve` (uvicorn) on a free loopback port: start-up, latency, memory.

The server runs as its own process, so its resident memory is read from /proc and the clients
(threads here, each with its own connection) do not share its interpreter.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.questions import QUESTIONS, summary_ms


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    pid: int
    startup_s: float


def rss_mb(pid: int) -> float:
    """Resident memory of a process (VmRSS) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


@contextmanager
def serve(data_dir: Path, corpus: Path, log: Path, timeout_s: float = 600) -> Iterator[Server]:
    """`sendqa serve --no-ingest` over the store in data_dir; killed on exit."""
    port = free_port()
    env = {**os.environ, "SENDQA_DATA_DIR": str(data_dir), "SENDQA_CORPUS_DIR": str(corpus),
           "SENDQA_REQUESTS_PER_MINUTE": "0", "SENDQA_LLM_PROVIDER": "none",
           "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    cmd = [sys.executable, "-m", "assistant.cli", "serve", "--no-ingest", "--port", str(port)]
    t0 = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited with {proc.returncode}; see {log}")
            if time.perf_counter() - t0 > timeout_s:
                raise TimeoutError(f"the server did not answer in {timeout_s} s; see {log}")
            try:
                if httpx.get(f"{url}/api/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        yield Server(url, proc.pid, round(time.perf_counter() - t0, 2))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _call(client: httpx.Client, kind: str, question: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    if kind == "ask":
        r = client.post("/api/ask", json={"question": question})
    else:
        r = client.get("/api/search", params={"q": question, "k": 10})
    return time.perf_counter() - t0, r.status_code


def serial(url: str, kind: str, rounds: int) -> dict[str, Any]:
    """Each question `rounds` times, one request at a time."""
    times, errors = [], 0
    with httpx.Client(base_url=url, timeout=120) as client:
        for _ in range(rounds):
            for q in QUESTIONS:
                seconds, status = _call(client, kind, q)
                times.append(seconds)
                errors += status != 200
    return {**summary_ms(times), "errors": errors}


def concurrent(url: str, kind: str, clients: int, per_client: int) -> dict[str, Any]:
    """`clients` threads, each with its own connection, sending `per_client` requests."""
    times: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()

    def worker(i: int) -> None:
        with httpx.Client(base_url=url, timeout=300) as client:
            for j in range(per_client):
                try:
                    seconds, status = _call(client, kind, QUESTIONS[(i + j) % len(QUESTIONS)])
                except httpx.HTTPError:
                    seconds, status = 0.0, -1
                with lock:
                    times.append(seconds)
                    if status != 200:
                        errors.append(status)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {**summary_ms(times), "errors": len(errors), "clients": clients,
            "requests_per_s": round(len(times) / wall, 2)}


def bench_server(data_dir: Path, corpus: Path, log: Path, rounds: int, clients: int,
                 per_client: int) -> dict[str, Any]:
    """Start-up, first answer, warm-up, then serial and concurrent latency and RSS."""
    with serve(data_dir, corpus, log) as server:
        out: dict[str, Any] = {"startup_s": server.startup_s,
                               "rss_after_start_mb": rss_mb(server.pid)}
        with httpx.Client(base_url=server.url, timeout=300) as client:
            first, _ = _call(client, "ask", QUESTIONS[0])
            out["first_ask_s"] = round(first, 2)
            for q in QUESTIONS:  # warm-up: every question once
                _call(client, "ask", q)
        out["rss_after_warmup_mb"] = rss_mb(server.pid)
        for kind in ("search", "ask"):
            out[f"{kind}_serial"] = serial(server.url, kind, rounds)
            out[f"{kind}_concurrent"] = concurrent(server.url, kind, clients, per_client)
        out["rss_after_load_mb"] = rss_mb(server.pid)
    return out
