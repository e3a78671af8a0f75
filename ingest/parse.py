"""File -> Documents: load -> clean -> split into documents -> metadata -> findings."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from core.models import Document, Finding
from ingest.clean import clean_text
from ingest.findings import extract_findings
from ingest.load import LoadError, load_file
from ingest.metadata import Metadata, extract_metadata
from ingest.split import split_documents


def parse_file(path: Path, root: Path) -> list[Document]:
    """Load, clean, split and describe one file. Raises ingest.load.LoadError when unreadable."""
    raw = load_file(path)
    file_sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    rel = _relative(path, root)
    text = clean_text(raw)
    if not text.strip():
        raise LoadError(path, "no text left once conversion artefacts are removed")
    parts = split_documents(text)
    slug = doc_slug(path)
    docs = []
    for i, text in enumerate(parts, start=1):
        many = len(parts) > 1
        doc_id = f"{slug}-{i}" if many else slug
        source = f"{rel}#part-{i}" if many else rel
        meta = extract_metadata(text, source)
        findings = _findings(text, doc_id, meta)
        docs.append(
            Document(
                doc_id=doc_id, title=meta.title, area=meta.area, doc_type=meta.doc_type,
                date=meta.date, source=source, text=text,
                content_hash=content_hash(text, meta, findings), file_sha256=file_sha256,
                fields=meta.fields, missing_fields=meta.missing_fields, findings=findings,
            )
        )  # fmt: skip
    return docs


def doc_slug(path: Path) -> str:
    """'wokingham_revisit-letter_2021-06-23.txt' -> 'wokingham-revisit-letter-2021-06-23'."""
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return slug or "document"


def content_hash(text: str, meta: Metadata, findings: list[Finding]) -> str:
    """Changes when the text, any metadata or any finding changes (a rule change is an update)."""
    payload = {
        "text": text,
        "meta": [meta.title, meta.area, meta.doc_type, meta.date, meta.fields, meta.missing_fields],
        "findings": [f.model_dump(mode="json") for f in findings],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name  # a file given from outside the corpus folder


def _findings(text: str, doc_id: str, meta: Metadata) -> list[Finding]:
    return extract_findings(
        text, doc_id=doc_id, doc_type=meta.doc_type, area=meta.area, date=meta.date
    )
