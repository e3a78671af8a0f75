"""Shared fixtures: real Chroma in temp folders, the real embedding model, the real corpus."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import REPO_ROOT, Settings, force_offline

force_offline()

CORPUS = REPO_ROOT / "corpus"
SEED_FILES = (
    "wokingham_revisit-letter_2021-06-23.txt",
    "wandsworth_revisit-letter_2022-08-23.txt",
    "wokingham_scrutiny-committee-report_2020-01-21.txt",
    "windsor-and-maidenhead_scrutiny-pack_2020-01-29.txt",
    "worcestershire_revisit-letter_2021-12-14.txt",
)


def make_settings(data_dir: Path, corpus_dir: Path = CORPUS, **overrides: object) -> Settings:
    """Settings for a test: its own store, never an LLM from the environment."""
    values: dict[str, object] = {
        "data_dir": data_dir,
        "corpus_dir": corpus_dir,
        "llm_provider": "none",
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture()
def seed_corpus(tmp_path: Path) -> Path:
    """A writable copy of the five founding documents."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in SEED_FILES:
        shutil.copy(CORPUS / name, folder / name)
    return folder


@pytest.fixture(scope="session")
def full_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The service over the whole real corpus, ingested once per test session."""
    from assistant.service import Service

    settings = make_settings(tmp_path_factory.mktemp("full-store"))
    service = Service.from_settings(settings)
    report = service.ingest(progress=False)
    assert report.ok, report.failed
    yield service
