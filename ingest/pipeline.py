"""The ingestion job: discover -> parse -> chunk -> embed what is new -> store -> report.

Idempotent: a file whose bytes, pipeline version and embedder match the registry is skipped
without parsing or embedding. A changed file is re-parsed, but only passages whose embed text is
new get embedded. Each document is committed on its own (see core.store), so a crash leaves
every document either in its previous or its new version.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from core.embeddings import Embedder
from core.models import Document, Finding, IngestProgress, IngestReport, Passage
from core.store import PassageStore, RegistryEntry, embed_key, record_id
from ingest.chunk import chunk_document
from ingest.load import discover
from ingest.parse import parse_file
from ingest.sources import Source, by_content, discover_sources, is_recorded, may_replace

# Bump when parsing or chunking changes: every file is then re-parsed (vectors are still reused).
# 4: the registry records each document's absolute file and folder (ingest.sources); stores
# written before are re-committed on their next ingest, re-embedding nothing. 5: sentences are
# split by pysbd (core.text), which can cut long paragraphs at other places.
PIPELINE_VERSION = "5"
# Files parsed ahead of the one being embedded: enough to keep the model busy, few enough that
# a large folder is never held parsed in memory at once.
PARSE_AHEAD = 4
Parsed = tuple[Document, list[Passage], list[Finding]]
# Passages embedded and written at a time when progress is reported: an uploaded report of ~25
# passages then moves in four steps instead of jumping from 0 to 100%.
WATCHED_BATCH = 8
OnProgress = Callable[[IngestProgress], None]


@dataclass
class _Plan:
    """One parsed document waiting to be written."""

    doc: Document
    passages: list[Passage]
    findings: list[Finding]
    src: Source
    key: str
    status: str  # "added" | "updated" | "unchanged"
    stored: dict[str, str] = field(default_factory=dict)  # record id -> embed key, in store
    todo: list[Passage] = field(default_factory=list)  # records not yet in the store


def discover_files(paths: Sequence[Path]) -> list[Path]:
    """Supported files under the paths (see ingest.load.discover)."""
    return list(discover(list(paths)))


def ingest_key(path: Path, embedder_name: str) -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return f"{digest}:{PIPELINE_VERSION}:{embedder_name}"


def _reason(exc: BaseException) -> str:
    text = str(getattr(exc, "reason", "") or exc).strip()  # LoadError carries a bare reason
    return text if text else type(exc).__name__


def _plan_file(src: Source, key: str, registry: dict[str, RegistryEntry],
               report: IngestReport, parsed: Future[list[Parsed]] | None = None
               ) -> list[_Plan] | None:
    """Parse and chunk one file (or take what the parse-ahead thread made of it); None (and a
    report.failed entry) when it cannot be read or would replace a document that another
    existing file holds."""
    try:
        chunked = parsed.result() if parsed is not None else _parsed(src)
    except Exception as exc:  # any unreadable file is reported and skipped, never fatal
        report.failed[str(src.path)] = _reason(exc)
        return None
    plans = []
    for doc, passages, findings in chunked:
        old = registry.get(doc.doc_id)
        if old is not None and not may_replace(old, src):
            report.failed[str(src.path)] = (
                f"document id {doc.doc_id!r} is already in the store from {old.file}; rename "
                "one of the files, or `sendqa remove` the other first")
            return None
        same = old is not None and old.doc.content_hash == doc.content_hash and \
            set(old.passage_ids) == {record_id(p) for p in passages}
        status = "added" if old is None else "unchanged" if same else "updated"
        plans.append(_Plan(doc, passages, findings, src, key, status))
    return plans


def _relocate(src: Source, entries: list[RegistryEntry], store: PassageStore,
              report: IngestReport) -> None:
    """Point unchanged documents at the file they were just found in (a moved or copied
    folder): same bytes, same path inside the folder; nothing is parsed or embedded."""
    for e in entries:
        if e.file != str(src.path):
            store.relocate(e.doc.doc_id, str(src.path), str(src.root))
            report.moved.append(e.doc.doc_id)


def _parsed(src: Source) -> list[Parsed]:
    """Parse and chunk one file (no store access: safe in the parse-ahead thread)."""
    return [(doc, *chunk_document(doc)) for doc in parse_file(src.path, src.root)]


def _plan_all(sources: list[Source], store: PassageStore, embedder: Embedder,
              report: IngestReport, progress: bool, dropped: list[str],
              parse_ahead: bool = False,
              on_parse: Callable[[Path], object] = lambda _: None) -> Iterator[list[_Plan]]:
    """The plans of each changed file, in order, as soon as it is parsed; doc ids that
    changed files no longer produce are added to `dropped`. With parse_ahead, files are
    parsed in a thread while the caller embeds the ones before (see run_ingest)."""
    registry = store.registry()
    by_file: dict[str, list[RegistryEntry]] = defaultdict(list)
    for entry in registry.values():
        by_file[entry.file].append(entry)
    moved = by_content(registry)
    owner: dict[str, str] = {}  # doc id -> file, to catch two files claiming one id
    todo: list[tuple[Source, str, list[RegistryEntry], list[RegistryEntry]]] = []
    for src in sources:
        try:
            key = ingest_key(src.path, embedder.name)
        except OSError as exc:
            report.failed[str(src.path)] = _reason(exc)
            continue
        old = by_file.get(str(src.path), [])
        # Unchanged: the same file as last time, or the same bytes at the same path inside
        # another folder (a moved checkout).
        same = old if old and all(e.ingest_key == key for e in old) else \
            [] if old else moved.get((key, src.rel), [])
        todo.append((src, key, old, same))
    queue = iter([src for src, _, _, same in todo if not same] if parse_ahead else [])
    ahead: dict[int, Future[list[Parsed]]] = {}
    with ThreadPoolExecutor(max_workers=1) as pool:
        for src, key, old, same in tqdm(todo, desc="parsing", unit="file", disable=not progress):
            while len(ahead) < PARSE_AHEAD and (nxt := next(queue, None)) is not None:
                ahead[id(nxt)] = pool.submit(_parsed, nxt)
            fkey = str(src.path)
            ids = [e.doc.doc_id for e in same]
            if not same:
                on_parse(src.path)
            file_plans = None if same else _plan_file(src, key, registry, report,
                                                      ahead.pop(id(src), None))
            ids = ids or [p.doc.doc_id for p in file_plans or []]
            if clash := [i for i in ids if i in owner]:
                report.failed[fkey] = f"document id {clash[0]!r} also comes from {owner[clash[0]]}"
                continue
            owner.update(dict.fromkeys(ids, fkey))
            if same:
                _relocate(src, same, store, report)
                _count_unchanged(same, report)
            elif file_plans is not None:
                dropped.extend(e.doc.doc_id for e in old if e.doc.doc_id not in ids)
                yield file_plans


def _count_unchanged(entries: list[RegistryEntry], report: IngestReport) -> None:
    for e in entries:
        report.unchanged.append(e.doc.doc_id)
        report.passages_unchanged += len(e.passage_ids)
        if e.doc.missing_fields:
            report.missing_fields[e.doc.doc_id] = list(e.doc.missing_fields)


def _write(plan: _Plan, store: PassageStore, embedder: Embedder, batch_size: int,
           advance: Callable[[int], object], report: IngestReport) -> None:
    """Embed what is new, write records, then commit the document (see store docstring)."""
    wanted = {embed_key(p) for p in plan.todo}
    vectors = store.vectors([rid for rid, ek in plan.stored.items() if ek in wanted])
    for start in range(0, len(plan.todo), batch_size):
        batch = plan.todo[start:start + batch_size]
        texts = {embed_key(p): p.embed_text for p in batch if embed_key(p) not in vectors}
        if texts:
            vecs = embedder.embed_documents(list(texts.values()))
            vectors.update(zip(texts, vecs, strict=True))
        store.write_passages(batch, [vectors[embed_key(p)] for p in batch])
        advance(len(batch))
    store.write_findings(plan.findings)
    report.passages_removed += store.commit_document(
        plan.doc, plan.passages, plan.findings, str(plan.src.path), plan.key,
        str(plan.src.root))
    report.passages_added += len(plan.todo)
    report.passages_unchanged += len({record_id(p) for p in plan.passages}) - len(plan.todo)
    getattr(report, plan.status).append(plan.doc.doc_id)
    if plan.doc.missing_fields:
        report.missing_fields[plan.doc.doc_id] = list(plan.doc.missing_fields)


def _remove_missing(paths: Sequence[Path], store: PassageStore, report: IngestReport) -> None:
    """Unregister documents whose file was under an ingested folder and is gone. Documents
    from other folders are never touched (nor those of stores older than pipeline 4, whose
    folder is unknown: `sendqa remove` them)."""
    dirs = [p.resolve() for p in paths if p.is_dir()]
    for doc_id, entry in store.registry().items():
        src = Path(entry.file)
        if is_recorded(entry) and not src.exists() and any(src.is_relative_to(d) for d in dirs):
            report.passages_removed += store.delete_document(doc_id)
            report.removed.append(doc_id)


class _Tracker:
    """Tells on_progress where the run is: the file being parsed, then its passages written."""

    def __init__(self, on_progress: OnProgress | None) -> None:
        self.on_progress = on_progress
        self.state = IngestProgress(stage="parsing", file="")

    def _set(self, **changes: object) -> None:
        self.state = self.state.model_copy(update=changes)
        if self.on_progress is not None:
            self.on_progress(self.state)

    def parsing(self, path: Path) -> None:
        self._set(stage="parsing", file=path.name)

    def chunked(self, passages: int) -> None:
        self._set(stage="chunked", passages_total=self.state.passages_total + passages)

    def advance(self, bar: Callable[[int], object]) -> Callable[[int], None]:
        def step(n: int) -> None:
            bar(n)
            self._set(stage="embedding", passages_done=self.state.passages_done + n)
        return step


def run_ingest(paths: Sequence[Path], root: Path, store: PassageStore, embedder: Embedder,
               progress: bool = True, batch_size: int = 32,
               parse_ahead: bool = False, on_progress: OnProgress | None = None) -> IngestReport:
    """Bring the store in line with the files under `paths`; returns what changed. `root` is
    the corpus folder: files inside it are named relative to it, others relative to the
    folder given (see ingest.sources.root_for). Each file is written as soon as it is parsed.
    parse_ahead parses the next files in a thread meanwhile: off, because on 2 shared cores it
    made a cold ingest of the corpus slower (320 s against 249 s, `make bench`
    --compare-parse-ahead): the parser holds the GIL and takes a core from the model.
    on_progress, when given, is called as each changed file is parsed, chunked and embedded."""
    report = IngestReport()
    if store.stale:  # vectors from another embedder cannot be mixed: rebuild everything
        store.reset()
    for p in paths:
        if not p.exists():
            report.failed[str(p)] = "no such file or directory"
    sources = discover_sources([p for p in paths if p.exists()], root)
    dropped: list[str] = []
    written: set[str] = set()
    track = _Tracker(on_progress)
    if on_progress is not None:  # someone watches (an upload): small steps, a moving percent
        batch_size = min(batch_size, WATCHED_BATCH)
    with tqdm(desc="embedding", unit="passage", disable=not progress) as bar:
        for file_plans in _plan_all(sources, store, embedder, report, progress, dropped,
                                    parse_ahead, track.parsing):
            for plan in file_plans:
                plan.stored = store.stored_records(plan.doc.doc_id)
                unique = {record_id(p): p for p in plan.passages}
                plan.todo = [p for rid, p in unique.items() if rid not in plan.stored]
            track.chunked(sum(len(plan.todo) for plan in file_plans))
            for plan in file_plans:
                _write(plan, store, embedder, batch_size, track.advance(bar.update), report)
                written.add(plan.doc.doc_id)
    for doc_id in dropped:
        if doc_id in written:  # moved to another file in this run
            continue
        report.passages_removed += store.delete_document(doc_id)
        report.removed.append(doc_id)
    _remove_missing(paths, store, report)
    if report.added or report.updated or report.removed:
        store.mark_changed()  # services in other processes reload their catalogue
    return report
