"""Passages, the documents registry and the findings table in Chroma: writes, commits and reads.

All three live in Chroma (one backend whether local or a `chroma run` server). Passage and
finding records are content-addressed, so a record never changes once written; the registry
entry of a document lists the records that make it up and is written last, in one upsert. That
entry is the commit point: reads return only listed records, so a crash mid-ingest leaves the
previous version (or nothing) visible, never half a document. Opening the collections, retries
and the generation are core.store_client's job; the two are the only modules importing chromadb.
"""

from __future__ import annotations

import json
from typing import Any, cast

import chromadb.errors

from core.errors import StoreUnavailable
from core.models import Document, Filters, Finding, Passage
from core.records import (
    RegistryEntry,
    date_int,
    embed_key,
    finding_record_id,
    passage_from_record,
    passage_matches,
    passage_to_metadata,
    record_id,
    registry_entry,
    where_clause,
)
from core.store_client import RETRY_S, StaleStoreError, StoreConnection, guarded

_DUMMY = [1.0]  # registry and findings need no vector search; Chroma still wants a vector
# Re-exported: the record helpers live in core.records (they need no chromadb), the connection
# in core.store_client.
__all__ = ["RETRY_S", "PassageStore", "RegistryEntry", "StaleStoreError", "StoreUnavailable",
           "date_int", "embed_key", "finding_record_id", "passage_from_record",
           "passage_matches", "passage_to_metadata", "record_id", "registry_entry",
           "where_clause"]


# Rows per read: one read of a whole large collection fails in Chroma's SQLite ("too many SQL
# variables" at about 100,000 passages), so large reads are paged.
PAGE = 5000


def _get_all(col: Any, include: list[str], where: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every record of a collection (optionally filtered), read a page at a time."""
    out: dict[str, Any] = {"ids": [], **{key: [] for key in include}}
    offset = 0
    while True:
        got = col.get(where=where, include=include, limit=PAGE, offset=offset)
        out["ids"].extend(got["ids"])
        for key in include:
            out[key].extend(got[key] or [])
        if len(got["ids"]) < PAGE:
            return out
        offset += PAGE


class PassageStore(StoreConnection):
    """Passages (cosine, our vectors), documents registry and findings table in Chroma."""

    # -- writes (invisible until commit_document) ---------------------------------------
    @guarded
    def stored_records(self, doc_id: str) -> dict[str, str]:
        """record id -> embed key of every passage record of a document, committed or not."""
        got = self._passages.get(where={"doc_id": doc_id}, include=["metadatas"])
        return {i: str(m["embed_key"]) for i, m in zip(got["ids"], got["metadatas"] or [],
                                                        strict=True)}

    @guarded
    def vectors(self, ids: list[str]) -> dict[str, list[float]]:
        """embed key -> stored vector for the given passage records (to skip re-embedding)."""
        if not ids:
            return {}
        got = self._passages.get(ids=ids, include=["metadatas", "embeddings"])
        vecs = got["embeddings"] if got["embeddings"] is not None else []
        return {str(m["embed_key"]): [float(x) for x in v]
                for m, v in zip(got["metadatas"] or [], vecs, strict=True)}

    @guarded
    def write_passages(self, passages: list[Passage], embeddings: list[list[float]]) -> None:
        if len(passages) != len(embeddings):
            raise ValueError("one embedding per passage expected")
        rows = {record_id(p): (p, e) for p, e in zip(passages, embeddings, strict=True)}
        if not rows:
            return
        self._passages.upsert(
            ids=list(rows), embeddings=[e for _, e in rows.values()],
            documents=[p.text for p, _ in rows.values()],
            metadatas=cast(Any, [passage_to_metadata(p) for p, _ in rows.values()]))

    @guarded
    def write_findings(self, findings: list[Finding]) -> None:
        rows = {finding_record_id(f): f for f in findings}
        if not rows:
            return
        self._findings.upsert(
            ids=list(rows), embeddings=[_DUMMY] * len(rows),
            documents=[f.model_dump_json() for f in rows.values()],
            metadatas=cast(Any, [{"doc_id": f.doc_id, "area_lc": f.area.lower(),
                                  "theme": f.theme, "kind": f.kind} for f in rows.values()]))

    # -- commit and delete ----------------------------------------------------------------
    @guarded
    def commit_document(self, doc: Document, passages: list[Passage], findings: list[Finding],
                        file: str, ingest_key: str, root: str = "") -> int:
        """Make exactly these records the document (one registry upsert), then drop the rest.

        Returns the number of passage records deleted as no longer part of the document.
        """
        pids = sorted({record_id(p) for p in passages})
        fids = sorted({finding_record_id(f) for f in findings})
        head = doc.model_dump(mode="json", exclude={"text", "findings"})
        meta = {"doc": json.dumps(head), "file": file, "root": root, "ingest_key": ingest_key,
                "passage_ids": json.dumps(pids), "finding_ids": json.dumps(fids),
                "source": doc.source}
        self._docs.upsert(ids=[doc.doc_id], embeddings=[_DUMMY], documents=[doc.text],
                          metadatas=[meta])
        self._writes += 1
        return self._sweep(doc.doc_id, set(pids), set(fids))

    def _sweep(self, doc_id: str, keep_passages: set[str], keep_findings: set[str]) -> int:
        removed = 0
        for col, keep in ((self._passages, keep_passages), (self._findings, keep_findings)):
            ids = col.get(where={"doc_id": doc_id}, include=[])["ids"]
            stale = [i for i in ids if i not in keep]
            if stale:
                col.delete(ids=stale)
            removed += len(stale) if col is self._passages else 0
        return removed

    @guarded
    def relocate(self, doc_id: str, file: str, root: str) -> None:
        """Record a new source file for an unchanged document (a moved or copied folder):
        its records stay as they are, nothing is re-embedded."""
        got = self._docs.get(ids=[doc_id], include=["metadatas"])
        if got["ids"]:
            meta = {**(got["metadatas"] or [{}])[0], "file": file, "root": root}
            self._docs.update(ids=[doc_id], metadatas=[meta])

    @guarded
    def delete_document(self, doc_id: str) -> int:
        """Unregister first (the document vanishes at once), then delete its records."""
        self._docs.delete(ids=[doc_id])
        self._writes += 1
        return self._sweep(doc_id, set(), set())

    # -- reads ------------------------------------------------------------------------------
    @guarded
    def registry(self) -> dict[str, RegistryEntry]:
        got = _get_all(self._docs, ["metadatas"])
        return {i: registry_entry(m)
                for i, m in zip(got["ids"], got["metadatas"] or [], strict=True)}

    @guarded
    def list_documents(self) -> list[Document]:
        docs = [e.doc for e in self.registry().values()]
        return sorted(docs, key=lambda d: (d.area.lower(), d.date or "", d.doc_id))

    @guarded
    def get_document(self, doc_id: str) -> Document | None:
        got = self._docs.get(ids=[doc_id], include=["metadatas", "documents"])
        if not got["ids"]:
            return None
        entry = registry_entry((got["metadatas"] or [{}])[0])
        text = (got["documents"] or [""])[0] or ""
        found = self.findings(doc_id=doc_id)
        return entry.doc.model_copy(update={"text": text, "findings": found})

    def _visible(self) -> set[str]:
        """Ids of the committed passage records, for every dense search. Reading the registry
        costs ~0.3 s at 100x the corpus, so the set is kept until this object commits or
        deletes, the generation changes, or another process adds or removes documents or
        records (an ingest killed before its new generation still shows)."""
        key = (self.generation(), self._writes, self._docs.count(), self._passages.count())
        cached = self._visible_cache
        if cached is None or cached[0] != key:
            cached = self._visible_cache = (
                key, {i for e in self.registry().values() for i in e.passage_ids})
        return cached[1]

    @guarded
    def all_passages(self, filters: Filters | None = None) -> list[Passage]:
        """Every committed passage (optionally filtered), in document order."""
        visible = self._visible()
        got = _get_all(self._passages, ["metadatas", "documents"])
        out = [passage_from_record(t, m)
               for i, t, m in zip(got["ids"], got["documents"] or [], got["metadatas"] or [],
                                  strict=True)
               if i in visible]
        out = [p for p in out if passage_matches(p, filters)]
        return sorted(out, key=lambda p: (p.doc_id, p.position, p.chunk_id))

    @guarded
    def query(self, embedding: list[float], k: int,
              filters: Filters | None = None) -> list[tuple[Passage, float]]:
        """Top k committed passages by cosine similarity (1 - Chroma's cosine distance)."""
        if self.stale:
            raise StaleStoreError(
                f"the store was built with another embedder than {self.embedder_name!r}; "
                "run `sendqa ingest` to rebuild it")
        visible = self._visible()
        total = self._passages.count()
        if k <= 0 or not visible or total == 0:
            return []
        # Uncommitted records can only crowd out as many results as there are of them.
        n = min(total, k + max(0, total - len(visible)))
        ask = {"query_embeddings": [embedding], "n_results": n,
               "where": where_clause(filters), "include": ["metadatas", "documents", "distances"]}
        try:
            res = self._passages.query(**ask)
        except chromadb.errors.InternalError as exc:
            # Another process wrote without a new generation yet (an ingest killed mid-way):
            # this process's index is behind the folder. Open it afresh and search again.
            if self.settings.chroma_host or "finding id" not in str(exc):
                raise
            self._reopen()
            res = self._passages.query(**ask)
        rows = zip(res["ids"][0], (res["documents"] or [[]])[0], (res["metadatas"] or [[]])[0],
                   (res["distances"] or [[]])[0], strict=True)
        hits = [(passage_from_record(t, m), 1.0 - float(d)) for i, t, m, d in rows if i in visible]
        return hits[:k]

    @guarded
    def findings(self, area: str | None = None, theme: str | None = None,
                 kind: str | None = None, doc_id: str | None = None) -> list[Finding]:
        """Committed findings, filtered by area (case-insensitive), theme, kind or document."""
        conds = [{key: val} for key, val in (("area_lc", area.lower() if area else None),
                                              ("theme", theme), ("kind", kind),
                                              ("doc_id", doc_id)) if val]
        where = None if not conds else conds[0] if len(conds) == 1 else {"$and": conds}
        got = _get_all(self._findings, ["documents"], cast(Any, where))
        visible = {i for e in self.registry().values() for i in e.finding_ids}
        out = [Finding.model_validate_json(t or "{}")
               for i, t in zip(got["ids"], got["documents"] or [], strict=True) if i in visible]
        return sorted(out, key=lambda f: (f.area.lower(), f.date or "", f.doc_id, f.kind,
                                          f.number))

    @guarded
    def counts(self) -> dict[str, int]:
        entries = self.registry().values()
        return {"documents": len(entries),
                "chunks": sum(len(e.passage_ids) for e in entries),
                "findings": sum(len(e.finding_ids) for e in entries)}
