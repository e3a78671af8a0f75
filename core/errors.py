"""Errors every layer may meet, defined where importing them costs nothing (no chromadb)."""

from __future__ import annotations


class StoreUnavailable(RuntimeError):
    """The store cannot be opened or reached (a damaged folder, a Chroma server that is down).
    The message says what to do; the API answers 503 with it, the CLI prints it on one line."""
