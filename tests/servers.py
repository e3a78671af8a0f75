"""Real servers in subprocesses for the tests, each stopped after: `chroma run` (shipped in the
chromadb package) with its data in a tmp folder, and `sendqa serve`, on free local ports."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

CHROMA = Path(sys.executable).parent / "chroma"
SENDQA = Path(sys.executable).parent / "sendqa"


@dataclass(frozen=True)
class ChromaServer:
    host: str
    port: int
    process: subprocess.Popen[bytes]

    @property
    def env(self) -> dict[str, str]:
        """The settings that point sendqa at this server."""
        return {"SENDQA_CHROMA_HOST": self.host, "SENDQA_CHROMA_PORT": str(self.port)}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """Poll the URL until it answers 200; fail early if the process died."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code == 200:
                return
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")
        time.sleep(0.2)


def stop(process: subprocess.Popen[bytes], timeout: float = 20) -> None:
    """Ask a child process to end; kill it if it has not within the timeout."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


@contextlib.contextmanager
def chroma_server(data: Path, port: int = 0) -> Iterator[ChromaServer]:
    """`chroma run --path DATA --port PORT` (a free one by default), up (heartbeat answered)
    for the block."""
    data.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    with (data.parent / f"{data.name}.log").open("wb") as log:
        process = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_up(f"http://127.0.0.1:{port}/api/v2/heartbeat", process)
            yield ChromaServer("127.0.0.1", port, process)
        finally:
            stop(process)


@dataclass(frozen=True)
class Served:
    url: str
    log: Path  # what the server printed (stdout and stderr)


@contextlib.contextmanager
def sendqa_serve(env: dict[str, str], log: Path, *args: str) -> Iterator[Served]:
    """`sendqa serve --port FREE ARGS` in its own process group, up (/api/health answered,
    whatever its status) for the block; the group (workers too) is stopped after."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        proc = subprocess.Popen([str(SENDQA), "serve", "--port", str(port), *args], env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + 300
            while not _answers(f"{url}/api/health"):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"sendqa serve did not start:\n{log.read_text()}")
                time.sleep(0.3)
            yield Served(url, log)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)


def _answers(url: str) -> bool:
    try:
        httpx.get(url, timeout=5)
    except httpx.HTTPError:
        return False
    return True
