"""Opening the Chroma collections: the client, retries when the store is unavailable, staleness
and the generation other processes compare to see that the collection changed.

core.store builds the passage store's writes and reads on this connection; the two are the only
modules that import chromadb.
"""

from __future__ import annotations

import contextlib
import functools
import re
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

import chromadb
import httpx
from chromadb.config import Settings as ChromaSettings

from core.config import Settings, force_offline
from core.embeddings import Embedder
from core.errors import StoreUnavailable

SCHEMA_VERSION = 1
RETRY_S = 5.0  # an unavailable store is tried again at most this often (not on every request)
_P = ParamSpec("_P")
_R = TypeVar("_R")
_S = TypeVar("_S", bound="StoreConnection")


class StaleStoreError(RuntimeError):
    """The store was built with another embedder (or schema) and must be re-ingested."""


def _client(settings: Settings) -> Any:
    force_offline()
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port,
                                   settings=chroma_settings)
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


def _forget_local_system(settings: Settings) -> None:
    """chromadb keeps one system per folder per process, and its in-memory vector index never
    sees what another process wrote: new passages are missed and a filtered search fails with
    "Error finding id". Forgetting it (chromadb 1.5's cache; no public call does this) makes
    the next client load the folder afresh; clients still holding the old one keep working."""
    from chromadb.api.shared_system_client import SharedSystemClient

    key = str(settings.chroma_dir)
    SharedSystemClient._identifier_to_system.pop(key, None)
    SharedSystemClient._identifier_to_refcount.pop(key, None)


def unavailable_message(settings: Settings, exc: BaseException) -> str:
    """What is wrong with the store and what to do about it, in one line."""
    reason = " ".join(str(exc).split()) or type(exc).__name__
    if settings.chroma_host:
        where = f"{settings.chroma_host}:{settings.chroma_port}"
        return (f"cannot reach the Chroma server at {where} ({reason}); start it (`chroma run "
                f"--path DIR --port {settings.chroma_port}`) or fix SENDQA_CHROMA_HOST/_PORT")
    return (f"cannot open the store in {settings.chroma_dir} ({reason}); it may be damaged: "
            "move that folder aside and run `sendqa ingest` to rebuild it")


def guarded(
    method: Callable[Concatenate[_S, _P], _R],
) -> Callable[Concatenate[_S, _P], _R]:
    """Open the store first (retrying a failed open at most every RETRY_S); a server lost
    mid-call makes the store unavailable (one clear error) rather than a trace per request."""

    def call(self: _S, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        self._ensure_open()
        try:
            return method(self, *args, **kwargs)
        except httpx.TransportError as exc:
            self._client = None
            self._error, self._tried = unavailable_message(self.settings, exc), time.monotonic()
            raise StoreUnavailable(self._error) from exc

    functools.update_wrapper(call, method)
    return call



class StoreConnection:
    """The three collections (passages, documents registry, findings) of one Chroma store."""


    def __init__(self, settings: Settings, embedder: Embedder | str, embedder_dim: int = 0) -> None:
        """`embedder` (or just its name) decides staleness: vectors of two models never mix.
        A store that cannot be opened does not raise here: `unavailable()` says why, and every
        read or write raises StoreUnavailable until it can be opened."""
        self.settings = settings
        if isinstance(embedder, str):
            self.embedder_name, self.embedder_dim = embedder, embedder_dim
        else:
            self.embedder_name, self.embedder_dim = embedder.name, embedder.dim
        base = settings.collection
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,400}", base):
            raise ValueError(f"collection name {base!r}: use letters, digits, '.', '_' or '-'")
        self._client: Any = None
        self._error, self._tried, self._seen = "", 0.0, ""
        self._reopen_lock = threading.Lock()
        with contextlib.suppress(StoreUnavailable):  # said by whoever uses it: CLI, health
            self._connect()

    # -- connection --------------------------------------------------------------------
    def _connect(self) -> None:
        self._tried = time.monotonic()
        try:
            self._client = _client(self.settings)
            self._open()
        except Exception as exc:  # any failure to open is the same fault for the user
            self._client = None
            self._error = unavailable_message(self.settings, exc)
            raise StoreUnavailable(self._error) from exc

    def _ensure_open(self) -> None:
        if self._client is not None:
            return
        if time.monotonic() - self._tried < RETRY_S:
            raise StoreUnavailable(self._error)
        self._connect()

    def unavailable(self) -> str | None:
        """None when the store can be used, else what is wrong (tries to open it again)."""
        try:
            self._ensure_open()
        except StoreUnavailable as exc:
            return str(exc)
        return None

    @property
    @guarded
    def stale(self) -> bool:
        """Built with another embedder (or schema): must be re-ingested."""
        return self._stale

    # -- collections -------------------------------------------------------------------
    def _open(self) -> None:
        base = self.settings.collection
        meta = {"hnsw:space": "cosine", "embedder": self.embedder_name,
                "dim": self.embedder_dim, "schema": SCHEMA_VERSION}
        self._passages = self._client.get_or_create_collection(
            f"{base}_passages", embedding_function=None, metadata=meta)
        self._docs = self._client.get_or_create_collection(
            f"{base}_documents", embedding_function=None)
        self._findings = self._client.get_or_create_collection(
            f"{base}_findings", embedding_function=None)
        self._seen = str((self._docs.metadata or {}).get("generation", ""))
        self._visible_cache: tuple[tuple[str, int, int, int], set[str]] | None = None
        self._writes = 0  # commits and deletes made through this object (see _visible)
        found = self._passages.metadata or {}
        self._stale = (found.get("embedder") != self.embedder_name
                      or found.get("schema") != SCHEMA_VERSION
                      or bool(self.embedder_dim and found.get("dim") != self.embedder_dim))

    @guarded
    def reset(self) -> None:
        """Drop everything (a stale store is rebuilt by re-ingesting)."""
        names = {c if isinstance(c, str) else c.name for c in self._client.list_collections()}
        for suffix in ("passages", "documents", "findings"):
            if (name := f"{self.settings.collection}_{suffix}") in names:
                self._client.delete_collection(name)
        self._open()

    # -- generation: other processes see that the collection changed ---------------------
    @guarded
    def mark_changed(self) -> None:
        """A new generation after an ingest: services (in any process, on any host sharing a
        Chroma server) compare it per request and reload what they cached."""
        self._seen = uuid.uuid4().hex
        self._docs.modify(metadata={"generation": self._seen})

    @guarded
    def generation(self) -> str:
        """The current generation (one small read of the documents collection). A local store
        that another process changed is opened again, so its vectors are searched too."""
        name = f"{self.settings.collection}_documents"
        meta = self._client.get_collection(name, embedding_function=None).metadata or {}
        found = str(meta.get("generation", ""))
        if found != self._seen and not self.settings.chroma_host:
            self._reopen()
        self._seen = found
        return found

    def _reopen(self) -> None:
        with self._reopen_lock:
            _forget_local_system(self.settings)
            self._connect()
