"""Where each document came from: the file and the folder it was ingested from.

A document's id and passages depend only on the file (its name, its path inside the folder it
was ingested from, its bytes), never on which other folders were ingested with it. The registry
keeps the absolute file and folder, so syncing one folder touches only what came from it, and a
moved or copied folder is recognised by content (nothing is parsed or embedded again).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from core.store import PassageStore, RegistryEntry
from ingest.load import discover


@dataclass(frozen=True)
class Source:
    """One file to ingest and the folder whose relative paths name it."""

    path: Path  # resolved
    root: Path  # resolved

    @property
    def rel(self) -> str:
        return self.path.relative_to(self.root).as_posix()


@dataclass(frozen=True)
class SourceFile:
    """A file the store knows, as `sendqa sources` lists it."""

    file: str
    doc_ids: tuple[str, ...]
    exists: bool


@dataclass(frozen=True)
class SourceFolder:
    root: str  # "" for documents from a store older than pipeline 4 (folder not recorded)
    files: tuple[SourceFile, ...]


def root_for(given: Path, corpus: Path) -> Path:
    """The folder relative paths start from: the corpus folder for anything inside it (so a
    file names itself the same whether its folder or the file itself is ingested), else the
    folder given, or the folder of a file given."""
    path, base = given.resolve(), corpus.resolve()
    if path.is_relative_to(base):
        return base
    return path if path.is_dir() else path.parent


def discover_sources(paths: Sequence[Path], corpus: Path) -> list[Source]:
    """Supported files under the paths, each with its root; a file reached twice counts once."""
    found: dict[Path, Source] = {}
    for given in paths:
        root = root_for(given, corpus)
        for path in discover([given]):
            found.setdefault(path.resolve(), Source(path.resolve(), root))
    return [found[p] for p in sorted(found)]


def source_file(doc_source: str) -> str:
    """'sub/a.txt#part-2' -> 'sub/a.txt' (the part of a file that holds several documents)."""
    return re.sub(r"#part-\d+$", "", doc_source)


def is_recorded(entry: RegistryEntry) -> bool:
    """False for entries of stores older than pipeline 4, whose file is a relative path."""
    return bool(entry.root) and Path(entry.file).is_absolute()


def may_replace(entry: RegistryEntry, src: Source) -> bool:
    """May `src` write over `entry` (same doc id)? Only when it is the entry's own file or the
    entry's file is gone (moved, or a store older than pipeline 4): two files that still exist
    never silently replace each other, whatever folders they were ingested with."""
    return entry.file == str(src.path) or not (is_recorded(entry) and Path(entry.file).exists())


def by_content(registry: dict[str, RegistryEntry]) -> dict[tuple[str, str], list[RegistryEntry]]:
    """(ingest key, path inside its folder) -> the documents of that file: finds a moved file."""
    index: dict[tuple[str, str], list[RegistryEntry]] = defaultdict(list)
    for entry in registry.values():
        index[(entry.ingest_key, source_file(entry.doc.source))].append(entry)
    return index


def list_sources(store: PassageStore) -> list[SourceFolder]:
    """Folders and files the store knows, with their documents and whether the file exists."""
    files: dict[tuple[str, str], list[str]] = defaultdict(list)
    for doc_id, entry in store.registry().items():
        root = entry.root if is_recorded(entry) else ""
        files[(root, entry.file)].append(doc_id)
    folders: dict[str, list[SourceFile]] = defaultdict(list)
    for (root, file), ids in sorted(files.items()):
        exists = bool(root) and Path(file).is_file()
        folders[root].append(SourceFile(file, tuple(sorted(ids)), exists))
    return [SourceFolder(root, tuple(found)) for root, found in sorted(folders.items())]


def matching(store: PassageStore, target: str) -> list[str]:
    """Doc ids a `sendqa remove TARGET` means: a doc id, or every document whose source file
    is that path or lies under that folder (the path need not exist any more)."""
    registry = store.registry()
    if target in registry:
        return [target]
    path = Path(target).expanduser().resolve()
    return sorted(doc_id for doc_id, e in registry.items()
                  if e.file == target or (is_recorded(e) and Path(e.file).is_relative_to(path)))


def remove(store: PassageStore, targets: Sequence[str]) -> tuple[list[str], int]:
    """Remove the documents the targets name; returns their ids and the passages removed."""
    ids = sorted({doc_id for t in targets for doc_id in matching(store, t)})
    passages = sum(store.delete_document(doc_id) for doc_id in ids)
    if ids:
        store.mark_changed()
    return ids, passages
