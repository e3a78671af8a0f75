"""How passages and findings are written to and read from the store's records: ids, metadata
and filters. Pure functions (no chromadb): core.store uses them and re-exports them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from core.models import Document, Filters, Finding, Passage

_PASSAGE_META = ("doc_id", "title", "area", "doc_type", "date", "source", "position",
                 "heading", "context", "finding_id", "theme", "verdict")
Meta = dict[str, str | int | float | bool]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_id(p: Passage) -> str:
    """Chroma id of a passage: its chunk id plus a hash of every field (any change = new id)."""
    return f"{p.chunk_id}.{_sha(p.model_dump_json())[:12]}"


def finding_record_id(f: Finding) -> str:
    return f"{f.doc_id}.{_sha(f.model_dump_json())[:24]}"


def embed_key(p: Passage) -> str:
    """Identifies the vector of a passage: equal embed text = reusable embedding."""
    return _sha(p.embed_text)[:32]


def date_int(iso: str | None) -> int | None:
    """'2021-06-23' -> 20210623, for Chroma $gte/$lte filters; None when absent or malformed."""
    digits = (iso or "").replace("-", "")
    return int(digits) if len(digits) == 8 and digits.isdigit() else None


def passage_to_metadata(p: Passage) -> Meta:
    """Chroma metadata cannot hold None: absent optional fields are simply left out."""
    meta: Meta = {k: v for k in _PASSAGE_META if (v := getattr(p, k)) is not None}
    meta["area_lc"] = p.area.lower()
    meta["chunk_id"] = p.chunk_id
    meta["embed_key"] = embed_key(p)
    if (day := date_int(p.date)) is not None:
        meta["date_int"] = day
    return meta


def passage_from_record(text: str | None, meta: dict[str, Any]) -> Passage:
    # A key left out on write was None, or a defaulted field (then the default applies).
    fields = {k: meta.get(k) for k in _PASSAGE_META
              if k in meta or Passage.model_fields[k].is_required()}
    return Passage.model_validate({**fields, "chunk_id": meta["chunk_id"], "text": text or ""})


def where_clause(filters: Filters | None) -> dict[str, Any] | None:
    """Chroma `where` for the filters; None when nothing is filtered."""
    if filters is None:
        return None
    parts: list[dict[str, Any]] = []
    if filters.area:
        parts.append({"area_lc": {"$in": [a.lower() for a in filters.area]}})
    if filters.doc_type:
        parts.append({"doc_type": {"$in": list(filters.doc_type)}})
    if filters.date_from:
        parts.append({"date_int": {"$gte": int(filters.date_from.strftime("%Y%m%d"))}})
    if filters.date_to:
        parts.append({"date_int": {"$lte": int(filters.date_to.strftime("%Y%m%d"))}})
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": parts}


def passage_matches(p: Passage, filters: Filters | None) -> bool:
    """The same filters as `where_clause`, in Python (for BM25 candidates)."""
    if filters is None:
        return True
    if filters.area and p.area.lower() not in {a.lower() for a in filters.area}:
        return False
    if filters.doc_type and p.doc_type not in filters.doc_type:
        return False
    if filters.date_from or filters.date_to:
        day = date_int(p.date)
        lo = int(filters.date_from.strftime("%Y%m%d")) if filters.date_from else 0
        hi = int(filters.date_to.strftime("%Y%m%d")) if filters.date_to else 99991231
        return day is not None and lo <= day <= hi
    return True


@dataclass(frozen=True)
class RegistryEntry:
    """A committed document: its metadata and the records that make it up."""

    doc: Document  # text is "" (use PassageStore.get_document for the full text)
    file: str  # the absolute source file (a root-relative path in stores before pipeline 4)
    root: str  # the absolute folder it was ingested from ("" in stores before pipeline 4)
    ingest_key: str  # file hash + pipeline version + embedder: equal key = nothing to do
    passage_ids: tuple[str, ...]
    finding_ids: tuple[str, ...]


def registry_entry(meta: dict[str, Any] | Any) -> RegistryEntry:
    """A registry record's metadata back into the entry (missing keys: an older store)."""
    doc = Document.model_validate({**json.loads(str(meta["doc"])), "text": ""})
    return RegistryEntry(doc=doc, file=str(meta.get("file", "")), root=str(meta.get("root", "")),
                         ingest_key=str(meta.get("ingest_key", "")),
                         passage_ids=tuple(json.loads(str(meta["passage_ids"]))),
                         finding_ids=tuple(json.loads(str(meta["finding_ids"]))))
